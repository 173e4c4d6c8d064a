package suites

import (
	"encoding/json"
	"fmt"
	"os"

	. "github.com/onsi/ginkgo/v2"

	"github.com/mageconform/mageconform/factory"
	"github.com/mageconform/mageconform/harness"
	"github.com/mageconform/mageconform/harness/profile"
)

// runInfo is what process 1 hands every other process: one target and one seed for the run.
type runInfo struct {
	URL   string `json:"url"`
	Seed  int64  `json:"seed"`
	RunID string `json:"run_id"` // names the run's records; unique even when the seed repeats
}

// opened is the target process 1 opened; only process 1 closes it, after every process is done.
var opened *harness.Target

var _ = SynchronizedBeforeSuite(func(ctx SpecContext) []byte {
	cfg, err := harness.LoadConfig()
	if err != nil {
		AbortSuite("configuration: " + err.Error())
	}
	target, err := openTarget(ctx, cfg)
	if err != nil {
		AbortSuite("cannot open the target: " + err.Error())
	}
	opened = target
	fmt.Fprintf(os.Stdout, "mageconform: seed %d, target %s (%s)\n", cfg.Seed, target.URL, target.Description)
	if err := harness.WaitReady(ctx, target.URL, cfg.Wait, os.Stdout); err != nil {
		AbortSuite(err.Error()) // already names the URL and what went wrong
	}
	info, _ := json.Marshal(runInfo{URL: target.URL, Seed: cfg.Seed, RunID: factory.NewRunID()})
	return info
}, func(ctx SpecContext, data []byte) {
	declareCredentials() // once per process, before any request
	var info runInfo
	if err := json.Unmarshal(data, &info); err != nil {
		AbortSuite("suite setup: " + err.Error())
	}
	cfg, err := harness.LoadConfig()
	if err != nil {
		AbortSuite("configuration: " + err.Error())
	}
	cfg.Seed = info.Seed // a time-based seed must be the same in every process
	prof, err := profile.ForConfig(cfg.Profile, cfg.UserAuth)
	if err != nil {
		AbortSuite(err.Error())
	}
	e := &environment{
		cfg: cfg, url: info.URL, profile: prof,
		factory: factory.New(cfg.Seed, factory.RunPrefix(info.RunID, GinkgoParallelProcess())),
		ledger:  newLedger(),
	}
	if e.authOn() {
		s, resp := harness.NewClient(info.URL, cfg, harness.NewRecorder()).Login(cfg.Email, cfg.Password)
		if s == nil {
			AbortSuite(fmt.Sprintf("owner login as %s failed: %s", cfg.Email, describe(resp)))
		}
		e.owner = s
	}
	claimed := claimedVersion(e)
	if GinkgoParallelProcess() == 1 {
		AddReportEntry(harness.ReportEntryClaimedVersion, claimed, ReportEntryVisibilityNever)
		fmt.Fprintf(os.Stdout, "mageconform: the target claims %s; judged against the contract, whose SHOULD rules mark where Mage %s differs%s\n",
			claimedWords(claimed), rulesMageVersion, judgedAgainst(cfg))
	}
	if min := prof.MinVersion; min != "" && !harness.VersionAtLeast(claimed, min) {
		AbortSuite(fmt.Sprintf("profile %q requires Mage %s or later, and the target claims %s", prof.Name, min, claimedWords(claimed)))
	}
	shared = e
})

// claimedVersion is the version GET /api/projects gives the owner ("" for none): Mage shows it
// to a caller with a session, and to anyone when user authentication is off.
func claimedVersion(e *environment) string {
	c := harness.NewClient(e.url, e.cfg, nil).Housekeeping()
	if e.owner != nil {
		c = c.As(e.owner)
	}
	v, _ := c.ClaimedVersion()
	return v
}

func claimedWords(v string) string {
	if v == "" {
		return "no Mage version (GET /api/projects shows none)"
	}
	return "Mage " + v
}

// rulesMageVersion is the Mage release the rules' SHOULD marks were checked against.
const rulesMageVersion = "0.9.79"

// judgedAgainst names the mode the built-in reference runs in, for a run against it.
func judgedAgainst(cfg harness.Config) string {
	if !cfg.BuiltIn() {
		return ""
	}
	return fmt.Sprintf(" (the built-in reference, compat %s)", cfg.EffectiveCompat())
}

var _ = SynchronizedAfterSuite(func() {
	if shared == nil {
		return
	}
	shared.ledger.drain() // also after an interrupt: Ginkgo runs the suite's cleanup then
	if shared.owner != nil {
		harness.NewClient(shared.url, shared.cfg, nil).Logout(shared.owner)
	}
	if counts, err := json.Marshal(harness.Counts()); err == nil {
		AddReportEntry(harness.ReportEntryRequestCounts, string(counts), ReportEntryVisibilityNever)
	}
}, func() {
	if opened != nil {
		if err := opened.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "mageconform: closing the target:", err)
		}
	}
})

// Every spec gets its own recorder and a factory seeded from the run seed and its own text.
// The sweeps look at every exchange the spec made, not only the ones its assertions read; as
// cleanups registered first they run after the spec's own cleanups, so those are swept too.
var _ = BeforeEach(func() {
	current = perSpec{
		rec:       harness.NewRecorder(),
		factory:   env().factory.ForSpec(CurrentSpecReport().FullText()),
		tolerated: map[*harness.Exchange]bool{},
	}
	harness.AttachRecorder(current.rec)
	rec := current.rec
	DeferCleanup(func() {
		sweepEnvelopes(rec)
		sweepSensitive(rec)
		sweepSessions(rec)
		failStrictShoulds()
	})
	DeferCleanup(specScope()) // runs first: the sweeps see the cleanup's exchanges too
})

func describe(r *harness.Response) string {
	if r == nil {
		return "no response"
	}
	if r.Err != nil {
		return r.Err.Error()
	}
	return fmt.Sprintf("HTTP %d %s", r.Status, truncate(string(r.Body), 200))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
