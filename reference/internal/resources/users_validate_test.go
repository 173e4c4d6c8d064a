package resources

import "testing"

// Mage's email pattern, with what Python's re.fullmatch answers for each address.
func TestMageEmailPattern(t *testing.T) {
	for email, python := range map[string]bool{
		"a@b": true, "someone@localhost": true, "x@example.com": true, `"q"@x`: true, "a@[1.2.3.4]": true,
		"Ab.C@x.y": true, "notanemail": false, "a@": false, "@b": false, "a b@c": false, "a@b@c": false,
		"a..b@c": false, "a@b.": false,
	} {
		if got := mageEmailPattern.MatchString(email); got != python {
			t.Errorf("%q: Mage's pattern gives %v, Python %v", email, got, python)
		}
	}
	if emailPattern.MatchString("someone@localhost") {
		t.Error("the intended pattern wants a dot in the domain")
	}
}
