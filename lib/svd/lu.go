package svd

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/internal/par"
)

// PermutedL computes the factor P·L of the LU factorisation with partial
// pivoting of the m×k matrix a (any shape),
//
//	A = P * L * U
//
// with P a permutation, L m×min(m,k) unit lower trapezoidal and U upper
// triangular, and stores P·L (m×min(m,k)) in dst. This is SciPy's
// linalg.lu(a, permute_l=True)[0]. The pivot in each column is the first
// entry of largest magnitude, LAPACK getrf's choice, so the result agrees
// with SciPy's to rounding. dst is sized when empty. Cost m·k² flops, in
// parallel over rows.
func PermutedL(dst *mat.Dense, a mat.Matrix) {
	m, k := a.Dims()
	r := min(m, k)
	buf := make([]float64, m*k)
	if g, ok := rawDense(a); ok {
		for i := 0; i < m; i++ {
			copy(buf[i*k:(i+1)*k], g.Data[i*g.Stride:i*g.Stride+k])
		}
	} else {
		for i := 0; i < m; i++ {
			for j := 0; j < k; j++ {
				buf[i*k+j] = a.At(i, j)
			}
		}
	}
	pl := permutedL(buf, m, k, nil)
	if dst.IsEmpty() {
		dst.ReuseAs(m, r)
	} else if dr, dc := dst.Dims(); dr != m || dc != r {
		panic(mat.ErrShape)
	}
	dst.Copy(mat.NewDense(m, r, pl))
}

// permutedL returns P·L of the row-major m×k matrix x as a row-major
// m×min(m,k) matrix, stored in out when out is long enough (it must not
// overlap x). x is scratch: afterwards it holds the LU factors or what it
// held before.
//
// The elimination is right-looking, one column at a time; each pass updates
// all remaining rows in parallel and finds the next pivot in the same sweep,
// so the matrix is read once per column. On amd64 with AVX2 the elimination
// runs on a column-major copy instead (permutedLCols), with the same
// operations on every entry and the same pivots, so P·L is the same bits on
// every machine; x is then left as it was.
func permutedL(x []float64, m, k int, out []float64) []float64 {
	// Each column is one parallel sweep ending in a barrier; below 64k
	// entries the sweeps are too short to pay for it. On the lesson's
	// 26576×15 block the row-major sweep takes 1.8–2.1 ms on two workers
	// against 2.3–2.7 ms on one; the column-major AVX2 elimination about
	// 1.0–1.2 ms either way (BenchmarkPermutedLTall).
	workers := maxProcs()
	if m*k < 1<<16 {
		workers = 1
	}
	return permutedLWorkers(x, m, k, out, workers)
}

// permPool recycles the row permutations of permutedLWorkers (one int per
// row, allocated for every power iteration otherwise).
var permPool sync.Pool

// permutedLWorkers is permutedL with the number of parallel workers given.
// Every row sees the same operations in the same order whatever the split,
// so the result does not depend on workers.
func permutedLWorkers(x []float64, m, k int, out []float64, workers int) []float64 {
	if useAVX2 && m > 0 && k > 0 {
		return permutedLCols(x, m, k, out, workers)
	}
	r := min(m, k)
	perm := identityPerm(m)
	defer permPool.Put(&perm)
	// First pivot.
	piv := argmaxCol(x, m, k, 0, 0, m)
	for j := 0; j < r; j++ {
		p := piv
		if p != j {
			rj := x[j*k : (j+1)*k]
			rp := x[p*k : (p+1)*k]
			for c := range rj {
				rj[c], rp[c] = rp[c], rj[c]
			}
			perm[j], perm[p] = perm[p], perm[j]
		}
		// Update rows j+1..m-1 and look for the next pivot in column j+1,
		// in row chunks on several goroutines for a tall x.
		bi := sweepRows(j+1, m, workers, func(a, b int) (int, float64) { return luSweep(x, k, j, a, b) })
		piv = j + 1
		if bi >= 0 && j+1 < r {
			// The pivot row j+1 itself was updated in the sweep too.
			piv = bi
		}
	}
	if len(out) < m*r {
		out = make([]float64, m*r)
	}
	out = out[:m*r]
	for i := 0; i < m; i++ {
		dst := out[perm[i]*r : (perm[i]+1)*r]
		src := x[i*k : i*k+r]
		if i >= r {
			copy(dst, src)
			continue
		}
		copy(dst[:i], src[:i])
		dst[i] = 1
		clear(dst[i+1:])
	}
	return out
}

