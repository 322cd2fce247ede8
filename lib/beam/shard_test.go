package beam

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/fastai-go/topicmodel/datasets/files"
	"github.com/fastai-go/topicmodel/lib/text"
)

func TestSplitLines(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"a", []string{"a"}},
		{"a\n", []string{"a"}},
		{"a\r\nb", []string{"a", "b"}},
		{"\n", []string{""}},
		{"a\n\nb\n", []string{"a", "", "b"}},
		{"a\r\r\n", []string{"a\r"}},
		{"a\n\n", []string{"a", ""}},
	} {
		if got := splitLines(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("splitLines(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// latin1 returns the ISO-8859-1 bytes of s, whose code points are all
// below U+0100.
func latin1(s string) []byte {
	var b []byte
	for _, r := range s {
		if r > 0xff {
			panic(fmt.Sprintf("%q is not Latin-1", r))
		}
		b = append(b, byte(r))
	}
	return b
}

// TestVectorizeShardFormats vectorizes a corpus held in shards of every
// form (JSON Lines; one document per line, CRLF, Latin-1; a folder of
// files whose Python order is not their creation order; empty ones of
// each) and compares it with the in-memory vectorizers on the
// concatenated documents.
func TestVectorizeShardFormats(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	jsonl := func(docs ...string) []byte {
		var b []byte
		for _, d := range docs {
			line, _ := json.Marshal(map[string]string{"body": d})
			b = append(append(b, line...), '\n')
		}
		return b
	}
	docs := []string{
		"The cat sat on the mat. The CAT!",
		"Dogs and cats: a café in Zürich, ΟΔΟΣ and οδος.",
		"", // an empty line
		"the and of",
		"Mat mat mat, cat dog dog_house 42 4 x", // file "10" of the folder
		"Σίσυφος pushes the stone\nback\r\n42 times", // file "9": whole files keep their newlines
		"cats dogs mats café Zürich café",
	}
	if err := os.MkdirAll(filepath.Join(dir, "empty-folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	write("folder/9", []byte(docs[5]))
	write("folder/10", []byte(docs[4])) // "10" sorts before "9"
	shards := []Shard{
		{Path: write("a.jsonl", jsonl(docs[0], docs[1])), TextField: "body"},
		{Path: write("b.txt", []byte(docs[2]+"\r\n"+docs[3]+"\r\n")), Format: "lines"},
		{Path: write("empty.txt", nil), Format: "lines"},
		{Path: filepath.Join(dir, "folder")}, // a folder: Format "folder" by default
		{Path: filepath.Join(dir, "empty-folder"), Format: "folder"},
		{Path: write("c.txt", latin1(docs[6])), Format: "lines", Encoding: "latin-1"},
		{Path: write("empty.jsonl", nil)},
	}
	for i := range shards {
		shards[i].Index = i
	}
	for _, o := range []VectorizeOptions{
		{},
		{Count: text.CountVectorizer{StopWords: text.EnglishStopWords()}, TfIdf: &TfIdfOptions{}},
	} {
		o.OutDir = t.TempDir()
		checkSame(t, docs, shards, o)
	}
}

// TestVectorizeFolderTree checks the documented way to shard a folder of
// category folders: its categories as folder shards, in sorted order, give
// the corpus files.LoadFolder loads without shuffling.
func TestVectorizeFolderTree(t *testing.T) {
	tree := t.TempDir()
	files_ := map[string]string{
		"b/02": "beta two alpha", "b/10": "beta ten", "b/1": "beta one beta",
		"Z/x": "zed ex", "Z/é": "zed accent alpha",
		"a/only": "alpha alone",
	}
	for name, d := range files_ {
		p := filepath.Join(tree, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(d), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := files.LoadFolder(tree, files.FolderOptions{NoShuffle: true})
	if err != nil {
		t.Fatal(err)
	}
	var shards []Shard
	for i, cat := range b.TargetNames { // sorted as LoadFolder sorts them: Z, a, b
		shards = append(shards, Shard{Index: i, Path: filepath.Join(tree, cat)})
	}
	checkSame(t, b.Data, shards, VectorizeOptions{TfIdf: &TfIdfOptions{SublinearTF: true}, OutDir: t.TempDir()})
}
