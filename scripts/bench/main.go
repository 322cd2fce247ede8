// Command bench times one case of the project's benchmark registry and
// prints one JSON object: the case, the side ("go"), the wall time of each
// repetition and the values the comparison checks (singular values,
// reconstruction errors, shapes). scripts/bench_cases.py is the same
// registry on the Python side (scikit-learn, SciPy, NumPy) and prints the
// same keys; scripts/bench.sh alternates the two and writes README's
// performance table.
//
//	go run ./scripts/bench -case rsvd-all-tfidf -repeat 5
//	go run ./scripts/bench -list
//
// Flags:
//
//	-case NAME     the case to time (-list shows them)
//	-repeat N      timed repetitions (default 3); setup (loading, vectorising) is not timed
//	-archive FILE  the 20 Newsgroups archive (default: $TOPICMODEL_ARCHIVE or ../shared)
//	-scale DIR     the folder of scripts/gen_scale.py's matrices (default $TMPDIR/topicmodel-scale)
//	-cpuprofile F  write a CPU profile of the timed runs
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/datasets/newsgroups"
	// A missing archive is downloaded in this process (see newsgroups.RegisterDownloader).
	_ "github.com/fastai-go/topicmodel/datasets/newsgroups/download"
	"github.com/fastai-go/topicmodel/internal/testenv"
	"github.com/fastai-go/topicmodel/lib/nmf"
	"github.com/fastai-go/topicmodel/lib/nmf/sgd"
	"github.com/fastai-go/topicmodel/lib/npz"
	"github.com/fastai-go/topicmodel/lib/sparse"
	"github.com/fastai-go/topicmodel/lib/svd"
	"github.com/fastai-go/topicmodel/lib/text"
)

// values are what a case's run returns for the comparison with Python.
type values map[string]any

// env loads and keeps the inputs the cases share.
type env struct {
	archive, scale string
	home           string
	posts          map[string][]string
	mats           map[string]*sparse.CSR
}

var lessonCategories = []string{"alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"}

// fetch returns the posts of a selection: "lesson" (the 4 categories,
// stripped), "train" (20 categories, stripped) or "allraw" (all 18,846
// posts, nothing stripped) or "all" (all 18,846, stripped).
func (e *env) fetch(sel string) ([]string, error) {
	if p, ok := e.posts[sel]; ok {
		return p, nil
	}
	o := newsgroups.Options{Subset: "train", Remove: []string{"headers", "footers", "quotes"}, Archive: e.archive, DataHome: e.home, Progress: io.Discard}
	switch sel {
	case "lesson":
		o.Categories = lessonCategories
	case "train":
	case "all":
		o.Subset = "all"
	case "allraw":
		o.Subset, o.Remove = "all", nil
	default:
		return nil, fmt.Errorf("unknown selection %q", sel)
	}
	b, err := newsgroups.Fetch(o)
	if err != nil {
		return nil, err
	}
	e.posts[sel] = b.Data
	return b.Data, nil
}

// matrix returns the count or tf-idf matrix (stop words "english") of a
// selection.
func (e *env) matrix(sel, vec string) (*sparse.CSR, error) {
	key := sel + "-" + vec
	if x, ok := e.mats[key]; ok {
		return x, nil
	}
	docs, err := e.fetch(sel)
	if err != nil {
		return nil, err
	}
	x, err := vectorize(vec, docs)
	if err != nil {
		return nil, err
	}
	e.mats[key] = x
	return x, nil
}

func vectorize(vec string, docs []string) (*sparse.CSR, error) {
	if vec == "tfidf" {
		v := &text.TfidfVectorizer{}
		v.StopWords = text.EnglishStopWords()
		return v.FitTransform(docs)
	}
	v := &text.CountVectorizer{StopWords: text.EnglishStopWords()}
	return v.FitTransform(docs)
}

// scaleMatrix reads one of scripts/gen_scale.py's matrices, X-1e7 or
// X-1e8 (10⁶×10⁵, from 10⁷ or 10⁸ Zipf-distributed draws).
func (e *env) scaleMatrix(name string) (*sparse.CSR, error) {
	if x, ok := e.mats[name]; ok {
		return x, nil
	}
	path := filepath.Join(e.scale, name+".npz")
	x, err := npz.ReadCSR(path)
	if err != nil {
		return nil, fmt.Errorf("%w; write it with: /usr/bin/python3 scripts/gen_scale.py %s", err, e.scale)
	}
	e.mats[name] = x
	return x, nil
}

// A bcase prepares a case (untimed) and returns its timed run.
type bcase struct {
	name  string
	setup func(e *env) (func() (values, error), error)
}

