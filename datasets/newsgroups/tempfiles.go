package newsgroups

import (
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// staleAge is how old a leftover temporary file must be before it is
// removed, on top of nobody holding its lock: it covers the instant between
// a writer creating its file and locking it.
var staleAge = 10 * time.Second

// createTemp is os.CreateTemp that also takes an exclusive lock on the new
// file (on systems with flock), held until the file is closed, so that
// removeStale can tell a file being written from a leftover of a killed
// process; and until done is called, SIGINT or SIGTERM removes the file
// before the process ends as it would have.
func createTemp(dir, pattern string) (f *os.File, done func(), err error) {
	f, err = os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, nil, err
	}
	lockFile(f) // best effort: without a lock, removeStale goes by age alone
	return f, removeOnSignal(f.Name()), nil
}

// removeStale removes the files in dir matching pattern (a filepath.Match
// pattern such as "20news-bydate.cache.tmp*") that no process is writing:
// those older than staleAge whose lock can be taken. Errors are ignored.
func removeStale(dir, pattern string) {
	names, _ := filepath.Glob(filepath.Join(dir, pattern))
	for _, name := range names {
		fi, err := os.Lstat(name)
		if err != nil || !fi.Mode().IsRegular() || time.Since(fi.ModTime()) < staleAge {
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

// signalMu guards the set of files removeOnSignal watches.
var (
	signalMu    sync.Mutex
	signalFiles = map[string]bool{}
	signalCh    chan os.Signal
)

// removeOnSignal removes name if SIGINT or SIGTERM arrives before the
// returned function is called, then delivers the signal again so that the
// process ends as it would have (a program with its own handler for it
// sees it twice).
func removeOnSignal(name string) (done func()) {
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
			for n := range signalFiles {
				os.Remove(n)
			}
			signal.Stop(ch)
			signalCh = nil
			signalMu.Unlock()
			reraise(sig)
		}(signalCh)
	}
	signalFiles[name] = true
	return func() {
		signalMu.Lock()
		defer signalMu.Unlock()
		delete(signalFiles, name)
		if len(signalFiles) == 0 && signalCh != nil {
			signal.Stop(signalCh)
			close(signalCh)
			signalCh = nil
		}
	}
}
