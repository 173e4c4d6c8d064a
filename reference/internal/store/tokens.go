package store

// TokensOf returns the tokens of a user in no particular order. A deleted user's tokens
// belong to nobody (user id 0), as Mage's database sets their user_id to null.
func (d *Data) TokensOf(userID int) []Token {
	var out []Token
	for _, t := range d.tokens {
		if t.UserID == userID && userID != 0 {
			out = append(out, t)
		}
	}
	return out
}

// TokenByID finds a token by its id.
func (d *Data) TokenByID(id int) (Token, bool) {
	for _, t := range d.tokens {
		if t.ID == id {
			return t, true
		}
	}
	return Token{}, false
}

// orphanTokens gives a deleted user's tokens to nobody, so a later user with the same id
// (compat.IDsReused) does not inherit them.
func (d *Data) orphanTokens(userID int) {
	for raw, t := range d.tokens {
		if t.UserID == userID {
			t.UserID = 0
			d.tokens[raw] = t
		}
	}
}
