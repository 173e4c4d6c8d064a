package api

// Present is a record as op's resource presents it for op's action, for answers written
// outside Execute (the API trigger's).
func Present(op *Op, record any) Object { return present(op, record) }
