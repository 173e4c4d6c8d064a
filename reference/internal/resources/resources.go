// Package resources holds each resource's data and behaviour (C §8): one file
// (or a few, named after it) per resource with how a record is looked up, and
// what list, detail, create, update and delete do, with the validation Mage
// applies. Its <plural>_attributes.go declares its attributes once (their
// types, who may write them, the formats that show them); who may call the
// actions is in internal/policies, how values are shown in
// internal/presenters, and both read the attributes from that declaration.
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
