//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"os"
	"syscall"
)

// redirect points fd at the write end of a new pipe and returns a file for what fd was (the
// real terminal) and the pipe's read end.
func redirect(fd int) (real, pipe *os.File, ok bool) {
	saved, err := syscall.Dup(fd)
	if err != nil {
		return nil, nil, false
	}
	syscall.CloseOnExec(saved)
	r, w, err := os.Pipe()
	if err != nil {
		syscall.Close(saved)
		return nil, nil, false
	}
	if err := dup2(int(w.Fd()), fd); err != nil {
		r.Close()
		w.Close()
		syscall.Close(saved)
		return nil, nil, false
	}
	w.Close()
	return os.NewFile(uintptr(saved), "/dev/fd/real"), r, true
}

// restore points fd back at real.
func restore(fd int, real *os.File) {
	_ = dup2(int(real.Fd()), fd)
}

// duplicate returns a file for what fd is now, kept when fd is pointed elsewhere.
func duplicate(fd int) (*os.File, bool) {
	saved, err := syscall.Dup(fd)
	if err != nil {
		return nil, false
	}
	syscall.CloseOnExec(saved)
	return os.NewFile(uintptr(saved), "/dev/fd/saved"), true
}

// silence points fd at /dev/null.
func silence(fd int) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return
	}
	_ = dup2(int(null.Fd()), fd)
	_ = null.Close()
}
