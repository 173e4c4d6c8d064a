package harness

import (
	"strings"
	"sync"

	"github.com/mageconform/mageconform/harness/redact"
)

// credentialAttribute is an attribute of a resource's records that is a credential in itself
// (an API trigger token: whoever holds it creates records with no key and no session).
type credentialAttribute struct {
	singular, plural, attribute, name string
}

// shownCredential is a credential an answer showed: its value, the variable name its
// attribute declared (the registry numbers the later values: TRIGGER_TOKEN_2), and the
// attribute it was shown under (a reproduce line reads it back from there).
type shownCredential struct {
	value, name, attribute string
}

var credentials struct {
	mu       sync.Mutex
	declared []credentialAttribute
	shown    map[string]shownCredential // by value
}

// CredentialAttribute declares that the records of a resource hold a credential in attribute:
// from now on every value an answer shows there, under singular (a create, detail or update
// answer) or in a list under plural, becomes a known secret named name (name_2, ... for other
// values), whoever's record it is (a shared target lists other clients' records too). A
// reproduce line that sends such a value reads it again from the create of the record that
// showed it.
func CredentialAttribute(singular, plural, attribute, name string) {
	credentials.mu.Lock()
	defer credentials.mu.Unlock()
	credentials.declared = append(credentials.declared, credentialAttribute{singular, plural, attribute, name})
}

// learnCredentials remembers every declared credential a decoded answer shows and returns
// them: a map lookup per declaration, so every answer can afford it.
func learnCredentials(body map[string]any) []shownCredential {
	if body == nil {
		return nil
	}
	credentials.mu.Lock()
	defer credentials.mu.Unlock()
	var out []shownCredential
	for _, d := range credentials.declared {
		records := []any{body[d.singular]}
		if list, ok := body[d.plural].([]any); ok {
			records = append(records, list...)
		}
		for _, r := range records {
			obj, _ := r.(map[string]any)
			value, _ := obj[d.attribute].(string)
			if value == "" {
				continue
			}
			redact.Remember(value, d.name)
			c := shownCredential{value: value, name: d.name, attribute: d.attribute}
			if credentials.shown == nil {
				credentials.shown = map[string]shownCredential{}
			}
			credentials.shown[value] = c
			out = append(out, c)
		}
	}
	return out
}

// shownCredentialOf is the shown credential whose value is value.
func shownCredentialOf(value string) (shownCredential, bool) {
	credentials.mu.Lock()
	defer credentials.mu.Unlock()
	c, ok := credentials.shown[value]
	return c, ok
}

// credentialsSent are the shown credentials the exchange's request carries (URL, headers, body).
func credentialsSent(ex *Exchange) []shownCredential {
	credentials.mu.Lock()
	defer credentials.mu.Unlock()
	var out []shownCredential
	for value, c := range credentials.shown {
		if carries(ex, value) {
			out = append(out, c)
		}
	}
	return out
}

// carries says whether the request holds value anywhere.
func carries(ex *Exchange, value string) bool {
	if strings.Contains(ex.URL, value) || strings.Contains(string(ex.ReqBody), value) {
		return true
	}
	for _, values := range ex.ReqHeader {
		for _, v := range values {
			if strings.Contains(v, value) {
				return true
			}
		}
	}
	return false
}
