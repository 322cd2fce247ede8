package svd

import (
	"github.com/fastai-go/topicmodel/lib/internal/par"
	"github.com/fastai-go/topicmodel/lib/internal/small"
)

// tsqrMinRows is the height from which the randomized SVD's blocks are
// orthonormalised by tsqrQ instead of thinQ: blocks of the lesson's
// matrices (at most about 10⁵ rows) keep thinQ's LAPACK Q and its bits.
const tsqrMinRows = 1 << 18

// tsqrRowsForTest is tsqrMinRows; tests raise it to compare with thinQ.
var tsqrRowsForTest = tsqrMinRows

// tsqrChunk is the number of rows of one chunk of tsqrQ for k columns:
// about 2¹⁶ entries (512 kB), so that a chunk's reflectors stay in cache,
// and at least 4k rows. It depends on m and k only, never on the number of
// goroutines, so the result does not either.
func tsqrChunk(k int) int { return max(4*k, (1<<16)/max(k, 1)) }

// rangeQ returns an orthonormal basis of the columns of the row-major m×k
// block x (overwritten), as thinQ does, for the randomized SVD's range
// finder: by tsqrQ for a tall block (m ≥ tsqrMinRows, m ≥ 8k), by thinQ
// otherwise. The two bases span the same space and differ only in the
// signs of their columns and in rounding, which the randomized SVD's
// factors do not depend on: Q·D, for a diagonal D of ±1, gives B = D·Qᵀ·M,
// whose SVD has Û replaced by D·Û, so U = Q·Û, Σ and Vᵀ are unchanged.
func rangeQ(x []float64, m, k int) ([]float64, int) {
	if m >= tsqrRowsForTest && m >= 8*k {
		return tsqrQ(x, m, k), k
	}
	return thinQ(x, m, k)
}

// tsqrQ overwrites the row-major m×k matrix x (m ≥ 8k) with the Q factor
// of a tall-skinny QR (Demmel, Grigori, Hoemmen and Langou, "Communication-
// optimal parallel and sequential QR and LU factorizations", 2012):
//
//	x = [X₁; …; X_c]   in chunks of tsqrChunk(k) rows (the last one longer),
//	X_i = Q_i·R_i      Householder, each chunk on its own, in cache,
//	[R₁; …; R_c] = S·R Householder on the stacked k×k factors (thinQ),
//	Q = [Q₁·S₁; …; Q_c·S_c]  with S_i the k rows of S for chunk i.
//
// Each chunk is factored as its column-major copy by LQ (dgelqf, dorglq),
// whose reflectors run along contiguous rows. It is as stable as
// Householder QR of the whole block, reads x twice instead of streaming
// it k times (the block is 160 MB for the range of a 10⁶-row matrix with
// k = 20), needs no second m×k buffer, and runs the chunks in parallel:
// about 6mk² flops. The chunks depend only on m and k, so the bits do not
// depend on the number of goroutines.
func tsqrQ(x []float64, m, k int) []float64 {
	b := tsqrChunk(k)
	nc := max(m/b, 1)
	bounds := func(c int) (int, int) {
		if c == nc-1 {
			return c * b, m
		}
		return c * b, (c + 1) * b
	}
	longest := m - (nc-1)*b
	workers := par.Workers()
	type scratch struct{ t, tau, work []float64 }
	bufs := make([]*scratch, workers)
	buf := func(w int) *scratch {
		if bufs[w] == nil {
			s := &scratch{t: make([]float64, k*longest), tau: make([]float64, k)}
			q := []float64{0}
			lapackImpl.Dgelqf(k, longest, s.t, longest, s.tau, q, -1)
			n := int(q[0])
			lapackImpl.Dorglq(k, longest, k, s.t, longest, s.tau, q, -1)
			s.work = make([]float64, max(n, int(q[0]), k*k, 1))
			bufs[w] = s
		}
		return bufs[w]
	}
	// The stacked R factors, row-major (nc·k)×k.
	rs := make([]float64, nc*k*k)
	par.Queue(nc, workers, func(w, c int) {
		s := buf(w)
		r0, r1 := bounds(c)
		n := r1 - r0
		t := s.t[:k*n]
		for i := 0; i < n; i++ {
			row := x[(r0+i)*k : (r0+i+1)*k]
			for j, v := range row {
				t[j*n+i] = v
			}
		}
		// Xᵀ = L·Q̃ᵀ, so X = Q̃·Lᵀ: R = Lᵀ.
		lapackImpl.Dgelqf(k, n, t, n, s.tau, s.work, len(s.work))
		r := rs[c*k*k : (c+1)*k*k]
		for j := 0; j < k; j++ {
			for l := 0; l <= j; l++ {
				r[l*k+j] = t[j*n+l]
			}
		}
		lapackImpl.Dorglq(k, n, k, t, n, s.tau, s.work, len(s.work))
		for i := 0; i < n; i++ {
			row := x[(r0+i)*k : (r0+i+1)*k]
			for j := range row {
				row[j] = t[j*n+i]
			}
		}
	})
	sq, _ := thinQ(rs, nc*k, k)
	par.Queue(nc, workers, func(w, c int) {
		s := buf(w)
		r0, r1 := bounds(c)
		n := r1 - r0
		// The chunk's rows times S_c into the scratch, then back.
		tmp := s.t[:n*k]
		small.Mul(tmp, k, x[r0*k:r1*k], k, sq[c*k*k:(c+1)*k*k], k, n, k, k)
		copy(x[r0*k:r1*k], tmp)
	})
	return x
}
