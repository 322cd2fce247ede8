package svd

// Views, checks, scaling and transposes of dense input.

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/internal/scale"
)

// rawDense returns the row-major storage behind a, if it has one (a *Dense
// or anything with RawMatrix that is not transposed).
func rawDense(a mat.Matrix) (blas64.General, bool) {
	if r, ok := a.(mat.RawMatrixer); ok {
		return r.RawMatrix(), true
	}
	return blas64.General{}, false
}

// denseIsSparse reports whether fewer than a tenth of the entries are
// non-zero, in which case sparse kernels are faster than dense products.
func denseIsSparse(g blas64.General) bool {
	nnz := 0
	limit := g.Rows * g.Cols / 10
	for i := 0; i < g.Rows; i++ {
		for _, v := range g.Data[i*g.Stride : i*g.Stride+g.Cols] {
			if v != 0 {
				nnz++
			}
		}
		if nnz > limit {
			return false
		}
	}
	return true
}

func checkDenseFinite(g blas64.General) error {
	for i := 0; i < g.Rows; i++ {
		for j, v := range g.Data[i*g.Stride : i*g.Stride+g.Cols] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%w (entry %d,%d is %v)", errNotFinite, i, j, v)
			}
		}
	}
	return nil
}

// denseMaxAbs returns the largest magnitude of an entry of g.
func denseMaxAbs(g blas64.General) float64 {
	m := 0.0
	for i := 0; i < g.Rows; i++ {
		m = math.Max(m, scale.MaxAbs(g.Data[i*g.Stride:i*g.Stride+g.Cols]))
	}
	return m
}

// scaledGeneral returns a compact copy of g times 2^e.
func scaledGeneral(g blas64.General, e int) *blas64.General {
	t := blas64.General{Rows: g.Rows, Cols: g.Cols, Stride: g.Cols, Data: make([]float64, g.Rows*g.Cols)}
	for i := 0; i < g.Rows; i++ {
		scale.Apply(t.Data[i*g.Cols:(i+1)*g.Cols], g.Data[i*g.Stride:i*g.Stride+g.Cols], e)
	}
	return &t
}

func transposeGeneral(g blas64.General) *blas64.General {
	t := blas64.General{Rows: g.Cols, Cols: g.Rows, Stride: g.Rows, Data: make([]float64, g.Rows*g.Cols)}
	transposeInto(t, g)
	return &t
}

// transposeInto writes srcᵀ into dst in cache-friendly tiles.
func transposeInto(dst, src blas64.General) {
	const tile = 64
	parallelFor((src.Rows+tile-1)/tile, func(lo, hi int) {
		for bi := lo * tile; bi < hi*tile && bi < src.Rows; bi += tile {
			for bj := 0; bj < src.Cols; bj += tile {
				for i := bi; i < min(bi+tile, src.Rows); i++ {
					row := src.Data[i*src.Stride:]
					for j := bj; j < min(bj+tile, src.Cols); j++ {
						dst.Data[j*dst.Stride+i] = row[j]
					}
				}
			}
		}
	})
}
