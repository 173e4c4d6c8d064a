package main

import (
	"io"
	"net"
	"net/http/httptest"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference"
)

var _ = Describe("options", Label("headers"), func() {
	env := func(vars map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	}

	It("defaults to Mage's settings on 127.0.0.1:6789", func() {
		opts, err := parseOptions(nil, env(nil), io.Discard)
		Expect(err).NotTo(HaveOccurred())
		Expect(opts.addr).To(Equal("127.0.0.1:6789"))
		Expect(opts.config.APIKey).To(Equal(reference.DefaultAPIKey))
		Expect(opts.config.RequireUserAuthentication).To(BeTrue())
		Expect(opts.config.BcryptCost).To(Equal(4))
		Expect(opts.config.Compat).To(Equal(reference.CompatIntended))
	})

	It("bounds every connection by default, as the README documents", func() {
		opts, err := parseOptions(nil, env(nil), io.Discard)
		Expect(err).NotTo(HaveOccurred())
		Expect(opts.server).To(Equal(serverOptions{readHeaderTimeout: 10 * time.Second, readTimeout: 30 * time.Second,
			writeTimeout: 30 * time.Second, idleTimeout: 60 * time.Second, shutdownGrace: 5 * time.Second,
			maxHeaderBytes: 65536, maxConnections: 256}))
		Expect(opts.config.MaxBodyBytes).To(BeEquivalentTo(reference.DefaultMaxBodyBytes))
		Expect(opts.config.MaxJSONDepth).To(Equal(reference.DefaultMaxJSONDepth))
		Expect(opts.config.MaxValueBytes).To(Equal(reference.DefaultMaxValueBytes))
	})

	It("reads the limits and timeouts from flags and the environment, the flag winning", func() {
		opts, err := parseOptions([]string{"--read-timeout=2s", "--max-connections", "9", "--max-json-depth=8"}, env(map[string]string{
			"MAGE_REFERENCE_READ_TIMEOUT": "1s", "MAGE_REFERENCE_WRITE_TIMEOUT": "3s", "MAGE_REFERENCE_IDLE_TIMEOUT": "4s",
			"MAGE_REFERENCE_READ_HEADER_TIMEOUT": "5s", "MAGE_REFERENCE_SHUTDOWN_GRACE": "6s", "MAGE_REFERENCE_MAX_HEADER_BYTES": "7",
			"MAGE_REFERENCE_MAX_CONNECTIONS": "8", "MAGE_REFERENCE_MAX_BODY_BYTES": "10", "MAGE_REFERENCE_MAX_VALUE_BYTES": "11",
		}), io.Discard)
		Expect(err).NotTo(HaveOccurred())
		Expect(opts.server).To(Equal(serverOptions{readHeaderTimeout: 5 * time.Second, readTimeout: 2 * time.Second,
			writeTimeout: 3 * time.Second, idleTimeout: 4 * time.Second, shutdownGrace: 6 * time.Second,
			maxHeaderBytes: 7, maxConnections: 9}))
		Expect(opts.config.MaxBodyBytes).To(BeEquivalentTo(10))
		Expect(opts.config.MaxJSONDepth).To(Equal(8))
		Expect(opts.config.MaxValueBytes).To(Equal(11))
	})

	It("reads --compat and MAGE_REFERENCE_COMPAT, the flag winning", func() {
		opts, err := parseOptions(nil, env(map[string]string{"MAGE_REFERENCE_COMPAT": "mage-0.9.79"}), io.Discard)
		Expect(err).NotTo(HaveOccurred())
		Expect(opts.config.Compat).To(Equal(reference.CompatMage0979))
		opts, err = parseOptions([]string{"--compat", "intended"},
			env(map[string]string{"MAGE_REFERENCE_COMPAT": "mage-0.9.79"}), io.Discard)
		Expect(err).NotTo(HaveOccurred())
		Expect(opts.config.Compat).To(Equal(reference.CompatIntended))
	})

	It("refuses an unknown compat mode in one line naming the modes", func() {
		_, err := parseOptions([]string{"--compat=mage-0.9.80"}, env(nil), io.Discard)
		Expect(err).To(MatchError(And(ContainSubstring("mage-0.9.80"), ContainSubstring("intended"),
			ContainSubstring("mage-0.9.79"), Not(ContainSubstring("\n")))))
	})

	It("serves chosen compat entries with --deviations or MAGE_REFERENCE_DEVIATIONS, on top of intended only", func() {
		opts, err := parseOptions([]string{"--deviations", " scheduler-running,options-no-content-type ,"}, env(nil), io.Discard)
		Expect(err).NotTo(HaveOccurred())
		Expect(opts.deviations).To(Equal([]string{"scheduler-running", "options-no-content-type"}))
		opts, err = parseOptions(nil, env(map[string]string{"MAGE_REFERENCE_DEVIATIONS": "ids-reused"}), io.Discard)
		Expect(err).NotTo(HaveOccurred())
		Expect(opts.deviations).To(Equal([]string{"ids-reused"}))
		rec := httptest.NewRecorder()
		opts.handler().ServeHTTP(rec, httptest.NewRequest("OPTIONS", "/api/users", nil))
		Expect(rec.Header().Get("Content-Type")).To(Equal("application/json"), "only the entry named")
		_, err = parseOptions([]string{"--deviations", "ids-reused,no-such-entry"}, env(nil), io.Discard)
		Expect(err).To(MatchError(And(ContainSubstring(`"no-such-entry"`), Not(ContainSubstring("\n")))))
		_, err = parseOptions([]string{"--deviations", "ids-reused", "--compat", "mage-0.9.79"}, env(nil), io.Discard)
		Expect(err).To(MatchError(ContainSubstring("not with --compat mage-0.9.79")))
	})

	It("reads the environment, and flags win over it", func() {
		opts, err := parseOptions([]string{"--api-key", "flagkey", "--bcrypt-cost=10"}, env(map[string]string{
			"MAGE_API_KEY": "envkey", "REQUIRE_USER_AUTHENTICATION": "0", "MAGE_OWNER_EMAIL": "o@x.io",
			"JWT_SECRET": "s", "MAGE_REFERENCE_ADDR": "0.0.0.0:1", "MAGE_OWNER_PASSWORD": "pw",
			"MAGE_OWNER_USERNAME": "boss", "MAGE_BCRYPT_COST": "6",
		}), io.Discard)
		Expect(err).NotTo(HaveOccurred())
		Expect(opts.config.APIKey).To(Equal("flagkey"))
		Expect(opts.config.BcryptCost).To(Equal(10))
		Expect(opts.config.RequireUserAuthentication).To(BeFalse())
		Expect(opts.config.OwnerEmail).To(Equal("o@x.io"))
		Expect(opts.config.OwnerPassword).To(Equal("pw"))
		Expect(opts.config.OwnerUsername).To(Equal("boss"))
		Expect(opts.config.JWTSecret).To(Equal("s"))
		Expect(opts.addr).To(Equal("0.0.0.0:1"))
	})

	DescribeTable("accepts Mage's boolean spellings for REQUIRE_USER_AUTHENTICATION",
		func(value string, want bool) {
			opts, err := parseOptions(nil, env(map[string]string{"REQUIRE_USER_AUTHENTICATION": value}), io.Discard)
			Expect(err).NotTo(HaveOccurred())
			Expect(opts.config.RequireUserAuthentication).To(Equal(want))
		},
		Entry(nil, "1", true), Entry(nil, "True", true), Entry(nil, "yes", true),
		Entry(nil, "0", false), Entry(nil, "false", false), Entry(nil, "off", false),
	)

	DescribeTable("refuses bad values",
		func(args []string, vars map[string]string) {
			_, err := parseOptions(args, env(vars), io.Discard)
			Expect(err).To(HaveOccurred())
		},
		Entry("bad env bool", nil, map[string]string{"REQUIRE_USER_AUTHENTICATION": "maybe"}),
		Entry("bad env int", nil, map[string]string{"MAGE_BCRYPT_COST": "high"}),
		Entry("bad compat mode", []string{"--compat", "mage"}, nil),
		Entry("bad env compat mode", nil, map[string]string{"MAGE_REFERENCE_COMPAT": "Mage-0.9.79"}),
		Entry("unknown flag", []string{"--nope"}, nil),
		Entry("no read timeout", []string{"--read-timeout=0"}, nil),
		Entry("a negative write timeout", []string{"--write-timeout=-1s"}, nil),
		Entry("no idle timeout", nil, map[string]string{"MAGE_REFERENCE_IDLE_TIMEOUT": "0s"}),
		Entry("no shutdown grace", []string{"--shutdown-grace=0"}, nil),
		Entry("no header limit", []string{"--max-header-bytes=0"}, nil),
		Entry("no connections", []string{"--max-connections=0"}, nil),
		Entry("no body", []string{"--max-body-bytes=0"}, nil),
		Entry("a duration without a unit", []string{"--read-timeout=30"}, nil),
		Entry("stray argument", []string{"serve"}, nil),
	)
})

var _ = Describe("the connection limit", func() {
	It("holds one slot per open connection and gives it back once, on the first Close", func() {
		inner, err := net.Listen("tcp", "127.0.0.1:0")
		Expect(err).NotTo(HaveOccurred())
		l := limitListener(inner, 2).(*limitedListener)
		DeferCleanup(l.Close)
		var clients []net.Conn
		for range 2 {
			c, err := net.Dial("tcp", l.Addr().String())
			Expect(err).NotTo(HaveOccurred())
			clients = append(clients, c)
		}
		a, err := l.Accept()
		Expect(err).NotTo(HaveOccurred())
		b, err := l.Accept()
		Expect(err).NotTo(HaveOccurred())
		Expect(l.slots).To(HaveLen(2), "both slots taken: a third Accept waits")
		Expect(a.Close()).To(Succeed())
		Expect(a.Close()).NotTo(Succeed())
		Expect(l.slots).To(HaveLen(1), "a closed connection gives its slot back, once")
		Expect(b.Close()).To(Succeed())
		Expect(l.slots).To(BeEmpty())
		for _, c := range clients {
			c.Close()
		}
	})
})