// argmaxCol returns the first row in [lo, hi) whose entry in column c has the
// largest magnitude.
func argmaxCol(x []float64, m, k, c, lo, hi int) int {
	best, bi := -1.0, lo
	for i := lo; i < hi; i++ {
		if v := math.Abs(x[i*k+c]); v > best {
			best, bi = v, i
		}
	}
	return bi
}

// luSweep is one serial step of permutedLWorkers on rows lo..hi-1 of the
// row-major matrix x with k columns: each row gets its multiplier in column
// j (divided by the pivot x[j*k+j]) and is updated by the pivot row, and the
// first row of largest |entry| in column j+1 is returned with that
// magnitude (-1, -1 when there is no column j+1 or no rows). The operations
// and their order are those of the parallel sweep, so the results agree bit
// for bit; each update is written r −= float64(l·u): no fused multiply-add,
// so that arm64 gives the bits amd64's assembly (lu_amd64.s) gives.
func luSweep(x []float64, k, j, lo, hi int) (int, float64) {
	bi, bv := -1, -1.0
	pivot := x[j*k+j]
	urow := x[j*k+j+1 : (j+1)*k]
	n := len(urow)
	if n == 0 {
		if pivot != 0 {
			for i := lo; i < hi; i++ {
				x[i*k+j] /= pivot
			}
		}
		return -1, -1
	}
	if pivot == 0 {
		for i := lo; i < hi; i++ {
			if v := math.Abs(x[i*k+j+1]); v > bv || math.IsNaN(v) && bi < 0 {
				bi, bv = i, v
			}
		}
		return bi, bv
	}
	i := lo
	if n >= 4 {
		// Two rows at a time; row i is finished (update and pivot test)
		// before row i+1's pivot test, as in the one-row loop.
		u := urow[:n]
		for ; i+2 <= hi; i += 2 {
			ra := x[i*k+j : (i+1)*k]
			rb := x[(i+1)*k+j : (i+2)*k]
			la := ra[0] / pivot
			lb := rb[0] / pivot
			ra[0], rb[0] = la, lb
			a := ra[1:]
			a = a[:n]
			b := rb[1:]
			b = b[:n]
			if la != 0 && lb != 0 {
				c := 0
				for ; c+2 <= n; c += 2 {
					u0, u1 := u[c], u[c+1]
					a[c] -= float64(la * u0)
					b[c] -= float64(lb * u0)
					a[c+1] -= float64(la * u1)
					b[c+1] -= float64(lb * u1)
				}
				if c < n {
					a[c] -= float64(la * u[c])
					b[c] -= float64(lb * u[c])
				}
			} else {
				if la != 0 {
					for c := range a {
						a[c] -= float64(la * u[c])
					}
				}
				if lb != 0 {
					for c := range b {
						b[c] -= float64(lb * u[c])
					}
				}
			}
			if v := math.Abs(a[0]); v > bv || math.IsNaN(v) && bi < 0 {
				bi, bv = i, v
			}
			if v := math.Abs(b[0]); v > bv || math.IsNaN(v) && bi < 0 {
				bi, bv = i+1, v
			}
		}
	}
	for ; i < hi; i++ {
		row := x[i*k+j : (i+1)*k]
		l := row[0] / pivot
		row[0] = l
		rest := row[1:]
		rest = rest[:n]
		if l != 0 {
			u := urow[:n]
			c := 0
			for ; c+4 <= n; c += 4 {
				r4 := (*[4]float64)(rest[c:])
				u4 := (*[4]float64)(u[c:])
				r4[0] -= float64(l * u4[0])
				r4[1] -= float64(l * u4[1])
				r4[2] -= float64(l * u4[2])
				r4[3] -= float64(l * u4[3])
			}
			for ; c < n; c++ {
				rest[c] -= float64(l * u[c])
			}
		}
		if v := math.Abs(rest[0]); v > bv || math.IsNaN(v) && bi < 0 {
			bi, bv = i, v
		}
	}
	return bi, bv
}

