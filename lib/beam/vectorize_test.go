package beam

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/fastai-go/topicmodel/datasets/newsgroups"
	"github.com/fastai-go/topicmodel/internal/testenv"
	"github.com/fastai-go/topicmodel/lib/sparse"
	"github.com/fastai-go/topicmodel/lib/text"
)

func TestMain(m *testing.M) {
	flag.Parse()
	beam.Init()
	os.Exit(m.Run())
}

// writeShards writes docs to n JSON Lines files in dir, split into
// contiguous runs of nearly equal size (shard i holds docs[i·len/n :
// (i+1)·len/n], so some may be empty), and returns them as Shards.
func writeShards(t *testing.T, dir string, docs []string, n int) []Shard {
	t.Helper()
	shards := make([]Shard, n)
	for i := range n {
		lo, hi := i*len(docs)/n, (i+1)*len(docs)/n
		path := filepath.Join(dir, fmt.Sprintf("docs-%02d.jsonl", i))
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		enc := json.NewEncoder(f)
		for _, d := range docs[lo:hi] {
			if err := enc.Encode(map[string]string{"text": d}); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		shards[i] = Shard{Index: i, Path: path}
	}
	return shards
}

var (
	newsOnce sync.Once
	newsDocs []string
	newsErr  error
)

// newsgroupsDocs returns the first n posts of the lesson's four categories
// (headers, footers and quotes removed). Without the archive
// (internal/testenv finds it) the test is skipped, or fails under CI.
func newsgroupsDocs(t *testing.T, n int) []string {
	t.Helper()
	archive := testenv.Archive(t) // skips, or fails under CI, without it
	newsOnce.Do(func() {
		home, err := os.MkdirTemp("", "beam-news-")
		if err != nil {
			newsErr = err
			return
		}
		defer os.RemoveAll(home)
		b, err := newsgroups.Fetch(newsgroups.Options{
			Categories: []string{"alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"},
			Remove:     []string{"headers", "footers", "quotes"},
			Archive:    archive,
			DataHome:   home,
			Progress:   io.Discard,
		})
		if err != nil {
			newsErr = err
			return
		}
		newsDocs = b.Data
	})
	if newsErr != nil {
		t.Fatal(newsErr)
	}
	if n > len(newsDocs) {
		n = len(newsDocs)
	}
	return newsDocs[:n]
}

// smallDocs is a corpus that needs no download: repeated and unique terms,
// stop words, case, non-ASCII letters, an empty document and one holding
// only stop words.
var smallDocs = []string{
	"The cat sat on the mat. The CAT!",
	"Dogs and cats: a café in Zürich, ΟΔΟΣ and οδος.",
	"",
	"the and of",
	"Mat mat mat, cat dog dog_house 42 4 x",
	"Σίσυφος pushes the stone; the stone rolls back 42 times",
	"cats dogs mats café café",
}

// checkSameAsText runs the vectorize pipeline on docs split into nShards
// and compares its vocabulary and every row, exactly, with
// text.CountVectorizer's FitTransform of docs with the same options.
func checkSameAsText(t *testing.T, docs []string, nShards int, cv text.CountVectorizer) time.Duration {
	t.Helper()
	dir := t.TempDir()
	shards := writeShards(t, dir, docs, nShards)

	want := cv // a copy: the options only
	start := time.Now()
	wantM, err := want.FitTransform(docs)
	if err != nil {
		t.Fatalf("text.CountVectorizer: %v", err)
	}
	t.Logf("in memory: %v", time.Since(start))

	start = time.Now()
	res, err := Vectorize(context.Background(), shards, VectorizeOptions{Count: cv, OutDir: filepath.Join(dir, "out")}, RunOptions{})
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("Vectorize: %v", err)
	}
	gotM, err := ReadRows(res.Paths())
	if err != nil {
		t.Fatalf("ReadRows: %v", err)
	}

	wantV := want.Vocabulary()
	if len(res.Vocabulary.Terms) != len(wantV) {
		t.Fatalf("vocabulary has %d terms, want %d", len(res.Vocabulary.Terms), len(wantV))
	}
	for i, w := range wantV {
		if res.Vocabulary.Terms[i] != w {
			t.Fatalf("term %d = %q, want %q", i, res.Vocabulary.Terms[i], w)
		}
	}
	// Document frequencies: the stored entries of each column of the
	// in-memory matrix (lib/text does not export its DF).
	df := make([]int64, len(wantV))
	for _, j := range wantM.Indices() {
		df[j]++
	}
	for j := range df {
		if res.Vocabulary.DF[j] != df[j] {
			t.Fatalf("DF of %q = %d, want %d", wantV[j], res.Vocabulary.DF[j], df[j])
		}
	}
	if res.Vocabulary.NDocs != len(docs) {
		t.Errorf("NDocs = %d, want %d", res.Vocabulary.NDocs, len(docs))
	}
	if len(res.Shards) != nShards {
		t.Errorf("%d row shards, want %d", len(res.Shards), nShards)
	}
	sameCSR(t, gotM, wantM)
	return elapsed
}

