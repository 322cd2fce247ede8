package svd

import (
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/datasets/newsgroups"
	"github.com/fastai-go/topicmodel/datasets/reference"
	"github.com/fastai-go/topicmodel/internal/testenv"
	"github.com/fastai-go/topicmodel/lib/check"
	"github.com/fastai-go/topicmodel/lib/sparse"
	"github.com/fastai-go/topicmodel/lib/text"
	"github.com/fastai-go/topicmodel/lib/topics"
)

var lessonCategories = []string{"alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"}

var (
	corpusMu    sync.Mutex
	corpusCache = map[string]*sparse.CSR{}
	vocabCache  = map[string][]string{}
)

// lessonMatrix returns the lesson's train matrix (count or tfidf) and its
// vocabulary (the archive found by internal/testenv: a failure under CI when
// it is missing, a skip elsewhere).
func lessonMatrix(t testing.TB, vectorizer string) (*sparse.CSR, []string) {
	t.Helper()
	archive := testenv.Archive(t)
	corpusMu.Lock()
	defer corpusMu.Unlock()
	if x, ok := corpusCache[vectorizer]; ok {
		return x, vocabCache[vectorizer]
	}
	b, err := newsgroups.Fetch(newsgroups.Options{Subset: "train", Categories: lessonCategories,
		Remove: []string{"headers", "footers", "quotes"}, Archive: archive, Progress: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	var x *sparse.CSR
	var vocab []string
	if vectorizer == "tfidf" {
		v := &text.TfidfVectorizer{}
		v.StopWords = text.EnglishStopWords()
		x, err = v.FitTransform(b.Data)
		vocab = v.Vocabulary()
	} else {
		v := &text.CountVectorizer{StopWords: text.EnglishStopWords()}
		x, err = v.FitTransform(b.Data)
		vocab = v.Vocabulary()
	}
	if err != nil {
		t.Fatal(err)
	}
	corpusCache[vectorizer], vocabCache[vectorizer] = x, vocab
	return x, vocab
}

func referenceCase(t *testing.T, name string) reference.Case {
	t.Helper()
	cases, err := reference.Load(testenv.Reference(t))
	if err != nil {
		t.Fatal(err)
	}
	c, ok := reference.Named(cases, name)
	if !ok {
		t.Fatalf("no case %q", name)
	}
	return c
}

// TestCorpusFull checks the full SVD of the lesson's count matrix against
// SciPy's singular values and LAPACK's topics (up to the sign of each row),
// and its exactness: orthonormal U, orthonormal V on a spread of columns
// including the zero singular values, and reconstruction of a spread of
// columns of A.
func TestCorpusFull(t *testing.T) {
	if testing.Short() {
		t.Skip("full SVD of the 2034×26576 matrix in -short mode")
	}
	want := referenceCase(t, "lesson-count")
	x, vocab := lessonMatrix(t, "count")
	var f Full
	if err := f.Factorize(x); err != nil {
		t.Fatal(err)
	}
	s := f.Values(nil)
	for i, w := range want.SVDSHead {
		if math.Abs(s[i]-w) > 1e-9*w {
			t.Errorf("s[%d] = %.15g, SciPy %.15g", i, s[i], w)
		}
	}
	var sum float64
	zeros := 0
	for _, v := range s {
		sum += v
		if v < 1e-9 {
			zeros++
		}
	}
	if math.Abs(sum-want.SVDSSum) > 1e-9*want.SVDSSum {
		t.Errorf("Σs = %.15g, SciPy %.15g", sum, want.SVDSSum)
	}
	if zeros < want.EmptyDocs {
		t.Errorf("%d zero singular values, want at least the %d empty documents", zeros, want.EmptyDocs)
	}
	var u, vt mat.Dense
	f.UTo(&u)
	f.VTTo(&vt)
	r, n := vt.Dims()
	// Columns of U and V: the first 50, every 20th, and the last 80 (the
	// zeros among them); all of them would cost more than the SVD.
	var pick []int
	for i := 0; i < r; i++ {
		if i < 50 || i%20 == 0 || i >= r-80 {
			pick = append(pick, i)
		}
	}
	vs := mat.NewDense(len(pick), n, nil)
	for c, i := range pick {
		vs.SetRow(c, vt.RawRowView(i))
	}
	if ok, dev := check.Orthonormal(vs, true, check.RTol, check.ATol); !ok || dev > 1e-11 {
		t.Errorf("V: max |VᵀV − I| over %d columns = %g", len(pick), dev)
	}
	ucols := mat.NewDense(r, len(pick), nil)
	for c, i := range pick {
		for row := 0; row < r; row++ {
			ucols.Set(row, c, u.At(row, i))
		}
	}
	if ok, dev := check.Orthonormal(ucols, false, check.RTol, check.ATol); !ok || dev > 1e-12 {
		t.Errorf("U: max |UᵀU − I| over %d columns = %g", len(pick), dev)
	}
	// Reconstruction of every 50th column of A.
	var cols []int
	for j := 0; j < n; j += 50 {
		cols = append(cols, j)
	}
	ac := mat.NewDense(r, len(cols), nil)
	vc := mat.NewDense(r, len(cols), nil)
	for c, j := range cols {
		for i := 0; i < r; i++ {
			ac.Set(i, c, x.At(i, j))
			vc.Set(i, c, vt.At(i, j))
		}
	}
	// U·Σ by scaling columns (a product with a DiagDense would go through
	// At element by element).
	us := mat.DenseCopyOf(&u)
	for i := 0; i < r; i++ {
		row := us.RawRowView(i)
		for c := range row {
			row[c] *= s[c]
		}
	}
	var rec mat.Dense
	rec.Mul(us, vc)
	if !check.AllClose(&rec, ac, check.RTol, check.ATol) {
		i, j, e, _ := check.MaxViolation(&rec, ac, check.RTol, check.ATol)
		t.Errorf("U·Σ·Vᵀ differs from A at %d,%d by %g beyond allclose", i, cols[j], e)
	}
	if res := check.ResidualNormExact(ac, &u, s, vc); res > 1e-10*s[0] {
		t.Errorf("‖A − UΣVᵀ‖ over %d columns = %g", len(cols), res)
	}
	// Topics of the first ten rows: LAPACK's signs are not reproducible, so
	// each reference topic must be the topic of the row or of its negative.
	// Words of exactly equal weight in SciPy's row (words that occur only
	// together) differ from ours in the last bits, which can swap their
	// order, so the words are compared as sets.
	got := topics.ShowTopics(vt.Slice(0, 10, 0, n), vocab, 8)
	var neg mat.Dense
	neg.Scale(-1, vt.Slice(0, 10, 0, n))
	gotNeg := topics.ShowTopics(&neg, vocab, 8)
	for i, w := range want.SVDTopics {
		if !sameWords(got[i], w) && !sameWords(gotNeg[i], w) {
			t.Errorf("topic %d: %q or %q, SciPy %q", i, got[i], gotNeg[i], w)
		}
	}
}

// sameWords reports whether two topics hold the same words in any order.
func sameWords(a, b string) bool {
	x, y := strings.Fields(a), strings.Fields(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// TestCorpusRandomized checks randomized SVD with random_state 0 (the
// reference's default) against scikit-learn's values and topics.
func TestCorpusRandomized(t *testing.T) {
	for _, c := range []struct{ name, vec string }{{"lesson-count", "count"}, {"lesson-tfidf", "tfidf"}} {
		want := referenceCase(t, c.name)
		x, vocab := lessonMatrix(t, c.vec)
		_, n := x.Dims()
		for _, ref := range want.RSVD {
			for _, dense := range []bool{false, true} {
				var in mat.Matrix = x
				if dense {
					if c.vec != "count" || ref.K != 5 {
						continue
					}
					in = x.ToDense()
				}
				var r Randomized
				if err := r.Factorize(in, ref.K, nil); err != nil {
					t.Fatal(err)
				}
				s := r.Values(nil)
				for i, w := range ref.S {
					if math.Abs(s[i]-w) > 1e-10*w {
						t.Errorf("%s k=%d dense=%v: s[%d] = %.15g, scikit-learn %.15g", c.name, ref.K, dense, i, s[i], w)
					}
				}
				var vt mat.Dense
				r.VTTo(&vt)
				got := topics.ShowTopics(&vt, vocab, 8)
				if strings.Join(got, "|") != strings.Join(ref.Topics, "|") {
					t.Errorf("%s k=%d: topics\n%q\nscikit-learn\n%q", c.name, ref.K, got, ref.Topics)
				}
				if vr, vc := vt.Dims(); vr != ref.K || vc != n {
					t.Errorf("Vᵀ is %d×%d", vr, vc)
				}
			}
		}
	}
}