func shapeOf(x *sparse.CSR) [2]int { r, c := x.Dims(); return [2]int{r, c} }

func loadCase(sel string) func(e *env) (func() (values, error), error) {
	return func(e *env) (func() (values, error), error) {
		if _, err := e.fetch(sel); err != nil { // builds the cache once
			return nil, err
		}
		return func() (values, error) {
			delete(e.posts, sel)
			docs, err := e.fetch(sel)
			return values{"n_docs": len(docs)}, err
		}, nil
	}
}

func vecCase(sel, vec string) func(e *env) (func() (values, error), error) {
	return func(e *env) (func() (values, error), error) {
		docs, err := e.fetch(sel)
		if err != nil {
			return nil, err
		}
		return func() (values, error) {
			x, err := vectorize(vec, docs)
			if err != nil {
				return nil, err
			}
			return values{"shape": shapeOf(x), "nnz": x.NNZ(), "sum": x.Sum()}, nil
		}, nil
	}
}

func head(s []float64) []float64 { return s[:min(5, len(s))] }

func fullCase(sel, vec string) func(e *env) (func() (values, error), error) {
	return func(e *env) (func() (values, error), error) {
		x, err := e.matrix(sel, vec)
		if err != nil {
			return nil, err
		}
		return func() (values, error) {
			var f svd.Full
			if err := f.Factorize(x); err != nil {
				return nil, err
			}
			return values{"s_head": head(f.Values(nil))}, nil
		}, nil
	}
}

// rsvdCase is scikit-learn's randomized_svd(X, k, random_state=0) with its
// default n_iter ("auto"), or nIter when ≥ 0; dense densifies X first.
func rsvdCase(get func(e *env) (*sparse.CSR, error), k, nIter int, dense bool) func(e *env) (func() (values, error), error) {
	return func(e *env) (func() (values, error), error) {
		x, err := get(e)
		if err != nil {
			return nil, err
		}
		o := &svd.RandomizedOptions{} // Iters 0: scikit-learn's 'auto'
		switch {
		case nIter == 0:
			o.Iters = -1 // none
		case nIter > 0:
			o.Iters = nIter
		}
		var in mat.Matrix = x
		if dense {
			in = x.ToDense()
		}
		return func() (values, error) {
			var r svd.Randomized
			if err := r.Factorize(in, k, o); err != nil {
				return nil, err
			}
			return values{"s_head": head(r.Values(nil))}, nil
		}, nil
	}
}

func corpus(sel, vec string) func(e *env) (*sparse.CSR, error) {
	return func(e *env) (*sparse.CSR, error) { return e.matrix(sel, vec) }
}

func scale(name string) func(e *env) (*sparse.CSR, error) {
	return func(e *env) (*sparse.CSR, error) { return e.scaleMatrix(name) }
}

// nmfCase is scikit-learn's NMF(n_components=k, random_state=1) (cd,
// nndsvda) fit_transform.
func nmfCase(get func(e *env) (*sparse.CSR, error), k int) func(e *env) (func() (values, error), error) {
	return func(e *env) (func() (values, error), error) {
		x, err := get(e)
		if err != nil {
			return nil, err
		}
		return func() (values, error) {
			p := nmf.New(k)
			p.RandomState = 1
			m, err := p.FitTransform(x)
			if err != nil {
				return nil, err
			}
			return values{"reconstruction_err": m.ReconstructionErr, "n_iter": m.NIter}, nil
		}, nil
	}
}

// miniBatchCase is scikit-learn's MiniBatchNMF(n_components=k,
// random_state=1, batch_size=b, init=init) fit_transform.
func miniBatchCase(get func(e *env) (*sparse.CSR, error), k, batch int, init string) func(e *env) (func() (values, error), error) {
	return func(e *env) (func() (values, error), error) {
		x, err := get(e)
		if err != nil {
			return nil, err
		}
		return func() (values, error) {
			p := nmf.NewMiniBatch(k)
			p.RandomState = 1
			if batch > 0 {
				p.BatchSize = batch
			}
			if init != "" {
				p.Init = init
			}
			m, err := p.FitTransform(x)
			if err != nil {
				return nil, err
			}
			return values{"reconstruction_err": m.ReconstructionErr, "n_iter": m.NIter, "n_steps": m.NSteps}, nil
		}, nil
	}
}

// sgdCase is the lesson's 50 SGD steps on its tf-idf (the fast form).
func sgdCase(e *env) (func() (values, error), error) {
	x, err := e.matrix("lesson", "tfidf")
	if err != nil {
		return nil, err
	}
	return func() (values, error) {
		st, err := sgd.NewState(x, sgd.Lesson())
		if err != nil {
			return nil, err
		}
		rep, err := st.Run(nil)
		if err != nil {
			return nil, err
		}
		return values{"norm": rep.Norm}, nil
	}, nil
}

