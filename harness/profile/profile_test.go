package profile_test

import (
	"os"
	"path/filepath"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/harness/profile"
)

var _ = Describe("Load", func() {
	write := func(text string) string {
		path := filepath.Join(GinkgoT().TempDir(), "target.yaml")
		Expect(os.WriteFile(path, []byte(text), 0o600)).To(Succeed())
		return path
	}

	It("declares everything when no path is given", func() {
		p, err := profile.Load("")
		Expect(err).NotTo(HaveOccurred())
		Expect(p.Resources).To(Equal(profile.KnownResources()))
		Expect(p.Features).To(Equal(profile.DefaultFeatures()))
		Expect(p.UserAuthentication).To(BeTrue())
		Expect(p.LeavesOut()).To(BeEmpty())
	})

	It("reads a partial profile and keeps vocabulary order", func() {
		p, err := profile.Load(write("name: mini\nresources: [users, statuses]\nuser_authentication: off\nfeatures: []\n"))
		Expect(err).NotTo(HaveOccurred())
		Expect(p.Name).To(Equal("mini"))
		// sample names, not the catalogue: the two the profile above declares, in catalogue order
		Expect(p.Resources).To(Equal([]string{"statuses", "users"}))
		Expect(p.UserAuthentication).To(BeFalse())
		Expect(p.Features).To(BeEmpty())
		Expect(p.LeavesOut()).To(ContainElements("resource pipelines", "user_authentication: off", "feature cors"))
	})

	It("treats a left-out list as everything and names the profile after its file", func() {
		path := write("resources: [users]\n")
		p, err := profile.Load(path)
		Expect(err).NotTo(HaveOccurred())
		Expect(p.Name).To(Equal(path))
		Expect(p.Features).To(Equal(profile.DefaultFeatures()))
	})

	It("accepts an empty file as everything", func() {
		p, err := profile.Load(write(""))
		Expect(err).NotTo(HaveOccurred())
		Expect(p.Resources).To(Equal(profile.KnownResources()))
	})

	It("loads every example profile", func() {
		examples, err := filepath.Glob(filepath.Join("examples", "*.yaml"))
		Expect(err).NotTo(HaveOccurred())
		Expect(examples).NotTo(BeEmpty())
		for _, path := range examples {
			p, err := profile.Load(path)
			Expect(err).NotTo(HaveOccurred(), path)
			Expect(p.Name).NotTo(Equal(path), "%s should name itself", path)
		}
		everything, err := profile.Load(filepath.Join("examples", "everything.yaml"))
		Expect(err).NotTo(HaveOccurred())
		Expect(everything.LeavesOut()).To(BeEmpty())
	})

	It("names the file when it cannot be read", func() {
		_, err := profile.Load(filepath.Join(GinkgoT().TempDir(), "missing.yaml"))
		Expect(err).To(MatchError(ContainSubstring("missing.yaml")))
	})

	DescribeTable("rejects what it does not know",
		func(text, mentions string) {
			path := write(text)
			_, err := profile.Load(path)
			Expect(err).To(HaveOccurred())
			Expect(err.Error()).To(ContainSubstring(path))
			Expect(strings.ToLower(err.Error())).To(ContainSubstring(mentions))
		},
		Entry("unknown key", "resorces: [users]\n", `unknown key "resorces" (known keys`),
		Entry("unknown resource", "resources: [usrs]\n", "usrs"),
		Entry("unknown feature", "features: [cors, teapot]\n", "teapot"),
		Entry("duplicate", "resources: [users, users]\n", "twice"),
		Entry("pseudo-feature listed", "features: [user-auth]\n", "user_authentication"),
		Entry("bad switch", "user_authentication: maybe\n", "maybe"),
		Entry("switch as list", "user_authentication: [on]\n", "on or off"),
		Entry("wrong shape", "resources: users\n", "cannot unmarshal"),
		Entry("two documents", "name: a\n---\nname: b\n", "more than one"),
		Entry("malformed YAML", "resources: [users\n", "yaml"),
	)

	DescribeTable("reads every spelling of the switch",
		func(word string, want bool) {
			p, err := profile.Parse([]byte("user_authentication: " + word + "\n"))
			Expect(err).NotTo(HaveOccurred())
			Expect(p.UserAuthentication).To(Equal(want))
		},
		Entry(nil, "on", true), Entry(nil, "On", true), Entry(nil, "true", true), Entry(nil, "yes", true),
		Entry(nil, "off", false), Entry(nil, "false", false), Entry(nil, "no", false),
	)
})

