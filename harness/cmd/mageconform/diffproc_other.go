//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package main

import "os/exec"

// ownGroup is a no-op where process groups are not available.
func ownGroup(*exec.Cmd) {}
