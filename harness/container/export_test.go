package container

// Unexported pieces the external test package checks directly.
var (
	Decide   = decide
	SpecFrom = specFrom
	Tail     = tail
)

// SpecPort and SpecWait expose what specFrom settled on.
func SpecPort(s targetSpec) string { return s.port }
