// Package resources holds each resource's data and behaviour (C §8): one file
// (or a few, named after it) per resource with its writable attributes and
// their types, how a record is looked up, and what list, detail, create,
// update and delete do, with the validation Mage applies. Who may call them
// is in internal/policies, what is shown in internal/presenters.
package resources

import (
	"strconv"

	"github.com/mageconform/mageconform/reference/internal/api"
)

// atoi reads a pk the operation has already checked is an integer.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// found is the detail action of most resources: the looked-up record itself.
func found(_ *api.Op, record any) (any, error) { return record, nil }
