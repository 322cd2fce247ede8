package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/fastai-go/topicmodel/lib/sparse"
	"github.com/fastai-go/topicmodel/lib/text"
)

// lessonCategories are the four newsgroups the lesson studies.
var lessonCategories = []string{"alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"}

// config holds the parsed flags.
type config struct {
	data, archive, subset, vectorizer, stop, method, solver, init, preset string
	categories, remove                                                    []string
	k, seed, top, steps                                                   int
	seedSet, asJSON                                                       bool

	// record and verify name the files of -record and -verify.
	record, verify string
	// command is the flags set, as -name=value, without -record and
	// -verify: what a record reruns.
	command []string
	// params are all flags' values, defaults included.
	params map[string]string
	in     inputFlags // -files, -jsonl and their options, -n-features (input.go)
	mb     miniBatchFlags
	matrixConfig
}

// Timings are the wall-clock seconds of each stage.
type Timings struct {
	Load      float64 `json:"load_s"`
	Vectorize float64 `json:"vectorize_s"`
	Decompose float64 `json:"decompose_s"`
}

// Result is the JSON report; its keys are those of the reference figures.
type Result struct {
	NDocs             int       `json:"n_docs"`
	TargetNames       []string  `json:"target_names"`
	TargetHead        []int     `json:"target_head"`
	FilenamesHead     []string  `json:"filenames_head"`
	DataSHA256Head    []string  `json:"data_sha256_head"`
	Shape             [2]int    `json:"shape"`
	NNZ               int       `json:"nnz"`
	Sum               float64   `json:"sum"`
	VocabSample       []string  `json:"vocab_sample"`
	SingularValues    []float64 `json:"singular_values,omitempty"`
	ReconstructionErr *float64  `json:"reconstruction_err,omitempty"`
	NIter             *int      `json:"n_iter,omitempty"`
	NSteps            *int      `json:"n_steps,omitempty"` // minibatch-nmf: mini-batches processed
	Topics            []string  `json:"topics,omitempty"`
	Timings           Timings   `json:"timings"`

	// warning is printed to stderr (for example an NMF that did not converge).
	warning string
	// inputs are the files read, for -record.
	inputs []Input
	// factors are what -save writes.
	factors []namedFactor
}

