package sparse

import (
	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/internal/par"
)

// parallelMin is the number of multiply-adds below which products stay on one
// goroutine: starting goroutines costs more than it saves on small inputs.
const parallelMin = 1 << 15

// rowBlocks splits the rows of m into at most GOMAXPROCS contiguous blocks of
// about equal non-zero count, weighted by k multiply-adds per non-zero, and
// calls fn on each block concurrently. Each output row belongs to one block,
// so results do not depend on the split.
func (m *CSR) rowBlocks(k int, fn func(lo, hi int)) {
	workers := par.Workers()
	nnz := m.NNZ()
	if workers < 2 || nnz*max(k, 1) < parallelMin || m.rows < 2 {
		fn(0, m.rows)
		return
	}
	workers = min(workers, m.rows)
	bounds := []int{0}
	for w := 0; w < workers && bounds[len(bounds)-1] < m.rows; w++ {
		lo, hi := bounds[len(bounds)-1], m.rows
		if w < workers-1 {
			target := nnz * (w + 1) / workers
			hi = lo + 1
			for hi < m.rows && m.indptr[hi] < target {
				hi++
			}
		}
		bounds = append(bounds, hi)
	}
	par.Do(len(bounds)-1, func(b int) { fn(bounds[b], bounds[b+1]) })
}

// denseRaw returns b as a row-major slice with its row stride, copying it
// when b is not a *mat.Dense.
func denseRaw(b mat.Matrix) (data []float64, stride int) {
	d, ok := b.(*mat.Dense)
	if !ok {
		d = mat.DenseCopyOf(b)
	}
	raw := d.RawMatrix()
	return raw.Data, raw.Stride
}

// sizeDst makes dst r×c: an empty dst is allocated, a dst of another size
// panics with msg.
func sizeDst(dst *mat.Dense, r, c int, msg string) {
	if dst.IsEmpty() {
		dst.ReuseAs(r, c)
		return
	}
	if dr, dc := dst.Dims(); dr != r || dc != c {
		panic(msg)
	}
}

// MulDenseTo computes dst = A·B for the r×c matrix A held by m and a c×k
// matrix b, in O(nnz·k) on all cores: rows are split between goroutines by
// non-zero count and each block runs MulDenseRows, so every entry is summed
// in storage order whatever the split. An empty dst is sized r×k; a dst of
// another size, or a b with the wrong number of rows, panics. dst must not
// share storage with b.
func (m *CSR) MulDenseTo(dst *mat.Dense, b mat.Matrix) {
	br, k := b.Dims()
	if br != m.cols {
		panic(mat.ErrShape)
	}
	if m.rows == 0 || k == 0 {
		return
	}
	sizeDst(dst, m.rows, k, "sparse: MulDenseTo destination has the wrong shape")
	bd, bs := denseRaw(b)
	out := dst.RawMatrix()
	m.rowBlocks(k, func(lo, hi int) {
		MulDenseRows(out.Data, out.Stride, m.indptr, m.indices, m.data, bd, bs, k, lo, hi)
	})
}

// TMulDenseTo computes dst = Aᵀ·B for the r×c matrix A held by m and an r×k
// matrix b, in O(nnz·k) on all cores (through the cached Transpose). An empty
// dst is sized c×k; a dst of another size panics.
func (m *CSR) TMulDenseTo(dst *mat.Dense, b mat.Matrix) {
	m.Transpose().MulDenseTo(dst, b)
}

// DenseMulTo computes dst = a·M for a p×r matrix a and the r×c matrix M held
// by m, in O(nnz·p) on all cores. An empty dst is sized p×c; a dst of another
// size panics.
func DenseMulTo(dst *mat.Dense, a mat.Matrix, m *CSR) {
	p, ar := a.Dims()
	if ar != m.rows {
		panic(mat.ErrShape)
	}
	if p == 0 || m.cols == 0 {
		return
	}
	sizeDst(dst, p, m.cols, "sparse: DenseMulTo destination has the wrong shape")
	// (a·M)ᵀ = Mᵀ·aᵀ: row j of the result's transpose gathers column j of M.
	var tmp mat.Dense
	m.Transpose().MulDenseTo(&tmp, a.T())
	dst.Copy(tmp.T())
}

// Gram returns the r×r symmetric matrix A·Aᵀ. Entry (p, q) is the sum over
// the columns j shared by rows p and q of a_pj·a_qj, accumulated in increasing
// j; the cost is O(Σ_j nnz(column j)²), shared between cores by output row.
func (m *CSR) Gram() *mat.SymDense {
	g := mat.NewSymDense(max(m.rows, 1), nil)
	if m.rows == 0 {
		return &mat.SymDense{}
	}
	raw := g.RawSymmetric()
	t := m.Transpose()
	work := 0
	for j := 0; j < t.rows; j++ {
		n := t.indptr[j+1] - t.indptr[j]
		work += n * n
	}
	workers := par.Workers()
	if work < parallelMin || workers < 2 {
		workers = 1
	}
	// Rows are dealt out round-robin so each worker gets a fair share of the
	// triangle; row p only ever receives writes from the worker that owns it.
	par.Do(workers, func(w int) {
		for j := 0; j < t.rows; j++ {
			lo, hi := t.indptr[j], t.indptr[j+1]
			rows, vals := t.indices[lo:hi], t.data[lo:hi]
			for a, p := range rows {
				if p%workers != w {
					continue
				}
				vp := vals[a]
				grow := raw.Data[p*raw.Stride:]
				for b := a; b < len(rows); b++ {
					grow[rows[b]] += float64(vp * vals[b]) // float64(): no fused multiply-add, as on amd64
				}
			}
		}
	})
	return g
}
