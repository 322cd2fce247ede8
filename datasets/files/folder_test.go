package files

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/fastai-go/topicmodel/lib/nprand"
)

const tree = "testdata/tree"

// relNames returns the file names relative to root, with slashes.
func relNames(t *testing.T, root string, names []string) []string {
	t.Helper()
	out := make([]string, len(names))
	for i, n := range names {
		r, err := filepath.Rel(root, n)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = filepath.ToSlash(r)
	}
	return out
}

func checkBunch(t *testing.T, root string, b *Bunch, want folderCase) {
	t.Helper()
	if !slices.Equal(b.TargetNames, want.TargetNames) {
		t.Errorf("TargetNames = %q, want %q", b.TargetNames, want.TargetNames)
	}
	if got := relNames(t, root, b.Filenames); !slices.Equal(got, want.Filenames) {
		t.Errorf("Filenames = %q\nwant %q", got, want.Filenames)
	}
	if !slices.Equal(b.Target, want.Target) {
		t.Errorf("Target = %v, want %v", b.Target, want.Target)
	}
	if len(b.Data) != len(want.Data) {
		t.Fatalf("%d documents, want %d", len(b.Data), len(want.Data))
	}
	for i := range want.Data {
		if b.Data[i] != want.Data[i] {
			t.Errorf("Data[%d] (%s) = %+q, want %+q", i, want.Filenames[i], b.Data[i], want.Data[i])
		}
	}
	if b.Lines != nil {
		t.Errorf("Lines = %v, want nil for a folder", b.Lines)
	}
}

// TestLoadFolderMatchesLoadFiles compares LoadFolder with scikit-learn's
// load_files on testdata/tree under each encoding and shuffle setting.
func TestLoadFolderMatchesLoadFiles(t *testing.T) {
	e := loadExpected(t)
	if len(e.FolderCases) != 6 {
		t.Fatalf("%d folder cases in the fixture, want 6", len(e.FolderCases))
	}
	for _, c := range e.FolderCases {
		t.Run(c.Name, func(t *testing.T) {
			enc, err := ParseEncoding(c.Encoding)
			if err != nil {
				t.Fatal(err)
			}
			opts := FolderOptions{Encoding: enc, NoShuffle: !c.Shuffle}
			if c.RandomState != 0 {
				opts.Rand = nprand.New(c.RandomState)
			}
			b, err := LoadFolder(tree, opts)
			if err != nil {
				t.Fatal(err)
			}
			checkBunch(t, tree, b, c)
		})
	}
}

// copyTree copies testdata/tree into a temporary folder.
func copyTree(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "tree")
	if err := os.CopyFS(dst, os.DirFS(tree)); err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestLoadFolderEmptyCategory(t *testing.T) {
	e := loadExpected(t)
	for _, c := range e.ExtraCases {
		if c.Name != "empty-category" {
			continue
		}
		root := copyTree(t)
		if err := os.Mkdir(filepath.Join(root, c.AddDir), 0o755); err != nil {
			t.Fatal(err)
		}
		b, err := LoadFolder(root, FolderOptions{})
		if err != nil {
			t.Fatal(err)
		}
		checkBunch(t, root, b, c.folderCase)
		return
	}
	t.Fatal("no empty-category case in the fixture")
}

func TestLoadFolderNestedFolder(t *testing.T) {
	e := loadExpected(t)
	for _, c := range e.ExtraCases {
		if c.Name != "nested-folder" {
			continue
		}
		if c.Error == nil || *c.Error != "IsADirectoryError" {
			t.Fatalf("the fixture says load_files gives %v on a nested folder", c.Error)
		}
		root := copyTree(t)
		if err := os.MkdirAll(filepath.Join(root, c.AddDir), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, c.AddFile), []byte("deep"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := LoadFolder(root, FolderOptions{})
		if err == nil || !strings.Contains(err.Error(), filepath.Join(root, c.ErrorPath)) || !strings.Contains(err.Error(), "is a folder inside a category folder") {
			t.Errorf("nested folder: err = %v; want an error naming %s as a folder", err, c.ErrorPath)
		}
		return
	}
	t.Fatal("no nested-folder case in the fixture")
}

// TestLoadFolderOddNames checks the order of file names that are not valid
// UTF-8 against load_files (Python sorts their surrogateescape decoding).
func TestLoadFolderOddNames(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("file names that are not valid UTF-8 need a Linux file system")
	}
	e := loadExpected(t)
	for _, c := range e.ExtraCases {
		if c.Name != "odd-names" {
			continue
		}
		root := t.TempDir()
		if err := os.Mkdir(filepath.Join(root, "c"), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, h := range c.NamesHex {
			n, _ := hex.DecodeString(h)
			if err := os.WriteFile(filepath.Join(root, "c", string(n)), n, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		b, err := LoadFolder(root, FolderOptions{NoShuffle: true, Encoding: Latin1})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range relNames(t, root, b.Filenames) {
			got = append(got, hex.EncodeToString([]byte(f)))
		}
		if !slices.Equal(got, c.FilenamesHx) {
			t.Errorf("order %q\nwant  %q", got, c.FilenamesHx)
		}
		for i, d := range b.Data {
			want, _ := hex.DecodeString(c.DataHex[i])
			if d != Latin1.Decode(want) {
				t.Errorf("Data[%d] = %+q, want the bytes %x", i, d, want)
			}
		}
		return
	}
	t.Fatal("no odd-names case in the fixture")
}

func TestCompareNames(t *testing.T) {
	// Python: sorted(x.decode("utf-8", "surrogateescape") for x in ...)
	sorted := []string{"", "B", "a", "b", "b\u20ac", "b\xe2\x82", "\u00e9", "\ud7ff", "\x80", "\xed\xa0\x80", "\xff", "\ue000", "\U0001F600"}
	for i := range sorted {
		for j := range sorted {
			got := compareNames(sorted[i], sorted[j])
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			if got != want {
				t.Errorf("compareNames(%+q, %+q) = %d, want %d", sorted[i], sorted[j], got, want)
			}
		}
	}
}

func TestLoadFolderErrors(t *testing.T) {
	noCats := t.TempDir()
	os.WriteFile(filepath.Join(noCats, "a.txt"), []byte("x"), 0o644)
	noFiles := t.TempDir()
	os.Mkdir(filepath.Join(noFiles, "cat"), 0o755)
	file := filepath.Join(t.TempDir(), "file.txt")
	os.WriteFile(file, []byte("x"), 0o644)
	broken := t.TempDir()
	os.Mkdir(filepath.Join(broken, "cat"), 0o755)
	os.Symlink(filepath.Join(broken, "nowhere"), filepath.Join(broken, "cat", "link"))

	for _, test := range []struct {
		name, dir string
		opts      FolderOptions
		want      []string
	}{
		{"missing", filepath.Join(noCats, "nope"), FolderOptions{}, []string{"nope does not exist", "one sub-folder per category"}},
		{"no categories", noCats, FolderOptions{}, []string{"has no sub-folders", "1 other entries", "CATEGORY/FILE"}},
		{"no files", noFiles, FolderOptions{}, []string{"the 1 category folders", "hold no files"}},
		{"a file", file, FolderOptions{}, []string{"is a file, not a folder", "LoadJSONL"}},
		{"broken link", broken, FolderOptions{}, []string{filepath.Join(broken, "cat", "link"), "broken symbolic link"}},
		{"bad encoding", noFiles, FolderOptions{Encoding: 7}, []string{"unknown Encoding(7)"}},
	} {
		b, err := LoadFolder(test.dir, test.opts)
		if err == nil {
			t.Errorf("%s: no error, got %d documents", test.name, len(b.Data))
			continue
		}
		for _, w := range test.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", test.name, err, w)
			}
		}
	}
}

func TestLoadFolderUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files whatever their permissions")
	}
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "cat"), 0o755)
	name := filepath.Join(dir, "cat", "secret")
	os.WriteFile(name, []byte("x"), 0o000)
	_, err := LoadFolder(dir, FolderOptions{})
	if err == nil || !strings.Contains(err.Error(), name) {
		t.Errorf("unreadable file: err = %v, want one naming %s", err, name)
	}
}

