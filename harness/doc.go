// Package harness is the thin domain client every conformance spec uses.
//
// A run starts with LoadConfig (environment, then .env) and OpenTarget (a URL, or the reference
// in-process), then WaitReady. Each spec makes a Recorder, hands it to NewClient and to
// AttachRecorder, and talks to the target through Client: the configured API key goes in
// X-API-KEY unless an Option places it elsewhere (WithKey, WithKeyValue, WithoutKey), and a
// session goes where WithSession puts it (T in OAUTH-TOKEN or Authorization, J in the cookie).
// Requests never fail in Go terms: a transport problem is Response.Err, so a spec can assert on
// a dropped connection like on any other answer.
//
// Checks use the Gomega matchers (BeErrorEnvelope, BeAuthFailure, HaveErrorType, BeSuccess);
// their failure messages carry the redacted exchange and a curl that repeats it. Verify wraps a
// check in a Rule's MUST/SHOULD semantics. EnvelopeProblems and SensitiveLeaks are the same
// checks as plain functions, for sweeps over every exchange a spec made.
//
// Every transcript and curl hides the run's credentials: the API key, passwords, session tokens
// (J and T) and Authorization values. Known secrets appear as shell variables
// ($CONFORMANCE_API_KEY, $CONFORMANCE_PASSWORD, $TOKEN, $JWT) so a curl can be pasted after
// exporting them; values that are not secrets of the run (a deliberately wrong key) stay literal.
package harness
