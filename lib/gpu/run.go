package gpu

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

// Result is a factorisation M ≈ W·H computed on the device, copied back in
// float64, with the reports taken along the way.
type Result struct {
	W, H    *mat.Dense
	Reports []Report
}

// toHost converts M to float32: CSR (with its transpose) for a *sparse.CSR,
// dense row-major otherwise. It rejects NaN, ±Inf, values outside float32's
// range and more than 2³¹−1 stored entries.
func toHost(M mat.Matrix) (*hostMatrix, error) {
	m, n := M.Dims()
	h := &hostMatrix{m: m, n: n}
	conv := func(v float64) (float32, error) {
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > math.MaxFloat32 {
			return 0, fmt.Errorf("gpu: M holds %v, which float32 cannot carry; clean the input first", v)
		}
		return float32(v), nil
	}
	if s, ok := M.(*sparse.CSR); ok {
		if s.NNZ() > math.MaxInt32 {
			return nil, fmt.Errorf("gpu: M has %d stored entries; the CSR kernels index with int32 (≤ %d)", s.NNZ(), math.MaxInt32)
		}
		var err error
		h.indptr, h.indices, h.data, err = csr32(s.Indptr(), s.Indices(), s.Data(), conv)
		if err != nil {
			return nil, err
		}
		t := s.Transpose()
		h.tindptr, h.tindices, h.tdata, err = csr32(t.Indptr(), t.Indices(), t.Data(), conv)
		if err != nil {
			return nil, err
		}
		return h, nil
	}
	h.dense = make([]float32, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			v, err := conv(M.At(i, j))
			if err != nil {
				return nil, err
			}
			h.dense[i*n+j] = v
		}
	}
	return h, nil
}

func csr32(indptr, indices []int, data []float64, conv func(float64) (float32, error)) ([]int32, []int32, []float32, error) {
	ip := make([]int32, len(indptr))
	for i, v := range indptr {
		ip[i] = int32(v)
	}
	nnz := indptr[len(indptr)-1]
	ix := make([]int32, nnz)
	dx := make([]float32, nnz)
	for p := 0; p < nnz; p++ {
		ix[p] = int32(indices[p])
		v, err := conv(data[p])
		if err != nil {
			return nil, nil, nil, err
		}
		dx[p] = v
	}
	return ip, ix, dx, nil
}

func denseTo32(a *mat.Dense) []float32 {
	r, c := a.Dims()
	out := make([]float32, r*c)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			out[i*c+j] = float32(a.At(i, j))
		}
	}
	return out
}

func dense64(r, c int, v []float32) *mat.Dense {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return mat.NewDense(r, c, out)
}

// checkShapes panics when W0 (m×d) and H0 (d×n) do not fit M (m×n).
func checkShapes(M mat.Matrix, W0, H0 *mat.Dense) (m, n, d int) {
	m, n = M.Dims()
	wr, d := W0.Dims()
	hr, hc := H0.Dims()
	if wr != m || hr != d || hc != n {
		panic(fmt.Sprintf("gpu: shapes M %d×%d, W %d×%d, H %d×%d do not fit M ≈ W·H", m, n, wr, d, hr, hc))
	}
	return m, n, d
}

// runSGD runs the lesson's SGD loop on backend b.
func runSGD(b backend, M mat.Matrix, W0, H0 *mat.Dense, o SGDOptions) (res *Result, err error) {
	checkShapes(M, W0, H0)
	if err := checkSGD(o); err != nil {
		return nil, err
	}
	f, err := newFactorization(b, M, W0, H0)
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, f.Close()) }()
	res = &Result{}
	lr := o.LR
	for i := 0; i < o.Steps; i++ {
		if err := f.SGDStep(lr, o.Lam, o.Mu); err != nil {
			return nil, err
		}
		if o.ReportEvery > 0 && i%o.ReportEvery == 0 {
			r, err := f.Report()
			if err != nil {
				return nil, err
			}
			res.Reports = append(res.Reports, r)
		}
		if o.DecayEvery > 0 && i%o.DecayEvery == 0 {
			lr *= o.Decay
		}
	}
	if res.W, res.H, err = f.Factors(); err != nil {
		return nil, err
	}
	return res, nil
}

// runAdam runs the lesson's autograd + Adam loop on backend b.
func runAdam(b backend, M mat.Matrix, W0, H0 *mat.Dense, o AdamOptions) (res *Result, err error) {
	checkShapes(M, W0, H0)
	if err := checkAdam(o); err != nil {
		return nil, err
	}
	f, err := newFactorization(b, M, W0, H0)
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, f.Close()) }()
	res = &Result{}
	r, err := f.Report()
	if err != nil {
		return nil, err
	}
	res.Reports = append(res.Reports, r)
	for i := 0; i < o.Steps; i++ {
		if err := f.AdamStep(o); err != nil {
			return nil, err
		}
		if o.ReportEvery > 0 && i%o.ReportEvery == o.ReportEvery-1 {
			r, err := f.Report()
			if err != nil {
				return nil, err
			}
			res.Reports = append(res.Reports, r)
		}
	}
	if res.W, res.H, err = f.Factors(); err != nil {
		return nil, err
	}
	return res, nil
}

// matmulCall is C = α·op(A)·op(B) + β·C with op(A) rows×inner.
func matmulCall(A, B, C dptr, rows, cols, inner int, transA, transB bool, alpha, beta float64) kernelCall {
	b2i := func(b bool) int64 {
		if b {
			return 1
		}
		return 0
	}
	return kernelCall{module: "matmul", name: "matmul_tiled",
		grid:  [3]int{max(ceilDiv(cols, matTile), 1), max(ceilDiv(rows, matTile), 1), 1},
		block: [3]int{matTile, matTile, 1},
		args:  []any{A, B, C, int64(rows), int64(cols), int64(inner), b2i(transA), b2i(transB), alpha, beta}}
}

// runMatMul computes op(a)·op(b) in float32 on backend bk.
func runMatMul(bk backend, a, b *mat.Dense, transA, transB bool) (res *mat.Dense, err error) {
	ar, ac := a.Dims()
	br, bc := b.Dims()
	rows, inner := ar, ac
	if transA {
		rows, inner = ac, ar
	}
	inner2, cols := br, bc
	if transB {
		inner2, cols = bc, br
	}
	if inner != inner2 {
		panic(fmt.Sprintf("gpu: MatMul inner dimensions %d and %d differ", inner, inner2))
	}
	var bufs []dptr
	defer func() {
		for _, p := range bufs {
			err = errors.Join(err, bk.free(p))
		}
	}()
	alloc := func(n int) (dptr, error) {
		p, err := bk.alloc(f32, max(n, 1))
		if err == nil {
			bufs = append(bufs, p)
		}
		return p, err
	}
	pa, err := alloc(ar * ac)
	if err != nil {
		return nil, err
	}
	pb, err := alloc(br * bc)
	if err != nil {
		return nil, err
	}
	pc, err := alloc(rows * cols)
	if err != nil {
		return nil, err
	}
	if err := errors.Join(bk.uploadF32(pa, denseTo32(a)), bk.uploadF32(pb, denseTo32(b))); err != nil {
		return nil, err
	}
	if err := bk.launch(matmulCall(pa, pb, pc, rows, cols, inner, transA, transB, 1, 0)); err != nil {
		return nil, err
	}
	out := make([]float32, rows*cols)
	if err := errors.Join(bk.sync(), bk.downloadF32(out, pc)); err != nil {
		return nil, err
	}
	return dense64(rows, cols, out), nil
}
