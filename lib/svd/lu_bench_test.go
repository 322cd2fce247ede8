package svd

import (
	"testing"

	"github.com/fastai-go/topicmodel/lib/nprand"
)

// BenchmarkPermutedLTall times the LU normaliser on a block of the shape
// the lesson's randomized SVD uses (26576×15).
func BenchmarkPermutedLTall(b *testing.B) {
	const m, k = 26576, 15
	src := make([]float64, m*k)
	nprand.New(1).StandardNormalFill(src)
	x := make([]float64, m*k)
	var out []float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		copy(x, src)
		out = permutedL(x, m, k, out)
	}
}

// BenchmarkSparseMulCorpus times M·W and Mᵀ·W with 15 columns on the
// lesson's count matrix.
func BenchmarkSparseMulCorpus(b *testing.B) {
	x, _ := lessonMatrix(b, "count")
	op, err := newOperator(x)
	if err != nil {
		b.Fatal(err)
	}
	const k = 15
	w := make([]float64, op.cols*k)
	nprand.New(2).StandardNormalFill(w)
	wt := make([]float64, op.rows*k)
	nprand.New(3).StandardNormalFill(wt)
	var y, z []float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		y = op.mulTo(y, w, k)
		z = op.T().mulTo(z, wt, k)
	}
}
