package resources

import "github.com/mageconform/mageconform/reference/internal/api"

// Statuses is the health check: a list of one object, which the presenter
// fills from the server's configuration.
func Statuses() api.Logic {
	return api.Logic{
		Plural: "statuses", Singular: "status",
		Actions: map[api.Action]api.Run{api.ActionList: func(*api.Op, any) (any, error) {
			return api.Page{Items: []any{nil}, Metadata: map[string]any{}}, nil
		}},
	}
}
