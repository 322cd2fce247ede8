// Command benchsvd times lib/svd on the lesson's matrices for
// scripts/bench_svd.sh and prints one JSON line per case:
//
//	{"case": "full-lesson-count", "k": 0, "best_s": 9.1, "s_head": [...]}
//
// Cases: full-lesson-count (the full thin SVD of the 2034×26576 count
// matrix), rsvd-lesson-count (k=5, sparse), rsvd-lesson-count-dense (k=5 on
// the dense copy; building the copy is not timed), rsvd-all-tfidf (k=20 on
// the 11314×101322 tf-idf matrix of all 20 categories). Loading and
// vectorising are not timed.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/datasets/newsgroups"
	"github.com/fastai-go/topicmodel/lib/sparse"
	"github.com/fastai-go/topicmodel/lib/svd"
	"github.com/fastai-go/topicmodel/lib/text"
)

var lesson = []string{"alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"}

func main() {
	archive := flag.String("archive", "", "20news-bydate.tar.gz")
	repeat := flag.Int("repeat", 5, "repetitions of each randomized case (best is reported)")
	repeatFull := flag.Int("repeat-full", 1, "repetitions of the full SVD")
	cases := flag.String("cases", "full-lesson-count,rsvd-lesson-count,rsvd-lesson-count-dense,rsvd-all-tfidf", "cases to run")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the timed runs to this file")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		must(err)
		must(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	mats := map[string]*sparse.CSR{}
	get := func(sel, vec string) *sparse.CSR {
		key := sel + "-" + vec
		if x, ok := mats[key]; ok {
			return x
		}
		var cats []string
		if sel == "lesson" {
			cats = lesson
		}
		b, err := newsgroups.Fetch(newsgroups.Options{Subset: "train", Categories: cats,
			Remove: []string{"headers", "footers", "quotes"}, Archive: *archive, Progress: io.Discard})
		must(err)
		var x *sparse.CSR
		if vec == "tfidf" {
			v := &text.TfidfVectorizer{}
			v.StopWords = text.EnglishStopWords()
			x, err = v.FitTransform(b.Data)
		} else {
			v := &text.CountVectorizer{StopWords: text.EnglishStopWords()}
			x, err = v.FitTransform(b.Data)
		}
		must(err)
		mats[key] = x
		return x
	}
	enc := json.NewEncoder(os.Stdout)
	for _, c := range strings.Split(*cases, ",") {
		var in mat.Matrix
		k := 0
		reps := *repeat
		switch c {
		case "full-lesson-count":
			in, reps = get("lesson", "count"), *repeatFull
		case "rsvd-lesson-count":
			in, k = get("lesson", "count"), 5
		case "rsvd-lesson-count-dense":
			in, k = get("lesson", "count").ToDense(), 5
		case "rsvd-all-tfidf":
			in, k = get("all", "tfidf"), 20
		default:
			must(fmt.Errorf("unknown case %q", c))
		}
		best := -1.0
		var s []float64
		for i := 0; i < reps; i++ {
			start := time.Now()
			if k == 0 {
				var f svd.Full
				must(f.Factorize(in))
				s = f.Values(nil)
			} else {
				var r svd.Randomized
				must(r.Factorize(in, k, nil))
				s = r.Values(nil)
			}
			if d := time.Since(start).Seconds(); best < 0 || d < best {
				best = d
			}
		}
		must(enc.Encode(map[string]any{"case": c, "k": k, "best_s": best, "s_head": s[:min(5, len(s))]}))
	}
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchsvd:", err)
		os.Exit(1)
	}
}
