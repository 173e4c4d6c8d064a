package resources

import (
	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
)

// Statuses is the health check: a list of one object, which the presenter
// fills from the server's configuration.
func Statuses() api.Logic {
	return api.Logic{
		Plural: "statuses", Singular: "status", Attributes: StatusAttributes,
		Actions: map[api.Action]api.Run{api.ActionList: func(*api.Op, any) (any, error) {
			return api.Page{Items: []any{nil}, Metadata: map[string]any{}}, nil
		}},
		// With authentication off Mage lets writes through (compat.AuthOffWrites): a create
		// builds an empty status, and update and delete find no record to act on.
		Unruled: map[api.Action]api.Run{
			api.ActionCreate: func(*api.Op, any) (any, error) { return BlankStatus{}, nil },
			api.ActionUpdate: func(*api.Op, any) (any, error) {
				return nil, apierr.Unhandled("AttributeError", "'NoneType' object has no attribute 'process_update'")
			},
			api.ActionDelete: func(*api.Op, any) (any, error) {
				return nil, apierr.Unhandled("AttributeError", "'NoneType' object has no attribute 'process_delete'")
			},
		},
	}
}

// BlankStatus is a status built from nothing: every attribute is null.
type BlankStatus struct{}
