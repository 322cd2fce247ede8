package newsgroups

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/fastai-go/topicmodel/internal/testenv"
	"github.com/fastai-go/topicmodel/lib/nprand"
)

// sharedHome is a data home holding a cache of the corpus archive, built
// once for the whole test binary.
var sharedHome string

func TestMain(m *testing.M) {
	code := func() int {
		dir, err := os.MkdirTemp("", "newsgroups-test-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		sharedHome = dir
		return m.Run()
	}()
	os.Exit(code)
}

// sharedOptions returns Options reading the corpus archive (found by
// internal/testenv) through the shared cache; without the archive the test
// fails under CI and is skipped elsewhere.
func sharedOptions(t testing.TB) Options {
	t.Helper()
	return Options{DataHome: sharedHome, Archive: testenv.Archive(t), Progress: io.Discard}
}

// reference is one case of the lesson's reference figures
// (datasets/reference/testdata/lesson3-sklearn.json), or of
// the fixtures in testdata/ (which add a digest of every post).
type reference struct {
	Case struct {
		Name        string
		Subset      string
		Categories  []string
		Remove      []string
		Shuffle     *bool
		RandomState *uint32 `json:"random_state"`
	}
	NDocs          int      `json:"n_docs"`
	TargetNames    []string `json:"target_names"`
	TargetHead     []int    `json:"target_head"`
	FilenamesHead  []string `json:"filenames_head"`
	DataSHA256Head any      `json:"data_sha256_head"` // a list, or its Python repr in the lesson file
	EmptyDocs      int      `json:"empty_docs"`
	Digest         string   `json:"digest"` // testdata only: see testdata/gen_expected.py
}

func (r *reference) options(base Options) Options {
	o := base
	o.Subset = r.Case.Subset
	o.Categories = r.Case.Categories
	o.Remove = r.Case.Remove
	if r.Case.Shuffle != nil && !*r.Case.Shuffle {
		o.NoShuffle = true
	}
	if r.Case.RandomState != nil {
		o.Rand = nprand.New(*r.Case.RandomState)
	}
	return o
}

// digest is the digest of testdata/gen_expected.py.
func digest(b *Bunch) string {
	h := sha256.New()
	for i, d := range b.Data {
		fmt.Fprintf(h, "%s\n%d\n%d\n%s\n", ShortName(b.Filenames[i]), b.Target[i], len(d), d)
	}
	return hex.EncodeToString(h.Sum(nil))
}

var hexRE = regexp.MustCompile(`[0-9a-f]{64}`)

// checkReference compares a Bunch with scikit-learn's figures.
func checkReference(t *testing.T, name string, b *Bunch, r *reference) {
	t.Helper()
	if len(b.Data) != r.NDocs || len(b.Target) != r.NDocs || len(b.Filenames) != r.NDocs {
		t.Fatalf("%s: %d docs, %d targets, %d filenames; scikit-learn has %d", name, len(b.Data), len(b.Target), len(b.Filenames), r.NDocs)
	}
	if !slices.Equal(b.TargetNames, r.TargetNames) {
		t.Errorf("%s: TargetNames = %v, scikit-learn has %v", name, b.TargetNames, r.TargetNames)
	}
	if got := b.Target[:len(r.TargetHead)]; !slices.Equal(got, r.TargetHead) {
		t.Errorf("%s: Target head = %v, scikit-learn has %v", name, got, r.TargetHead)
	}
	if got := b.ShortNames()[:len(r.FilenamesHead)]; !slices.Equal(got, r.FilenamesHead) {
		t.Errorf("%s: Filenames head = %v, scikit-learn has %v", name, got, r.FilenamesHead)
	}
	// The lesson file holds the Python repr of the list; testdata a list.
	var wantSums []string
	switch v := r.DataSHA256Head.(type) {
	case string:
		wantSums = hexRE.FindAllString(v, -1)
	case []any:
		for _, s := range v {
			wantSums = append(wantSums, s.(string))
		}
	}
	if len(wantSums) == 0 {
		t.Fatalf("%s: no data_sha256_head in the reference", name)
	}
	for i, want := range wantSums {
		sum := sha256.Sum256([]byte(b.Data[i]))
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("%s: SHA-256 of Data[%d] = %s, scikit-learn has %s", name, i, got, want)
		}
	}
	empty := 0
	for _, d := range b.Data {
		if pyStrip(d) == "" {
			empty++
		}
	}
	if empty != r.EmptyDocs {
		t.Errorf("%s: %d empty docs, scikit-learn has %d", name, empty, r.EmptyDocs)
	}
	if r.Digest != "" {
		if got := digest(b); got != r.Digest {
			t.Errorf("%s: digest of all posts = %s, scikit-learn's is %s", name, got, r.Digest)
		}
	}
	for i, f := range b.Filenames {
		if b.Target[i] < 0 || b.Target[i] >= len(b.TargetNames) {
			t.Fatalf("%s: Target[%d] = %d out of range", name, i, b.Target[i])
		}
		if want := b.TargetNames[b.Target[i]]; filepath.Base(filepath.Dir(f)) != want {
			t.Fatalf("%s: Filenames[%d] = %s is not in category %s", name, i, f, want)
		}
	}
}

