package store

import "time"

// Role is one of the default roles (Owner 1, Admin 2, Editor 3, Viewer 4), each
// with one global permission of the given access bit.
type Role struct {
	ID        int
	Name      string
	Access    int // 1 owner, 2 admin, 4 editor, 8 viewer
	CreatedAt time.Time
}

// User is an account. Pointers are nullable attributes.
type User struct {
	ID           int
	Email        string
	Username     *string
	FirstName    *string
	LastName     *string
	Avatar       *string
	Owner        bool
	LegacyRoles  *int  // legacy bit field: 1 admin, 2 editor, 4 viewer
	RoleIDs      []int // ids of Role rows ("roles_new")
	PasswordHash []byte
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Token is an access token; the raw value is what headers carry, JWT what the
// session response and the cookie carry.
type Token struct {
	ID      int
	Raw     string
	JWT     string
	UserID  int
	Expires time.Time
	Revoked bool // logged out
}

// Pipeline is keyed by its uuid. Attrs holds the presented attributes other
// than uuid/name/created_at/updated_at; it is replaced, never mutated in place.
type Pipeline struct {
	UUID      string
	Name      string
	Attrs     map[string]any
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Schedule is a pipeline schedule (trigger). Attrs is replaced, never mutated.
type Schedule struct {
	ID           int
	PipelineUUID string
	Attrs        map[string]any
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Secret is keyed by name; its value is never presented.
type Secret struct {
	ID    int
	Name  string
	Value string
	// Unencrypted: the value was written by an update, which Mage stores as it is; Mage then
	// cannot decrypt it and leaves the secret out of its list.
	Unencrypted bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}
