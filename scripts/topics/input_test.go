package main

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/fastai-go/topicmodel/datasets/files"
	"github.com/fastai-go/topicmodel/lib/text"
)

// The tests in this file run the command on datasets/files/testdata (a
// folder tree and JSON Lines files) and compare with the figures
// datasets/files/testdata/gen_files.py recorded from scikit-learn 1.2.1.

const (
	filesTestdata = "../../datasets/files/testdata"
	filesTree     = filesTestdata + "/tree"
	filesJSONL    = filesTestdata + "/labels.jsonl"
)

// cliFigures are the "cli" entries of files_expected.json.
type cliFigures struct {
	NDocs          int      `json:"n_docs"`
	TargetNames    []string `json:"target_names"`
	TargetHead     []int    `json:"target_head"`
	FilenamesHead  []string `json:"filenames_head"`
	DataSHA256Head []string `json:"data_sha256_head"`
	Shape          [2]int   `json:"shape"`
	NNZ            int      `json:"nnz"`
	Sum            float64  `json:"sum"`
	SumSquares     float64  `json:"sum_squares"`
	VocabSample    []string `json:"vocab_sample"`
}

func loadCLIFigures(t *testing.T) map[string]cliFigures {
	t.Helper()
	b, err := os.ReadFile(filesTestdata + "/files_expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		CLI map[string]cliFigures `json:"cli"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.CLI) != 3 {
		t.Fatalf("%d cli cases in files_expected.json, want 3", len(f.CLI))
	}
	return f.CLI
}

// runInput runs the command with -json and decodes the result.
func runInput(t *testing.T, args ...string) Result {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(append(args, "-json"), &out, &errb); code != 0 {
		t.Fatalf("topics %v: exit %d: %s", args, code, errb.String())
	}
	var r Result
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("topics %v: output is not JSON: %v\n%s", args, err, out.String())
	}
	return r
}

func TestFilesCountMatchesScikitLearn(t *testing.T) {
	want := loadCLIFigures(t)["files_count"]
	r := runInput(t, "-files", filesTree, "-vectorizer", "count")
	if r.NDocs != want.NDocs || r.Shape != want.Shape || r.NNZ != want.NNZ {
		t.Errorf("n_docs %d shape %v nnz %d, want %d %v %d", r.NDocs, r.Shape, r.NNZ, want.NDocs, want.Shape, want.NNZ)
	}
	if !scalar.EqualWithinAbs(r.Sum, want.Sum, 0) {
		t.Errorf("sum %v, want %v (counts: exact)", r.Sum, want.Sum)
	}
	for _, s := range []struct {
		name      string
		got, want []string
	}{
		{"target_names", r.TargetNames, want.TargetNames},
		{"filenames_head", r.FilenamesHead, want.FilenamesHead},
		{"data_sha256_head", r.DataSHA256Head, want.DataSHA256Head},
		{"vocab_sample", r.VocabSample, want.VocabSample},
	} {
		if !slices.Equal(s.got, s.want) {
			t.Errorf("%s = %q\nwant %q", s.name, s.got, s.want)
		}
	}
	if !slices.Equal(r.TargetHead, want.TargetHead) {
		t.Errorf("target_head = %v, want %v", r.TargetHead, want.TargetHead)
	}
}

func TestFilesHashingMatchesScikitLearn(t *testing.T) {
	want := loadCLIFigures(t)["files_hashing64"]
	r := runInput(t, "-files", filesTree, "-vectorizer", "hashing", "-n-features", "64")
	if r.Shape != want.Shape || r.NNZ != want.NNZ {
		t.Errorf("shape %v nnz %d, want %v %d", r.Shape, r.NNZ, want.Shape, want.NNZ)
	}
	if !scalar.EqualWithinAbs(r.Sum, want.Sum, 1e-12) {
		t.Errorf("sum %v, want %v (1e-12)", r.Sum, want.Sum)
	}
	if r.VocabSample != nil {
		t.Errorf("vocab_sample = %q, want none for hashing", r.VocabSample)
	}
}

func TestJSONLCountMatchesScikitLearn(t *testing.T) {
	want := loadCLIFigures(t)["jsonl_count"]
	r := runInput(t, "-jsonl", filesJSONL)
	if r.Shape != want.Shape || r.NNZ != want.NNZ || !scalar.EqualWithinAbs(r.Sum, want.Sum, 0) {
		t.Errorf("shape %v nnz %d sum %v, want %v %d %v", r.Shape, r.NNZ, r.Sum, want.Shape, want.NNZ, want.Sum)
	}
	if !slices.Equal(r.VocabSample, want.VocabSample) {
		t.Errorf("vocab_sample = %q\nwant %q", r.VocabSample, want.VocabSample)
	}
	if !slices.Equal(r.TargetNames, []string{"B-upper", "alpha", "sci.space", "été"}) ||
		!slices.Equal(r.FilenamesHead[:3], []string{"labels.jsonl:1", "labels.jsonl:4", "labels.jsonl:5"}) {
		t.Errorf("target_names %q, filenames_head %q", r.TargetNames, r.FilenamesHead)
	}
	r = runInput(t, "-jsonl", filesTestdata+"/nolabel.jsonl", "-text-field", "body", "-label-field", "")
	if r.NDocs != 2 || r.TargetNames != nil || r.TargetHead != nil {
		t.Errorf("nolabel.jsonl: %d docs, target_names %q, target_head %v; want 2 docs, no labels", r.NDocs, r.TargetNames, r.TargetHead)
	}
}

