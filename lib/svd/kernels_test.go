package svd

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

// sparseMulTo gives bit for bit the sums of the plain row-by-row axpy loop
// for every width (sparse.MulDenseRows for k ≤ 64, chunked Daxpy above),
// and overwrites whatever the output held in the first k columns.
func TestSparseMulToMatchesAxpy(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	const rows, cols = 37, 23
	a := &csr{rows: rows, cols: cols, indptr: make([]int, rows+1)}
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			if rnd.Float64() < 0.3 {
				a.indices = append(a.indices, j)
				a.data = append(a.data, rnd.NormFloat64())
			}
		}
		a.indptr[i+1] = len(a.data)
	}
	for _, k := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 14, 15, 16, 20, 64, 65, 300} {
		w := make([]float64, cols*k)
		for i := range w {
			w[i] = rnd.NormFloat64()
		}
		ldo := k + 2
		want := make([]float64, rows*ldo)
		for i := 0; i < rows; i++ {
			row := want[i*ldo : i*ldo+k]
			for q := a.indptr[i]; q < a.indptr[i+1]; q++ {
				c := a.indices[q]
				for t := 0; t < k; t++ {
					row[t] += float64(a.data[q] * w[c*k+t])
				}
			}
		}
		got := make([]float64, rows*ldo)
		for i := range got {
			got[i] = 99 // overwritten in the first k columns, kept beyond
		}
		sparseMulTo(a, got, ldo, w, k)
		for i := 0; i < rows; i++ {
			for c := 0; c < ldo; c++ {
				g, e := got[i*ldo+c], want[i*ldo+c]
				if c >= k {
					e = 99
				}
				if math.Float64bits(g) != math.Float64bits(e) {
					t.Fatalf("k=%d: entry %d,%d = %v, want %v", k, i, c, g, e)
				}
			}
		}
	}
}

// TestOperatorUsesCachedTranspose checks that a *sparse.CSR operand is read
// without dropping its cached transpose, and that the cached transpose is
// the same storage the package's own transpose builds.
func TestOperatorUsesCachedTranspose(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	a := mat.NewDense(37, 53, nil)
	for i := 0; i < 37; i++ {
		for j := 0; j < 53; j++ {
			if rng.IntN(5) == 0 {
				a.Set(i, j, rng.NormFloat64())
			}
		}
	}
	x := sparse.FromDense(a)
	before := x.Transpose()
	op, err := newOperator(x)
	if err != nil {
		t.Fatal(err)
	}
	if x.Transpose() != before {
		t.Error("newOperator dropped the matrix's cached transpose")
	}
	want := fromRaw(sparse.FromDense(a)).transpose()
	got := op.spT
	if got.rows != want.rows || got.cols != want.cols || !slices.Equal(got.indptr, want.indptr) ||
		!slices.Equal(got.indices, want.indices) || !slices.Equal(got.data, want.data) {
		t.Error("the cached transpose differs from the package's own")
	}
}
