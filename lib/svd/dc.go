package svd

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"

	"github.com/fastai-go/topicmodel/lib/internal/par"
)

// This file holds a divide-and-conquer solver for the symmetric tridiagonal
// eigenproblem (Cuppen's method with the deflation of Dongarra and Sorensen
// and the eigenvector formula of Gu and Eisenstat, as in LAPACK's dstedc).
// The tridiagonal matrix is torn in two by a rank-one correction, both halves
// are solved recursively, and the merged problem D + ρ·z·zᵀ is solved through
// its secular equation. Almost all of the work is in the matrix products that
// rotate the halves' eigenvectors, which run in parallel. The scalar
// arithmetic writes every product that is added as float64(a*b): no fused
// multiply-add, so that arm64 gives the bits amd64 gives.

const (
	dcLeaf  = 32                     // problems up to this size go to the QL/QR solver
	epsHalf = 1.1102230246251565e-16 // LAPACK's dlamch('E'): half of Go's machine epsilon
)

// tridiagEig computes all eigenvalues and eigenvectors of the n×n symmetric
// tridiagonal matrix with diagonal d and off-diagonal e. On return d holds the
// eigenvalues (unsorted) and the columns of the row-major n×n matrix z (stride
// ldz) the matching orthonormal eigenvectors. e is destroyed. It reports false
// when the small QL/QR solver fails to converge.
func tridiagEig(n int, d, e []float64, z []float64, ldz int) bool {
	for i := 0; i < n; i++ {
		row := z[i*ldz : i*ldz+n]
		for j := range row {
			row[j] = 0
		}
	}
	return dcSolve(d[:n], e[:max(n-1, 0)], z, ldz, 0, n, 0)
}

// dcSolve solves the block [lo, hi) of the tridiagonal problem in place; depth
// counts the recursion levels so that the top levels run their halves in
// parallel.
func dcSolve(d, e, z []float64, ldz, lo, hi, depth int) bool {
	n := hi - lo
	if n <= dcLeaf {
		if n == 1 {
			z[lo*ldz+lo] = 1
			return true
		}
		work := make([]float64, max(1, 2*n-2))
		ee := make([]float64, n-1)
		copy(ee, e[lo:hi-1])
		return lapackImpl.Dsteqr(lapack.EVTridiag, n, d[lo:hi], ee, z[lo*ldz+lo:], ldz, work)
	}
	n1 := n / 2
	beta := e[lo+n1-1]
	d[lo+n1-1] -= math.Abs(beta)
	d[lo+n1] -= math.Abs(beta)
	var ok1, ok2 bool
	if depth < 2 {
		par.Do(2, func(half int) {
			if half == 0 {
				ok1 = dcSolve(d, e, z, ldz, lo, lo+n1, depth+1)
			} else {
				ok2 = dcSolve(d, e, z, ldz, lo+n1, hi, depth+1)
			}
		})
	} else {
		ok1 = dcSolve(d, e, z, ldz, lo, lo+n1, depth+1)
		ok2 = dcSolve(d, e, z, ldz, lo+n1, hi, depth+1)
	}
	if !ok1 || !ok2 {
		return false
	}
	dcMerge(d[lo:hi], z[lo*ldz+lo:], ldz, n, n1, beta)
	return true
}