// TestHashingTopicsNameColumns runs NMF on hashed counts: the topics show
// the corpus's words (each column named by the tokens hashed to it).
func TestHashingTopicsNameColumns(t *testing.T) {
	r := runInput(t, "-files", filesTree, "-vectorizer", "hashing", "-n-features", "4096", "-alternate-sign=false",
		"-method", "nmf", "-k", "2", "-top", "3")
	if len(r.Topics) != 2 || r.ReconstructionErr == nil {
		t.Fatalf("topics %q, error %v", r.Topics, r.ReconstructionErr)
	}
	b, err := files.LoadFolder(filesTree, files.FolderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tokens := map[string]bool{}
	for _, d := range b.Data {
		for _, tok := range text.Tokenize(d, true) {
			tokens[tok] = true
		}
	}
	for _, topic := range r.Topics {
		words := strings.Fields(topic)
		if len(words) != 3 {
			t.Errorf("topic %q: %d columns, want 3", topic, len(words))
		}
		for _, col := range words {
			for _, w := range strings.Split(col, "|") {
				if !tokens[w] {
					t.Errorf("topic %q holds %q, not a token of the corpus", topic, w)
				}
			}
		}
	}
}

func TestInputBadFlags(t *testing.T) {
	for _, test := range []struct {
		args []string
		want string
	}{
		{[]string{"-files", "x", "-jsonl", "y"}, "-files and -jsonl both name a corpus"},
		{[]string{"-files", "x", "-lesson"}, "-lesson is for 20 Newsgroups only and cannot be used with -files"},
		{[]string{"-jsonl", "x", "-categories", "sci.space"}, "-categories is for 20 Newsgroups only"},
		{[]string{"-files", "x", "-subset", "test"}, "-subset is for 20 Newsgroups only"},
		{[]string{"-files", "x", "-remove", "headers"}, "-remove is for 20 Newsgroups only"},
		{[]string{"-jsonl", "x", "-archive", "a.tar.gz"}, "-archive is for 20 Newsgroups only"},
		{[]string{"-files", ""}, "-files needs a path"},
		{[]string{"-encoding", "latin-1"}, "-encoding applies to -files only"},
		{[]string{"-files", "x", "-encoding", "cp1252"}, `-encoding "cp1252": want utf-8 or latin-1`},
		{[]string{"-text-field", "body"}, "-text-field applies to -jsonl only"},
		{[]string{"-files", "x", "-label-field", "y"}, "-label-field applies to -jsonl only"},
		{[]string{"-jsonl", "x", "-text-field", ""}, "-text-field is empty"},
		{[]string{"-n-features", "8"}, "-n-features applies to -vectorizer hashing only"},
		{[]string{"-vectorizer", "hashing", "-n-features", "0"}, "-n-features 0: want a number of columns from 1"},
		{[]string{"-vectorizer", "hashing", "-n-features", "2147483648"}, "-n-features 2147483648"},
		{[]string{"-vectorizer", "hashing", "-method", "rsvd", "-n-features", "100000000"}, "too many for -method rsvd"},
		{[]string{"-vectorizer", "hashing", "-method", "nmf"}, "add -alternate-sign=false"},
		{[]string{"-alternate-sign=false"}, "-alternate-sign applies to -vectorizer hashing only"},
		{[]string{"-vectorizer", "bag"}, "want count, tfidf or hashing"},
	} {
		var out, errb bytes.Buffer
		code := run(test.args, &out, &errb)
		if code != 2 || !strings.Contains(errb.String(), test.want) {
			t.Errorf("topics %v: exit %d, stderr %q; want exit 2 and %q", test.args, code, errb.String(), test.want)
		}
	}
}

func TestInputLoadErrors(t *testing.T) {
	bad := t.TempDir() + "/bad.jsonl"
	os.WriteFile(bad, []byte("{\"text\": \"ok\"}\n{\"text\": 3}\n"), 0o644)
	for _, test := range []struct {
		args []string
		want string
	}{
		{[]string{"-files", filesTree + "/nope"}, "nope does not exist"},
		{[]string{"-files", filesJSONL}, "is a file, not a folder"},
		{[]string{"-jsonl", filesTree}, "is a folder, not a JSON Lines file"},
		{[]string{"-jsonl", bad}, `bad.jsonl line 2: field "text" is a number, not a string`},
	} {
		var out, errb bytes.Buffer
		code := run(test.args, &out, &errb)
		if code != 1 || !strings.Contains(errb.String(), test.want) {
			t.Errorf("topics %v: exit %d, stderr %q; want exit 1 and %q", test.args, code, errb.String(), test.want)
		}
	}
}
