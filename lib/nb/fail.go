package nb

import (
	"fmt"
	"io"
	"os"
)

// exit and stderr are variables so tests can watch a cell stop.
var (
	exit             = os.Exit
	stderr io.Writer = os.Stderr
)

// Must returns v when err is nil. Otherwise it stops the cell with err's
// message (in this project's packages it says what is wrong and how to fix
// it) instead of a Go stack trace: it prints "error: " and the message on
// standard error and ends the program with status 1, so a headless run
// stops at that cell as it should. The notebook helpers of this package
// call it for you; use it for library calls of your own.
func Must[T any](v T, err error) T {
	Check(err)
	return v
}

// Must2 is Must for two results.
func Must2[A, B any](a A, b B, err error) (A, B) {
	Check(err)
	return a, b
}

// Check is Must for functions that return only an error.
func Check(err error) {
	if err == nil {
		return
	}
	fmt.Fprintln(stderr, "error:", err)
	exit(1)
}
