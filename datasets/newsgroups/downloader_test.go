package newsgroups

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fastai-go/topicmodel/internal/testenv"
)

// needGo skips the test when the go command is not on PATH (it is when
// the tests run through "go test").
func needGo(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skipf("the go command is not on PATH: %v", err)
	}
}

// TestDownloadInChild: with no Downloader registered (this test binary
// does not import package download), Fetch downloads a missing archive by
// running cmd/fetch with "go run": the archive arrives through it, with
// its progress, and its failures come back as an error naming the command
// and the ways out, with nothing left in the data home.
func TestDownloadInChild(t *testing.T) {
	needGo(t)
	data := smallCorpus(t)
	var serve func(w http.ResponseWriter)
	var hits int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++; serve(w) }))
	defer srv.Close()
	useFakeCanonical(t, data, srv.URL+"/files/5975967")
	t.Setenv(envGoNBDir, "")

	serve = func(w http.ResponseWriter) { w.Write(data) }
	home := t.TempDir()
	var progress bytes.Buffer
	b, err := Fetch(Options{DataHome: home, Progress: &progress})
	if err != nil {
		t.Fatalf("%v\nprogress: %s", err, progress.String())
	}
	if len(b.Data) != 5 || hits != 1 {
		t.Errorf("downloaded corpus gives %d train posts (want 5), %d requests (want 1)", len(b.Data), hits)
	}
	for _, want := range []string{"go run " + FetchCommand, "downloading " + srv.URL, "fetch: wrote"} {
		if !strings.Contains(progress.String(), want) {
			t.Errorf("progress %q lacks %q (the child's output goes there)", progress.String(), want)
		}
	}
	got, err := os.ReadFile(filepath.Join(home, archiveName))
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("archive not in the data home: %v", err)
	}
	if m, _ := filepath.Glob(filepath.Join(home, "*.part")); len(m) != 0 {
		t.Errorf("%v left behind", m)
	}

	// Options.URL is passed on; the child's error comes back with the fix.
	for _, c := range []struct {
		name  string
		serve func(w http.ResponseWriter)
		want  []string
	}{
		{"not found", func(w http.ResponseWriter) { http.Error(w, "gone", http.StatusNotFound) },
			[]string{"404", srv.URL + "/mirror", FetchCommand, EnvArchive}},
		{"checksum", func(w http.ResponseWriter) {
			bad := bytes.Clone(data)
			bad[len(bad)/2] ^= 1
			w.Write(bad)
		}, []string{"SHA-256", "was discarded", FetchCommand, EnvArchive}},
	} {
		serve = c.serve
		home := t.TempDir()
		_, err := Fetch(Options{DataHome: home, URL: srv.URL + "/mirror", Progress: io.Discard})
		t.Logf("%s: %v", c.name, err)
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

// TestDownloadInChildGoNB: the child runs in $GONB_TMP_DIR, which GoNB
// sets to a folder holding the cell's go.mod and a go.work that uses this
// module; the same download works from there, and a folder where the
// module cannot be found gives an error naming that folder.
func TestDownloadInChildGoNB(t *testing.T) {
	needGo(t)
	root, err := testenv.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	data := smallCorpus(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(data) }))
	defer srv.Close()
	useFakeCanonical(t, data, srv.URL+"/files/5975967")

	cell := t.TempDir()
	goVersion := "1.25"
	for name, text := range map[string]string{
		"go.mod":  "module gonb_cell\n\ngo " + goVersion + "\n",
		"go.work": "go " + goVersion + "\n\nuse (\n\t.\n\t" + root + "\n)\n",
		"main.go": "package main\n\nfunc main() {}\n",
	} {
		if err := os.WriteFile(filepath.Join(cell, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv(envGoNBDir, cell)
	home := t.TempDir()
	var progress bytes.Buffer
	if b, err := Fetch(Options{DataHome: home, Progress: &progress}); err != nil || len(b.Data) != 5 {
		t.Fatalf("from a GoNB-like folder: %v\nprogress: %s", err, progress.String())
	}

	elsewhere := t.TempDir() // no go.mod: the module cannot be found
	t.Setenv(envGoNBDir, elsewhere)
	home = t.TempDir()
	_, err = Fetch(Options{DataHome: home, Progress: io.Discard})
	t.Logf("outside a module: %v", err)
	for _, w := range []string{elsewhere, FetchCommand, "go.mod", EnvArchive} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("outside a module: error %v, want one containing %q", err, w)
		}
	}
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		t.Errorf("outside a module: left %v behind", entries)
	}
}

// TestDownloadNoGo: without the go command on PATH, the error says so and
// how to get the archive otherwise.
func TestDownloadNoGo(t *testing.T) {
	data := smallCorpus(t)
	useFakeCanonical(t, data, "http://invalid.invalid/")
	t.Setenv("PATH", t.TempDir())
	home := t.TempDir()
	_, err := Fetch(Options{DataHome: home, Progress: io.Discard})
	for _, w := range []string{"not on PATH", "go run " + FetchCommand, EnvArchive, "/download"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error %v, want one containing %q", err, w)
		}
	}
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		t.Errorf("left %v behind", entries)
	}
}

// TestDownloadRegistered: a registered Downloader is used instead of the
// child process, with the URL Options.URL, else $TOPICMODEL_URL, else the
// canonical one, and the canonical SHA-256.
func TestDownloadRegistered(t *testing.T) {
	data := smallCorpus(t)
	useFakeCanonical(t, data, "http://canonical.invalid/")
	var urls []string
	RegisterDownloader(func(dst, url, sum string, progress io.Writer) error {
		urls = append(urls, url)
		if sum != archiveSHA256 || progress == nil {
			t.Errorf("downloader called with SHA-256 %s, progress %v; want %s and a writer", sum, progress, archiveSHA256)
		}
		return os.WriteFile(dst, data, 0o644)
	})
	t.Cleanup(func() { RegisterDownloader(nil) })

	for _, c := range []struct {
		opts      Options
		env, want string
	}{
		{Options{URL: "http://option.invalid/"}, "http://env.invalid/", "http://option.invalid/"},
		{Options{}, "http://env.invalid/", "http://env.invalid/"},
		{Options{}, "", "http://canonical.invalid/"},
	} {
		t.Setenv(EnvURL, c.env)
		urls = nil
		o := c.opts
		o.DataHome, o.Progress = t.TempDir(), io.Discard
		b, err := Fetch(o)
		if err != nil || len(b.Data) != 5 || len(urls) != 1 || urls[0] != c.want {
			t.Errorf("URL %q, $%s=%q: %v, downloads %v; want one from %s", c.opts.URL, EnvURL, c.env, err, urls, c.want)
		}
	}
}
