package reference_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fastai-go/topicmodel/datasets/reference"
	"github.com/fastai-go/topicmodel/internal/testenv"
)

func TestLoadShared(t *testing.T) {
	cases, err := reference.Load(testenv.Reference(t))
	if err != nil {
		t.Fatal(err)
	}
	c, ok := reference.Named(cases, "lesson-count")
	if !ok {
		t.Fatal("no lesson-count case")
	}
	if c.Shape != [2]int{2034, 26576} || c.NNZ != 133634 || len(c.SVDSHead) != 20 || len(c.NMF) != 2 || c.NMF[0].K != 5 || c.NMF[0].Seed != 1 {
		t.Errorf("lesson-count read wrongly: shape %v nnz %d svd head %d nmf %v", c.Shape, c.NNZ, len(c.SVDSHead), c.NMF)
	}
	if _, ok := reference.Named(cases, "no such case"); ok {
		t.Error("Named found a case that does not exist")
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"bad.json": "{", "empty.json": "[]", "object.json": `{"a":1}`} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := reference.Load(p); err == nil || !strings.Contains(err.Error(), "reference:") {
			t.Errorf("%s: got %v, want a reference error", name, err)
		}
	}
	if _, err := reference.Load(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("a missing file gave no error")
	}
}
