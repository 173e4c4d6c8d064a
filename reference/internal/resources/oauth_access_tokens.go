package resources

import (
	"cmp"
	"slices"

	"github.com/mageconform/mageconform/reference/internal/api"
	"github.com/mageconform/mageconform/reference/internal/apierr"
	"github.com/mageconform/mageconform/reference/internal/compat"
	"github.com/mageconform/mageconform/reference/internal/store"
)

// OauthAccessTokens lists the caller's own access tokens (every login and every user create
// makes one); a token's detail, update and delete are looked up and then refused, as Mage
// refuses them, and so is a create.
func OauthAccessTokens() api.Logic {
	return api.Logic{
		Plural: "oauth_access_tokens", Singular: "oauth_access_token", IntPK: true,
		Attributes: OauthAccessTokenAttributes,
		Actions:    map[api.Action]api.Run{api.ActionList: listTokens},
		// Mage does not look the user of /api/users/{id}/oauth_access_tokens up.
		MissingParent: func(op *api.Op, err error) error {
			if e, ok := err.(*apierr.Error); ok && e.Type == apierr.TypeRecordNotFound && op.Env.Compat.Has(compat.UserTokensParentIgnored) {
				return nil
			}
			return err
		},
		Lookup: func(op *api.Op) (any, error) {
			var t store.Token
			var ok bool
			op.Env.Store.Read(func(d *store.Data) { t, ok = d.TokenByID(atoi(op.PK)) })
			if !ok {
				return nil, apierr.NotFound("Record not found.")
			}
			return t, nil
		},
	}
}

// showAll reads show_all: true for a non-empty value other than false and 0 (Mage takes 0 as
// true: compat.TokensShowAllZero).
func showAll(op *api.Op) bool {
	values := op.Query["show_all"]
	return api.Truthy(values) && (api.First(values) != "0" || op.Env.Compat.Has(compat.TokensShowAllZero))
}

// listTokens lists the caller's tokens, the unexpired ones unless show_all, latest expiry
// first. Under /api/users/{id} that user must be the caller.
func listTokens(op *api.Op, _ any) (any, error) {
	if op.Caller.User == nil {
		if op.Env.Compat.Has(compat.TokensAuthOff500) {
			return nil, apierr.Unhandled("AttributeError", "'NoneType' object has no attribute 'id'")
		}
		return api.Page{Items: []any{}, Metadata: map[string]any{"count": 0, "next": false}}, nil // no caller owns a token
	}
	if u, ok := op.ParentRecord.(store.User); ok && u.ID != op.Caller.User.ID && !op.Env.Compat.Has(compat.UserTokensParentIgnored) {
		return nil, apierr.Forbidden("Only the caller's own access tokens are listed.")
	}
	all := showAll(op)
	var rows []store.Token
	op.Env.Store.Read(func(d *store.Data) { rows = d.TokensOf(op.Caller.User.ID) })
	rows = slices.DeleteFunc(rows, func(t store.Token) bool { return !all && !t.Expires.After(op.Now()) })
	slices.SortFunc(rows, func(a, b store.Token) int { return cmp.Or(b.Expires.Compare(a.Expires), cmp.Compare(b.ID, a.ID)) })
	p, err := parsePaging(op, DefaultPageSize)
	if err != nil {
		return nil, err
	}
	start, end := p.window(len(rows))
	items := make([]any, 0, end-start)
	for _, t := range rows[start:end] {
		items = append(items, t)
	}
	return api.Page{Items: items, Metadata: map[string]any{"count": len(rows), "next": end < len(rows)}}, nil
}
