package auth

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzRead: the credentials of any headers, query and body key are read without a panic,
// and what is read came from the request.
func FuzzRead(f *testing.F) {
	for _, seed := range [][4]string{{"k", "t", "", ""}, {"", "", "Bearer t", ""}, {"", "", "bearer  t , Basic x", "oauth_token=j"},
		{"", "", "", `oauth_token="j"`}, {" k ", "  t ", "", "a=b; oauth_token=j; oauth_token=k"}, {"", "", "Bearer", "oauth_token"}} {
		f.Add(seed[0], seed[1], seed[2], seed[3], "api_key=q", true)
	}
	f.Fuzz(func(t *testing.T, key, token, authorization, cookie, query string, post bool) {
		r := httptest.NewRequest("GET", "/api/users", nil)
		if post {
			r.Method = "POST"
		}
		for name, v := range map[string]string{HeaderAPIKey: key, HeaderOAuthToken: token, "Authorization": authorization, "Cookie": cookie} {
			if v != "" {
				r.Header.Set(name, v)
			}
		}
		q, _ := url.ParseQuery(query)
		c := Read(r, q, KeySource{BodyIsObject: post, BodyKey: key, BodyHasKey: post})
		if c.HasAPIKey && c.APIKey != key && c.APIKey != q.Get("api_key") {
			t.Fatalf("key %q came from nowhere", c.APIKey)
		}
		if c.HeaderToken != "" && c.HeaderToken != token && !strings.Contains(authorization, c.HeaderToken) {
			t.Fatalf("token %q came from nowhere", c.HeaderToken)
		}
		if c.CookieJWT != "" && !strings.Contains(cookie, c.CookieJWT) {
			t.Fatalf("cookie %q came from nowhere", c.CookieJWT)
		}
	})
}

// FuzzDecodeJWT: any text is decoded without a panic; only a JWT this package signed with
// the secret yields its token.
func FuzzDecodeJWT(f *testing.F) {
	good, _ := EncodeJWT("materia", "raw", time.Unix(1798742329, 0))
	for _, seed := range []string{good, good + "x", "garbage", "a.b.c", "eyJhbGciOiJub25lIn0.eyJ0b2tlbiI6IngifQ.",
		strings.Replace(good, ".", "..", 1), ""} {
		f.Add(seed, "materia")
	}
	f.Fuzz(func(t *testing.T, signed, secret string) {
		raw, err := DecodeJWT(secret, signed)
		if err == nil && raw == "" {
			t.Fatalf("%q decoded to an empty token", signed)
		}
		if secret == "" || signed == "" || !utf8.ValidString(signed) {
			return // an empty token is no token; raw tokens are base64url, and JSON carries only UTF-8
		}
		again, err := EncodeJWT(secret, signed, time.Unix(1, 0))
		if err != nil {
			t.Fatal(err)
		}
		if back, err := DecodeJWT(secret, again); err != nil || back != signed {
			t.Fatalf("round trip of %q: %q, %v", signed, back, err)
		}
	})
}
