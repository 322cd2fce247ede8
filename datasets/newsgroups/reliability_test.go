package newsgroups

import (
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fastai-go/topicmodel/datasets/newsgroups/internal/tempfile"
)

// TestStaleTemporariesRemoved: leftovers of a killed writer (no lock, old)
// are removed on the next load; a temporary another process is writing
// (locked) or a fresh one is kept.
func TestStaleTemporariesRemoved(t *testing.T) {
	home := t.TempDir()
	old := time.Now().Add(-time.Hour)
	var stale []string
	for _, n := range []string{cacheName + ".tmp123", cacheName + ".tmp456", archiveName + ".789.part"} {
		p := filepath.Join(home, n)
		if err := os.WriteFile(p, []byte("partial"), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, old, old)
		stale = append(stale, p)
	}
	fresh := filepath.Join(home, cacheName+".tmpfresh")
	os.WriteFile(fresh, nil, 0o644)
	busy, done, err := tempfile.Create(home, cacheName+tempSuffix)
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	defer busy.Close()
	os.Chtimes(busy.Name(), old, old)
	other := filepath.Join(home, "notes.txt")
	os.WriteFile(other, nil, 0o644)
	os.Chtimes(other, old, old)

	// The archive does not exist: Fetch fails, after the clean-up.
	Fetch(Options{DataHome: home, Archive: filepath.Join(home, "none.tar.gz"), Progress: io.Discard})
	for _, p := range stale {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("stale %s kept", filepath.Base(p))
		}
	}
	for _, p := range []string{fresh, busy.Name(), other} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s removed: %v", filepath.Base(p), err)
		}
	}
}