// cases is the registry; scripts/bench_cases.py has the same names.
var cases = []bcase{
	{"load-lesson", loadCase("lesson")},
	{"load-train", loadCase("train")},
	{"vec-lesson-count", vecCase("lesson", "count")},
	{"vec-lesson-tfidf", vecCase("lesson", "tfidf")},
	{"vec-all-count", vecCase("all", "count")},
	{"vec-all-tfidf", vecCase("all", "tfidf")},
	{"full-lesson-count", fullCase("lesson", "count")},
	{"rsvd-lesson-count", rsvdCase(corpus("lesson", "count"), 5, -1, false)},
	{"rsvd-lesson-count-dense", rsvdCase(corpus("lesson", "count"), 5, -1, true)},
	{"rsvd-train-tfidf", rsvdCase(corpus("train", "tfidf"), 20, -1, false)},
	{"nmf-lesson-count", nmfCase(corpus("lesson", "count"), 5)},
	{"nmf-lesson-tfidf", nmfCase(corpus("lesson", "tfidf"), 5)},
	{"nmf-train-tfidf", nmfCase(corpus("train", "tfidf"), 20)},
	{"sgd-lesson-tfidf", sgdCase},
	{"minibatch-lesson-tfidf", miniBatchCase(corpus("lesson", "tfidf"), 5, 0, "")},
	{"minibatch-lesson-tfidf-b256", miniBatchCase(corpus("lesson", "tfidf"), 5, 256, "random")},
	{"rsvd-scale-1e7", rsvdCase(scale("X-1e7"), 10, 2, false)},
	{"rsvd-scale-1e8", rsvdCase(scale("X-1e8"), 10, 2, false)},
	{"nmf-scale-1e7", nmfCase(scale("X-1e7"), 10)},
	{"minibatch-scale-1e8", miniBatchCase(scale("X-1e8"), 10, 0, "")},
	{"read-scale-1e7", readCase("X-1e7")},
	{"read-scale-1e8", readCase("X-1e8")},
}

// readCase reads one of the scale matrices from its .npz (the file is in
// the page cache after the first repetition, as it is for SciPy).
func readCase(name string) func(e *env) (func() (values, error), error) {
	return func(e *env) (func() (values, error), error) {
		return func() (values, error) {
			delete(e.mats, name)
			x, err := e.scaleMatrix(name)
			if err != nil {
				return nil, err
			}
			return values{"shape": shapeOf(x), "nnz": x.NNZ(), "sum": x.Sum()}, nil
		}, nil
	}
}

// result is the JSON line printed for a case.
type result struct {
	Case   string    `json:"case"`
	Side   string    `json:"side"`
	Times  []float64 `json:"times"`
	Values values    `json:"values"`
}

func main() {
	name := flag.String("case", "", "the case to time (-list shows them)")
	list := flag.Bool("list", false, "print the cases' names")
	repeat := flag.Int("repeat", 3, "timed repetitions")
	archive := flag.String("archive", "", "20news-bydate.tar.gz (default: $TOPICMODEL_ARCHIVE or ../shared)")
	scaleDir := flag.String("scale", filepath.Join(os.TempDir(), "topicmodel-scale"), "folder of scripts/gen_scale.py's matrices")
	home := flag.String("data", "", "data home for the parsed corpus (default: the loader's)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the timed runs to this file")
	flag.Parse()
	if *list {
		for _, c := range cases {
			fmt.Println(c.name)
		}
		return
	}
	i := slices.IndexFunc(cases, func(c bcase) bool { return c.name == *name })
	if i < 0 {
		names := make([]string, len(cases))
		for j, c := range cases {
			names[j] = c.name
		}
		fail(fmt.Errorf("-case %q: want one of %s", *name, strings.Join(names, ", ")))
	}
	if *repeat < 1 {
		fail(errors.New("-repeat must be ≥ 1"))
	}
	if *archive == "" {
		if p, ok := testenv.ArchivePath(); ok {
			*archive = p
		}
	}
	e := &env{archive: *archive, scale: *scaleDir, home: *home, posts: map[string][]string{}, mats: map[string]*sparse.CSR{}}
	run, err := cases[i].setup(e)
	if err != nil {
		fail(err)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fail(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fail(err)
		}
		defer pprof.StopCPUProfile()
	}
	res := result{Case: *name, Side: "go"}
	for r := 0; r < *repeat; r++ {
		start := time.Now()
		v, err := run()
		res.Times = append(res.Times, time.Since(start).Seconds())
		if err != nil {
			fail(err)
		}
		res.Values = v
	}
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}
