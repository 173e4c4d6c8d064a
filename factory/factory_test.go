package factory

import (
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/mageconform/mageconform/fixtures"
)

func payloads(f *Factory) []map[string]any {
	var out []map[string]any
	for _, r := range fixtures.Catalogue() {
		if r.Payload == nil {
			continue
		}
		p, err := f.Payload(r)
		if err != nil {
			panic(err)
		}
		out = append(out, p)
	}
	return append(out, map[string]any{"update": f.UpdateValue("username")})
}

func TestSameSeedSamePayloads(t *testing.T) {
	a := payloads(New(42, RunPrefix("abc123", 1)).ForSpec("users CRUD"))
	b := payloads(New(42, RunPrefix("abc123", 1)).ForSpec("users CRUD"))
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("same seed and spec gave different payloads:\n%v\n%v", a, b)
	}
	if c := payloads(New(43, RunPrefix("abc123", 1)).ForSpec("users CRUD")); reflect.DeepEqual(a, c) {
		t.Fatal("different seeds gave identical payloads")
	}
}

func TestSpecsAreIndependentOfOrder(t *testing.T) {
	run := New(7, RunPrefix("abc123", 1))
	first := run.ForSpec("spec A").User()
	run.ForSpec("spec B").User() // another spec in between must not shift spec A's values
	again := New(7, RunPrefix("abc123", 1)).ForSpec("spec A").User()
	if !reflect.DeepEqual(first, again) {
		t.Fatalf("a spec's payload depends on what ran before it")
	}
	other := New(7, RunPrefix("abc123", 1)).ForSpec("spec B").User()
	if other["email"] == first["email"] || other["username"] == first["username"] {
		t.Fatal("two specs got the same unique fields")
	}
}

func TestPrefixMarksRunAndProcess(t *testing.T) {
	id := NewRunID()
	p := RunPrefix(id, 3)
	if !regexp.MustCompile(`^mc[0-9a-z]{6}3_$`).MatchString(p) {
		t.Fatalf("prefix %q must look like mc<6 chars><process>_", p)
	}
	if RunPrefix(id, 1) == RunPrefix(id, 2) {
		t.Fatal("prefixes must differ by process")
	}
	if RunPrefix(id, 1) != RunPrefix(id, 1) {
		t.Fatal("prefixes must be stable for a run")
	}
}

// The seed fixes payloads, not identity: two runs with one seed get different prefixes.
func TestRunIDsDifferAcrossRuns(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		id := NewRunID()
		if !regexp.MustCompile(`^[0-9a-z]{6}$`).MatchString(id) {
			t.Fatalf("run id %q must be six base-36 characters", id)
		}
		seen[id] = true
	}
	if len(seen) < 49 {
		t.Fatalf("50 run ids gave only %d distinct values", len(seen))
	}
}

// Every builder of the catalogue gives payloads with the required attributes and a unique,
// prefixed name where a pk comes from one; the accounts' payloads can log in.
func TestPayloadsAreValid(t *testing.T) {
	f := New(1, RunPrefix("abc123", 1)).ForSpec("validity")
	names := map[string]bool{}
	email := regexp.MustCompile(`^[a-z0-9_]+@example\.com$`)
	for i := 0; i < 50; i++ {
		u := f.User()
		pw, _ := u["password"].(string)
		if len(pw) < 8 || u["password_confirmation"] != pw {
			t.Fatalf("password must be >= 8 with its confirmation: %v", u)
		}
		if !email.MatchString(u["email"].(string)) || !strings.HasPrefix(u["username"].(string), f.Prefix()) {
			t.Fatalf("email and username must be prefixed and well formed: %v", u)
		}
		for _, r := range fixtures.Catalogue() {
			if r.Payload == nil {
				continue
			}
			p, err := f.Payload(r)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range r.Required {
				if _, ok := p[a]; !ok {
					t.Fatalf("%s: payload without required %s: %v", r.Plural, a, p)
				}
			}
			if r.PKSource == "" {
				continue
			}
			n, _ := p[r.PKSource].(string)
			if !strings.HasPrefix(n, f.Prefix()) || names[n] {
				t.Fatalf("%s: %s %q must be prefixed and never handed out twice", r.Plural, r.PKSource, n)
			}
			names[n] = true
		}
	}
	if _, err := f.Payload(fixtures.Resource{Plural: "nosuch"}); err == nil {
		t.Fatal("a resource without a builder must be an error")
	}
}

func TestConcurrentUseGivesUniqueNames(t *testing.T) {
	f := New(5, RunPrefix("abc123", 1))
	var mu sync.Mutex
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 25; j++ {
				n := f.Name()
				mu.Lock()
				if seen[n] {
					t.Errorf("duplicate name %q", n)
				}
				seen[n] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
}
