package store

import (
	"fmt"
	"sync"
	"time"
)

// Store guards Data with one lock.
type Store struct {
	mu   sync.RWMutex
	data Data
	// roles never change after New, so they are readable without the lock.
	roles []Role
}

// Data is the state; its methods assume the caller holds the store's lock. The indexes
// (userByEmail, userByName, secretByName) are tables from a unique attribute to the id.
type Data struct {
	Users        IDTable[User]
	userByEmail  Table[string, int]
	userByName   Table[string, int]
	tokens       map[string]Token
	pipelines    Table[string, Pipeline] // by uuid
	Schedules    IDTable[Schedule]
	Secrets      IDTable[Secret]
	secretByName Table[string, int]
	unlisted     int // secrets with Unencrypted set
	Runs         IDTable[PipelineRun]
	BlockRuns    IDTable[BlockRun]
	Backfills    IDTable[Backfill]
	logs         map[string]LogFile // by path, written by the run simulation
	lastTokenID  int
}

// Options are the ways a store may follow Mage's database instead of the intended contract.
type Options struct {
	ReuseIDs bool // a new id is the highest in use plus one (compat.IDsReused)
	NoRoles  bool // no default roles (compat.NoRolesAuthOff, with authentication off)
}

// New returns an empty store with the four default roles created at now.
func New(now time.Time) *Store { return NewWith(now, Options{}) }

// NewWith returns an empty store with the given options.
func NewWith(now time.Time, o Options) *Store {
	s := &Store{data: Data{
		Users:     newIDTable[User](o.ReuseIDs),
		tokens:    map[string]Token{},
		Schedules: newIDTable[Schedule](o.ReuseIDs),
		Secrets:   newIDTable[Secret](o.ReuseIDs),
		Runs:      newIDTable[PipelineRun](o.ReuseIDs),
		BlockRuns: newIDTable[BlockRun](o.ReuseIDs),
		Backfills: newIDTable[Backfill](o.ReuseIDs),
	}}
	if o.NoRoles {
		return s
	}
	for i, name := range []string{"Owner", "Admin", "Editor", "Viewer"} {
		s.roles = append(s.roles, Role{ID: i + 1, Name: name, Access: 1 << i, CreatedAt: now})
	}
	return s
}

// Roles returns the default roles in id order.
func (s *Store) Roles() []Role { return s.roles }

// Role returns the role with id.
func (s *Store) Role(id int) (Role, bool) {
	if id < 1 || id > len(s.roles) {
		return Role{}, false
	}
	return s.roles[id-1], true
}

// Read runs fn with the read lock held.
func (s *Store) Read(fn func(d *Data)) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	fn(&s.data)
}

// Write runs fn with the write lock held. fn must validate everything before
// its first change, so a failing request changes nothing.
func (s *Store) Write(fn func(d *Data) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fn(&s.data)
}

// InsertUser stores a new user built for the next id.
func (d *Data) InsertUser(build func(id int) User) User {
	u := d.Users.Insert(build)
	d.indexUser(u)
	return u
}

// ReplaceUser overwrites a user and its email/username index entries.
func (d *Data) ReplaceUser(u User) {
	if old, ok := d.Users.Get(u.ID); ok {
		d.unindexUser(old)
	}
	d.Users.Replace(u.ID, u)
	d.indexUser(u)
}

// DeleteUser removes a user; its tokens stay, belonging to nobody.
func (d *Data) DeleteUser(id int) {
	if old, ok := d.Users.Get(id); ok {
		d.unindexUser(old)
		d.Users.Delete(id)
		d.orphanTokens(id)
	}
}

func (d *Data) indexUser(u User) {
	d.userByEmail.Put(u.Email, u.ID)
	if u.Username != nil && *u.Username != "" {
		d.userByName.Put(*u.Username, u.ID)
	}
}

func (d *Data) unindexUser(u User) {
	d.userByEmail.Delete(u.Email)
	if u.Username != nil {
		d.userByName.Delete(*u.Username)
	}
}

// UserByEmail finds a user by exact email.
func (d *Data) UserByEmail(email string) (User, bool) {
	return d.userByIndex(&d.userByEmail, email)
}

