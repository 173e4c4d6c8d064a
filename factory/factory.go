// Package factory builds valid, seeded payloads for every resource. The same seed gives the
// same payloads; names carry a run prefix so two runs against one server never collide, and a
// per-spec tag so specs running in parallel processes never collide with each other.
package factory

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"strconv"
	"sync"

	"github.com/brianvoe/gofakeit/v7"

	"github.com/mageconform/mageconform/fixtures"
)

// Factory hands out payloads. It is safe for concurrent use.
type Factory struct {
	seed   int64
	prefix string
	tag    string

	mu    sync.Mutex
	faker *gofakeit.Faker
	n     int
}

// RunPrefix is the prefix every name of a run carries: "mc", the run's six-character id, the
// parallel process number, "_" (e.g. "mcq3x9ab1_"). The seed fixes payloads, not identity: two
// runs with one seed against one server must not collide, so the id comes from NewRunID.
func RunPrefix(runID string, process int) string {
	return fmt.Sprintf("mc%06s%d_", runID, process)
}

// NewRunID is six random base-36 characters naming one run (36^6 ids: two runs sharing a
// server picking the same one is negligible).
func NewRunID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%06s", strconv.FormatUint(binary.BigEndian.Uint64(b[:])%2176782336, 36))
}

// New starts a factory for a run.
func New(seed int64, prefix string) *Factory {
	return &Factory{seed: seed, prefix: prefix, faker: gofakeit.New(nonZero(mix(seed, "")))}
}

// ForSpec derives a factory for one spec from the run's seed and the spec's full text, so a
// spec gets the same payloads whichever process runs it and in whatever order.
func (f *Factory) ForSpec(specText string) *Factory {
	h := mix(f.seed, specText)
	return &Factory{
		seed: f.seed, prefix: f.prefix,
		tag:   strconv.FormatUint(h%2176782336, 36) + "_", // 36^6: two specs sharing a tag is negligible
		faker: gofakeit.New(nonZero(h)),
	}
}

// Prefix is the run prefix.
func (f *Factory) Prefix() string { return f.prefix }

// Seed is the run seed.
func (f *Factory) Seed() int64 { return f.seed }

// Name is a new unique lower-case word-character name: prefix, spec tag, counter, a faker word.
func (f *Factory) Name() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.nameLocked()
}

func (f *Factory) nameLocked() string {
	f.n++
	return fmt.Sprintf("%s%s%d_%s", f.prefix, f.tag, f.n, fixtures.Word(f.faker.Noun()))
}

func mix(seed int64, text string) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d\x00%s", seed, text)
	return h.Sum64()
}

// gofakeit treats seed 0 as "random", which would break repeatability.
func nonZero(v uint64) uint64 {
	if v == 0 {
		return 1
	}
	return v
}
