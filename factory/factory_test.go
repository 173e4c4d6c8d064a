package factory

import (
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
)

func payloads(f *Factory) []map[string]any {
	var out []map[string]any
	for _, r := range []string{"users", "pipelines", "pipeline_schedules", "secrets"} {
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
		for _, n := range []string{u["username"].(string), f.Secret()["name"].(string), f.PipelineSchedule()["name"].(string)} {
			if names[n] {
				t.Fatalf("name %q handed out twice", n)
			}
			names[n] = true
		}
		p := f.Pipeline()
		if p["type"] != "python" || !strings.HasPrefix(p["name"].(string), f.Prefix()) {
			t.Fatalf("pipeline payload: %v", p)
		}
		s := f.PipelineSchedule()
		if s["schedule_type"] != "time" || s["schedule_interval"] != "@daily" || s["status"] != "inactive" {
			t.Fatalf("schedule payload: %v", s)
		}
		if v, _ := f.Secret()["value"].(string); len(v) != 24 {
			t.Fatalf("secret value must be 24 characters, got %q", v)
		}
	}
	if _, err := f.Payload("nosuch"); err == nil {
		t.Fatal("an unknown resource must be an error")
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
