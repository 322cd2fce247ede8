package testenv

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func touch(t *testing.T, p string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLookup(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "repo")
	touch(t, filepath.Join(root, "go.mod"))
	if got, err := moduleRoot(dir); err == nil {
		t.Errorf("moduleRoot above the module = %q, want an error", got)
	}
	if err := os.MkdirAll(filepath.Join(root, "a", "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got, err := moduleRoot(filepath.Join(root, "a", "b")); err != nil || got != root {
		t.Errorf("moduleRoot = %q, %v; want %q", got, err, root)
	}
	if p, ok := archivePath(root, ""); ok || p != filepath.Join(root, "..", "shared", "datasets", ArchiveName) {
		t.Errorf("no archive: archivePath = %q, %v", p, ok)
	}
	inside := filepath.Join(root, "shared", "datasets", ArchiveName)
	touch(t, inside)
	if p, ok := archivePath(root, ""); !ok || p != inside {
		t.Errorf("archive inside: archivePath = %q, %v; want %q", p, ok, inside)
	}
	beside := filepath.Join(dir, "shared", "datasets", ArchiveName)
	touch(t, beside)
	if p, ok := archivePath(root, ""); !ok || p != filepath.Join(root, "..", "shared", "datasets", ArchiveName) {
		t.Errorf("archive beside: archivePath = %q, %v; want the one beside the root first", p, ok)
	}
	if p, ok := archivePath(root, filepath.Join(dir, "nope.tar.gz")); ok || p != filepath.Join(dir, "nope.tar.gz") {
		t.Errorf("$%s naming a missing file: archivePath = %q, %v; want it, false", EnvArchive, p, ok)
	}
	if p, ok := archivePath(root, inside); !ok || p != inside {
		t.Errorf("$%s: archivePath = %q, %v", EnvArchive, p, ok)
	}
	if p, ok := referencePath(root, ""); ok || p != filepath.Join(root, filepath.FromSlash(ReferenceFile)) {
		t.Errorf("no reference: referencePath = %q, %v", p, ok)
	}
	touch(t, filepath.Join(root, filepath.FromSlash(ReferenceFile)))
	if _, ok := referencePath(root, ""); !ok {
		t.Error("the repository's reference file was not found")
	}
	if _, ok := referencePath(root, filepath.Join(dir, "nope.json")); ok {
		t.Errorf("$%s naming a missing file was reported present", EnvReference)
	}
}

// TestRepositoryReference checks that the repository carries its reference
// figures, so that no checkout lacks them.
func TestRepositoryReference(t *testing.T) {
	t.Setenv(EnvReference, "")
	p, ok := ReferencePath()
	if !ok {
		t.Fatalf("%s is not in the repository", p)
	}
}

// fakeTB records what Missing does instead of ending the test.
type fakeTB struct {
	testing.TB
	fatal, skip string
}

func (f *fakeTB) Helper()                        {}
func (f *fakeTB) Name() string                   { return "TestFake/sub" }
func (f *fakeTB) Fatalf(format string, a ...any) { f.fatal = fmt.Sprintf(format, a...) }
func (f *fakeTB) Skipf(format string, a ...any)  { f.skip = fmt.Sprintf(format, a...) }
func (f *fakeTB) Errorf(format string, a ...any) { f.fatal = "Errorf: " + fmt.Sprintf(format, a...) }

func TestMissing(t *testing.T) {
	log := filepath.Join(t.TempDir(), "skips")
	t.Setenv(EnvSkipLog, log)

	t.Setenv("CI", "true")
	f := &fakeTB{}
	Missing(f, "no corpus")
	if f.skip != "" || !strings.Contains(f.fatal, "no corpus") {
		t.Errorf("under CI: fatal %q, skip %q; want a failure", f.fatal, f.skip)
	}
	if _, err := os.Stat(log); err == nil {
		t.Error("under CI a failure was recorded as a skip")
	}

	t.Setenv("CI", "")
	for _, reason := range []string{"no corpus", "no\nreference"} {
		f = &fakeTB{}
		Missing(f, reason)
		if f.fatal != "" || f.skip == "" {
			t.Errorf("outside CI: fatal %q, skip %q; want a skip", f.fatal, f.skip)
		}
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	want := "internal/testenv TestFake/sub: no corpus\ninternal/testenv TestFake/sub: no reference\n"
	if string(b) != want {
		t.Errorf("skip log:\n%s\nwant:\n%s", b, want)
	}
}

func TestArchiveMissing(t *testing.T) {
	t.Setenv(EnvArchive, filepath.Join(t.TempDir(), ArchiveName))
	t.Setenv(EnvSkipLog, "")
	t.Setenv("CI", "true")
	f := &fakeTB{}
	Archive(f)
	if !strings.Contains(f.fatal, ArchiveName) || !strings.Contains(f.fatal, "scripts/test.sh") {
		t.Errorf("Archive without the archive under CI: %q", f.fatal)
	}
	t.Setenv(EnvReference, filepath.Join(t.TempDir(), "none.json"))
	f = &fakeTB{}
	Reference(f)
	if !strings.Contains(f.fatal, "none.json") {
		t.Errorf("Reference without the file under CI: %q", f.fatal)
	}
}

// lookupRE matches the ways tests used to find the shared data on their
// own; every test goes through this package instead.
var lookupRE = regexp.MustCompile(`FindSharedArchive\(|reference\.Find\(|"shared", "(datasets|reference)"|shared/(datasets|reference)/[a-z0-9.-]+\.(gz|json)"`)

// allowed lists the files that may keep a lookup of their own, and why.
var allowed = map[string]string{}

// TestOneLookup fails when a test outside this package finds the corpus or
// the reference figures by its own rule.
func TestOneLookup(t *testing.T) {
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "internal/testenv" || strings.HasPrefix(d.Name(), ".") && rel != "." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || allowed[rel] != "" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "//") {
				continue
			}
			if lookupRE.MatchString(line) {
				t.Errorf("%s:%d finds the data itself; use internal/testenv: %s", rel, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSummary(t *testing.T) {
	if got := Summary("\n"); got != "" {
		t.Errorf("Summary of no skips = %q", got)
	}
	log := "lib/text TestLessonReference/lesson-count: no corpus\n" +
		"lib/text TestLessonReference/lesson-tfidf: no corpus\n" +
		"lib/svd TestCorpusFull: no corpus\n"
	want := "3 fidelity checks skipped: lib/text (TestLessonReference); lib/svd (TestCorpusFull); because no corpus"
	if got := Summary(log); got != want {
		t.Errorf("Summary =\n%q\nwant\n%q", got, want)
	}
	if got := Summary("lib/svd TestCorpusFull: no corpus\n"); !strings.HasPrefix(got, "1 fidelity check skipped: ") {
		t.Errorf("Summary of one skip = %q", got)
	}
}