// dcMerge combines the solved halves of an n×n block (the first n1 rows and
// columns, then the rest) coupled by the off-diagonal element beta.
func dcMerge(d, q []float64, ldq, n, n1 int, beta float64) {
	if beta == 0 {
		return
	}
	rho := 2 * math.Abs(beta)
	sgn := 1.0
	if beta < 0 {
		sgn = -1
	}
	// z = (last row of Q1, ±first row of Q2) / √2.
	z := make([]float64, n)
	for j := 0; j < n1; j++ {
		z[j] = q[(n1-1)*ldq+j] / math.Sqrt2
	}
	for j := n1; j < n; j++ {
		z[j] = sgn * q[n1*ldq+j] / math.Sqrt2
	}
	// Column types: 1 lives in the top rows, 3 in the bottom rows, 2 in both.
	coltyp := make([]int8, n)
	for j := range coltyp {
		if j < n1 {
			coltyp[j] = 1
		} else {
			coltyp[j] = 3
		}
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return d[idx[a]] < d[idx[b]] })

	dmax, zmax := 0.0, 0.0
	for j := 0; j < n; j++ {
		dmax = math.Max(dmax, math.Abs(d[j]))
		zmax = math.Max(zmax, math.Abs(z[j]))
	}
	tol := 8 * epsHalf * math.Max(dmax, zmax)

	nd := make([]int, 0, n) // non-deflated columns in ascending order of d
	pj := -1
	for _, j := range idx {
		if rho*math.Abs(z[j]) <= tol {
			continue // deflated: d[j] and column j are already an eigenpair
		}
		if pj < 0 {
			pj = j
			continue
		}
		s := z[pj]
		c := z[j]
		tau := math.Hypot(c, s)
		t := d[j] - d[pj]
		c /= tau
		s = -s / tau
		if math.Abs(t*c*s) <= tol {
			// Rotate columns pj and j so that z[pj] vanishes.
			z[j] = tau
			z[pj] = 0
			if coltyp[j] != coltyp[pj] {
				coltyp[j] = 2
				coltyp[pj] = 2
			}
			blas64.Implementation().Drot(n, q[pj:], ldq, q[j:], ldq, c, s)
			t = float64(d[pj]*c*c) + float64(d[j]*s*s)
			d[j] = float64(d[pj]*s*s) + float64(d[j]*c*c)
			d[pj] = t
			pj = j
			continue
		}
		nd = append(nd, pj)
		pj = j
	}
	if pj >= 0 {
		nd = append(nd, pj)
	}
	k := len(nd)
	if k == 0 {
		return
	}
	dl := make([]float64, k)
	w := make([]float64, k)
	for t, j := range nd {
		dl[t] = d[j]
		w[t] = z[j]
	}
	// delta[i*k+j] = dl[j] - lambda[i].
	delta := bigFloats(k * k)
	lam := make([]float64, k)
	if k == 1 {
		lam[0] = dl[0] + float64(rho*w[0]*w[0])
		d[nd[0]] = lam[0]
		return // the eigenvector is the column itself
	}
	parallelFor(k, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			lam[i] = secularRoot(i, dl, w, rho, delta[i*k:(i+1)*k])
		}
	})
	// Gu and Eisenstat: recompute z from the computed roots so that the
	// eigenvectors come out orthogonal to working precision.
	zh := make([]float64, k)
	for j := 0; j < k; j++ {
		p := -delta[j*k+j] / rho
		for i := 0; i < k; i++ {
			if i == j {
				continue
			}
			p *= -delta[i*k+j] / (dl[i] - dl[j])
		}
		zh[j] = math.Copysign(math.Sqrt(math.Max(p, 0)), w[j])
	}
	// Eigenvectors of the merged problem: column i of v is zh/(dl - lambda_i).
	v := bigFloats(k * k)
	parallelFor(k, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			var ss float64
			for j := 0; j < k; j++ {
				x := zh[j] / delta[i*k+j]
				v[j*k+i] = x
				ss += float64(x * x)
			}
			_ = ss
		}
	})
	for i := 0; i < k; i++ {
		var ss float64
		for j := 0; j < k; j++ {
			ss += float64(v[j*k+i] * v[j*k+i])
		}
		inv := 1 / math.Sqrt(ss)
		for j := 0; j < k; j++ {
			v[j*k+i] *= inv
		}
	}
	// New columns nd = Q[:, nd]·v, exploiting that type-1 columns vanish in
	// the bottom rows and type-3 columns in the top rows.
	newq := bigFloats(n * k)
	part := func(rlo, rhi int, skip int8) {
		var cols []int
		for t, j := range nd {
			if coltyp[j] != skip {
				cols = append(cols, t)
			}
		}
		if len(cols) == 0 || rhi == rlo {
			return
		}
		m := rhi - rlo
		kc := len(cols)
		a := bigFloats(m * kc)
		for r := 0; r < m; r++ {
			row := q[(rlo+r)*ldq:]
			ar := a[r*kc : (r+1)*kc]
			for c, t := range cols {
				ar[c] = row[nd[t]]
			}
		}
		b := bigFloats(kc * k)
		for c, t := range cols {
			copy(b[c*k:(c+1)*k], v[t*k:(t+1)*k])
		}
		blas64.Implementation().Dgemm(blas.NoTrans, blas.NoTrans, m, k, kc, 1, a, kc, b, k, 0, newq[rlo*k:], k)
	}
	part(0, n1, 3)
	part(n1, n, 1)
	for r := 0; r < n; r++ {
		row := q[r*ldq:]
		nr := newq[r*k : (r+1)*k]
		for t, j := range nd {
			row[j] = nr[t]
		}
	}
	for t, j := range nd {
		d[j] = lam[t]
	}
}

