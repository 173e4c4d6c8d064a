package resources

import "github.com/mageconform/mageconform/reference/internal/api"

// Projects is the project the server serves: a list of one object, which the presenter fills
// from the server's configuration. A caller with only the API key sees its features alone.
func Projects() api.Logic {
	return api.Logic{
		Plural: "projects", Singular: "project", Attributes: ProjectAttributes,
		Actions: map[api.Action]api.Run{api.ActionList: func(*api.Op, any) (any, error) {
			return api.Page{Items: []any{nil}, Metadata: map[string]any{}}, nil
		}},
	}
}