// TestLessonReference checks the three cases of the project's reference
// file (scikit-learn 1.2.1 on the lesson's categories).
func TestLessonReference(t *testing.T) {
	base := sharedOptions(t)
	raw, err := os.ReadFile(testenv.Reference(t))
	if err != nil {
		t.Fatal(err)
	}
	var refs []reference
	if err := json.Unmarshal(raw, &refs); err != nil {
		t.Fatal(err)
	}
	if len(refs) != 3 {
		t.Fatalf("reference file has %d cases, want 3", len(refs))
	}
	for _, r := range refs {
		b, err := Fetch(r.options(base))
		if err != nil {
			t.Fatalf("%s: %v", r.Case.Name, err)
		}
		checkReference(t, r.Case.Name, b, &r)
	}
}

// TestScikitLearnCases checks cases outside the reference file, recorded
// from scikit-learn 1.2.1 by testdata/gen_expected.py: every subset, each
// stripper alone and together over all 18,846 posts, other categories,
// other seeds and no shuffle. Each carries a digest of every post.
func TestScikitLearnCases(t *testing.T) {
	base := sharedOptions(t)
	raw, err := os.ReadFile(filepath.Join("testdata", "sklearn_cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		Cases []reference
	}
	if err := json.Unmarshal(raw, &fx); err != nil {
		t.Fatal(err)
	}
	if len(fx.Cases) < 10 {
		t.Fatalf("only %d cases in the fixture", len(fx.Cases))
	}
	for _, r := range fx.Cases {
		t.Run(r.Case.Name, func(t *testing.T) {
			b, err := Fetch(r.options(base))
			if err != nil {
				t.Fatal(err)
			}
			checkReference(t, r.Case.Name, b, &r)
		})
	}
}

// TestArchiveSHA256 checks that a Bunch names the archive it came from by
// the archive file's own SHA-256, both when the cache is built and when it
// is read back.
func TestArchiveSHA256(t *testing.T) {
	o := Options{DataHome: t.TempDir(), Archive: testenv.Archive(t), Categories: []string{"sci.space"}, Progress: io.Discard}
	raw, err := os.ReadFile(o.Archive)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	want := hex.EncodeToString(sum[:])
	for _, pass := range []string{"building the cache", "reading the cache"} {
		b, err := Fetch(o)
		if err != nil {
			t.Fatal(err)
		}
		if b.ArchiveSHA256 != want {
			t.Errorf("%s: ArchiveSHA256 = %q, the archive's SHA-256 is %q", pass, b.ArchiveSHA256, want)
		}
	}
}

// TestArchivePath checks the rules by which Fetch finds the archive:
// Options.Archive, else $TOPICMODEL_ARCHIVE, else the data home's copy.
func TestArchivePath(t *testing.T) {
	for _, c := range []struct {
		name      string
		opts      Options
		env, want string
	}{
		{"given", Options{Archive: "/a/x.tar.gz", DataHome: "/h"}, "/e/y.tar.gz", "/a/x.tar.gz"},
		{"environment", Options{DataHome: "/h"}, "/e/y.tar.gz", "/e/y.tar.gz"},
		{"data home", Options{DataHome: "/h"}, "", "/h/20news-bydate.tar.gz"},
	} {
		t.Setenv(EnvArchive, c.env)
		got, err := ArchivePath(c.opts)
		if err != nil || got != filepath.FromSlash(c.want) {
			t.Errorf("%s: ArchivePath = %q, %v; want %q", c.name, got, err, c.want)
		}
	}
}
