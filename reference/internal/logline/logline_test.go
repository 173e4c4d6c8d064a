package logline

import (
	"net/http/httptest"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

const key = "zkWlN0PkIKSN0C11CfUHUj84OT5XOJ6tDZ6bDRO2"

func TestPathIsEscapedWithoutQueryAndSecrets(t *testing.T) {
	raw := strings.Repeat("A", RawTokenLength)
	r := New(key, "k y/")
	for target, want := range map[string]string{
		"/api/secrets/a%0d%0aforged?api_key=" + key:    "/api/secrets/a%0d%0aforged",
		"/api/secrets/" + key:                          "/api/secrets/" + Redacted,
		"/api/pipelines/" + raw + "/x":                 "/api/pipelines/" + Redacted + "/x",
		"/api/x/" + raw + "B":                          "/api/x/" + raw + "B", // 44 characters: no token
		"/api/x/eyJhbGciOiJIUzI1NiJ9.eyJ0IjoxfQ.c2ln/": "/api/x/" + Redacted + "/",
		"/api/x/k%20y%2F":                              "/api/x/" + Redacted,
		"/api/users/%E2%80%AE1":                        "/api/users/%E2%80%AE1",
		"*":                                            "*",
		// The API trigger's token, the schedule's credential.
		"/api/pipeline_schedules/1/pipeline_runs/0123456789abcdef0123456789abcdef": "/api/pipeline_schedules/1/pipeline_runs/" + Redacted,
		"/api/pipeline_schedules/1/pipeline_runs":                                  "/api/pipeline_schedules/1/pipeline_runs",
	} {
		if got := r.Path(httptest.NewRequest("GET", target, nil)); got != want {
			t.Errorf("%q: logged %q, want %q", target, got, want)
		}
	}
}

func TestEscapeLeavesNothingThatIsNotPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"plain /api/x": "plain /api/x", "a\r\nb": `a\r\nb`, "\x00\x1b[31m": `\x00\x1b[31m`, `back\slash`: `back\\slash`,
		"\xff\xfe": `\xff\xfe`, "é日本": "é日本", "\u202e\u2028": `\u202e\u2028`,
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzEscape: whatever a client sends, the escaped text is one line of printable characters.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "/api/users/1", "a\r\nb", "\xff", "\u2028", `\`, "eyJa.b.c", strings.Repeat("x", 43)} {
		f.Add(s)
	}
	r := New(key)
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{Escape(s), r.Text(s)} {
			if !utf8.ValidString(out) {
				t.Fatalf("%q: escaped to invalid UTF-8 %q", s, out)
			}
			for _, c := range out {
				if !unicode.IsPrint(c) {
					t.Fatalf("%q: escaped text %q holds %U", s, out, c)
				}
			}
		}
		if strings.Contains(r.Text(s), key) {
			t.Fatalf("%q: the key survived", s)
		}
	})
}
