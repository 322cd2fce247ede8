//go:build !purego

package kern

import "golang.org/x/sys/cpu"

// HasAVX2 reports whether this machine runs the AVX2 kernel; UseAVX2
// selects it (tests turn it off to check the Go loops too).
var (
	HasAVX2 = cpu.X86.HasAVX2
	UseAVX2 = HasAVX2
)

//go:noescape
func cdRowsAVX2(a *float64, x *float64, k int, gram *float64, perm *int, nperm int, pg *float64, pgStride int, groups int, buf *float64)

// CDRowsVector runs lib/nmf's coordinate-descent sweep (cdSweep) on rows
// lo… of the row-major rows×k matrix ad, four rows at a time in AVX2 lanes,
// with cross term xb (rows×k), Gram matrix g (k×k) and visiting order perm;
// |projected gradient| of visit s of row i goes to pg[s·rows + i]. Each
// lane does cdSweep's operations in its order (no FMA), so the results are
// the same bits. It returns the first row it has not done: lo where AVX2 is
// missing or the shapes are not what cdSweep's loops would accept (they
// then report the error as before).
func CDRowsVector(ad, xb, g []float64, perm []int, pg []float64, rows, k, lo, hi int) int {
	groups := (hi - lo) / 4
	if !UseAVX2 || groups == 0 || k == 0 || len(perm) == 0 {
		return lo
	}
	if len(ad) < hi*k || len(xb) < hi*k || len(g) < k*k || len(pg) < (len(perm)-1)*rows+hi {
		return lo
	}
	for _, t := range perm {
		if uint(t) >= uint(k) {
			return lo
		}
	}
	buf := make([]float64, 4*k)
	cdRowsAVX2(&ad[lo*k], &xb[lo*k], k, &g[0], &perm[0], len(perm), &pg[lo], rows, groups, &buf[0])
	return lo + 4*groups
}