// byRows runs fn on [0, n) split between workers when size (the entries
// touched) is large enough to pay for it, else on the calling goroutine.
func byRows(n, size, workers int, fn func(lo, hi int)) {
	if workers <= 1 || size < 1<<16 {
		fn(0, n)
		return
	}
	parallelFor(n, fn)
}

// colPool recycles the column-major copies of permutedLCols and thinQTall
// (one m×k block per call, allocated for every power iteration otherwise).
var colPool sync.Pool

// colBuf returns a slice of n floats from colPool (put it back when done);
// its contents are arbitrary.
func colBuf(n int) []float64 {
	if p, ok := colPool.Get().(*[]float64); ok && cap(*p) >= n {
		return (*p)[:n]
	}
	return make([]float64, n)
}

// identityPerm returns 0, 1, …, m−1 in a slice from permPool (put it back
// when done).
func identityPerm(m int) []int {
	var perm []int
	if p, ok := permPool.Get().(*[]int); ok && cap(*p) >= m {
		perm = (*p)[:m]
	} else {
		perm = make([]int, m)
	}
	for i := range perm {
		perm[i] = i
	}
	return perm
}

// toColMajor copies the row-major m×k matrix x into xc, column-major (column
// c at xc[c·m:]), rows split between workers when the copy is large.
func toColMajor(xc, x []float64, m, k, workers int) {
	byRows(m, m*k, workers, func(lo, hi int) {
		for i := toColsVector(xc, x, m, k, lo, hi); i < hi; i++ {
			for c, v := range x[i*k : (i+1)*k] {
				xc[c*m+i] = v
			}
		}
	})
}

// fromColMajor copies rows lo…hi−1 of the column-major m×r matrix xc into
// the row-major out, row i to row perm[i] (row i itself when perm is nil).
func fromColMajor(out, xc []float64, m, r int, perm []int, lo, hi, workers int) {
	if perm == nil {
		perm = identityPerm(m)
		defer permPool.Put(&perm)
	}
	byRows(hi-lo, (hi-lo)*r, workers, func(a, b int) {
		a, b = a+lo, b+lo
		for i := fromColsVector(out, xc, m, r, perm, a, b); i < b; i++ {
			dst := out[perm[i]*r : (perm[i]+1)*r]
			for c := range dst {
				dst[c] = xc[c*m+i]
			}
		}
	})
}

// sweepRows runs one column step, sweep(a, b) on rows a…b−1 returning its
// pivot candidate (row, magnitude; −1 for none), on rows lo…m−1: in one
// call, or split in row order between workers when there are 4096 rows or
// more. It returns the candidate of largest magnitude, the first of equals,
// or −1.
func sweepRows(lo, m, workers int, sweep func(a, b int) (int, float64)) int {
	if workers <= 1 || m-lo < 4096 {
		i, _ := sweep(lo, m)
		return i
	}
	type best struct {
		v float64
		i int
	}
	chunk := (m - lo + workers - 1) / workers
	parts := make([]best, workers)
	par.Do(workers, func(t int) {
		a, b := lo+t*chunk, min(lo+(t+1)*chunk, m)
		if a >= b {
			parts[t] = best{v: -1, i: -1}
			return
		}
		i, v := sweep(a, b)
		parts[t] = best{v: v, i: i}
	})
	res := best{v: -1, i: -1}
	for _, p := range parts {
		if p.i >= 0 && p.v > res.v {
			res = p // chunks are in row order, so ties keep the first
		}
	}
	return res.i
}
