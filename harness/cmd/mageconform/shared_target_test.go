package main

import (
	"fmt"
	"sync"
	"testing"
)

// Runs that share a server give the verdict they give alone: two runs at once against one
// reference, with the same seed (the seed fixes payloads, not names) and with different
// seeds, both conformant, and the server's records as they were before either started.
func TestConcurrentRunsAgainstOneServer(t *testing.T) {
	if testing.Short() {
		t.Skip("two whole runs at once; skipped with -short")
	}
	for _, seeds := range [][2]string{{"4242", "4242"}, {"4242", "777"}} {
		t.Run(fmt.Sprintf("seeds %s and %s", seeds[0], seeds[1]), func(t *testing.T) {
			srv := referenceServer(t)
			before := recordCounts(t, srv.URL)
			var wg sync.WaitGroup
			results := make([]result, len(seeds))
			for i, seed := range seeds {
				wg.Go(func() {
					results[i] = runCLI(t, map[string]string{"CONFORMANCE_SEED": seed}, "--target", srv.URL)
				})
			}
			wg.Wait()
			for i, res := range results {
				if res.code != 0 {
					t.Errorf("run %d (seed %s): exit %d, want 0\n--- stderr\n%s\n--- stdout (tail)\n%s", i+1, seeds[i], res.code, res.stderr, tail(res.stdout, 60))
				}
			}
			if after := recordCounts(t, srv.URL); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("record counts before the runs %v, after %v: the runs left records behind", before, after)
			}
		})
	}
}
