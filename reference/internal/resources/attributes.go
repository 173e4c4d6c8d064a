package resources

// str is a written string attribute, after the operation coerced it.
func str(attrs map[string]any, key string) (string, bool) {
	s, ok := attrs[key].(string)
	return s, ok
}

// nullStr is a written string-or-null attribute: a nil *string is null.
func nullStr(attrs map[string]any, key string) (*string, bool) {
	v, ok := attrs[key]
	if !ok {
		return nil, false
	}
	return v.(*string), true
}