// corpusOnly are the flags that choose or vectorize a corpus, which
// -matrix replaces: the newsgroups-only ones (input.go) and those of the
// other corpora and the vectorizers.
var corpusOnly = append(slices.Clone(newsgroupsOnly), "files", "jsonl",
	"encoding", "text-field", "label-field", "vectorizer", "n-features", "alternate-sign", "stop")

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
	fs := flag.NewFlagSet("topics", flag.ContinueOnError)
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
	fs.StringVar(&c.vectorizer, "vectorizer", "count", "count, tfidf or hashing")
	fs.StringVar(&c.stop, "stop", "english", "stop words: english or none")
	fs.StringVar(&c.method, "method", "none", "none, svd, rsvd, nmf, minibatch-nmf, or sgd (the lesson's gradient-descent NMF)")
	fs.StringVar(&c.preset, "preset", "lesson", "sgd settings: lesson (numpy cells: λ 1e3, lr 1e-2, 50 steps) or gpu (PyTorch cells: λ 100, lr 0.05 decayed, 1000 steps)")
	fs.IntVar(&c.steps, "steps", -1, "sgd steps (default: the preset's)")
	fs.StringVar(&c.solver, "solver", "cd", "NMF solver: cd or mu")
	fs.StringVar(&c.init, "init", "", "NMF init: nndsvd, nndsvda, nndsvdar or random (default: scikit-learn's)")
	fs.IntVar(&c.k, "k", 5, "number of topics or singular values")
	fs.IntVar(&c.seed, "seed", 0, "random seed (default 0 for rsvd and sgd, 1 for nmf and minibatch-nmf)")
	fs.IntVar(&c.top, "top", 8, "words shown per topic")
	fs.BoolVar(&c.asJSON, "json", false, "print one JSON object")
	fs.StringVar(&c.record, "record", "", "write `FILE`: the command, build, inputs' SHA-256 and results, for -verify")
	fs.StringVar(&c.verify, "verify", "", "rerun the experiment recorded in `FILE` and fail with the differences if a result moved")
	c.in.register(fs)
	c.mb.register(fs)
	c.addMatrixFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err // the flag package has printed the usage
		}
		return nil, usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return nil, usageError{fmt.Sprintf("unexpected argument %q (flags start with -)", fs.Arg(0))}
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "seed" {
			c.seedSet = true
		}
		if f.Name != "record" && f.Name != "verify" {
			c.command = append(c.command, "-"+f.Name+"="+f.Value.String())
		}
	})
	c.params = make(map[string]string)
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name != "record" && f.Name != "verify" {
			c.params[f.Name] = f.Value.String()
		}
	})
	switch {
	case c.record != "" && c.verify != "":
		return nil, usageError{"-record and -verify together: record a run first, then verify it in another run"}
	case c.verify != "" && len(c.command) > 0:
		return nil, usageError{fmt.Sprintf("-verify takes no other flags (got %s): the record holds the command", strings.Join(c.command, " "))}
	case c.verify != "":
		return c, nil
	}
	c.categories, c.remove = splitList(cats), splitList(remove)
	if strings.TrimSpace(cats) != "" && len(c.categories) == 0 {
		return nil, usageError{fmt.Sprintf("-categories %q names no newsgroup; give comma-separated names such as sci.space,comp.graphics, or leave the flag out for all 20", cats)}
	}
	if strings.TrimSpace(remove) != "" && len(c.remove) == 0 {
		return nil, usageError{fmt.Sprintf("-remove %q names nothing to strip; give any of headers, footers, quotes, or leave the flag out", remove)}
	}
	if lesson {
		if len(c.categories) == 0 {
			c.categories = lessonCategories
		}
		if len(c.remove) == 0 {
			c.remove = []string{"headers", "footers", "quotes"}
		}
	}
	if err := c.in.check(fs, c); err != nil {
		return nil, err
	}
	switch {
	case c.subset != "train" && c.subset != "test" && c.subset != "all":
		return nil, usageError{fmt.Sprintf("-subset %q: want train, test or all", c.subset)}
	case c.vectorizer != "count" && c.vectorizer != "tfidf" && c.vectorizer != "hashing":
		return nil, usageError{fmt.Sprintf("-vectorizer %q: want count, tfidf or hashing", c.vectorizer)}
	case c.stop != "english" && c.stop != "none":
		return nil, usageError{fmt.Sprintf("-stop %q: want english or none", c.stop)}
	case c.method != "none" && c.method != "svd" && c.method != "rsvd" && c.method != "nmf" && c.method != "minibatch-nmf" && c.method != "sgd":
		return nil, usageError{fmt.Sprintf("-method %q: want none, svd, rsvd, nmf, minibatch-nmf or sgd", c.method)}
	case c.preset != "lesson" && c.preset != "gpu":
		return nil, usageError{fmt.Sprintf("-preset %q: want lesson or gpu", c.preset)}
	case c.steps < -1:
		return nil, usageError{fmt.Sprintf("-steps %d: want a number of steps ≥ 0", c.steps)}
	case c.init != "" && c.init != "nndsvd" && c.init != "nndsvda" && c.init != "nndsvdar" && c.init != "random":
		return nil, usageError{fmt.Sprintf("-init %q: want nndsvd, nndsvda, nndsvdar or random", c.init)}
	case c.solver != "cd" && c.solver != "mu":
		return nil, usageError{fmt.Sprintf("-solver %q: want cd or mu", c.solver)}
	case c.k <= 0:
		return nil, usageError{fmt.Sprintf("-k %d: want a positive number of topics", c.k)}
	case c.top <= 0:
		return nil, usageError{fmt.Sprintf("-top %d: want a positive number of words", c.top)}
	case c.seed < 0 || c.seed > 1<<32-1:
		return nil, usageError{fmt.Sprintf("-seed %d: want a value in [0, 2³²)", c.seed)}
	}
	if err := c.mb.check(); err != nil {
		return nil, err
	}
	if err := c.checkMatrixFlags(c.method); err != nil {
		return nil, err
	}
	if c.matrix != "" {
		var bad []string
		fs.Visit(func(f *flag.Flag) {
			if slices.Contains(corpusOnly, f.Name) {
				bad = append(bad, "-"+f.Name)
			}
		})
		if len(bad) > 0 {
			return nil, usageError{fmt.Sprintf("-matrix %s with %s: the matrix is the input, and those flags choose or vectorize a corpus; leave them out (or drop -matrix)", c.matrix, strings.Join(bad, ", "))}
		}
	}
	for _, r := range c.remove {
		if r != "headers" && r != "footers" && r != "quotes" {
			return nil, usageError{fmt.Sprintf("-remove %q: want any of headers, footers, quotes", r)}
		}
	}
	return c, nil
}