// TestLoadFolderSymlinks follows links to folders (categories) and to
// files (documents), as os.path.isdir and read_bytes do.
func TestLoadFolderSymlinks(t *testing.T) {
	dir := t.TempDir()
	other := t.TempDir()
	os.Mkdir(filepath.Join(other, "real"), 0o755)
	os.WriteFile(filepath.Join(other, "real", "doc"), []byte("linked doc"), 0o644)
	os.WriteFile(filepath.Join(other, "file"), []byte("linked file"), 0o644)
	if err := os.Symlink(filepath.Join(other, "real"), filepath.Join(dir, "cat")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	os.Mkdir(filepath.Join(dir, "b"), 0o755)
	os.Symlink(filepath.Join(other, "file"), filepath.Join(dir, "b", "f"))
	os.Symlink(filepath.Join(other, "file"), filepath.Join(dir, "toplink")) // a file: ignored
	b, err := LoadFolder(dir, FolderOptions{NoShuffle: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(b.TargetNames, []string{"b", "cat"}) || !slices.Equal(b.Data, []string{"linked file", "linked doc"}) || !slices.Equal(b.Target, []int{0, 1}) {
		t.Errorf("got %q %q %v", b.TargetNames, b.Data, b.Target)
	}
}

// TestReadFolderConcatenates checks that the category folders of the
// fixture tree, read one by one with ReadFolder in sorted order, give
// LoadFolder's unshuffled documents and file names (which
// TestLoadFolderMatchesLoadFiles checks against load_files).
func TestReadFolderConcatenates(t *testing.T) {
	for _, enc := range []Encoding{UTF8, Latin1} {
		want, err := LoadFolder(tree, FolderOptions{Encoding: enc, NoShuffle: true})
		if err != nil {
			t.Fatal(err)
		}
		var data, names []string
		for _, cat := range want.TargetNames {
			b, err := ReadFolder(filepath.Join(tree, cat), enc)
			if err != nil {
				t.Fatalf("%v: %v", enc, err)
			}
			if b.Target != nil || len(b.Filenames) != len(b.Data) {
				t.Errorf("%v %s: Target %v, %d file names for %d documents", enc, cat, b.Target, len(b.Filenames), len(b.Data))
			}
			data = append(data, b.Data...)
			names = append(names, b.Filenames...)
		}
		if !slices.Equal(data, want.Data) || !slices.Equal(names, want.Filenames) {
			t.Errorf("%v: the concatenated folders give %q, want %q", enc, names, want.Filenames)
		}
	}
}

func TestReadFolderErrors(t *testing.T) {
	dir := t.TempDir()
	if b, err := ReadFolder(dir, UTF8); err != nil || len(b.Data) != 0 {
		t.Errorf("empty folder: %v, %v; want no documents and no error", b, err)
	}
	nested := filepath.Join(dir, "nested")
	if err := os.MkdirAll(filepath.Join(nested, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		dir  string
		enc  Encoding
		want string
	}{
		{"missing", filepath.Join(dir, "none"), UTF8, "cannot list the folder of documents"},
		{"nested folder", nested, UTF8, "is a folder inside a category folder"},
		{"unknown encoding", dir, Encoding(9), "unknown"},
	} {
		_, err := ReadFolder(tc.dir, tc.enc)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}
