package newsgroups

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// shortTimeouts sets the download time limits to d for the test.
func shortTimeouts(t *testing.T, d time.Duration) {
	t.Helper()
	oc, oh, os_ := connectTimeout, headerTimeout, stallTimeout
	connectTimeout, headerTimeout, stallTimeout = d, d, d
	t.Cleanup(func() { connectTimeout, headerTimeout, stallTimeout = oc, oh, os_ })
}

// TestDownloadTimeouts: a server that accepts and never answers, and one
// that stops sending halfway, give an error naming the URL and the ways
// out within the time limits, and leave no .part file.
func TestDownloadTimeouts(t *testing.T) {
	data := smallCorpus(t)
	release := make(chan struct{})
	var serve func(w http.ResponseWriter)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { serve(w) }))
	defer srv.Close()
	defer close(release)
	useFakeCanonical(t, data, srv.URL+"/files/5975967")
	shortTimeouts(t, 300*time.Millisecond)

	for _, c := range []struct {
		name  string
		serve func(w http.ResponseWriter)
		want  []string
	}{
		{"never answers", func(w http.ResponseWriter) {
			select {
			case <-release:
			case <-time.After(10 * time.Second):
			}
		}, []string{srv.URL, "no answer", "run again to retry", EnvURL}},
		{"stalls", func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", strconv.Itoa(len(data)))
			w.Write(data[:10])
			w.(http.Flusher).Flush()
			select {
			case <-release:
			case <-time.After(10 * time.Second):
			}
		}, []string{srv.URL, "stalled", "after 10 bytes", EnvURL}},
	} {
		serve = c.serve
		home := t.TempDir()
		start := time.Now()
		_, err := Fetch(Options{DataHome: home, Progress: io.Discard})
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("%s: took %v with 300 ms limits", c.name, took)
		}
		for _, w := range c.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %v, want one containing %q", c.name, err, w)
			}
		}
		if entries, _ := os.ReadDir(home); len(entries) != 0 {
			t.Errorf("%s: left %v behind", c.name, entries)
		}
	}
}

// TestDownloadMirror: Options.URL and $TOPICMODEL_URL point the download
// at a mirror, whose file must have the canonical SHA-256.
func TestDownloadMirror(t *testing.T) {
	data := smallCorpus(t)
	var body []byte
	var hits int
	mirror := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++; w.Write(body) }))
	defer mirror.Close()
	useFakeCanonical(t, data, "http://invalid.invalid/")

	body = data
	b, err := Fetch(Options{DataHome: t.TempDir(), URL: mirror.URL + "/a", Progress: io.Discard})
	if err != nil || len(b.Data) != 5 || hits != 1 {
		t.Errorf("Options.URL: %v (hits %d)", err, hits)
	}
	t.Setenv(EnvURL, mirror.URL+"/b")
	if _, err := Fetch(Options{DataHome: t.TempDir(), Progress: io.Discard}); err != nil || hits != 2 {
		t.Errorf("$%s: %v (hits %d)", EnvURL, err, hits)
	}
	body = append([]byte(nil), data...)
	body[len(body)/2] ^= 1
	_, err = Fetch(Options{DataHome: t.TempDir(), Progress: io.Discard})
	if err == nil || !strings.Contains(err.Error(), "SHA-256") || !strings.Contains(err.Error(), mirror.URL+"/b") {
		t.Errorf("mirror with another file: %v, want a SHA-256 error naming the mirror", err)
	}
}

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
	busy, done, err := createTemp(home, cacheName+tempSuffix)
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
