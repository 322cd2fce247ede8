package beam

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
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
// JSON Lines files and compares it with text.CountVectorizer's
// FitTransform of docs with the options cv; see checkSame.
func checkSameAsText(t *testing.T, docs []string, nShards int, cv text.CountVectorizer) time.Duration {
	t.Helper()
	dir := t.TempDir()
	return checkSame(t, docs, writeShards(t, dir, docs, nShards), VectorizeOptions{Count: cv, OutDir: filepath.Join(dir, "out")})
}

// checkSame runs the vectorize pipeline on shards, whose concatenation is
// docs, and compares its vocabulary, document frequencies and every row,
// exactly, with the in-memory vectorizer's FitTransform of docs with the
// same options: text.CountVectorizer, or text.TfidfVectorizer with o.TfIdf
// (then the idf weights too, bit for bit).
func checkSame(t *testing.T, docs []string, shards []Shard, o VectorizeOptions) time.Duration {
	t.Helper()
	var (
		wantM *sparse.CSR
		wantV []string
		idf   []float64
		err   error
	)
	start := time.Now()
	if o.TfIdf == nil {
		cv := o.Count // a copy: the options only
		wantM, err = cv.FitTransform(docs)
		wantV = cv.Vocabulary()
	} else {
		tv := text.TfidfVectorizer{CountVectorizer: o.Count, Norm: o.TfIdf.Norm, NoIDF: o.TfIdf.NoIDF, NoSmoothIDF: o.TfIdf.NoSmoothIDF, SublinearTF: o.TfIdf.SublinearTF}
		wantM, err = tv.FitTransform(docs)
		wantV, idf = tv.Vocabulary(), tv.IDF()
	}
	if err != nil {
		t.Fatalf("lib/text: %v", err)
	}
	t.Logf("in memory: %v", time.Since(start))

	start = time.Now()
	res, err := Vectorize(context.Background(), shards, o, RunOptions{})
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("Vectorize: %v", err)
	}
	gotM, err := ReadRows(res.Paths())
	if err != nil {
		t.Fatalf("ReadRows: %v", err)
	}

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
	if len(res.Vocabulary.IDF) != len(idf) {
		t.Fatalf("%d idf weights, want %d", len(res.Vocabulary.IDF), len(idf))
	}
	for j := range idf {
		if math.Float64bits(res.Vocabulary.IDF[j]) != math.Float64bits(idf[j]) {
			t.Fatalf("idf of %q = %v, want %v (bit for bit)", wantV[j], res.Vocabulary.IDF[j], idf[j])
		}
	}
	if res.Vocabulary.NDocs != len(docs) {
		t.Errorf("NDocs = %d, want %d", res.Vocabulary.NDocs, len(docs))
	}
	if len(res.Shards) != len(shards) {
		t.Errorf("%d row shards, want %d", len(res.Shards), len(shards))
	}
	sameCSR(t, gotM, wantM)
	return elapsed
}

// sameCSR reports whether got and want have the same shape and the same
// stored entries, compared exactly: counts are small integers, exact in
// float64, and tf-idf weights must have the same bits.
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
			if gi[k] != wi[k] || math.Float64bits(gd[k]) != math.Float64bits(wd[k]) {
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
	nested := filepath.Join(dir, "nested")
	if err := os.MkdirAll(filepath.Join(nested, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
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
		{"unknown Norm", shards, VectorizeOptions{OutDir: filepath.Join(dir, "o4"), TfIdf: &TfIdfOptions{Norm: 9}}, "unknown Norm"},
		{"unknown format", []Shard{{Path: shards[0].Path, Format: "csv"}}, VectorizeOptions{OutDir: filepath.Join(dir, "o5")}, `unknown Format "csv"`},
		{"unknown encoding", []Shard{{Path: shards[0].Path, Format: "lines", Encoding: "cp1252"}}, VectorizeOptions{OutDir: filepath.Join(dir, "o6")}, `unknown encoding "cp1252"`},
		{"lines from a folder", []Shard{{Path: dir, Format: "lines"}}, VectorizeOptions{OutDir: filepath.Join(dir, "o7")}, "is a folder, not a lines file"},
		{"folder from a file", []Shard{{Path: shards[0].Path, Format: "folder"}}, VectorizeOptions{OutDir: filepath.Join(dir, "o8")}, "is not a folder"},
		{"folder holding a folder", []Shard{{Path: nested}}, VectorizeOptions{OutDir: filepath.Join(dir, "o9")}, "is a folder inside a category folder"},
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

func tfidfCases() []struct {
	name string
	o    VectorizeOptions
} {
	return []struct {
		name string
		o    VectorizeOptions
	}{
		{"defaults", VectorizeOptions{TfIdf: &TfIdfOptions{}}},
		{"stop words, MinDF 2, MaxDF 0.5, sublinear, no smoothing, L1", VectorizeOptions{
			Count: text.CountVectorizer{StopWords: text.EnglishStopWords(), MinDF: text.Docs(2), MaxDF: text.Fraction(0.5)},
			TfIdf: &TfIdfOptions{SublinearTF: true, NoSmoothIDF: true, Norm: text.L1}}},
		{"KeepCase, Binary, MaxFeatures, no idf, no norm", VectorizeOptions{
			Count: text.CountVectorizer{KeepCase: true, Binary: true, MaxFeatures: 7},
			TfIdf: &TfIdfOptions{NoIDF: true, Norm: text.NoNorm}}},
		{"sublinear, L2", VectorizeOptions{Count: text.CountVectorizer{MaxFeatures: 9}, TfIdf: &TfIdfOptions{SublinearTF: true}}},
	}
}

// TestVectorizeTfIdf checks that the tf-idf rows of 1, 3 and 8 shards
// (the small corpus's eighth shard is empty) equal
// text.TfidfVectorizer.FitTransform's bit for bit, and the idf weights its
// IDF, on the small corpus and on 300 newsgroup posts.
func TestVectorizeTfIdf(t *testing.T) {
	corpora := []struct {
		name string
		docs func(t *testing.T) []string
	}{
		{"small", func(*testing.T) []string { return smallDocs }},
		{"newsgroups", func(t *testing.T) []string {
			if testing.Short() {
				t.Skip("runs Prism on 300 posts")
			}
			return newsgroupsDocs(t, 300)
		}},
	}
	for _, c := range corpora {
		for _, tc := range tfidfCases() {
			for _, n := range []int{1, 3, 8} {
				t.Run(fmt.Sprintf("%s/%s/%d shards", c.name, tc.name, n), func(t *testing.T) {
					docs := c.docs(t)
					o := tc.o
					if c.name == "newsgroups" && o.Count.MaxFeatures > 0 {
						o.Count.MaxFeatures *= 100
					}
					dir := t.TempDir()
					o.OutDir = filepath.Join(dir, "out")
					d := checkSame(t, docs, writeShards(t, dir, docs, n), o)
					t.Logf("Prism pipeline: %v", d)
				})
			}
		}
	}
}
