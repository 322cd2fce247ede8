package download

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fastai-go/topicmodel/datasets/newsgroups"
)

// payload returns n pseudo-random bytes and their SHA-256 in hex.
func payload(n int) ([]byte, string) {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	sum := sha256.Sum256(b)
	return b, hex.EncodeToString(sum[:])
}

// shortTimeouts sets the download time limits to d for the test.
func shortTimeouts(t *testing.T, d time.Duration) {
	t.Helper()
	oc, oh, os_ := connectTimeout, headerTimeout, stallTimeout
	connectTimeout, headerTimeout, stallTimeout = d, d, d
	t.Cleanup(func() { connectTimeout, headerTimeout, stallTimeout = oc, oh, os_ })
}

// TestDownload: a download cut off, with the wrong checksum or answered
// 404 gives an error saying so and leaves nothing behind; a good one
// becomes the file, with progress shown, and no .part file is left.
func TestDownload(t *testing.T) {
	data, sum := payload(300_000)
	var serve func(w http.ResponseWriter)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { serve(w) }))
	defer srv.Close()

	for _, c := range []struct {
		name  string
		serve func(w http.ResponseWriter)
		want  []string
	}{
		{"cut off", func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", strconv.Itoa(len(data)))
			w.Write(data[:len(data)/2])
		}, []string{"cut off", srv.URL, "run again to retry"}},
		{"checksum", func(w http.ResponseWriter) {
			bad := bytes.Clone(data)
			bad[len(bad)/2] ^= 1
			w.Write(bad)
		}, []string{"SHA-256", sum, "discarded", newsgroups.EnvURL}},
		{"not found", func(w http.ResponseWriter) { http.Error(w, "gone", http.StatusNotFound) }, []string{"404", srv.URL}},
	} {
		serve = c.serve
		dir := t.TempDir()
		err := Archive(filepath.Join(dir, "a.tar.gz"), srv.URL+"/files/1", sum, io.Discard)
		for _, w := range c.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %v, want one containing %q", c.name, err, w)
			}
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%s: left %v behind", c.name, entries)
		}
	}

	serve = func(w http.ResponseWriter) { w.Write(data) }
	dir := t.TempDir()
	dst := filepath.Join(dir, "a.tar.gz")
	var progress bytes.Buffer
	if err := Archive(dst, srv.URL+"/files/1", sum, &progress); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(progress.String(), "downloading "+srv.URL) || !strings.Contains(progress.String(), "0.3 MB") {
		t.Errorf("no progress shown: %q", progress.String())
	}
	if got, err := os.ReadFile(dst); err != nil || !bytes.Equal(got, data) {
		t.Errorf("downloaded file differs: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left %v (want the file alone)", entries)
	}
}

// TestDownloadTimeouts: a server that accepts and never answers, and one
// that stops sending halfway, give an error naming the URL and the ways
// out within the time limits, and leave no .part file.
func TestDownloadTimeouts(t *testing.T) {
	data, sum := payload(1000)
	release := make(chan struct{})
	var serve func(w http.ResponseWriter)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { serve(w) }))
	defer srv.Close()
	defer close(release)
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
		}, []string{srv.URL, "no answer", "run again to retry", newsgroups.EnvURL}},
		{"stalls", func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", strconv.Itoa(len(data)))
			w.Write(data[:10])
			w.(http.Flusher).Flush()
			select {
			case <-release:
			case <-time.After(10 * time.Second):
			}
		}, []string{srv.URL, "stalled", "after 10 bytes", newsgroups.EnvURL}},
	} {
		serve = c.serve
		dir := t.TempDir()
		start := time.Now()
		err := Archive(filepath.Join(dir, "a.tar.gz"), srv.URL+"/files/1", sum, io.Discard)
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("%s: took %v with 300 ms limits", c.name, took)
		}
		for _, w := range c.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %v, want one containing %q", c.name, err, w)
			}
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%s: left %v behind", c.name, entries)
		}
	}
}

// TestDownloadMirror: importing this package makes newsgroups.Fetch
// download in this process (without the go command on PATH, a child
// process could not run), from Options.URL, else $TOPICMODEL_URL, and
// check the canonical SHA-256: a mirror serving another file gives the
// download's own error, naming the mirror, and leaves nothing behind.
func TestDownloadMirror(t *testing.T) {
	body, _ := payload(1000)
	var paths []string
	mirror := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.Path)
		w.Write(body)
	}))
	defer mirror.Close()
	t.Setenv(newsgroups.EnvArchive, "")
	t.Setenv("PATH", t.TempDir())

	for _, c := range []struct {
		option, env, want string
	}{
		{mirror.URL + "/option", mirror.URL + "/env", "/option"},
		{"", mirror.URL + "/env", "/env"},
	} {
		t.Setenv(newsgroups.EnvURL, c.env)
		paths = nil
		home := t.TempDir()
		_, err := newsgroups.Fetch(newsgroups.Options{DataHome: home, URL: c.option, Progress: io.Discard})
		if err == nil || !strings.Contains(err.Error(), "has SHA-256") || !strings.Contains(err.Error(), newsgroups.ArchiveSHA256) ||
			!strings.Contains(err.Error(), mirror.URL+c.want) || strings.Contains(err.Error(), "PATH") {
			t.Errorf("Options.URL %q, $%s %q: %v; want the download's SHA-256 error naming %s", c.option, newsgroups.EnvURL, c.env, err, c.want)
		}
		if len(paths) != 1 || paths[0] != c.want {
			t.Errorf("Options.URL %q, $%s %q: requests %v, want one for %s", c.option, newsgroups.EnvURL, c.env, paths, c.want)
		}
		if entries, _ := os.ReadDir(home); len(entries) != 0 {
			t.Errorf("left %v behind", entries)
		}
	}
}