// UserByUsername finds a user by exact username.
func (d *Data) UserByUsername(name string) (User, bool) {
	return d.userByIndex(&d.userByName, name)
}

func (d *Data) userByIndex(index *Table[string, int], key string) (User, bool) {
	id, ok := index.Get(key)
	if !ok {
		return User{}, false
	}
	return d.Users.Get(id)
}

// PutToken stores or overwrites a token; a new one (ID 0) gets the next id.
func (d *Data) PutToken(t Token) Token {
	if t.ID == 0 {
		d.lastTokenID++
		t.ID = d.lastTokenID
	}
	d.tokens[t.Raw] = t
	return t
}

// Token finds a token by its raw value.
func (d *Data) Token(raw string) (Token, bool) {
	t, ok := d.tokens[raw]
	return t, ok
}

// Pipeline finds a pipeline by uuid.
func (d *Data) Pipeline(uuid string) (Pipeline, bool) { return d.pipelines.Get(uuid) }

// PutPipeline stores p; when p was renamed from oldUUID, the old key goes and
// its schedules follow the new uuid.
func (d *Data) PutPipeline(oldUUID string, p Pipeline) {
	if oldUUID != "" && oldUUID != p.UUID {
		d.pipelines.Delete(oldUUID)
		for _, s := range d.Schedules.All() {
			if s.PipelineUUID == oldUUID {
				s.PipelineUUID = p.UUID
				d.Schedules.Replace(s.ID, s)
			}
		}
		d.moveRuns(oldUUID, p.UUID)
	}
	d.pipelines.Put(p.UUID, p)
}

// DeletePipeline removes a pipeline and its schedules.
func (d *Data) DeletePipeline(uuid string) {
	d.pipelines.Delete(uuid)
	for _, s := range d.Schedules.All() {
		if s.PipelineUUID == uuid {
			d.DeleteRunsOfSchedule(s.ID)
			d.Schedules.Delete(s.ID)
		}
	}
}

// Pipelines returns every pipeline in uuid order.
func (d *Data) Pipelines() []Pipeline { return d.pipelines.All() }

// PipelinePage returns up to limit pipelines from offset, in uuid order.
func (d *Data) PipelinePage(offset, limit int) []Pipeline { return d.pipelines.Page(offset, limit) }

// PipelineCount is the number of pipelines.
func (d *Data) PipelineCount() int { return d.pipelines.Len() }

// InsertSecret stores a new secret built for the next id.
func (d *Data) InsertSecret(build func(id int) Secret) Secret {
	s := d.Secrets.Insert(build)
	d.secretByName.Put(s.Name, s.ID)
	return s
}

// SecretByName finds a secret by its name (its pk).
func (d *Data) SecretByName(name string) (Secret, bool) {
	id, ok := d.secretByName.Get(name)
	if !ok {
		return Secret{}, false
	}
	return d.Secrets.Get(id)
}

// DeleteSecret removes a secret.
func (d *Data) DeleteSecret(s Secret) {
	if old, ok := d.Secrets.Get(s.ID); ok && old.Unencrypted {
		d.unlisted--
	}
	d.secretByName.Delete(s.Name)
	d.Secrets.Delete(s.ID)
}

// ReplaceSecret overwrites the secret that was called oldName.
func (d *Data) ReplaceSecret(oldName string, s Secret) {
	if old, ok := d.SecretByName(oldName); ok {
		if old.Unencrypted {
			d.unlisted--
		}
		d.secretByName.Delete(oldName)
	}
	if s.Unencrypted {
		d.unlisted++
	}
	d.Secrets.Replace(s.ID, s)
	d.secretByName.Put(s.Name, s.ID)
}

// UnlistedSecrets counts the secrets with Unencrypted set.
func (d *Data) UnlistedSecrets() int { return d.unlisted }

// Dump describes the whole state, tokens included, as text: equal dumps mean nothing changed
// (a record replaced by an equal copy shows as a change, which no refused request makes).
// Fuzz targets compare the dumps around a request.
func (s *Store) Dump() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return fmt.Sprintf("%+v", s.data)
}
