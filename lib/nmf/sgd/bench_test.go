package sgd

import (
	"math/rand/v2"
	"testing"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

// BenchmarkStateStep times one fast gradient step (Lesson settings, d = 5)
// on a random sparse matrix the size of the lesson's tf-idf (2034×26576,
// about 133,634 non-zeros).
func BenchmarkStateStep(b *testing.B) {
	const r, c, nnz = 2034, 26576, 133634
	rng := rand.New(rand.NewPCG(1, 2))
	indptr := make([]int, r+1)
	var indices []int
	var data []float64
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if rng.Float64() < float64(nnz)/(r*c) {
				indices = append(indices, j)
				data = append(data, rng.Float64())
			}
		}
		indptr[i+1] = len(data)
	}
	x, err := sparse.NewCSR(r, c, indptr, indices, data)
	if err != nil {
		b.Fatal(err)
	}
	s, err := NewState(x, Lesson())
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		s.Step()
	}
}
