package svd

import (
	"os"
	"testing"

	"github.com/fastai-go/topicmodel/lib/nprand"
	"github.com/fastai-go/topicmodel/lib/npz"
)

// BenchmarkScaleTMul compares Mᵀ·X by scatter and by gather through the
// transpose on the matrix in $TOPICMODEL_SCALE_MATRIX (scripts/gen_scale.py).
func BenchmarkScaleTMul(b *testing.B) {
	a, w, out, k := scaleSetup(b)
	b.Run("scatter", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			tmulScatter(a, out, w, k)
		}
	})
	at := a.transpose()
	b.Run("gather", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sparseMulTo(at, out, k, w, k)
		}
	})
	y := make([]float64, a.rows*k)
	b.Run("mul", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sparseMulTo(a, y, k, out, k)
		}
	})
}

// BenchmarkScaleScatter is BenchmarkScaleTMul's scatter on one goroutine
// and on all (run it with -tags purego too for the Go loop).
func BenchmarkScaleScatter(b *testing.B) {
	a, w, out, k := scaleSetup(b)
	b.Run("serial", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			clear(out)
			scatterRange(a, out, w, k, 0, a.cols)
		}
	})
	b.Run("parallel", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			tmulScatter(a, out, w, k)
		}
	})
}

// scaleSetup reads the matrix in $TOPICMODEL_SCALE_MATRIX (skipping the
// benchmark without one) and returns it with a Gaussian rows×k block w and
// a cols×k result block, k = 20 (the randomized SVD's k = 10 plus ten
// oversamples).
func scaleSetup(b *testing.B) (a *csr, w, out []float64, k int) {
	path := os.Getenv("TOPICMODEL_SCALE_MATRIX")
	if path == "" {
		b.Skip("set TOPICMODEL_SCALE_MATRIX to a matrix written by scripts/gen_scale.py")
	}
	x, err := npz.ReadCSR(path)
	if err != nil {
		b.Fatal(err)
	}
	a = fromSparse(x)
	k = 20
	w = make([]float64, a.rows*k)
	nprand.New(0).StandardNormalFill(w)
	return a, w, make([]float64, a.cols*k), k
}