// run is the whole command; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0 // -h or -help: the usage was asked for
		}
		fmt.Fprintln(stderr, "topics:", err)
		fmt.Fprintln(stderr, "run 'topics -h' for the flags")
		return 2
	}
	if c.verify != "" {
		return runVerify(c.verify, stdout, stderr)
	}
	res, err := runExperiment(c, stderr)
	if err == nil && c.save != "" {
		err = saveFactors(c.save, res, stderr)
	}
	if err != nil {
		fmt.Fprintln(stderr, "topics:", err)
		var ue usageError
		if errors.As(err, &ue) {
			return 2
		}
		return 1
	}
	if res.warning != "" {
		fmt.Fprintln(stderr, "topics: warning:", res.warning)
	}
	if c.record != "" {
		rec, err := newRecord(c, res)
		if err == nil {
			err = writeRecord(c.record, rec)
		}
		if err != nil {
			fmt.Fprintln(stderr, "topics:", err)
			return 1
		}
	}
	if c.asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			fmt.Fprintln(stderr, "topics:", err)
			return 1
		}
		return 0
	}
	report(stdout, c, res)
	return 0
}

// experiment loads, vectorizes and decomposes as c says.
func experiment(c *config, progress io.Writer) (*Result, error) {
	res := &Result{}
	start := time.Now()
	b, err := loadCorpus(c, progress) // input.go
	if err != nil {
		return nil, err
	}
	res.Timings.Load = time.Since(start).Seconds()
	if c.record != "" || c.verify != "" {
		if res.inputs, err = corpusInputs(c, b); err != nil {
			return nil, err
		}
	}
	res.NDocs = len(b.Data)
	res.TargetNames = b.TargetNames
	res.TargetHead = b.Target[:min(20, len(b.Target))]
	res.FilenamesHead = b.ShortNames()[:min(10, len(b.Filenames))]
	for _, d := range b.Data[:min(5, len(b.Data))] {
		h := sha256.Sum256([]byte(d))
		res.DataSHA256Head = append(res.DataSHA256Head, hex.EncodeToString(h[:]))
	}

	start = time.Now()
	x, vocab, err := vectorize(c, b.Data)
	if err != nil {
		return nil, err
	}
	res.Timings.Vectorize = time.Since(start).Seconds()
	r, n := x.Dims()
	res.Shape = [2]int{r, n}
	res.NNZ = x.NNZ()
	res.Sum = x.Sum()
	step := max(1, n/25)
	for i := 0; i < n && c.vectorizer != "hashing"; i += step {
		res.VocabSample = append(res.VocabSample, vocab[i])
	}

	start = time.Now()
	if err := decompose(c, x, vocab, res, progress); err != nil {
		return nil, err
	}
	res.Timings.Decompose = time.Since(start).Seconds()
	return res, nil
}

// vectorize turns the documents into a document-term matrix.
func vectorize(c *config, docs []string) (*sparse.CSR, []string, error) {
	var stop []string
	if c.stop == "english" {
		stop = text.EnglishStopWords()
	}
	switch c.vectorizer {
	case "hashing":
		return hashVectorize(c, docs, stop) // input.go
	case "tfidf":
		v := &text.TfidfVectorizer{}
		v.StopWords = stop
		x, err := v.FitTransform(docs)
		if err != nil {
			return nil, nil, err
		}
		return x, v.Vocabulary(), nil
	default:
		v := &text.CountVectorizer{StopWords: stop}
		x, err := v.FitTransform(docs)
		if err != nil {
			return nil, nil, err
		}
		return x, v.Vocabulary(), nil
	}
}

// report prints res for a person.
func report(w io.Writer, c *config, res *Result) {
	if c.matrix != "" {
		reportMatrix(w, c, res)
		return
	}
	fmt.Fprintf(w, "%d documents (%s) in %d categories: %s\n", res.NDocs, c.source(), len(res.TargetNames), strings.Join(res.TargetNames, ", "))
	fmt.Fprintf(w, "first labels: %v\n", res.TargetHead)
	fmt.Fprintf(w, "%s matrix: %d × %d, %d non-zeros, sum %.10g\n", c.vectorizer, res.Shape[0], res.Shape[1], res.NNZ, res.Sum)
	if len(res.SingularValues) > 0 {
		fmt.Fprintf(w, "singular values: %.6g\n", res.SingularValues)
	}
	if res.ReconstructionErr != nil {
		fmt.Fprintf(w, "reconstruction error ‖X − WH‖_F: %.14g", *res.ReconstructionErr)
		if res.NIter != nil {
			fmt.Fprintf(w, " after %d iterations", *res.NIter)
		}
		fmt.Fprintln(w)
	}
	for i, t := range res.Topics {
		fmt.Fprintf(w, "topic %2d: %s\n", i, t)
	}
	fmt.Fprintf(w, "time: load %.3fs, vectorize %.3fs, decompose %.3fs\n", res.Timings.Load, res.Timings.Vectorize, res.Timings.Decompose)
}
