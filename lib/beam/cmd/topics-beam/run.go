package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/fastai-go/topicmodel/datasets/files"
	"github.com/fastai-go/topicmodel/datasets/newsgroups"
	tmbeam "github.com/fastai-go/topicmodel/lib/beam"
	"github.com/fastai-go/topicmodel/lib/nmf"
	"github.com/fastai-go/topicmodel/lib/text"
	"github.com/fastai-go/topicmodel/lib/topics"
)

// Timings are the wall-clock seconds of each stage.
type Timings struct {
	Load      float64 `json:"load_s"`
	Vectorize float64 `json:"vectorize_s"`
	Decompose float64 `json:"decompose_s"`
}

// Result is the JSON report: the keys and meaning of scripts/topics'
// Result (n_steps, which only minibatch-nmf sets, is never written).
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
	Topics            []string  `json:"topics,omitempty"`
	Timings           Timings   `json:"timings"`

	warning string
}

// run is the whole command; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "topics-beam:", err)
		fmt.Fprintln(stderr, "run 'topics-beam -h' for the flags")
		return 2
	}
	res, err := experiment(context.Background(), c, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "topics-beam:", err)
		var ue usageError
		if errors.As(err, &ue) {
			return 2
		}
		return 1
	}
	if res.warning != "" {
		fmt.Fprintln(stderr, "topics-beam: warning:", res.warning)
	}
	if c.asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			fmt.Fprintln(stderr, "topics-beam:", err)
			return 1
		}
		return 0
	}
	report(stdout, c, res)
	return 0
}

// loadCorpus reads the corpus c names, as scripts/topics does.
func loadCorpus(c *config, progress io.Writer) (*newsgroups.Bunch, error) {
	if c.jsonl != "" {
		opts := files.JSONLOptions{TextField: c.textField, LabelField: c.labelField, NoLabels: c.labelField == ""}
		b, err := files.LoadJSONL(c.jsonl, opts)
		if err != nil {
			return nil, err
		}
		base := filepath.Base(c.jsonl)
		names := make([]string, len(b.Lines))
		for i, l := range b.Lines {
			names[i] = base + ":" + strconv.Itoa(l)
		}
		return &newsgroups.Bunch{Data: b.Data, Target: b.Target, TargetNames: b.TargetNames, Filenames: names}, nil
	}
	return newsgroups.Fetch(newsgroups.Options{
		Subset:     c.subset,
		Categories: c.categories,
		Remove:     c.remove,
		DataHome:   c.data,
		Archive:    c.archive,
		Progress:   progress,
	})
}

// writeShards writes docs into n contiguous JSON Lines files in dir
// (shard i holds docs[i·len/n : (i+1)·len/n]; some may be empty).
func writeShards(dir string, docs []string, n int) ([]tmbeam.Shard, error) {
	shards := make([]tmbeam.Shard, n)
	for i := range n {
		lo, hi := i*len(docs)/n, (i+1)*len(docs)/n
		path := filepath.Join(dir, fmt.Sprintf("docs-%05d-of-%05d.jsonl", i, n))
		f, err := os.Create(path)
		if err != nil {
			return nil, err
		}
		enc := json.NewEncoder(f)
		for _, d := range docs[lo:hi] {
			if err := enc.Encode(map[string]string{"text": d}); err != nil {
				f.Close()
				return nil, err
			}
		}
		if err := f.Close(); err != nil {
			return nil, err
		}
		shards[i] = tmbeam.Shard{Index: i, Path: path}
	}
	return shards, nil
}

