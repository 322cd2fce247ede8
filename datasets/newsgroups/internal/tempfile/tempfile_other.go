//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package tempfile

import (
	"os"
	"time"
)

func init() {
	// No flock: only files at least a day old count as leftovers.
	StaleAge = 24 * time.Hour
}

func lockFile(f *os.File) bool { return false }

func tryLock(f *os.File) bool { return true }

// reraise ends the process as an interrupt would.
func reraise(os.Signal) { os.Exit(1) }
