// Package harness is the thin domain client every conformance spec uses.
//
// A run starts with LoadConfig (environment, then .env) and OpenTarget (a URL, or the reference
// in-process), then WaitReady. Each spec makes a Recorder, hands it to NewClient and to
// AttachRecorder, and talks to the target through Client: the configured API key goes in
// X-API-KEY unless an Option places it elsewhere (WithKey, WithKeyValue, WithoutKey), and a
// session goes where WithSession puts it (T in OAUTH-TOKEN or Authorization, J in the cookie).
// Requests never fail in Go terms: a request that got no HTTP answer has Response.Err, a
// *TransportError (redacted; errors.Is reaches the cause), so a spec can assert on a dropped
// connection like on any other answer. Such a request also leaves a "transport-error" report
// entry on the running spec, which the report then shows as "error" (could not judge) if the
// spec fails, and after TransportErrorLimit of them in a row the run stops with "the target
// stopped answering". All clients share one HTTP transport (no cookie jar, no redirects), and a
// request waiting longer than 5 s prints a line saying so.
//
// Checks use the Gomega matchers (BeErrorEnvelope, BeAuthFailure, HaveErrorType, BeSuccess);
// their failure messages start with one sentence and carry the redacted exchange and a curl that
// repeats it. Verify wraps a check in a Rule's MUST/SHOULD semantics, and a failed check leaves
// a "finding" report entry: the plain reason, the cause it may share with other failures, and
// the curl of the answer it is about (the one a matcher rejected, or that Reject named for a
// sweep, with any Precondition before it, and with what makes the line stand alone after the
// run: the records it is about created again, int ids and sessions captured into shell
// variables, the spec's logouts and deletes repeated; reproduce.go). EnvelopeProblems and SensitiveLeaks are the same
// checks as plain functions, for sweeps over every exchange a spec made. Counts says how many
// logins and user creates a process sent: a real Mage hashes a password for each.
//
// Every transcript, curl, failure message and report entry hides the run's secrets, known to
// one process-wide registry (package harness/redact): the API key, passwords (the configured
// one, those the target accepted from a request, those a suite registers with RememberSecret),
// session tokens (J and T) and Authorization values. Known secrets appear as shell variables
// ($CONFORMANCE_API_KEY, $CONFORMANCE_PASSWORD, $TOKEN, $JWT, $PASSWORD_2) so a curl can be
// pasted after exporting them; values that are not secrets of the run (a deliberately wrong
// key) stay literal. Redact is the final pass every text leaving the run goes through; register
// RedactedFail as Gomega's fail handler so a failed Expect does not print a secret either.
package harness
