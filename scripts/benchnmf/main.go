// Command benchnmf times lib/nmf on 20 Newsgroups matrices, for
// scripts/bench_nmf.sh, which runs scikit-learn and numpy on the same posts
// in the same run and prints the ratios.
//
//	go run ./scripts/benchnmf [-cases lesson-count:5,lesson-tfidf:5,all-tfidf:20] [-repeat 3] [-sgd 50]
//
// Each case is SELECTION-VECTORIZER:K (selection lesson or all). It prints one JSON object per case:
// the matrix shape, n_iter, reconstruction_err, the topics and the best and
// median wall times of the fit (vectorising excluded). With -sgd N it also
// times N steps of the lesson's SGD NMF (fast form) on the lesson's tf-idf.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/datasets/newsgroups"
	"github.com/fastai-go/topicmodel/internal/testenv"
	"github.com/fastai-go/topicmodel/lib/nmf"
	"github.com/fastai-go/topicmodel/lib/nmf/sgd"
	"github.com/fastai-go/topicmodel/lib/sparse"
	"github.com/fastai-go/topicmodel/lib/text"
)

var lessonCategories = []string{"alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"}

type result struct {
	Case              string   `json:"case"`
	K                 int      `json:"k"`
	Solver            string   `json:"solver"`
	Init              string   `json:"init"`
	Shape             [2]int   `json:"shape"`
	NIter             int      `json:"n_iter"`
	ReconstructionErr float64  `json:"reconstruction_err"`
	Topics            []string `json:"topics,omitempty"`
	BestS             float64  `json:"best_s"`
	MedianS           float64  `json:"median_s"`
	InitBestS         float64  `json:"init_best_s"` // the initialisation alone (randomized SVD for nndsvd*)
}

func main() {
	archive := flag.String("archive", "", "path of 20news-bydate.tar.gz (default: the shared copy)")
	repeat := flag.Int("repeat", 3, "timed repetitions of each case")
	cases := flag.String("cases", "lesson-count:5,lesson-tfidf:5,all-tfidf:20", "comma-separated VECTORIZER-SELECTION:K cases")
	solver := flag.String("solver", "cd", "cd or mu")
	init := flag.String("init", "", "NMF init (default: scikit-learn's)")
	seed := flag.Int64("seed", 1, "random_state")
	sgdSteps := flag.Int("sgd", 0, "also time this many SGD NMF steps on the lesson's tf-idf")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the NMF fits to this file")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		check(err)
		check(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	if *archive == "" {
		if p, ok := testenv.ArchivePath(); ok { // a developer tool: the shared copy
			*archive = p
		}
	}
	mats := map[string]*sparse.CSR{}
	vocabs := map[string][]string{}
	get := func(name string) (*sparse.CSR, []string) {
		if x, ok := mats[name]; ok {
			return x, vocabs[name]
		}
		sel, vec, _ := strings.Cut(name, "-") // "lesson-count", "all-tfidf"
		opts := newsgroups.Options{Subset: "train", Remove: []string{"headers", "footers", "quotes"}, Archive: *archive, Progress: io.Discard}
		if sel == "lesson" {
			opts.Categories = lessonCategories
		}
		b, err := newsgroups.Fetch(opts)
		check(err)
		var x *sparse.CSR
		var vocab []string
		switch vec {
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
			err = fmt.Errorf("unknown vectorizer in case %q", name)
		}
		check(err)
		mats[name], vocabs[name] = x, vocab
		return x, vocab
	}
	enc := json.NewEncoder(os.Stdout)
	for _, c := range strings.Split(*cases, ",") {
		name, ks, ok := strings.Cut(c, ":")
		k, err := strconv.Atoi(ks)
		if !ok || err != nil {
			check(fmt.Errorf("case %q: want NAME:K", c))
		}
		x, vocab := get(name)
		var times []float64
		var model *nmf.Model
		for r := 0; r < *repeat; r++ {
			p := nmf.New(k)
			p.Solver, p.Init, p.RandomState = *solver, *init, *seed
			t0 := time.Now()
			model, err = p.FitTransform(x)
			times = append(times, time.Since(t0).Seconds())
			check(err)
		}
		var initTimes []float64
		for r := 0; r < *repeat; r++ {
			t0 := time.Now()
			_, _, err := nmf.Initialize(x, k, model.Params.Init, *seed)
			initTimes = append(initTimes, time.Since(t0).Seconds())
			check(err)
		}
		rows, cols := x.Dims()
		check(enc.Encode(result{
			Case: name, K: k, Solver: *solver, Init: model.Params.Init, Shape: [2]int{rows, cols},
			NIter: model.NIter, ReconstructionErr: model.ReconstructionErr,
			Topics: topWords(model.Components, vocab, 8), BestS: slices.Min(times), MedianS: median(times),
			InitBestS: slices.Min(initTimes),
		}))
	}
	if *sgdSteps > 0 {
		x, _ := get("lesson-tfidf")
		var times []float64
		var rep sgd.Report
		for r := 0; r < *repeat; r++ {
			o := sgd.Lesson()
			o.Seed = 0
			t0 := time.Now()
			st, err := sgd.NewState(x, o)
			check(err)
			for i := 0; i < *sgdSteps; i++ {
				st.Step()
			}
			rep = st.Report()
			times = append(times, time.Since(t0).Seconds())
		}
		rows, cols := x.Dims()
		check(enc.Encode(map[string]any{"case": "sgd-lesson-tfidf", "steps": *sgdSteps, "shape": [2]int{rows, cols},
			"norm": rep.Norm, "best_s": slices.Min(times), "median_s": median(times)}))
	}
}

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

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchnmf:", err)
		os.Exit(1)
	}
}