// experiment loads the corpus, shards it, and runs the pipelines.
func experiment(ctx context.Context, c *config, progress io.Writer) (*Result, error) {
	res := &Result{}
	start := time.Now()
	b, err := loadCorpus(c, progress)
	if err != nil {
		return nil, err
	}
	work := c.work
	if work == "" {
		if work, err = os.MkdirTemp("", "topics-beam-"); err != nil {
			return nil, err
		}
		defer os.RemoveAll(work)
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		return nil, err
	}
	shards, err := writeShards(work, b.Data, c.shards)
	if err != nil {
		return nil, err
	}
	res.Timings.Load = time.Since(start).Seconds()
	res.NDocs = len(b.Data)
	res.TargetNames = b.TargetNames
	res.TargetHead = b.Target[:min(20, len(b.Target))]
	res.FilenamesHead = b.ShortNames()[:min(10, len(b.Filenames))]
	for _, d := range b.Data[:min(5, len(b.Data))] {
		h := sha256.Sum256([]byte(d))
		res.DataSHA256Head = append(res.DataSHA256Head, hex.EncodeToString(h[:]))
	}
	ro := tmbeam.RunOptions{Runner: c.runner, Endpoint: c.endpoint, Environment: c.environment}

	start = time.Now()
	cv := text.CountVectorizer{}
	if c.stop == "english" {
		cv.StopWords = text.EnglishStopWords()
	}
	vo := tmbeam.VectorizeOptions{Count: cv, OutDir: filepath.Join(work, "rows")}
	if c.vectorizer == "tfidf" {
		vo.TfIdf = &tmbeam.TfIdfOptions{} // TfidfVectorizer's defaults, as scripts/topics
	}
	v, err := tmbeam.Vectorize(ctx, shards, vo, ro)
	if err != nil {
		return nil, err
	}
	res.Timings.Vectorize = time.Since(start).Seconds()
	vocab := v.Vocabulary.Terms
	r, n := 0, len(vocab)
	for _, sh := range v.Shards {
		r += sh.Rows
		res.NNZ += sh.NNZ
		m, err := tmbeam.ReadCSR(sh.Path)
		if err != nil {
			return nil, err
		}
		// One running sum over the entries in row order across the
		// shards: the terms and order of sparse.CSR.Sum on the whole
		// matrix, so tf-idf's sum is the in-memory command's bit for bit.
		_, _, data := m.Raw()
		for _, x := range data {
			res.Sum += x
		}
	}
	res.Shape = [2]int{r, n}
	for i := 0; i < n; i += max(1, n/25) {
		res.VocabSample = append(res.VocabSample, vocab[i])
	}

	start = time.Now()
	if c.method != "none" && c.k > min(r, n) {
		return nil, usageError{fmt.Sprintf("-k %d: the %d×%d matrix has at most %d components", c.k, r, n, min(r, n))}
	}
	switch c.method {
	case "rsvd":
		seed := 0
		if c.seedSet {
			seed = c.seed
		}
		f, err := tmbeam.RandomizedSVD(ctx, v.Shards, n, tmbeam.RandomizedSVDOptions{K: c.k, Iters: c.rsvdIters(), Seed: uint32(seed), OutDir: filepath.Join(work, "rsvd")}, ro)
		if err != nil {
			return nil, err
		}
		res.SingularValues = f.Values
		res.Topics = topics.ShowTopics(f.VT, vocab, c.top)
	case "nmf":
		seed := 1
		if c.seedSet {
			seed = c.seed
		}
		f, err := tmbeam.NMF(ctx, v.Shards, n, tmbeam.NMFOptions{K: c.k, Init: c.init, Seed: uint32(seed), OutDir: filepath.Join(work, "nmf")}, ro)
		if err != nil {
			return nil, err
		}
		e, it := f.ReconstructionErr, f.NIter
		res.ReconstructionErr, res.NIter = &e, &it
		res.Topics = topics.ShowTopics(f.H, vocab, c.top)
		if !f.Converged {
			res.warning = (&nmf.ConvergenceWarning{MaxIter: it}).Error()
		}
	}
	res.Timings.Decompose = time.Since(start).Seconds()
	return res, nil
}

// report prints res for a person, as scripts/topics does.
func report(w io.Writer, c *config, res *Result) {
	source := c.subset
	if c.jsonl != "" {
		source = c.jsonl
	}
	fmt.Fprintf(w, "%d documents (%s) in %d categories: %s\n", res.NDocs, source, len(res.TargetNames), strings.Join(res.TargetNames, ", "))
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
	fmt.Fprintf(w, "time: load %.3fs, vectorize %.3fs, decompose %.3fs (%d shards, runner %s)\n",
		res.Timings.Load, res.Timings.Vectorize, res.Timings.Decompose, c.shards, c.runner)
}