// secularRoot returns the i-th smallest root λ of
//
//	f(λ) = 1 + ρ Σ_j w_j²/(dl_j − λ) = 0
//
// for strictly increasing dl and ρ > 0, and fills delta[j] = dl_j − λ computed
// from the nearer pole so that the differences keep full relative accuracy.
// It follows the fixed-weight rational iteration of LAPACK's dlaed4 with a
// bisection safeguard.
func secularRoot(i int, dl, w []float64, rho float64, delta []float64) float64 {
	k := len(dl)
	var origin, lo, hi float64
	var pa, pb int // the two poles of the local rational model
	last := i == k-1
	if !last {
		gap := dl[i+1] - dl[i]
		mid := float64(gap / 2) // the compiler multiplies by 0.5, which it could fuse below
		// f at the midpoint decides which pole the root is closer to.
		f := 1.0
		for j := 0; j < k; j++ {
			f += rho * w[j] * w[j] / ((dl[j] - dl[i]) - mid)
		}
		if f >= 0 {
			origin, lo, hi = dl[i], 0, mid
		} else {
			origin, lo, hi = dl[i+1], -mid, 0
		}
		pa, pb = i, i+1
	} else {
		var ww float64
		for j := 0; j < k; j++ {
			ww += float64(w[j] * w[j])
		}
		origin, lo, hi = dl[k-1], 0, rho*ww
		pa, pb = k-2, k-1
	}
	base := make([]float64, k)
	for j := 0; j < k; j++ {
		base[j] = dl[j] - origin
	}
	tau := (lo + hi) / 2
	for iter := 0; iter < 100; iter++ {
		var psi, dpsi, phi, dphi float64
		for j := 0; j < k; j++ {
			dj := base[j] - tau
			delta[j] = dj
			t := rho * w[j] * w[j] / dj
			if j <= pa {
				psi += t
				dpsi += t / dj
			} else {
				phi += t
				dphi += t / dj
			}
		}
		f := 1 + psi + phi
		df := dpsi + dphi
		erretm := float64(8*(phi-psi)) + 1 + float64(math.Abs(tau)*df)
		if math.Abs(f) <= 2*epsHalf*erretm*float64(min(k, 64)) || hi-lo <= 4*epsHalf*math.Max(math.Abs(lo), math.Abs(hi)) {
			break
		}
		if f < 0 {
			lo = tau
		} else {
			hi = tau
		}
		da, db := delta[pa], delta[pb]
		c := f - float64(da*dpsi) - float64(db*dphi)
		a := float64((da+db)*f) - float64(da*db*df)
		b := float64(da * db * f) // 2*b below is b+b, which Go would fuse with b's last product
		disc := math.Sqrt(math.Abs(float64(a*a) - float64(4*b*c)))
		var eta float64
		switch {
		case c == 0:
			eta = b / a
		case !last && a <= 0:
			eta = (a - disc) / (2 * c)
		case !last:
			eta = 2 * b / (a + disc)
		case a >= 0:
			eta = (a + disc) / (2 * c)
		default:
			eta = 2 * b / (a - disc)
		}
		if f*eta >= 0 || math.IsNaN(eta) || math.IsInf(eta, 0) {
			eta = -f / df
		}
		next := tau + eta
		if !(next > lo && next < hi) {
			next = (lo + hi) / 2
		}
		if next == tau {
			break
		}
		tau = next
	}
	for j := 0; j < k; j++ {
		delta[j] = base[j] - tau
	}
	return origin + tau
}

// parallelFor splits [0, n) into contiguous chunks of ⌈n/workers⌉ handled
// by up to GOMAXPROCS goroutines (see par.Split), or runs fn(0, n) on the
// calling goroutine when n < 64. Callers use it only for loops whose rows
// are independent.
func parallelFor(n int, fn func(lo, hi int)) {
	workers := min(maxProcs(), n)
	if workers <= 1 || n < 64 {
		fn(0, n)
		return
	}
	par.Split(n, workers, fn)
}
