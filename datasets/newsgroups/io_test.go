package newsgroups

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// fakeFile is one entry of a small stand-in archive.
type fakeFile struct {
	name string // e.g. "20news-bydate-train/b.cat/10"
	body string // raw bytes (Latin-1)
}

// fakeArchive builds a gzipped tar holding dirs (as directory entries) and files.
func fakeArchive(t testing.TB, dirs []string, files []fakeFile) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, d := range dirs {
		if err := tw.WriteHeader(&tar.Header{Name: d + "/", Typeflag: tar.TypeDir, Mode: 0o755}); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range files {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(f.body))}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(f.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// smallCorpus is a stand-in with 3 categories: 5 train and 3 test posts.
// File names sort as strings ("10" < "9"); one post holds Latin-1 bytes;
// c.empty has no test posts.
func smallCorpus(t testing.TB) []byte {
	dirs := []string{"20news-bydate-train", "20news-bydate-test"}
	for _, s := range dirs[:2] {
		for _, c := range []string{"a.one", "b.two", "c.empty"} {
			dirs = append(dirs, s+"/"+c)
		}
	}
	files := []fakeFile{
		{"20news-bydate-train/b.two/9", "From: x\n\nnine"},
		{"20news-bydate-train/b.two/10", "From: x\n\nten\n-- \nsig"},
		{"20news-bydate-train/a.one/1", "From: y\n\ncaf\xe9 \xa0ok"},
		{"20news-bydate-train/a.one/2", "From: y\n\n> quoted\nreply"},
		{"20news-bydate-train/c.empty/5", "only header"},
		{"20news-bydate-test/a.one/3", "From: z\n\nthree"},
		{"20news-bydate-test/b.two/4", "From: z\n\nfour"},
		{"20news-bydate-test/b.two/6", "From: z\n\nsix"},
		{"20news-bydate-train/README", "ignored, like load_files does"},
	}
	return fakeArchive(t, dirs, files)
}

// useFakeCanonical makes data the canonical archive (checksum, structure
// and URL) for the duration of the test.
func useFakeCanonical(t *testing.T, data []byte, url string) {
	t.Helper()
	sum := sha256.Sum256(data)
	oldURL, oldSum, oldCats, oldFiles := archiveURL, archiveSHA256, wantCategories, wantFiles
	archiveURL, archiveSHA256, wantCategories, wantFiles = url, hex.EncodeToString(sum[:]), 3, [2]int{5, 3}
	t.Cleanup(func() {
		archiveURL, archiveSHA256, wantCategories, wantFiles = oldURL, oldSum, oldCats, oldFiles
	})
	t.Setenv(EnvArchive, "")
	t.Setenv(EnvDataHome, "")
	t.Setenv(EnvURL, "")
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFetchSmallArchive(t *testing.T) {
	data := smallCorpus(t)
	useFakeCanonical(t, data, "http://invalid.invalid/")
	archive := writeTemp(t, archiveName, data)
	home := t.TempDir()
	b, err := Fetch(Options{DataHome: home, Archive: archive, NoShuffle: true, Progress: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a.one", "b.two", "c.empty"}; !slices.Equal(b.TargetNames, want) {
		t.Errorf("TargetNames = %v, want %v", b.TargetNames, want)
	}
	// load_files order (sorted: a.one/1 a.one/2 b.two/10 b.two/9 c.empty/5)
	// shuffled with RandomState(0): permutation(5) = [2 0 1 3 4].
	wantNames := []string{"b.two/10", "a.one/1", "a.one/2", "b.two/9", "c.empty/5"}
	if got := b.ShortNames(); !slices.Equal(got, wantNames) {
		t.Errorf("files = %v, want %v", got, wantNames)
	}
	if want := []int{1, 0, 0, 1, 2}; !slices.Equal(b.Target, want) {
		t.Errorf("Target = %v, want %v", b.Target, want)
	}
	if want := "From: y\n\ncaf\u00e9 \u00a0ok"; b.Data[1] != want {
		t.Errorf("Latin-1 post = %q, want %q", b.Data[1], want)
	}
	if want := "20news-bydate-train/b.two/10"; b.Filenames[0] != want {
		t.Errorf("Filenames[0] = %q, want %q", b.Filenames[0], want)
	}

	// Categories in any order; labels in sorted order; stripping.
	b, err = Fetch(Options{DataHome: home, Archive: archive, NoShuffle: true, Progress: io.Discard,
		Categories: []string{"b.two", "a.one"}, Remove: []string{"quotes", "footers", "headers"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"ten", "caf\u00e9 \u00a0ok", "reply", "nine"}; !slices.Equal(b.Data, want) {
		t.Errorf("stripped Data = %q, want %q", b.Data, want)
	}
	if want := []int{1, 0, 0, 1}; !slices.Equal(b.Target, want) {
		t.Errorf("Target = %v, want %v", b.Target, want)
	}

	// Subset "all": train then test, then shuffled as one.
	b, err = Fetch(Options{DataHome: home, Archive: archive, Subset: "all", Progress: io.Discard, NoShuffle: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Data) != 8 || !strings.HasPrefix(b.Filenames[5], "20news-bydate-test/") {
		t.Errorf("subset all: %d posts, Filenames %v", len(b.Data), b.Filenames)
	}
}

func TestFetchBadInput(t *testing.T) {
	data := smallCorpus(t)
	useFakeCanonical(t, data, "http://invalid.invalid/")
	archive := writeTemp(t, archiveName, data)
	home := t.TempDir()
	base := Options{DataHome: home, Archive: archive, Progress: io.Discard}
	for _, c := range []struct {
		name string
		edit func(*Options)
		want string
	}{
		{"unknown category", func(o *Options) { o.Categories = []string{"a.one", "sci.nope"} }, `unknown category "sci.nope"; the categories are a.one, b.two, c.empty`},
		{"duplicate category", func(o *Options) { o.Categories = []string{"a.one", "a.one"} }, "listed twice"},
		{"unknown subset", func(o *Options) { o.Subset = "validation" }, `unknown subset "validation" (want train, test or all)`},
		{"unknown remove", func(o *Options) { o.Remove = []string{"signatures"} }, `unknown Remove value "signatures"`},
		{"empty selection", func(o *Options) { o.Subset = "test"; o.Categories = []string{"c.empty"} }, "holds no posts"},
		{"missing archive", func(o *Options) { o.Archive = filepath.Join(home, "nope.tar.gz") }, "nope.tar.gz (from Options.Archive or $TOPICMODEL_ARCHIVE) does not exist: point it at a copy of 20news-bydate.tar.gz, or leave both empty to download it"},
		{"missing archive, no cache yet", func(o *Options) { o.DataHome = t.TempDir(); o.Archive = filepath.Join(home, "nope.tar.gz") }, "does not exist: point it at a copy of 20news-bydate.tar.gz"},
		{"unwritable data home", func(o *Options) { o.DataHome = filepath.Join(archive, "sub") }, "cannot create the data home"},
	} {
		o := base
		c.edit(&o)
		_, err := Fetch(o)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

func TestArchiveChecks(t *testing.T) {
	data := smallCorpus(t)
	useFakeCanonical(t, data, "http://invalid.invalid/")
	home := t.TempDir()

	// Another checksum but the right structure: accepted.
	other := fakeArchive(t, nil, []fakeFile{
		{"20news-bydate-train/a/1", "x"}, {"20news-bydate-train/a/2", "x"}, {"20news-bydate-train/b/1", "x"},
		{"20news-bydate-train/c/1", "x"}, {"20news-bydate-train/c/2", "x"},
		{"20news-bydate-test/a/1", "x"}, {"20news-bydate-test/b/1", "x"}, {"20news-bydate-test/c/1", "x"},
	})
	if _, err := Fetch(Options{DataHome: home, Archive: writeTemp(t, "other.tar.gz", other), Progress: io.Discard}); err != nil {
		t.Errorf("archive with the canonical structure refused: %v", err)
	}

	// Another checksum and another structure: refused, no cache written.
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"wrong structure", fakeArchive(t, nil, []fakeFile{{"20news-bydate-train/a/1", "x"}, {"20news-bydate-test/a/1", "x"}}), "category folders instead of 3"},
		{"no test folder", fakeArchive(t, nil, []fakeFile{{"20news-bydate-train/a/1", "x"}}), "no 20news-bydate-test folder"},
		{"truncated", data[:len(data)/2], "truncated"},
		{"truncated: says to delete it", data[:len(data)/2], "delete it"},
		{"not gzip", []byte("<html>not found</html>"), "not gzip data"},
		{"nested", fakeArchive(t, nil, []fakeFile{{"20news-bydate-train/a/b/1", "x"}}), "unexpected nested file"},
	} {
		dir := t.TempDir()
		_, err := Fetch(Options{DataHome: dir, Archive: writeTemp(t, "bad.tar.gz", c.data), Progress: io.Discard})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%s: left %v in the data home", c.name, entries)
		}
	}
}

func TestCacheRebuilt(t *testing.T) {
	data := smallCorpus(t)
	useFakeCanonical(t, data, "http://invalid.invalid/")
	archive := writeTemp(t, archiveName, data)
	home := t.TempDir()
	o := Options{DataHome: home, Archive: archive, Subset: "all", Progress: io.Discard}
	want, err := Fetch(o)
	if err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(home, cacheName)
	good, err := os.ReadFile(cache)
	if err != nil {
		t.Fatal(err)
	}
	damages := map[string]func([]byte) []byte{
		"truncated":     func(b []byte) []byte { return b[:len(b)-3] },
		"header only":   func(b []byte) []byte { return b[:headerBytes] },
		"empty":         func(b []byte) []byte { return nil },
		"garbage":       func(b []byte) []byte { return []byte("not a cache at all, really not") },
		"last text bit": func(b []byte) []byte { b[len(b)-1] ^= 1; return b },
		"index bit":     func(b []byte) []byte { b[headerBytes+60] ^= 0x10; return b },
		"header bit":    func(b []byte) []byte { b[9] ^= 1; return b },
		"longer":        func(b []byte) []byte { return append(b, 0) },
	}
	for name, damage := range damages {
		bad := damage(slices.Clone(good))
		if err := os.WriteFile(cache, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		var progress bytes.Buffer
		o.Progress = &progress
		got, err := Fetch(o)
		if err != nil {
			t.Errorf("%s cache: %v", name, err)
			continue
		}
		if !slices.Equal(got.Data, want.Data) || !slices.Equal(got.Filenames, want.Filenames) {
			t.Errorf("%s cache: data differ after the rebuild", name)
		}
		if !strings.Contains(progress.String(), "rebuilding") {
			t.Errorf("%s cache: no rebuild reported (%q)", name, progress.String())
		}
		if now, _ := os.ReadFile(cache); !bytes.Equal(now, good) {
			t.Errorf("%s cache: not rewritten", name)
		}
	}

	// A copy of the same archive (another time stamp) reuses the cache.
	var progress bytes.Buffer
	o.Archive, o.Progress = writeTemp(t, "copy.tar.gz", data), &progress
	if _, err := Fetch(o); err != nil {
		t.Fatal(err)
	}
	if progress.Len() != 0 {
		t.Errorf("a copy of the archive caused a rebuild: %q", progress.String())
	}

	// A cache made from another archive is rebuilt from the one named.
	other := fakeArchive(t, nil, []fakeFile{
		{"20news-bydate-train/a/1", "new"}, {"20news-bydate-train/a/2", "x"}, {"20news-bydate-train/b/1", "x"},
		{"20news-bydate-train/c/1", "x"}, {"20news-bydate-train/c/2", "x"},
		{"20news-bydate-test/a/1", "x"}, {"20news-bydate-test/b/1", "x"}, {"20news-bydate-test/c/1", "x"},
	})
	o.Archive, o.Progress = writeTemp(t, "other.tar.gz", other), io.Discard
	got, err := Fetch(o)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.TargetNames, []string{"a", "b", "c"}) {
		t.Errorf("stale cache used: TargetNames = %v", got.TargetNames)
	}
}

func TestShortName(t *testing.T) {
	for in, want := range map[string]string{
		"/tmp/x/20news-bydate-train/sci.space/61092": "sci.space/61092",
		"20news-bydate-test/a/1":                     "a/1",
		"a/1":                                        "a/1",
		"1":                                          "1",
	} {
		if got := ShortName(in); got != want {
			t.Errorf("ShortName(%q) = %q, want %q", in, got, want)
		}
	}
}