// sameCSR reports whether got and want have the same shape and the same
// stored entries. Counts are small integers, exact in float64, so they are
// compared exactly.
func sameCSR(t *testing.T, got, want *sparse.CSR) {
	t.Helper()
	gr, gc := got.Dims()
	wr, wc := want.Dims()
	if gr != wr || gc != wc {
		t.Fatalf("matrix is %d×%d, want %d×%d", gr, gc, wr, wc)
	}
	for i := range wr {
		gi, gd := got.Row(i)
		wi, wd := want.Row(i)
		if len(gi) != len(wi) {
			t.Fatalf("row %d has %d entries, want %d", i, len(gi), len(wi))
		}
		for k := range wi {
			if gi[k] != wi[k] || gd[k] != wd[k] {
				t.Fatalf("row %d entry %d = (col %d, %g), want (col %d, %g)", i, k, gi[k], gd[k], wi[k], wd[k])
			}
		}
	}
}

func vectorizerCases() []struct {
	name string
	cv   text.CountVectorizer
} {
	return []struct {
		name string
		cv   text.CountVectorizer
	}{
		{"defaults", text.CountVectorizer{}},
		{"stop words, MinDF 2, MaxDF 0.5", text.CountVectorizer{StopWords: text.EnglishStopWords(), MinDF: text.Docs(2), MaxDF: text.Fraction(0.5)}},
		{"KeepCase, Binary, MaxFeatures", text.CountVectorizer{KeepCase: true, Binary: true, MaxFeatures: 7}},
	}
}

func TestVectorizeSmall(t *testing.T) {
	for _, tc := range vectorizerCases() {
		for _, n := range []int{1, 3, 8} { // 8 shards of 7 documents: one is empty
			t.Run(fmt.Sprintf("%s/%d shards", tc.name, n), func(t *testing.T) {
				d := checkSameAsText(t, smallDocs, n, tc.cv)
				t.Logf("Prism pipeline: %v", d)
			})
		}
	}
}

func TestVectorizeNewsgroups(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Prism on 300 posts")
	}
	docs := newsgroupsDocs(t, 300)
	cases := vectorizerCases()
	cases[2].cv.MaxFeatures = 1000 // of about 9,000 terms
	for _, tc := range cases {
		for _, n := range []int{1, 3} {
			t.Run(fmt.Sprintf("%s/%d shards", tc.name, n), func(t *testing.T) {
				d := checkSameAsText(t, docs, n, tc.cv)
				t.Logf("Prism pipeline: %v", d)
			})
		}
	}
}

func TestVectorizeErrors(t *testing.T) {
	dir := t.TempDir()
	shards := writeShards(t, dir, []string{"the and of", "a an"}, 2)
	for _, tc := range []struct {
		name   string
		shards []Shard
		o      VectorizeOptions
		want   string // in the error
	}{
		{"no shards", nil, VectorizeOptions{OutDir: dir}, "no shards"},
		{"no OutDir", shards, VectorizeOptions{}, "no OutDir"},
		{"shards out of order", []Shard{shards[1], shards[0]}, VectorizeOptions{OutDir: dir}, "index order"},
		{"only stop words", shards, VectorizeOptions{OutDir: filepath.Join(dir, "o"), Count: text.CountVectorizer{StopWords: text.EnglishStopWords()}}, "empty vocabulary"},
		{"MaxDF below MinDF", shards, VectorizeOptions{OutDir: filepath.Join(dir, "o1"), Count: text.CountVectorizer{MinDF: text.Docs(2), MaxDF: text.Fraction(0.1)}}, "fewer documents than MinDF"},
		{"missing file", []Shard{{Path: filepath.Join(dir, "none.jsonl")}}, VectorizeOptions{OutDir: filepath.Join(dir, "o2")}, "no such file"},
		{"unknown runner", shards, VectorizeOptions{OutDir: filepath.Join(dir, "o3")}, "unknown runner"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := RunOptions{}
			if tc.name == "unknown runner" {
				r.Runner = "nosuch"
			}
			_, err := Vectorize(context.Background(), tc.shards, tc.o, r)
			if err == nil {
				t.Fatalf("no error, want one that says %q", tc.want)
			}
			// The first line names the cause, not Beam's plan of the bundle.
			first, _, _ := strings.Cut(err.Error(), "\n")
			if !strings.Contains(first, tc.want) {
				t.Errorf("error begins %q, want one that says %q", first, tc.want)
			}
		})
	}
}
