// Package resources holds each resource's data and behaviour (C §8): one file
// (or a few, named after it) per resource with its writable attributes and
// their types, how a record is looked up, and what list, detail, create,
// update and delete do, with the validation Mage applies. Who may call them
// is in internal/policies, what is shown in internal/presenters.
package resources
