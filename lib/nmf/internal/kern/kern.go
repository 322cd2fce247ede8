// Package kern holds the row-blocked parallel kernels shared by lib/nmf and
// its sub-packages. Work is split into fixed blocks of BlockRows rows and
// partial sums are added in block order, so results do not depend on the
// number of goroutines. Every product is rounded on its own before it is
// added (float64(a*b): no fused multiply-add), so that arm64 and the other
// ports where Go fuses give the bits amd64 gives.
package kern

import "github.com/fastai-go/topicmodel/lib/internal/par"

// BlockRows is the number of rows in one unit of parallel work. Partial sums
// are formed per block and added in block order, so every result is the
// same whatever the number of goroutines.
const BlockRows = 1024

// SerialWork is the number of multiply-adds below which loops stay on the
// calling goroutine, where waking a second one costs more than it saves.
// At 1<<18 the lesson's products with 5 columns (134k non-zeros) run on two
// cores; on a quiet 2-core machine that took the lesson's k=5 cd fit from
// 97–101 to 79–82 ms and an SGD step from 1.72 to 1.31–1.45 ms (alternating
// runs). On a machine busy with other work a preempted worker stalls each
// loop at its barrier, and serial loops (1<<20 here before) did better.
var SerialWork = 1 << 18

// Workers is the number of goroutines parallel loops use; tests set it to 1
// to check that parallel and serial runs agree bit for bit.
var Workers = par.Workers

// ForBlocks calls fn(lo, hi) for consecutive row ranges of at most
// BlockRows rows covering [0, n), on several goroutines when the work
// (n·perRow multiply-adds) is large enough. fn must only write state owned
// by its rows or by its block index lo/BlockRows.
func ForBlocks(n, perRow int, fn func(lo, hi int)) {
	if forParallel(n, perRow, BlockRows, fn) {
		return
	}
	for lo := 0; lo < n; lo += BlockRows {
		fn(lo, min(lo+BlockRows, n))
	}
}

// ForRows calls fn(lo, hi) on consecutive ranges of at most grain rows
// covering [0, n), on several goroutines when n·perRow is large enough, and
// once on [0, n) otherwise. It is for loops whose rows are independent,
// where the split cannot change the result.
func ForRows(n, perRow, grain int, fn func(lo, hi int)) {
	if !forParallel(n, perRow, grain, fn) && n > 0 {
		fn(0, n)
	}
}

// forParallel hands the ranges [b·grain, min((b+1)·grain, n)) to Workers()
// goroutines, which take the next one as they finish (par.Blocks), and
// reports true; it calls nothing and reports false when the work n·perRow
// is under SerialWork or fewer than two goroutines would run.
func forParallel(n, perRow, grain int, fn func(lo, hi int)) bool {
	nb := (n + grain - 1) / grain
	nw := min(Workers(), nb)
	if nw < 2 || n*perRow < SerialWork {
		return false
	}
	par.Blocks(n, grain, nw, fn)
	return true
}

// Gram sets dst to the k×k matrix aᵀa of the row-major n×k matrix a, in
// O(n·k²): per-block partial sums added in block order.
func Gram(dst, a []float64, n, k int) {
	nb := (n + BlockRows - 1) / BlockRows
	part := make([]float64, nb*k*k)
	ForBlocks(n, k*k/2+1, func(lo, hi int) {
		acc := part[(lo/BlockRows)*k*k : (lo/BlockRows+1)*k*k]
		blk := a[lo*k : hi*k]
		// Entry (r, c) for c ≥ r: four columns at a time in registers,
		// one pass over the block's rows per group.
		for r := 0; r < k; r++ {
			for c := r; c < k; c += 4 {
				w := min(4, k-c)
				var s0, s1, s2, s3 float64
				switch w {
				case 4:
					for i := 0; i+k <= len(blk); i += k {
						row := blk[i : i+k : i+k]
						ar := row[r]
						q := row[c : c+4 : c+4]
						s0 += float64(ar * q[0])
						s1 += float64(ar * q[1])
						s2 += float64(ar * q[2])
						s3 += float64(ar * q[3])
					}
				case 3:
					for i := 0; i+k <= len(blk); i += k {
						row := blk[i : i+k : i+k]
						ar := row[r]
						q := row[c : c+3 : c+3]
						s0 += float64(ar * q[0])
						s1 += float64(ar * q[1])
						s2 += float64(ar * q[2])
					}
				case 2:
					for i := 0; i+k <= len(blk); i += k {
						row := blk[i : i+k : i+k]
						ar := row[r]
						q := row[c : c+2 : c+2]
						s0 += float64(ar * q[0])
						s1 += float64(ar * q[1])
					}
				case 1:
					for i := 0; i+k <= len(blk); i += k {
						row := blk[i : i+k : i+k]
						s0 += float64(row[r] * row[c])
					}
				}
				out := acc[r*k+c : r*k+c+w]
				for j, v := range [4]float64{s0, s1, s2, s3} {
					if j < w {
						out[j] = v
					}
				}
			}
		}
	})
	for i := range dst[:k*k] {
		dst[i] = 0
	}
	for b := 0; b < nb; b++ {
		acc := part[b*k*k : (b+1)*k*k]
		for r := 0; r < k; r++ {
			for c := r; c < k; c++ {
				dst[r*k+c] += acc[r*k+c]
			}
		}
	}
	for r := 0; r < k; r++ {
		for c := 0; c < r; c++ {
			dst[r*k+c] = dst[c*k+r]
		}
	}
}

// BlockSum returns Σ_i f(i) for i in [0, n), summed per block and then in
// block order, with perRow the cost of one f call for the parallel decision.
func BlockSum(n, perRow int, f func(lo, hi int) float64) float64 {
	nb := (n + BlockRows - 1) / BlockRows
	part := make([]float64, nb)
	ForBlocks(n, perRow, func(lo, hi int) {
		part[lo/BlockRows] = f(lo, hi)
	})
	var s float64
	for _, v := range part {
		s += v
	}
	return s
}
