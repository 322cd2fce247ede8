package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/fastai-go/topicmodel/datasets/files"
	"github.com/fastai-go/topicmodel/datasets/newsgroups"
	// A missing archive is downloaded in this process (see newsgroups.RegisterDownloader).
	_ "github.com/fastai-go/topicmodel/datasets/newsgroups/download"
	"github.com/fastai-go/topicmodel/lib/sparse"
	"github.com/fastai-go/topicmodel/lib/text"
)

// inputFlags are the flags that read a corpus other than 20 Newsgroups
// (-files, -jsonl and their options) and the hashing vectorizer's size.
type inputFlags struct {
	files, jsonl, encoding, textField, labelField string
	nFeatures                                     int
	alternateSign                                 bool

	enc files.Encoding
}

// newsgroupsOnly are the flags that only make sense for 20 Newsgroups.
var newsgroupsOnly = []string{"lesson", "categories", "subset", "remove", "data", "archive"}

// maxHashedForMethods bounds -n-features when a decomposition follows:
// the factors are dense k × n-features matrices.
const maxHashedForMethods = 1 << 24

func (in *inputFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&in.files, "files", "", "read a folder instead of 20 Newsgroups: one sub-folder per category, one file per document (scikit-learn's load_files)")
	fs.StringVar(&in.jsonl, "jsonl", "", "read a JSON Lines file instead of 20 Newsgroups: one object per line with a text and an optional label")
	fs.StringVar(&in.encoding, "encoding", "utf-8", "-files: utf-8 (bad bytes become U+FFFD, as decode_error=\"replace\") or latin-1")
	fs.StringVar(&in.textField, "text-field", "text", "-jsonl: the key of each document's text")
	fs.StringVar(&in.labelField, "label-field", "label", "-jsonl: the key of each document's label, a string or an integer (empty: no labels)")
	fs.IntVar(&in.nFeatures, "n-features", text.DefaultNFeatures, "-vectorizer hashing: number of columns, 1 to 2³¹−1")
	fs.BoolVar(&in.alternateSign, "alternate-sign", true, "-vectorizer hashing: add each token's hash sign (scikit-learn's alternate_sign); =false for the non-negative counts NMF needs")
}

// check validates the input flags of c after parsing; fs tells which flags
// were given.
func (in *inputFlags) check(fs *flag.FlagSet, c *config) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["files"] && set["jsonl"] {
		return usageError{"-files and -jsonl both name a corpus; give one of them"}
	}
	for _, own := range []string{"files", "jsonl"} {
		if !set[own] {
			continue
		}
		if (own == "files" && in.files == "") || (own == "jsonl" && in.jsonl == "") {
			return usageError{fmt.Sprintf("-%s needs a path", own)}
		}
		for _, ng := range newsgroupsOnly {
			if set[ng] {
				return usageError{fmt.Sprintf("-%s is for 20 Newsgroups only and cannot be used with -%s, which reads its own corpus", ng, own)}
			}
		}
	}
	if set["encoding"] {
		if !set["files"] {
			return usageError{"-encoding applies to -files only (JSON Lines files are UTF-8)"}
		}
	}
	enc, err := files.ParseEncoding(in.encoding)
	if err != nil {
		return usageError{fmt.Sprintf("-encoding %q: want utf-8 or latin-1", in.encoding)}
	}
	in.enc = enc
	for _, f := range []string{"text-field", "label-field"} {
		if set[f] && !set["jsonl"] {
			return usageError{fmt.Sprintf("-%s applies to -jsonl only", f)}
		}
	}
	if in.textField == "" {
		return usageError{"-text-field is empty; give the key of the documents' text"}
	}
	if set["n-features"] && c.vectorizer != "hashing" {
		return usageError{"-n-features applies to -vectorizer hashing only"}
	}
	if set["alternate-sign"] && c.vectorizer != "hashing" {
		return usageError{"-alternate-sign applies to -vectorizer hashing only"}
	}
	if c.vectorizer == "hashing" && in.alternateSign && (c.method == "nmf" || c.method == "sgd") {
		return usageError{fmt.Sprintf("-method %s needs non-negative input, and -vectorizer hashing adds negative signs; add -alternate-sign=false", c.method)}
	}
	if in.nFeatures < 1 || in.nFeatures > text.MaxNFeatures {
		return usageError{fmt.Sprintf("-n-features %d: want a number of columns from 1 to 2³¹−1 = %d", in.nFeatures, text.MaxNFeatures)}
	}
	if c.vectorizer == "hashing" && c.method != "none" && in.nFeatures > maxHashedForMethods {
		return usageError{fmt.Sprintf("-n-features %d is too many for -method %s, whose factors are dense k × %d matrices; use at most %d (2²⁴)",
			in.nFeatures, c.method, in.nFeatures, maxHashedForMethods)}
	}
	return nil
}

// source describes the corpus for the report.
func (c *config) source() string {
	switch {
	case c.in.files != "":
		return c.in.files
	case c.in.jsonl != "":
		return c.in.jsonl
	}
	return c.subset
}

// loadCorpus reads the corpus c names: a folder (-files), a JSON Lines
// file (-jsonl), or 20 Newsgroups.
func loadCorpus(c *config, progress io.Writer) (*newsgroups.Bunch, error) {
	switch {
	case c.in.files != "":
		b, err := files.LoadFolder(c.in.files, files.FolderOptions{Encoding: c.in.enc})
		if err != nil {
			return nil, err
		}
		names := make([]string, len(b.Filenames))
		for i, f := range b.Filenames {
			names[i] = filepath.ToSlash(f)
		}
		return &newsgroups.Bunch{Data: b.Data, Target: b.Target, TargetNames: b.TargetNames, Filenames: names}, nil
	case c.in.jsonl != "":
		opts := files.JSONLOptions{TextField: c.in.textField, LabelField: c.in.labelField, NoLabels: c.in.labelField == ""}
		b, err := files.LoadJSONL(c.in.jsonl, opts)
		if err != nil {
			return nil, err
		}
		base := filepath.Base(c.in.jsonl)
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
		Archive:    c.archive, // else the loader's rules: $TOPICMODEL_ARCHIVE, the data home, a download
		Progress:   progress,
	})
}

// hashVectorize hashes the documents (-vectorizer hashing). With a
// decomposition to follow it also names each column by the tokens of the
// corpus that hash to it, sorted and joined by "|", so that topics show
// words; columns no token reaches are named "". Without one the names are
// nil.
func hashVectorize(c *config, docs []string, stop []string) (*sparse.CSR, []string, error) {
	v := &text.HashingVectorizer{StopWords: stop, NFeatures: c.in.nFeatures, NoAlternateSign: !c.in.alternateSign}
	x, err := v.Transform(docs)
	if err != nil {
		return nil, nil, err
	}
	if c.method == "none" {
		return x, nil, nil
	}
	isStop := make(map[string]bool, len(stop))
	for _, w := range stop {
		isStop[w] = true
	}
	seen := map[string]bool{}
	byCol := map[int][]string{}
	for _, d := range docs {
		for _, t := range text.Tokenize(d, true) {
			if isStop[t] || seen[t] {
				continue
			}
			seen[t] = true
			j, _ := v.Column(t)
			byCol[j] = append(byCol[j], t)
		}
	}
	names := make([]string, c.in.nFeatures)
	for j, ts := range byCol {
		slices.Sort(ts)
		names[j] = strings.Join(ts, "|")
	}
	return x, names, nil
}
