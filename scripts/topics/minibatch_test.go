package main

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

// TestMiniBatchNMFMatchesScikitLearn runs -method minibatch-nmf on the
// lesson's tf-idf matrix with a random init and batches of 256 rows, and
// compares with scikit-learn 1.2.1's MiniBatchNMF in
// lib/nmf/testdata/sklearn_minibatch_corpus.json: n_iter, n_steps and the
// topics equal, reconstruction_err within 1e-10 relative (lib/nmf agrees to
// about 1e-14).
func TestMiniBatchNMFMatchesScikitLearn(t *testing.T) {
	cases := needCorpus(t)
	raw, err := os.ReadFile("../../lib/nmf/testdata/sklearn_minibatch_corpus.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Cases []struct {
			Vectorizer        string         `json:"vectorizer"`
			K                 int            `json:"k"`
			Params            map[string]any `json:"params"`
			NIter             int            `json:"n_iter"`
			NSteps            int            `json:"n_steps"`
			ReconstructionErr float64        `json:"reconstruction_err"`
			Topics            []string       `json:"topics"`
		}
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	want := f.Cases[1]
	if want.Vectorizer != "tfidf" || want.Params["init"] != "random" || want.Params["batch_size"] != 256.0 || want.Params["random_state"] != 1.0 {
		t.Fatalf("fixture case 1 is %v %v; the test expects tfidf, init random, batch 256, seed 1", want.Vectorizer, want.Params)
	}
	_, args := lessonArgs(t, cases, "lesson-tfidf", "-method", "minibatch-nmf", "-k", "5", "-seed", "1", "-init", "random", "-batch-size", "256")
	r := runJSON(t, args...)
	if r.ReconstructionErr == nil || !scalar.EqualWithinRel(*r.ReconstructionErr, want.ReconstructionErr, 1e-10) {
		t.Errorf("reconstruction_err %v, want %v (1e-10 relative)", r.ReconstructionErr, want.ReconstructionErr)
	}
	if r.NIter == nil || *r.NIter != want.NIter || r.NSteps == nil || *r.NSteps != want.NSteps {
		t.Errorf("n_iter %v, n_steps %v; want %d, %d", r.NIter, r.NSteps, want.NIter, want.NSteps)
	}
	if !slices.Equal(r.Topics, want.Topics) {
		t.Errorf("topics\n%q\nwant\n%q", r.Topics, want.Topics)
	}
}

func TestMiniBatchBadFlags(t *testing.T) {
	for _, test := range []struct {
		args []string
		want string
	}{
		{[]string{"-method", "minibatch-nmf", "-batch-size", "0"}, "-batch-size 0"},
		{[]string{"-method", "minibatch-nmf", "-beta-loss", "euclid"}, `-beta-loss "euclid"`},
		{[]string{"-method", "minibatch"}, "minibatch-nmf"},
	} {
		var out, errb bytes.Buffer
		code := run(test.args, &out, &errb)
		if code != 2 || !strings.Contains(errb.String(), test.want) {
			t.Errorf("topics %v: exit %d, stderr %q; want exit 2 and %q", test.args, code, errb.String(), test.want)
		}
	}
}
