package text

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sync"
	"testing"

	"github.com/fastai-go/topicmodel/datasets/newsgroups"
	"github.com/fastai-go/topicmodel/datasets/reference"
	"github.com/fastai-go/topicmodel/internal/testenv"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// The tests in this file vectorize 20 Newsgroups posts loaded from the
// archive found by internal/testenv (../shared/datasets/20news-bydate.tar.gz
// or $TOPICMODEL_ARCHIVE) and compare with scikit-learn's figures: the
// lesson's reference file and testdata/corpus_expected.json (written by
// testdata/gen_corpus.py). Without the archive they fail under CI and skip
// elsewhere.

var (
	corpusHomeOnce sync.Once
	corpusHome     string
	corpusHomeErr  error
	corpusMu       sync.Mutex
	corpusCache    = map[string][]string{}
)

// TestMain removes the data home the corpus tests create.
func TestMain(m *testing.M) {
	code := m.Run()
	if corpusHome != "" {
		os.RemoveAll(corpusHome)
	}
	os.Exit(code)
}

// loadCorpus returns the posts of a selection (see testenv.Archive when the
// archive is missing). Selections are cached for the test binary.
func loadCorpus(tb testing.TB, subset string, categories []string, remove []string) []string {
	tb.Helper()
	archive := testenv.Archive(tb)
	corpusHomeOnce.Do(func() {
		corpusHome, corpusHomeErr = os.MkdirTemp("", "text-corpus-test-")
	})
	if corpusHomeErr != nil {
		tb.Fatal(corpusHomeErr)
	}
	key := fmt.Sprint(subset, categories, remove)
	corpusMu.Lock()
	defer corpusMu.Unlock()
	if docs, ok := corpusCache[key]; ok {
		return docs
	}
	b, err := newsgroups.Fetch(newsgroups.Options{
		Subset:     subset,
		Categories: categories,
		Remove:     remove,
		Archive:    archive,
		DataHome:   corpusHome,
		Progress:   io.Discard,
	})
	if err != nil {
		tb.Fatal(err)
	}
	corpusCache[key] = b.Data
	return b.Data
}

// vocabSample returns the words at indices 0, s, 2s, … with
// s = max(1, ⌊len/25⌋), as the reference figures list them.
func vocabSample(vocab []string) []string {
	s := max(1, len(vocab)/25)
	var out []string
	for i := 0; i < len(vocab); i += s {
		out = append(out, vocab[i])
	}
	return out
}

// checkFigures compares a matrix and vocabulary with scikit-learn's figures.
func checkFigures(t *testing.T, m *sparse.CSR, vocab []string, shape [2]int, nnz int, sum float64, sample []string) {
	t.Helper()
	r, c := m.Dims()
	if r != shape[0] || c != shape[1] {
		t.Errorf("shape %d×%d, scikit-learn %d×%d", r, c, shape[0], shape[1])
	}
	if m.NNZ() != nnz {
		t.Errorf("nnz %d, scikit-learn %d", m.NNZ(), nnz)
	}
	if got := m.Sum(); math.Abs(got-sum) > 1e-9*math.Abs(sum) {
		t.Errorf("sum %.17g, scikit-learn %.17g (relative difference %.3g)", got, sum, math.Abs(got-sum)/math.Abs(sum))
	}
	if len(vocab) != c {
		t.Errorf("vocabulary has %d terms for %d columns", len(vocab), c)
	}
	if sample != nil {
		if got := vocabSample(vocab); !slices.Equal(got, sample) {
			t.Errorf("vocabulary sample differs:\n got %q\nwant %q", got, sample)
		}
	}
	if !slices.IsSorted(vocab) {
		t.Errorf("vocabulary is not sorted")
	}
}

// TestLessonReference checks the three cases of the lesson's reference file
// (datasets/reference/testdata/lesson3-sklearn.json): stop_words="english", count or
// tf-idf, each subset with the vocabulary fitted on it.
func TestLessonReference(t *testing.T) {
	cases, err := reference.Load(testenv.Reference(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.Case.Name, func(t *testing.T) {
			docs := loadCorpus(t, c.Case.Subset, c.Case.Categories, c.Case.Remove)
			if len(docs) != c.NDocs {
				t.Fatalf("%d documents, reference %d", len(docs), c.NDocs)
			}
			var m *sparse.CSR
			var vocab []string
			var err error
			switch c.Case.Vectorizer {
			case "count":
				v := CountVectorizer{StopWords: EnglishStopWords()}
				m, err = v.FitTransform(docs)
				vocab = v.Vocabulary()
			case "tfidf":
				var v TfidfVectorizer
				v.StopWords = EnglishStopWords()
				m, err = v.FitTransform(docs)
				vocab = v.Vocabulary()
			default:
				t.Fatalf("unknown vectorizer %q", c.Case.Vectorizer)
			}
			if err != nil {
				t.Fatal(err)
			}
			checkFigures(t, m, vocab, c.Shape, c.NNZ, c.Sum, c.VocabSample)
		})
	}
}

// corpusCase is one entry of testdata/corpus_expected.json.
type corpusCase struct {
	Name       string   `json:"name"`
	Subset     string   `json:"subset"`
	Categories []string `json:"categories"`
	Remove     []string `json:"remove"`
	Vectorizer string   `json:"vectorizer"`
	Params     skParams `json:"params"`
	// FitSubset, when set, fits on that subset and transforms Subset.
	FitSubset   string   `json:"fit_subset"`
	NDocs       int      `json:"n_docs"`
	Shape       [2]int   `json:"shape"`
	NNZ         int      `json:"nnz"`
	Sum         float64  `json:"sum"`
	VocabSample []string `json:"vocab_sample"`
	VocabSHA256 string   `json:"vocab_sha256"`
}

// TestCorpusAgainstScikitLearn checks cases beyond the lesson: all 20
// categories, other subsets and options, transform of the test subset with
// the training vocabulary.
func TestCorpusAgainstScikitLearn(t *testing.T) {
	b, err := os.ReadFile("testdata/corpus_expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []corpusCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no cases in testdata/corpus_expected.json")
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			if testing.Short() && len(c.Categories) == 0 {
				t.Skip("all 20 categories: skipped in -short mode")
			}
			docs := loadCorpus(t, c.Subset, c.Categories, c.Remove)
			if len(docs) != c.NDocs {
				t.Fatalf("%d documents, scikit-learn %d", len(docs), c.NDocs)
			}
			v, _ := newFromCase(t, skCase{Vectorizer: c.Vectorizer, Params: c.Params}, 0)
			var m *sparse.CSR
			if c.FitSubset != "" {
				if err := v.Fit(loadCorpus(t, c.FitSubset, c.Categories, c.Remove)); err != nil {
					t.Fatal(err)
				}
				m, err = v.Transform(docs)
			} else {
				m, err = v.FitTransform(docs)
			}
			if err != nil {
				t.Fatal(err)
			}
			vocab := v.Vocabulary()
			checkFigures(t, m, vocab, c.Shape, c.NNZ, c.Sum, c.VocabSample)
			if got := vocabDigest(vocab); got != c.VocabSHA256 {
				t.Errorf("vocabulary digest %s, scikit-learn %s", got, c.VocabSHA256)
			}
		})
	}
}

// vocabDigest is the hex SHA-256 of the vocabulary joined by newlines.
func vocabDigest(vocab []string) string {
	h := sha256.New()
	for i, t := range vocab {
		if i > 0 {
			h.Write([]byte{'\n'})
		}
		h.Write([]byte(t))
	}
	return hex.EncodeToString(h.Sum(nil))
}
