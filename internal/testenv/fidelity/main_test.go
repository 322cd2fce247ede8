package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fastai-go/topicmodel/internal/testenv"
)

func TestCorpus(t *testing.T) {
	dir := t.TempDir()
	have := filepath.Join(dir, testenv.ArchiveName)
	if err := os.WriteFile(have, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	noFetch := func(string, io.Writer) (string, error) { t.Fatal("downloaded although not needed"); return "", nil }
	failFetch := func(string, io.Writer) (string, error) { return "", errors.New("offline") }
	okFetch := func(home string, _ io.Writer) (string, error) { return filepath.Join(home, "got.tar.gz"), nil }
	for _, c := range []struct {
		name, archive, ci string
		fetch             func(string, io.Writer) (string, error)
		code              int
		out, err          string
	}{
		{"found", have, "", noFetch, 0, have + "\n", ""},
		{"env names nothing", filepath.Join(dir, "none"), "", noFetch, 1, "", "is not a file"},
		{"download", "", "", okFetch, 0, filepath.Join(dir, "home", "got.tar.gz") + "\n", ""},
		{"download fails", "", "", failFetch, 1, "", "the download failed (offline); get 20news-bydate.tar.gz"},
		{"CI", "", "true", noFetch, 1, "", "CI=true and no 20 Newsgroups corpus"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv(testenv.EnvArchive, c.archive)
			t.Setenv("CI", c.ci)
			t.Setenv("TOPICMODEL_DATA_HOME", filepath.Join(dir, "home"))
			if c.archive == "" {
				// No $TOPICMODEL_ARCHIVE and, whatever this machine has, no
				// ../shared copy.
				archivePath = func() (string, bool) { return "", false }
				defer func() { archivePath = testenv.ArchivePath }()
			}
			var out, errb bytes.Buffer
			code := run([]string{"corpus"}, &out, &errb, c.fetch)
			if code != c.code || out.String() != c.out || !strings.Contains(errb.String(), c.err) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, out.String(), errb.String(), c.code, c.out, c.err)
			}
			if c.code != 0 && strings.Count(errb.String(), "\n") != 1 {
				t.Errorf("stderr is not one line: %q", errb.String())
			}
		})
	}
}

func TestSkips(t *testing.T) {
	log := filepath.Join(t.TempDir(), "skips")
	var out, errb bytes.Buffer
	if code := run([]string{"skips", log}, &out, &errb, nil); code != 0 || !strings.Contains(out.String(), "no check against the reference figures was skipped") {
		t.Errorf("no log: exit %d, stdout %q", code, out.String())
	}
	out.Reset()
	if err := os.WriteFile(log, []byte("lib/svd TestCorpusFull: no corpus\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := run([]string{"skips", log}, &out, &errb, nil); code != 0 || !strings.HasPrefix(out.String(), "1 fidelity check skipped: lib/svd (TestCorpusFull)") {
		t.Errorf("exit %d, stdout %q", code, out.String())
	}
	if code := run(nil, &out, &errb, nil); code != 2 {
		t.Errorf("no arguments: exit %d", code)
	}
}
