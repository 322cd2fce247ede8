package nmf

import (
	"encoding/json"
	"io"
	"math"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/datasets/newsgroups"
	"github.com/fastai-go/topicmodel/datasets/reference"
	"github.com/fastai-go/topicmodel/internal/testenv"
	"github.com/fastai-go/topicmodel/lib/sparse"
	"github.com/fastai-go/topicmodel/lib/text"
)

var lessonCategories = []string{"alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"}

type corpusMatrix struct {
	x     *sparse.CSR
	vocab []string
}

var (
	corpusMu    sync.Mutex
	corpusCache = map[string]corpusMatrix{}
)

// corpus returns the train-subset matrix of the categories (nil: all 20),
// with headers, footers and quotes removed, vectorised with scikit-learn's
// defaults and the English stop list. Without the archive it fails under CI and
// skips elsewhere (internal/testenv).
func corpus(t testing.TB, categories []string, vectorizer string) (*sparse.CSR, []string) {
	t.Helper()
	archive := testenv.Archive(t)
	key := strings.Join(categories, ",") + "/" + vectorizer
	corpusMu.Lock()
	defer corpusMu.Unlock()
	if c, ok := corpusCache[key]; ok {
		return c.x, c.vocab
	}
	b, err := newsgroups.Fetch(newsgroups.Options{Subset: "train", Categories: categories,
		Remove: []string{"headers", "footers", "quotes"}, Archive: archive, Progress: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	var x *sparse.CSR
	var vocab []string
	switch vectorizer {
	case "count":
		v := &text.CountVectorizer{StopWords: text.EnglishStopWords()}
		x, err = v.FitTransform(b.Data)
		vocab = v.Vocabulary()
	case "tfidf":
		v := &text.TfidfVectorizer{}
		v.StopWords = text.EnglishStopWords()
		x, err = v.FitTransform(b.Data)
		vocab = v.Vocabulary()
	default:
		t.Fatalf("unknown vectorizer %q", vectorizer)
	}
	if err != nil {
		t.Fatal(err)
	}
	corpusCache[key] = corpusMatrix{x, vocab}
	return x, vocab
}

// topWords returns, per row of h, its n largest words joined by spaces, in
// the lesson's show_topics order (largest first).
func topWords(h *mat.Dense, vocab []string, n int) []string {
	k, cols := h.Dims()
	out := make([]string, k)
	idx := make([]int, cols)
	for t := 0; t < k; t++ {
		row := h.RawRowView(t)
		for j := range idx {
			idx[j] = j
		}
		sort.SliceStable(idx, func(a, b int) bool { return row[idx[a]] > row[idx[b]] })
		words := make([]string, 0, n)
		for _, j := range idx[:min(n, cols)] {
			words = append(words, vocab[j])
		}
		out[t] = strings.Join(words, " ")
	}
	return out
}

func checkFit(t *testing.T, model *Model, vocab []string, nIter int, errWant float64, topics []string) {
	t.Helper()
	if model.NIter != nIter {
		t.Errorf("n_iter = %d, scikit-learn %d", model.NIter, nIter)
	}
	if rel := math.Abs(model.ReconstructionErr-errWant) / errWant; rel > 1e-6 {
		t.Errorf("reconstruction_err = %.15g, scikit-learn %.15g (relative difference %.2g > 1e-6)", model.ReconstructionErr, errWant, rel)
	}
	got := topWords(model.Components, vocab, 8)
	index := make(map[string]int, len(vocab))
	for j, w := range vocab {
		index[w] = j
	}
	for i := range topics {
		if i >= len(got) {
			t.Errorf("topic %d missing", i)
			continue
		}
		if got[i] == topics[i] {
			continue
		}
		// Words of exactly equal weight (they occur in the same documents
		// with the same counts) may come in another order: numpy's argsort
		// is not stable. Compare the weights position by position.
		gw, ww := strings.Fields(got[i]), strings.Fields(topics[i])
		row := model.Components.RawRowView(i)
		for j := range ww {
			a, b := row[index[gw[j]]], row[index[ww[j]]]
			if math.Abs(a-b) > 1e-9*math.Max(math.Abs(a), math.Abs(b)) {
				t.Errorf("topic %d:\n got %q\nwant %q", i, got[i], topics[i])
				break
			}
		}
	}
}

// TestLessonReference checks the nmf entries of
// the reference figures (datasets/reference/testdata/lesson3-sklearn.json) (nndsvda, k 5 and 6, seed 1).
func TestLessonReference(t *testing.T) {
	cases, err := reference.Load(testenv.Reference(t))
	if err != nil {
		t.Fatal(err)
	}
	if !haveRSVD {
		t.Skip("needs lib/svd's randomized SVD")
	}
	for _, c := range cases {
		for _, want := range c.NMF {
			t.Run(c.Case.Name+"/k="+string(rune('0'+want.K)), func(t *testing.T) {
				x, vocab := corpus(t, c.Case.Categories, c.Case.Vectorizer)
				p := New(want.K)
				p.RandomState = int64(want.Seed)
				model, err := p.FitTransform(x)
				if err != nil {
					t.Fatal(err)
				}
				checkFit(t, model, vocab, want.NIter, want.ReconstructionErr, want.Topics)
			})
		}
	}
}

// TestLessonPrintedError reproduces the lesson's clf.reconstruction_err_,
// printed with scikit-learn 0.19, whose default init was nndsvd.
func TestLessonPrintedError(t *testing.T) {
	if !haveRSVD {
		t.Skip("needs lib/svd's randomized SVD")
	}
	x, _ := corpus(t, lessonCategories, "tfidf")
	p := New(5)
	p.RandomState, p.Init = 1, InitNNDSVD
	model, err := p.FitTransform(x)
	if err != nil {
		t.Fatal(err)
	}
	const printed = 43.71292605795277
	if rel := math.Abs(model.ReconstructionErr-printed) / printed; rel > 1e-9 {
		t.Errorf("reconstruction_err = %.15g, the lesson printed %.15g", model.ReconstructionErr, printed)
	}
}

type corpusCase struct {
	Selection         string         `json:"selection"`
	Categories        []string       `json:"categories"`
	Vectorizer        string         `json:"vectorizer"`
	K                 int            `json:"k"`
	Params            map[string]any `json:"params"`
	Shape             [2]int         `json:"shape"`
	NIter             int            `json:"n_iter"`
	ReconstructionErr float64        `json:"reconstruction_err"`
	Topics            []string       `json:"topics"`
}

// TestCorpusScikitLearn checks testdata/sklearn_corpus.json (made by
// gen_corpus_fixture.py): other inits, solvers, seeds, k, regularisation
// and category sets, all 20 categories included (skipped with -short).
func TestCorpusScikitLearn(t *testing.T) {
	raw, err := os.ReadFile("testdata/sklearn_corpus.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Cases []corpusCase }
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	for _, c := range f.Cases {
		b, _ := json.Marshal(c.Params)
		name := c.Selection + "/" + c.Vectorizer + "/" + strings.Trim(string(b), "{}")
		t.Run(name, func(t *testing.T) {
			if c.Categories == nil && testing.Short() {
				t.Skip("all 20 categories: skipped with -short")
			}
			if init, _ := c.Params["init"].(string); init != InitRandom && !haveRSVD {
				t.Skip("needs lib/svd's randomized SVD")
			}
			x, vocab := corpus(t, c.Categories, c.Vectorizer)
			if r, cc := x.Dims(); r != c.Shape[0] || cc != c.Shape[1] {
				t.Fatalf("matrix is %d×%d, scikit-learn's %v", r, cc, c.Shape)
			}
			p := paramsFor(t, fixtureCase{K: c.K, Params: c.Params})
			model, err := p.FitTransform(x)
			if err != nil {
				t.Fatal(err)
			}
			checkFit(t, model, vocab, c.NIter, c.ReconstructionErr, c.Topics)
		})
	}
}

// BenchmarkFitLesson times scikit-learn's default NMF (k = 5, seed 1) on the
// lesson's tf-idf matrix with each solver (cd, the default, and mu);
// scripts/bench.sh compares the cd fit with scikit-learn in the same run.
func BenchmarkFitLesson(b *testing.B) {
	x, _ := corpus(b, lessonCategories, "tfidf")
	for _, solver := range []string{SolverCD, SolverMU} {
		b.Run(solver, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				p := New(5)
				p.RandomState = 1
				p.Solver = solver
				if _, err := p.FitTransform(x); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
