package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// lessonCategories are the four newsgroups the lesson studies.
var lessonCategories = []string{"alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"}

// newsgroupsOnly are the flags that only make sense for 20 Newsgroups.
var newsgroupsOnly = []string{"lesson", "categories", "subset", "remove", "data", "archive"}

// unsupported are scripts/topics' flags that the pipelines do not
// implement, with what to do instead.
var unsupported = map[string]string{
	"files":          "read the folder with scripts/topics, or convert it to JSON Lines for -jsonl",
	"encoding":       "it applies to -files, which topics-beam does not read",
	"n-features":     "it applies to -vectorizer hashing, which topics-beam does not run",
	"alternate-sign": "it applies to -vectorizer hashing, which topics-beam does not run",
	"preset":         "it applies to -method sgd, which topics-beam does not run",
	"steps":          "it applies to -method sgd, which topics-beam does not run",
	"batch-size":     "it applies to -method minibatch-nmf, which topics-beam does not run",
	"beta-loss":      "it applies to -method minibatch-nmf, which topics-beam does not run",
	"fresh-restarts": "it applies to -method minibatch-nmf, which topics-beam does not run",
	"matrix":         "topics-beam vectorizes a corpus; decompose a saved matrix with scripts/topics",
	"vocab":          "it applies to -matrix, which topics-beam does not read",
	"save":           "the factors stay in the -work folder (W's row shards, H and Vᵀ in JSON)",
	"record":         "use scripts/topics -record",
	"verify":         "use scripts/topics -verify",
}

// config holds the parsed flags.
type config struct {
	data, archive, subset, vectorizer, stop, method, solver, init string
	categories, remove                                            []string
	jsonl, textField, labelField                                  string
	k, seed, top, nIter                                           int
	seedSet, asJSON                                               bool

	runner, endpoint, environment, work string
	shards                              int
}

