package gpu

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/fastai-go/topicmodel/datasets/newsgroups"
	"github.com/fastai-go/topicmodel/internal/testenv"
	"github.com/fastai-go/topicmodel/lib/nprand"
	"github.com/fastai-go/topicmodel/lib/text"
)

// benchCase is one matrix of the GPU benchmark (scripts/bench_gpu.sh).
type benchCase struct {
	name       string
	categories []string
}

var benchCases = []benchCase{
	{"lesson4", []string{"alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"}},
	{"all20", nil},
}

// TestPrepareBenchData writes the benchmark inputs when GPU_BENCH_PREPARE
// names a folder: for each case, the lesson's tf-idf matrix (train subset,
// headers/footers/quotes removed, English stop words) as CSR .npy files
// (indptr, indices int32; data float32; shape), and the starting W0 (m×6),
// H0 (6×n) = |normal(0, 0.01)| from numpy's RandomState(0), float32.
// scripts/bench_gpu.sh calls it; the GPU side (Go and PyTorch) reads them.
func TestPrepareBenchData(t *testing.T) {
	dir := os.Getenv("GPU_BENCH_PREPARE")
	if dir == "" {
		t.Skip("set GPU_BENCH_PREPARE=folder to write the GPU benchmark's inputs")
	}
	archive := testenv.Archive(t)
	for _, c := range benchCases {
		b, err := newsgroups.Fetch(newsgroups.Options{Subset: "train", Categories: c.categories,
			Remove: []string{"headers", "footers", "quotes"}, Archive: archive, DataHome: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		v := &text.TfidfVectorizer{CountVectorizer: text.CountVectorizer{StopWords: text.EnglishStopWords()}}
		M, err := v.FitTransform(b.Data)
		if err != nil {
			t.Fatal(err)
		}
		m, n := M.Dims()
		out := filepath.Join(dir, c.name)
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
		ip := make([]int32, m+1)
		for i, x := range M.Indptr() {
			ip[i] = int32(x)
		}
		ix := make([]int32, M.NNZ())
		dx := make([]float32, M.NNZ())
		for p := range ix {
			ix[p] = int32(M.Indices()[p])
			dx[p] = float32(M.Data()[p])
		}
		const d = 6
		rs := nprand.New(0)
		w := make([]float32, m*d)
		h := make([]float32, d*n)
		for _, a := range [][]float32{w, h} {
			for i := range a {
				a[i] = float32(math.Abs(rs.Normal(0, 0.01)))
			}
		}
		for _, f := range []struct {
			name, descr string
			shape       []int
			data        any
		}{
			{"shape", "<i4", []int{2}, []int32{int32(m), int32(n)}},
			{"indptr", "<i4", []int{m + 1}, ip},
			{"indices", "<i4", []int{len(ix)}, ix},
			{"data", "<f4", []int{len(dx)}, dx},
			{"W0", "<f4", []int{m, d}, w},
			{"H0", "<f4", []int{d, n}, h},
		} {
			if err := writeNpy(filepath.Join(out, f.name+".npy"), f.descr, f.shape, f.data); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("%s: %d×%d, %d non-zeros → %s", c.name, m, n, M.NNZ(), out)
	}
}
