package apierr

import (
	"fmt"

	"github.com/mageconform/mageconform/reference/internal/compat"
)

// Fault is an exception Mage does not catch. The server answers it with Mage's code-500
// body (spec C §3.4); it exists only in modes with deviations.
type Fault struct {
	Kind string // the Python exception class Mage raises, e.g. "ValueError"
	Text string // str() of that exception
}

func (f *Fault) Error() string { return f.Kind + ": " + f.Text }

// Unhandled is the fault Mage raises, with its exception class and text.
func Unhandled(kind, format string, args ...any) *Fault {
	return &Fault{Kind: kind, Text: fmt.Sprintf(format, args...)}
}

// alternative is what Mage answers instead of an error when a deviation is enabled.
type alternative struct {
	id  compat.ID
	err error
}

// InMage returns a copy of e saying that, with the deviation id enabled, Mage answers alt
// instead. Code that refuses a request states both answers where it refuses; which one the
// client gets is decided in one place, by Resolve, when the server writes the error.
func (e *Error) InMage(id compat.ID, alt error) *Error {
	c := *e
	c.mage = &alternative{id: id, err: alt}
	return &c
}

// Resolve returns the answer the enabled deviations give for err: err itself, or the
// alternative its InMage names when that deviation is enabled (repeatedly, so an
// alternative may name one of its own).
func Resolve(err error, has func(compat.ID) bool) error {
	for {
		e, ok := err.(*Error)
		if !ok || e.mage == nil || !has(e.mage.id) {
			return err
		}
		err = e.mage.err
	}
}