// usageError is a problem with the flags: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("topics-beam", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &config{}
	var cats, remove string
	var lesson bool
	fs.StringVar(&c.data, "data", "", "data home: archive and parsed cache (default $TOPICMODEL_DATA_HOME or the user cache)")
	fs.StringVar(&c.archive, "archive", "", "a 20news-bydate.tar.gz to read (default $TOPICMODEL_ARCHIVE, else the data home's, else download)")
	fs.StringVar(&c.subset, "subset", "train", "train, test or all")
	fs.StringVar(&cats, "categories", "", "comma-separated newsgroups to keep (empty: all 20)")
	fs.StringVar(&remove, "remove", "", "comma-separated parts to strip: headers, footers, quotes")
	fs.BoolVar(&lesson, "lesson", false, "the lesson's case: its 4 categories, headers,footers,quotes removed")
	fs.StringVar(&c.jsonl, "jsonl", "", "read a JSON Lines file instead of 20 Newsgroups: one object per line with a text and an optional label")
	fs.StringVar(&c.textField, "text-field", "text", "-jsonl: the key of each document's text")
	fs.StringVar(&c.labelField, "label-field", "label", "-jsonl: the key of each document's label, a string or an integer (empty: no labels)")
	fs.StringVar(&c.vectorizer, "vectorizer", "count", "count or tfidf (scikit-learn's TfidfVectorizer defaults)")
	fs.StringVar(&c.stop, "stop", "english", "stop words: english or none")
	fs.StringVar(&c.method, "method", "none", "none, rsvd or nmf")
	fs.StringVar(&c.solver, "solver", "cd", "NMF solver: cd")
	fs.StringVar(&c.init, "init", "", "NMF init: nndsvd, nndsvda or random (default: scikit-learn's)")
	fs.IntVar(&c.k, "k", 5, "number of topics or singular values")
	fs.IntVar(&c.seed, "seed", 0, "random seed (default 0 for rsvd, 1 for nmf)")
	fs.IntVar(&c.top, "top", 8, "words shown per topic")
	fs.BoolVar(&c.asJSON, "json", false, "print one JSON object")
	fs.IntVar(&c.nIter, "n-iter", -1, "rsvd power iterations (default: scikit-learn's 'auto', 7 if k < 0.1·min(m, n) else 4)")
	fs.StringVar(&c.runner, "runner", "prism", "prism (in this process unless -endpoint is given) or universal (also portable, flink, spark: the job server at -endpoint)")
	fs.StringVar(&c.endpoint, "endpoint", "", "the job server's HOST:PORT")
	fs.StringVar(&c.environment, "environment", "loopback", "how the job server runs workers: loopback, docker, process or external")
	fs.IntVar(&c.shards, "shards", 1, "number of input shards: the documents split into this many contiguous JSON Lines files")
	fs.StringVar(&c.work, "work", "", "keep the shards and the pipelines' output in this folder (default: a temporary one, removed at exit)")
	refused := map[string]*string{}
	for name := range unsupported {
		refused[name] = new(string)
		fs.Func(name, "not implemented by topics-beam: "+unsupported[name], func(v string) error {
			*refused[name] = v
			return nil
		})
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return nil, usageError{fmt.Sprintf("unexpected argument %q (flags start with -)", fs.Arg(0))}
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var names []string
	for name := range unsupported {
		if set[name] {
			names = append(names, name)
		}
	}
	if len(names) > 0 {
		slices.Sort(names)
		return nil, usageError{fmt.Sprintf("-%s is not implemented by topics-beam: %s", names[0], unsupported[names[0]])}
	}
	c.seedSet = set["seed"]
	c.categories, c.remove = splitList(cats), splitList(remove)
	if lesson {
		if len(c.categories) == 0 {
			c.categories = lessonCategories
		}
		if len(c.remove) == 0 {
			c.remove = []string{"headers", "footers", "quotes"}
		}
	}
	if set["jsonl"] {
		if c.jsonl == "" {
			return nil, usageError{"-jsonl needs a path"}
		}
		for _, ng := range newsgroupsOnly {
			if set[ng] {
				return nil, usageError{fmt.Sprintf("-%s is for 20 Newsgroups only and cannot be used with -jsonl, which reads its own corpus", ng)}
			}
		}
	}
	for _, f := range []string{"text-field", "label-field"} {
		if set[f] && !set["jsonl"] {
			return nil, usageError{fmt.Sprintf("-%s applies to -jsonl only", f)}
		}
	}
	switch {
	case c.textField == "":
		return nil, usageError{"-text-field is empty; give the key of the documents' text"}
	case c.subset != "train" && c.subset != "test" && c.subset != "all":
		return nil, usageError{fmt.Sprintf("-subset %q: want train, test or all", c.subset)}
	case c.vectorizer == "hashing":
		return nil, usageError{"-vectorizer hashing is not implemented by topics-beam: its pipelines build a vocabulary (count or tfidf); run scripts/topics for hashing"}
	case c.vectorizer != "count" && c.vectorizer != "tfidf":
		return nil, usageError{fmt.Sprintf("-vectorizer %q: want count or tfidf", c.vectorizer)}
	case c.stop != "english" && c.stop != "none":
		return nil, usageError{fmt.Sprintf("-stop %q: want english or none", c.stop)}
	case c.method == "svd" || c.method == "minibatch-nmf" || c.method == "sgd":
		return nil, usageError{fmt.Sprintf("-method %s is not implemented by topics-beam: use rsvd or nmf, or scripts/topics", c.method)}
	case c.method != "none" && c.method != "rsvd" && c.method != "nmf":
		return nil, usageError{fmt.Sprintf("-method %q: want none, rsvd or nmf", c.method)}
	case c.solver == "mu":
		return nil, usageError{"-solver mu is not implemented by topics-beam: its NMF is coordinate descent (cd)"}
	case c.solver != "cd":
		return nil, usageError{fmt.Sprintf("-solver %q: want cd", c.solver)}
	case c.init == "nndsvdar":
		return nil, usageError{"-init nndsvdar is not implemented by topics-beam (its random fill depends on every earlier shard): use nndsvda, nndsvd or random"}
	case c.init != "" && c.init != "nndsvd" && c.init != "nndsvda" && c.init != "random":
		return nil, usageError{fmt.Sprintf("-init %q: want nndsvd, nndsvda or random", c.init)}
	case c.k <= 0:
		return nil, usageError{fmt.Sprintf("-k %d: want a positive number of topics", c.k)}
	case c.top <= 0:
		return nil, usageError{fmt.Sprintf("-top %d: want a positive number of words", c.top)}
	case c.seed < 0 || c.seed > 1<<32-1:
		return nil, usageError{fmt.Sprintf("-seed %d: want a value in [0, 2³²)", c.seed)}
	case c.nIter < -1:
		return nil, usageError{fmt.Sprintf("-n-iter %d: want 0 or more power iterations", c.nIter)}
	case c.shards < 1:
		return nil, usageError{fmt.Sprintf("-shards %d: want at least 1 shard", c.shards)}
	case c.runner != "prism" && c.runner != "universal" && c.runner != "portable" && c.runner != "flink" && c.runner != "spark":
		return nil, usageError{fmt.Sprintf("-runner %q: want prism or universal (portable, flink, spark)", c.runner)}
	case c.runner != "prism" && c.endpoint == "":
		return nil, usageError{fmt.Sprintf("-runner %s needs -endpoint HOST:PORT, the job server's address", c.runner)}
	case c.environment != "loopback" && c.environment != "docker" && c.environment != "process" && c.environment != "external":
		return nil, usageError{fmt.Sprintf("-environment %q: want loopback, docker, process or external", c.environment)}
	}
	for _, r := range c.remove {
		if r != "headers" && r != "footers" && r != "quotes" {
			return nil, usageError{fmt.Sprintf("-remove %q: want any of headers, footers, quotes", r)}
		}
	}
	return c, nil
}

// rsvdIters is RandomizedSVDOptions.Iters for -n-iter: 0 means 'auto'
// there and a negative value none.
func (c *config) rsvdIters() int {
	switch c.nIter {
	case -1:
		return 0
	case 0:
		return -1
	}
	return c.nIter
}
