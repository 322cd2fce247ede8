//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package tempfile

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive flock on f, held until f is closed.
func lockFile(f *os.File) bool {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
}

// tryLock reports whether an exclusive flock on f could be taken, that is
// whether no other open file holds one.
func tryLock(f *os.File) bool { return lockFile(f) }

// reraise delivers sig to this process again, now that this package no
// longer catches it.
func reraise(sig os.Signal) {
	if s, ok := sig.(syscall.Signal); ok {
		syscall.Kill(os.Getpid(), s)
	}
}
