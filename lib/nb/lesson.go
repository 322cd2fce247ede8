package nb

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/datasets/newsgroups"
	"github.com/fastai-go/topicmodel/lib/nmf"
	"github.com/fastai-go/topicmodel/lib/sparse"
	"github.com/fastai-go/topicmodel/lib/svd"
)

// The lesson's library calls, for cells: each stops the cell with a
// readable message instead of returning an error, and, written as the
// initialiser of a top-level variable, is computed once and kept across
// cells like Var.

// Option changes how a lesson call runs.
type Option func(*options)

type options struct{ timed bool }

// Timed makes a call print its wall and CPU times when it computes, as
// IPython's %time does: var U, s, Vh = nb.SVD(vectors, nb.Timed).
func Timed(o *options) { o.timed = true }

func optionsOf(opts []Option) options {
	var o options
	for _, f := range opts {
		f(&o)
	}
	return o
}

// timed runs f, printing its Timing when o asks for it.
func (o options) run(f func()) {
	if !o.timed {
		f()
		return
	}
	fmt.Println(Measure(f))
}

// Fetch loads a subset ("train", "test" or "all") of the 20 Newsgroups
// corpus as scikit-learn's fetch_20newsgroups(subset, categories, remove)
// does: same posts, same order. nil categories means all 20. The archive
// comes from $TOPICMODEL_ARCHIVE, the data home, or a download (see
// newsgroups.Fetch); the message says what to do when none works.
func Fetch(subset string, categories, remove []string) *newsgroups.Bunch {
	return Var(func() *newsgroups.Bunch {
		return Must(newsgroups.Fetch(newsgroups.Options{Subset: subset, Categories: categories, Remove: remove}))
	})
}

// Vectorizer is what FitTransform needs: lib/text's CountVectorizer and
// TfidfVectorizer.
type Vectorizer interface {
	FitTransform(docs []string) (*sparse.CSR, error)
}

// FitTransform fits v to docs and returns v, fitted, with the
// document-term matrix (documents × vocabulary), as scikit-learn's
// fit_transform does:
//
//	var vectorizer, vectors = nb.FitTransform(&text.CountVectorizer{StopWords: text.EnglishStopWords()}, newsgroupsTrain.Data)
func FitTransform[V Vectorizer](v V, docs []string) (V, *sparse.CSR) {
	return Var2(func() (V, *sparse.CSR) {
		x := Must(v.FitTransform(docs))
		return v, x
	})
}

// SVD returns the thin SVD a = U·diag(s)·Vh, as SciPy's
// linalg.svd(a, full_matrices=False): U m×k, s (largest first) and Vh k×n
// with k = min(m, n). Sparse a is never made dense (see svd.Full).
func SVD(a mat.Matrix, opts ...Option) (U *mat.Dense, s []float64, Vh *mat.Dense) {
	o := optionsOf(opts)
	return Var3(func() (*mat.Dense, []float64, *mat.Dense) {
		var f svd.Full
		var u, vh mat.Dense
		o.run(func() {
			Check(f.Factorize(a))
			f.UTo(&u)
			f.VTTo(&vh)
		})
		return &u, f.Values(nil), &vh
	})
}

// RandomizedSVD returns the k largest singular triplets of a as
// scikit-learn's randomized_svd(a, k, random_state=0) does (the lesson's
// call, with its defaults): u m×k, s, v k×n.
func RandomizedSVD(a mat.Matrix, k int, opts ...Option) (u *mat.Dense, s []float64, v *mat.Dense) {
	o := optionsOf(opts)
	return Var3(func() (*mat.Dense, []float64, *mat.Dense) {
		var r svd.Randomized
		var uu, vv mat.Dense
		o.run(func() {
			Check(r.Factorize(a, k, nil))
			r.UTo(&uu)
			r.VTTo(&vv)
		})
		return &uu, r.Values(nil), &vv
	})
}

// NMF returns scikit-learn's decomposition.NMF(n_components=k,
// random_state=seed) with its other defaults; change its fields (Init,
// Solver, Tol…) before Fit.
func NMF(k int, seed int64) *nmf.NMF {
	p := nmf.New(k)
	p.RandomState = seed
	return p
}

// Fit fits p to x, as p.fit_transform(x) does, and returns the model: its
// W is fit_transform's result, Components is components_, and
// ReconstructionErr is reconstruction_err_.
func Fit(p *nmf.NMF, x mat.Matrix, opts ...Option) *nmf.Model {
	o := optionsOf(opts)
	return Var(func() *nmf.Model {
		var m *nmf.Model
		o.run(func() { m = Must(p.FitTransform(x)) })
		return m
	})
}
