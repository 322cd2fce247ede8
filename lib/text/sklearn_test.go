package text

import (
	"encoding/json"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/fastai-go/topicmodel/lib/npsort"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// skFixtures is testdata/sklearn_fixtures.json, written by
// testdata/gen_fixtures.py with scikit-learn 1.2.
type skFixtures struct {
	Sklearn string              `json:"sklearn"`
	Numpy   string              `json:"numpy"`
	Docs    map[string][]string `json:"docs"`
	Cases   []skCase            `json:"cases"`
	Argsort []struct {
		Kind  string  `json:"kind"`
		Keys  []int64 `json:"keys"`
		Order []int   `json:"order"`
	} `json:"argsort"`
}

type skCase struct {
	Name          string    `json:"name"`
	Docs          string    `json:"docs"`
	TransformDocs string    `json:"transform_docs"`
	Vectorizer    string    `json:"vectorizer"`
	Params        skParams  `json:"params"`
	Vocabulary    []string  `json:"vocabulary"`
	Pruned        []string  `json:"pruned"`
	IDF           []float64 `json:"idf"`
	Error         string    `json:"error"`
	Matrix        *struct {
		Shape   [2]int    `json:"shape"`
		Indptr  []int     `json:"indptr"`
		Indices []int     `json:"indices"`
		Data    []float64 `json:"data"`
	} `json:"matrix"`
}

type skDF struct {
	Docs     *int     `json:"docs"`
	Fraction *float64 `json:"fraction"`
}

func (d *skDF) value() DocFreq {
	switch {
	case d == nil:
		return DocFreq{}
	case d.Docs != nil:
		return Docs(*d.Docs)
	default:
		return Fraction(*d.Fraction)
	}
}

type skParams struct {
	Lowercase   *bool           `json:"lowercase"`
	StopWords   json.RawMessage `json:"stop_words"`
	MinDF       *skDF           `json:"min_df"`
	MaxDF       *skDF           `json:"max_df"`
	MaxFeatures int             `json:"max_features"`
	Binary      bool            `json:"binary"`
	Norm        string          `json:"norm"`
	UseIDF      *bool           `json:"use_idf"`
	SmoothIDF   *bool           `json:"smooth_idf"`
	SublinearTF bool            `json:"sublinear_tf"`
}

func loadFixtures(t *testing.T) *skFixtures {
	t.Helper()
	b, err := os.ReadFile("testdata/sklearn_fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	var f skFixtures
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Cases) == 0 {
		t.Fatal("no cases in testdata/sklearn_fixtures.json")
	}
	return &f
}

// countOptions turns scikit-learn's parameters into a CountVectorizer.
func countOptions(t *testing.T, p skParams) CountVectorizer {
	t.Helper()
	var v CountVectorizer
	if p.Lowercase != nil && !*p.Lowercase {
		v.KeepCase = true
	}
	if len(p.StopWords) > 0 {
		var s string
		if json.Unmarshal(p.StopWords, &s) == nil {
			if s != "english" {
				t.Fatalf("unknown stop list %q", s)
			}
			v.StopWords = EnglishStopWords()
		} else if err := json.Unmarshal(p.StopWords, &v.StopWords); err != nil {
			t.Fatal(err)
		}
	}
	v.MinDF, v.MaxDF = p.MinDF.value(), p.MaxDF.value()
	v.MaxFeatures = p.MaxFeatures
	v.Binary = p.Binary
	return v
}

// vectorizer is what both vectorizers offer.
type vectorizer interface {
	FitTransform([]string) (*sparse.CSR, error)
	Fit([]string) error
	Transform([]string) (*sparse.CSR, error)
	Vocabulary() []string
	PrunedTerms() []string
}

func newFromCase(t *testing.T, c skCase, workers int) (vectorizer, *TfidfVectorizer) {
	cv := countOptions(t, c.Params)
	cv.workers = workers
	if c.Vectorizer == "count" {
		return &cv, nil
	}
	tv := &TfidfVectorizer{CountVectorizer: cv}
	switch c.Params.Norm {
	case "", "l2":
	case "l1":
		tv.Norm = L1
	case "none":
		tv.Norm = NoNorm
	default:
		t.Fatalf("unknown norm %q", c.Params.Norm)
	}
	tv.NoIDF = c.Params.UseIDF != nil && !*c.Params.UseIDF
	tv.NoSmoothIDF = c.Params.SmoothIDF != nil && !*c.Params.SmoothIDF
	tv.SublinearTF = c.Params.SublinearTF
	return tv, tv
}

// TestAgainstScikitLearn replays every fixture case: vocabulary, pruned
// terms, idf weights, and the matrix entry by entry (counts exactly, tf-idf
// weights to 1e-12 relative), with one and with several goroutines.
func TestAgainstScikitLearn(t *testing.T) {
	f := loadFixtures(t)
	for _, c := range f.Cases {
		for _, workers := range []int{1, 3} {
			t.Run(c.Name+map[int]string{1: "", 3: "/3workers"}[workers], func(t *testing.T) {
				docs, ok := f.Docs[c.Docs]
				if !ok {
					t.Fatalf("no documents %q", c.Docs)
				}
				v, tv := newFromCase(t, c, workers)
				var m *sparse.CSR
				var err error
				if c.TransformDocs == "" {
					m, err = v.FitTransform(docs)
				} else {
					if err = v.Fit(docs); err == nil {
						m, err = v.Transform(f.Docs[c.TransformDocs])
					}
				}
				if c.Error != "" {
					if err == nil {
						t.Fatalf("no error; scikit-learn says %q", c.Error)
					}
					if !sameMessage(err.Error(), c.Error) {
						t.Errorf("error %q; scikit-learn says %q", err, c.Error)
					}
					if v.Vocabulary() != nil {
						t.Errorf("a failed Fit left a vocabulary")
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got := v.Vocabulary(); !slices.Equal(got, c.Vocabulary) {
					t.Errorf("vocabulary differs:\n got %q\nwant %q", got, c.Vocabulary)
				}
				if got := v.PrunedTerms(); !slices.Equal(got, c.Pruned) && !(len(got) == 0 && len(c.Pruned) == 0) {
					t.Errorf("pruned terms differ:\n got %q\nwant %q", got, c.Pruned)
				}
				if tv != nil {
					if got := tv.IDF(); !floatsClose(got, c.IDF, 1e-14) {
						t.Errorf("idf differs:\n got %v\nwant %v", got, c.IDF)
					}
				}
				want := c.Matrix
				r, cols := m.Dims()
				if r != want.Shape[0] || cols != want.Shape[1] {
					t.Fatalf("shape %d×%d, want %d×%d", r, cols, want.Shape[0], want.Shape[1])
				}
				if !slices.Equal(m.Indptr(), want.Indptr) {
					t.Fatalf("indptr differs:\n got %v\nwant %v", m.Indptr(), want.Indptr)
				}
				if !slices.Equal(m.Indices(), want.Indices) {
					t.Fatalf("indices differ:\n got %v\nwant %v", m.Indices(), want.Indices)
				}
				tol := 0.0
				if tv != nil {
					tol = 1e-12
				}
				if !floatsClose(m.Data(), want.Data, tol) {
					t.Errorf("data differ:\n got %v\nwant %v", m.Data(), want.Data)
				}
			})
		}
	}
}

// sameMessage reports whether our error says what scikit-learn's does,
// ignoring case, punctuation and the "text: " prefix.
func sameMessage(ours, theirs string) bool {
	norm := func(s string) string {
		s = strings.ToLower(strings.TrimPrefix(s, "text: "))
		return strings.Map(func(r rune) rune {
			if r == '.' || r == ';' || r == ',' {
				return -1
			}
			return r
		}, s)
	}
	o, th := norm(ours), norm(theirs)
	switch {
	case strings.Contains(th, "max_df corresponds to < documents than min_df"):
		return strings.Contains(o, "corresponds to fewer documents than mindf")
	case strings.Contains(th, "after pruning"):
		return strings.Contains(o, "after pruning no terms remain")
	}
	return strings.Contains(o, th)
}

// floatsClose reports whether a and b have equal lengths and agree to tol
// relative (tol 0: exactly).
func floatsClose(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		d := math.Abs(a[i] - b[i])
		if d > tol*math.Max(math.Abs(a[i]), math.Abs(b[i])) || math.IsNaN(a[i]) != math.IsNaN(b[i]) {
			return false
		}
	}
	return true
}

// TestNpArgsort checks lib/npsort, which MaxFeatures relies on, against
// numpy's orders on keys with many ties.
func TestNpArgsort(t *testing.T) {
	f := loadFixtures(t)
	if len(f.Argsort) == 0 {
		t.Fatal("no argsort cases")
	}
	for i, a := range f.Argsort {
		var got []int
		switch a.Kind {
		case "quicksort":
			got = npsort.Argsort(a.Keys)
		case "heapsort":
			got = npsort.ArgsortHeap(a.Keys)
		}
		if !slices.Equal(got, a.Order) {
			t.Errorf("case %d (%s, n=%d): order differs from numpy %s", i, a.Kind, len(a.Keys), f.Numpy)
		}
	}
}
