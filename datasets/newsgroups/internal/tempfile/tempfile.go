// Package tempfile writes files that no failure leaves half-written where a
// reader would trust them: a temporary file beside the final name, locked
// while it is written (flock, where the system has it), removed on SIGINT
// or SIGTERM, and cleaned up by the next run when a killed process left it
// behind. The newsgroups cache writer and the archive download share it.
package tempfile

import (
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// StaleAge is how old a leftover temporary file must be before it is
// removed, on top of nobody holding its lock: it covers the instant between
// a writer creating its file and locking it.
var StaleAge = 10 * time.Second

// Create is os.CreateTemp that also takes an exclusive lock on the new
// file (on systems with flock), held until the file is closed, so that
// RemoveStale can tell a file being written from a leftover of a killed
// process; and until done is called, SIGINT or SIGTERM removes the file
// before the process ends as it would have.
func Create(dir, pattern string) (f *os.File, done func(), err error) {
	f, err = os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, nil, err
	}
	lockFile(f) // best effort: without a lock, RemoveStale goes by age alone
	return f, RemoveOnSignal(f.Name()), nil
}

// RemoveStale removes the files in dir matching pattern (a filepath.Match
// pattern such as "20news-bydate.cache.tmp*") that no process is writing:
// those older than StaleAge whose lock can be taken. Errors are ignored.
func RemoveStale(dir, pattern string) {
	names, _ := filepath.Glob(filepath.Join(dir, pattern))
	for _, name := range names {
		fi, err := os.Lstat(name)
		if err != nil || !fi.Mode().IsRegular() || time.Since(fi.ModTime()) < StaleAge {
			continue
		}
		f, err := os.OpenFile(name, os.O_RDWR, 0)
		if err != nil {
			continue
		}
		if tryLock(f) {
			os.Remove(name)
		}
		f.Close()
	}
}

// signalMu guards the actions OnSignal holds.
var (
	signalMu      sync.Mutex
	signalActions = map[int]func(os.Signal){}
	signalNext    int
	signalCh      chan os.Signal
)

// RemoveOnSignal removes name if SIGINT or SIGTERM arrives before the
// returned function is called, then delivers the signal again so that the
// process ends as it would have (a program with its own handler for it
// sees it twice).
func RemoveOnSignal(name string) (done func()) {
	return OnSignal(func(os.Signal) { os.Remove(name) })
}

// OnSignal runs f if SIGINT or SIGTERM arrives before the returned
// function is called, then delivers the signal again so that the process
// ends as it would have. The actions pending when the signal arrives run
// one after the other, in no set order; f must not call OnSignal or its
// done functions.
func OnSignal(f func(os.Signal)) (done func()) {
	signalMu.Lock()
	defer signalMu.Unlock()
	if signalCh == nil {
		signalCh = make(chan os.Signal, 1)
		signal.Notify(signalCh, os.Interrupt, syscall.SIGTERM)
		go func(ch chan os.Signal) {
			sig, ok := <-ch
			if !ok {
				return
			}
			signalMu.Lock()
			for _, f := range signalActions {
				f(sig)
			}
			signal.Stop(ch)
			signalCh = nil
			reraise(sig) // before a done function returns
			signalMu.Unlock()
		}(signalCh)
	}
	id := signalNext
	signalNext++
	signalActions[id] = f
	return func() {
		signalMu.Lock()
		defer signalMu.Unlock()
		delete(signalActions, id)
		if len(signalActions) == 0 && signalCh != nil {
			signal.Stop(signalCh)
			close(signalCh)
			signalCh = nil
		}
	}
}

// PartSuffix is the pattern, after the archive's name, of the temporary
// file a download writes (os.CreateTemp's "*" is the random part).
const PartSuffix = ".*.part"
