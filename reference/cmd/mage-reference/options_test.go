package main

import (
	"io"

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
		Entry("stray argument", []string{"serve"}, nil),
	)
})
