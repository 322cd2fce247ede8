package notebook

import (
	"fmt"
	"io"
	"os"
)

// exit and stderr are variables so tests can watch Must fail.
var (
	exit             = os.Exit
	stderr io.Writer = os.Stderr
)

// Must returns v when err is nil. Otherwise it prints err (which, in this
// project's packages, says what is wrong and how to fix it) and ends the
// cell's program with exit status 1: the cell shows the message, not a Go
// stack trace, and a headless run stops there as it should.
//
//	bunch := notebook.Must(newsgroups.Fetch(opts))
func Must[T any](v T, err error) T {
	Check(err)
	return v
}

// Check is Must for functions that return only an error.
func Check(err error) {
	if err == nil {
		return
	}
	fmt.Fprintln(stderr, "error:", err)
	exit(1)
}
