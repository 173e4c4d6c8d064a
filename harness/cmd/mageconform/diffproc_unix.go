//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"os/exec"
	"syscall"
)

// ownGroup puts a side's run in a process group of its own, so a Ctrl-C on the terminal
// reaches the diff alone, which passes one SIGINT on to each run: a run that got two (the
// terminal's and the diff's) would stop at once and leave its records on the server.
func ownGroup(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }
