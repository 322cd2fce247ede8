// Command benchvec times lib/text's vectorizers on 20 Newsgroups posts, for
// scripts/bench_vectorize.sh, which runs scikit-learn on the same posts in
// the same run and prints the ratios.
//
//	go run ./scripts/benchvec -archive PATH -data DIR [-repeat 5]
//
// It prints one JSON object per case: the case name, the matrix shape, nnz,
// sum, and the best and median of the repeated wall times in seconds.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/fastai-go/topicmodel/datasets/newsgroups"
	"github.com/fastai-go/topicmodel/internal/testenv"
	"github.com/fastai-go/topicmodel/lib/sparse"
	"github.com/fastai-go/topicmodel/lib/text"
)

// lessonCategories are the four newsgroups of the lesson.
var lessonCategories = []string{"alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"}

type result struct {
	Case    string  `json:"case"`
	NDocs   int     `json:"n_docs"`
	Shape   [2]int  `json:"shape"`
	NNZ     int     `json:"nnz"`
	Sum     float64 `json:"sum"`
	BestS   float64 `json:"best_s"`
	MedianS float64 `json:"median_s"`
}

func main() {
	archive := flag.String("archive", "", "path of 20news-bydate.tar.gz (default: the shared copy)")
	data := flag.String("data", "", "data home for the parsed cache (default: the loader's)")
	repeat := flag.Int("repeat", 5, "timed repetitions of each case")
	cases := flag.String("cases", "lesson-count,lesson-tfidf,all-count,all-tfidf", "comma-separated cases")
	flag.Parse()
	if *archive == "" {
		if p, ok := testenv.ArchivePath(); ok { // a developer tool: the shared copy
			*archive = p
		}
	}
	if *repeat < 1 {
		fmt.Fprintln(os.Stderr, "benchvec: -repeat must be at least 1")
		os.Exit(2)
	}
	load := func(all bool) []string {
		opts := newsgroups.Options{
			Subset:   "train",
			Remove:   []string{"headers", "footers", "quotes"},
			Archive:  *archive,
			DataHome: *data,
			Progress: io.Discard,
		}
		if all {
			opts.Subset = "all"
		} else {
			opts.Categories = lessonCategories
		}
		b, err := newsgroups.Fetch(opts)
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchvec:", err)
			os.Exit(1)
		}
		return b.Data
	}
	var lesson, all []string
	for _, name := range strings.Split(*cases, ",") {
		var docs []string
		switch {
		case strings.HasPrefix(name, "lesson-"):
			if lesson == nil {
				lesson = load(false)
			}
			docs = lesson
		case strings.HasPrefix(name, "all-"):
			if all == nil {
				all = load(true)
			}
			docs = all
		default:
			fmt.Fprintf(os.Stderr, "benchvec: unknown case %q\n", name)
			os.Exit(2)
		}
		tfidf := strings.HasSuffix(name, "-tfidf")
		var m *sparse.CSR
		times := make([]float64, *repeat)
		for r := range times {
			start := time.Now()
			var err error
			if tfidf {
				v := &text.TfidfVectorizer{}
				v.StopWords = text.EnglishStopWords()
				m, err = v.FitTransform(docs)
			} else {
				v := &text.CountVectorizer{StopWords: text.EnglishStopWords()}
				m, err = v.FitTransform(docs)
			}
			times[r] = time.Since(start).Seconds()
			if err != nil {
				fmt.Fprintln(os.Stderr, "benchvec:", err)
				os.Exit(1)
			}
		}
		slices.Sort(times)
		rows, cols := m.Dims()
		res := result{Case: name, NDocs: len(docs), Shape: [2]int{rows, cols}, NNZ: m.NNZ(), Sum: m.Sum(),
			BestS: times[0], MedianS: times[len(times)/2]}
		if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
			fmt.Fprintln(os.Stderr, "benchvec:", err)
			os.Exit(1)
		}
	}
}