var _ = Describe("ForConfig", func() {
	write := func(text string) string {
		path := filepath.Join(GinkgoT().TempDir(), "target.yaml")
		Expect(os.WriteFile(path, []byte(text), 0o600)).To(Succeed())
		return path
	}

	DescribeTable("takes the run's authentication setting where the profile is silent",
		func(text string, userAuth bool) {
			path := ""
			if text != "" {
				path = write(text)
			}
			p, err := profile.ForConfig(path, userAuth)
			Expect(err).NotTo(HaveOccurred())
			Expect(p.UserAuthentication).To(Equal(userAuth))
		},
		Entry("no profile, on", "", true),
		Entry("no profile, off", "", false),
		Entry("silent profile, off", "resources: [users]\n", false),
		Entry("agreeing profile, off", "user_authentication: off\n", false),
		Entry("agreeing profile, on", "user_authentication: on\n", true),
	)

	It("refuses a profile that contradicts the run", func() {
		_, err := profile.ForConfig(write("name: open\nuser_authentication: off\n"), true)
		Expect(err).To(MatchError(ContainSubstring("profile open declares user_authentication: off, but the run is configured with it on")))
	})

	It("reports load errors as Load does", func() {
		_, err := profile.ForConfig(write("bogus: 1\n"), true)
		Expect(err).To(MatchError(ContainSubstring(`unknown key "bogus"`)))
	})
})

var _ = Describe("Applies", func() {
	var mini *profile.Profile
	BeforeEach(func() {
		var err error
		mini, err = profile.Parse([]byte("name: mini\nresources: [users]\nuser_authentication: off\nfeatures: [cors]\n"))
		Expect(err).NotTo(HaveOccurred())
	})

	DescribeTable("decides by resource, features and the authentication switch",
		func(resource string, features []string, want bool, mentions string) {
			ok, why := mini.Applies(resource, features...)
			Expect(ok).To(Equal(want))
			if want {
				Expect(why).To(BeEmpty())
				return
			}
			Expect(why).To(HavePrefix(profile.NotApplicable))
			Expect(why).To(ContainSubstring(mentions))
		},
		Entry("declared resource", "users", nil, true, ""),
		Entry("no resource", "", nil, true, ""),
		Entry("undeclared resource", "pipelines", nil, false, "resource pipelines"),
		Entry("declared feature", "users", []string{profile.FeatureCORS}, true, ""),
		Entry("undeclared feature", "", []string{profile.FeatureCORS, profile.FeatureOptions}, false, "feature options"),
		Entry("needs authentication", "users", []string{profile.UserAuth}, false, "user_authentication: off"),
		Entry("needs no authentication", "users", []string{profile.NoUserAuth}, true, ""),
	)

	It("applies everything on the default profile except the no-authentication and opt-in specs", func() {
		p := profile.Everything()
		for _, r := range profile.KnownResources() {
			ok, _ := p.Applies(r, append(profile.DefaultFeatures(), profile.UserAuth)...)
			Expect(ok).To(BeTrue(), r)
		}
		ok, why := p.Applies("", profile.FeatureExecutesRuns)
		Expect(ok).To(BeFalse(), "an opt-in feature is declared only by saying so")
		Expect(why).To(HavePrefix(profile.NotApplicable + profile.OnlyIfDeclared))
		Expect(p.LeavesOut()).To(BeEmpty(), "leaving out an opt-in feature leaves nothing out")
		withMin, err := profile.Parse([]byte("min_version: 0.9.79\n"))
		Expect(err).NotTo(HaveOccurred())
		Expect(withMin.MinVersion).To(Equal("0.9.79"))
		declared, err := profile.Parse([]byte("features: [executes-runs]\n"))
		Expect(err).NotTo(HaveOccurred())
		Expect(declared.Applies("", profile.FeatureExecutesRuns)).To(BeTrue())
		ok, why = p.Applies("users", profile.NoUserAuth)
		Expect(ok).To(BeFalse())
		Expect(why).To(HavePrefix(profile.NotApplicable + profile.OnlyWithoutAuth))
		Expect(why).To(ContainSubstring("user_authentication: on"))
	})

	It("applies everything on a nil profile", func() {
		var p *profile.Profile
		Expect(p.Applies("users", profile.FeatureCORS)).To(BeTrue())
	})

	It("panics on names outside the vocabulary, which are suite bugs", func() {
		Expect(func() { mini.Applies("usrs") }).To(PanicWith(ContainSubstring("usrs")))
		Expect(func() { mini.Applies("users", "teapot") }).To(PanicWith(ContainSubstring("teapot")))
	})
})
