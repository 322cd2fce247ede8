package kern

import (
	"sync"
	"sync/atomic"
)

// ForRows calls fn(lo, hi) on consecutive ranges of at most grain rows
// covering [0, n), on several goroutines when n·perRow is large enough. It is
// for loops whose rows are independent, where the split cannot change the
// result.
func ForRows(n, perRow, grain int, fn func(lo, hi int)) {
	nb := (n + grain - 1) / grain
	nw := min(Workers(), nb)
	if nw < 2 || n*perRow < SerialWork {
		if n > 0 {
			fn(0, n)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < nw; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				b := int(next.Add(1) - 1)
				if b >= nb {
					return
				}
				lo := b * grain
				fn(lo, min(lo+grain, n))
			}
		}()
	}
	wg.Wait()
}

// MulCSR sets dst (rows×k, row-major) to A·B for the CSR matrix A (indptr,
// indices, data) and the row-major b with k columns. Each output entry is
// the sum of a_ij·b_jt over the stored entries of row i in storage order,
// starting from 0 (SciPy's csr_matvecs order), whatever the split between
// goroutines. Up to eight columns at a time are kept in registers.
func MulCSR(dst []float64, indptr, indices []int, data, b []float64, k int) {
	rows := len(indptr) - 1
	nnz := indptr[rows]
	ForRows(rows, (nnz/max(rows, 1)+1)*k, 64, func(lo, hi int) {
		mulCSRRows(dst, indptr, indices, data, b, k, lo, hi)
	})
}

func mulCSRRows(dst []float64, indptr, indices []int, data, b []float64, k, lo, hi int) {
	for i := lo; i < hi; i++ {
		p0, p1 := indptr[i], indptr[i+1]
		idx := indices[p0:p1]
		val := data[p0:p1:p1]
		val = val[:len(idx)]
		out := dst[i*k : i*k+k : i*k+k]
		for t := 0; t < k; {
			// Columns t … t+w−1 in registers, one pass over the row.
			w := min(k-t, 8)
			if w == 7 {
				w = 4
			}
			switch w {
			case 8:
				var a0, a1, a2, a3, a4, a5, a6, a7 float64
				for q, j := range idx {
					v := val[q]
					br := b[j*k+t : j*k+t+8 : j*k+t+8]
					a0 += v * br[0]
					a1 += v * br[1]
					a2 += v * br[2]
					a3 += v * br[3]
					a4 += v * br[4]
					a5 += v * br[5]
					a6 += v * br[6]
					a7 += v * br[7]
				}
				o := out[t : t+8 : t+8]
				o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7] = a0, a1, a2, a3, a4, a5, a6, a7
			case 6:
				var a0, a1, a2, a3, a4, a5 float64
				for q, j := range idx {
					v := val[q]
					br := b[j*k+t : j*k+t+6 : j*k+t+6]
					a0 += v * br[0]
					a1 += v * br[1]
					a2 += v * br[2]
					a3 += v * br[3]
					a4 += v * br[4]
					a5 += v * br[5]
				}
				o := out[t : t+6 : t+6]
				o[0], o[1], o[2], o[3], o[4], o[5] = a0, a1, a2, a3, a4, a5
			case 5:
				var a0, a1, a2, a3, a4 float64
				for q, j := range idx {
					v := val[q]
					br := b[j*k+t : j*k+t+5 : j*k+t+5]
					a0 += v * br[0]
					a1 += v * br[1]
					a2 += v * br[2]
					a3 += v * br[3]
					a4 += v * br[4]
				}
				o := out[t : t+5 : t+5]
				o[0], o[1], o[2], o[3], o[4] = a0, a1, a2, a3, a4
			case 4:
				var a0, a1, a2, a3 float64
				for q, j := range idx {
					v := val[q]
					br := b[j*k+t : j*k+t+4 : j*k+t+4]
					a0 += v * br[0]
					a1 += v * br[1]
					a2 += v * br[2]
					a3 += v * br[3]
				}
				o := out[t : t+4 : t+4]
				o[0], o[1], o[2], o[3] = a0, a1, a2, a3
			case 3:
				var a0, a1, a2 float64
				for q, j := range idx {
					v := val[q]
					br := b[j*k+t : j*k+t+3 : j*k+t+3]
					a0 += v * br[0]
					a1 += v * br[1]
					a2 += v * br[2]
				}
				o := out[t : t+3 : t+3]
				o[0], o[1], o[2] = a0, a1, a2
			case 2:
				var a0, a1 float64
				for q, j := range idx {
					v := val[q]
					br := b[j*k+t : j*k+t+2 : j*k+t+2]
					a0 += v * br[0]
					a1 += v * br[1]
				}
				o := out[t : t+2 : t+2]
				o[0], o[1] = a0, a1
			case 1:
				var a0 float64
				for q, j := range idx {
					v := val[q]
					br := b[j*k+t : j*k+t+1 : j*k+t+1]
					a0 += v * br[0]
				}
				o := out[t : t+1 : t+1]
				o[0] = a0
			}
			t += w
		}
	}
}

// MulCSRT sets dst (rows×k, row-major) to A·B given Aᵀ in CSR form (tIndptr,
// tIndices, tData, with sorted indices), for A with rows rows and B
// row-major with k columns. It streams through the rows of B in order and
// scatters a_ij·B_j into row i of dst, which suits a B much larger than dst.
// The contributions to each entry still arrive in increasing j, so the sums
// are bit for bit those of MulCSR on A. The rows of dst are split between
// goroutines; each scans all of Aᵀ and keeps its own rows.
func MulCSRT(dst []float64, tIndptr, tIndices []int, tData, b []float64, k, rows int) {
	cols := len(tIndptr) - 1
	nnz := tIndptr[cols]
	nw := Workers()
	if nnz*k < SerialWork {
		nw = 1
	}
	nw = max(min(nw, rows), 1)
	var wg sync.WaitGroup
	for c := 0; c < nw; c++ {
		lo, hi := rows*c/nw, rows*(c+1)/nw
		wg.Add(1)
		go func() {
			defer wg.Done()
			clear(dst[lo*k : hi*k])
			for j := 0; j < cols; j++ {
				p0, p1 := tIndptr[j], tIndptr[j+1]
				if p0 == p1 {
					continue
				}
				br := b[j*k : j*k+k : j*k+k]
				idx := tIndices[p0:p1]
				val := tData[p0:p1:p1]
				val = val[:len(idx)]
				for q, i := range idx {
					if i < lo {
						continue
					}
					if i >= hi {
						break
					}
					v := val[q]
					out := dst[i*k : i*k+k : i*k+k]
					out = out[:len(br)]
					for t, x := range br {
						out[t] += v * x
					}
				}
			}
		}()
	}
	wg.Wait()
}
