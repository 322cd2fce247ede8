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
	ch := newChunks(m, k)
	nc := ch.n
	workers := par.Workers()
	bufs := make([]*lqScratch, workers)
	buf := func(w int) *lqScratch {
		if bufs[w] == nil {
			bufs[w] = newLQScratch(k, ch.longest(), true)
		}
		return bufs[w]
	}
	// The stacked R factors, row-major (nc·k)×k.
	rs := make([]float64, nc*k*k)
	par.Queue(nc, workers, func(w, c int) {
		s := buf(w)
		r0, r1 := ch.bounds(c)
		n := r1 - r0
		t := s.t[:k*n]
		chunkR(rs[c*k*k:(c+1)*k*k], x[r0*k:r1*k], n, k, s.t, s.tau, s.work)
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
		r0, r1 := ch.bounds(c)
		n := r1 - r0
		// The chunk's rows times S_c into the scratch, then back.
		tmp := s.t[:n*k]
		small.Mul(tmp, k, x[r0*k:r1*k], k, sq[c*k*k:(c+1)*k*k], k, n, k, k)
		copy(x[r0*k:r1*k], tmp)
	})
	return x
}

// chunks is the split of m rows into tsqrChunk(k)-row chunks that tsqrQ,
// projectTall and tallR share: n chunks of size rows, the last one taking
// the remainder (so it is the longest). It depends on m and k only.
type chunks struct{ m, size, n int }

func newChunks(m, k int) chunks {
	b := tsqrChunk(k)
	return chunks{m: m, size: b, n: max(m/b, 1)}
}

// bounds returns the rows [lo, hi) of chunk c.
func (ch chunks) bounds(c int) (lo, hi int) {
	if c == ch.n-1 {
		return c * ch.size, ch.m
	}
	return c * ch.size, (c + 1) * ch.size
}

// longest returns the number of rows of the last (longest) chunk.
func (ch chunks) longest() int { return ch.m - (ch.n-1)*ch.size }

// lqScratch is one goroutine's scratch for chunkR on chunks of at most
// rows rows and k columns: the transposed chunk t, tau, and dgelqf's work
// (with withQ, also large enough for dorglq and a k×k product, as tsqrQ
// needs).
type lqScratch struct{ t, tau, work []float64 }

func newLQScratch(k, rows int, withQ bool) *lqScratch {
	s := &lqScratch{t: make([]float64, k*rows), tau: make([]float64, k)}
	q := []float64{0}
	lapackImpl.Dgelqf(k, rows, s.t, rows, s.tau, q, -1)
	n := max(int(q[0]), 1)
	if withQ {
		lapackImpl.Dorglq(k, rows, k, s.t, rows, s.tau, q, -1)
		n = max(n, int(q[0]), k*k)
	}
	s.work = make([]float64, n)
	return s
}
