package auth

// Bearer is the token of an Authorization header, read as Mage reads it (the API trigger's
// token on /api/pipeline_schedules/{id}/api_trigger).
func Bearer(header string) string { return bearer(header) }
