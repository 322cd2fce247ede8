// Package exercise holds the checkers of the lesson's exercises, the ✓/✗
// verdicts the notebooks print. Each takes the learner's answer (and what it
// must agree with), returns nil when it is right, and otherwise an *Error
// that says what is off: a missing answer, a wrong shape, the entry farthest
// from the truth, or the property that fails. Report prints the verdict in a
// notebook cell:
//
//	exercise.Report(exercise.Reconstruction(vectors, reconstruct(U, s, Vh, 10), 1e-6))
//
// The numerical checks themselves (numpy's allclose, orthonormality,
// residual norms) are in lib/check.
package exercise

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Error is what an exercise checker returns for a wrong answer.
type Error struct {
	// Exercise names the exercise, such as "decomposition".
	Exercise string
	// Missing is true when no answer was given (a nil matrix, an empty
	// list): the learner's cell is still blank.
	Missing bool
	// Problem says what is wrong and, where it can, how to fix it.
	Problem string
}

func (e *Error) Error() string {
	if e.Missing {
		return fmt.Sprintf("%s: not answered yet: %s", e.Exercise, e.Problem)
	}
	return fmt.Sprintf("%s: %s", e.Exercise, e.Problem)
}

// ErrNotAnswered is matched (errors.Is) by the error of a checker given no
// answer.
var ErrNotAnswered = errors.New("exercise: not answered yet")

// Is makes errors.Is(err, ErrNotAnswered) true for a missing answer.
func (e *Error) Is(target error) bool { return target == ErrNotAnswered && e.Missing }

func wrong(ex, format string, args ...any) error {
	return &Error{Exercise: ex, Problem: fmt.Sprintf(format, args...)}
}

func missing(ex, format string, args ...any) error {
	return &Error{Exercise: ex, Missing: true, Problem: fmt.Sprintf(format, args...)}
}

// isNil reports whether m is nil or a nil pointer inside an interface.
func isNil(m mat.Matrix) bool {
	if m == nil {
		return true
	}
	switch x := m.(type) {
	case *mat.Dense:
		return x == nil || x.IsEmpty()
	case *mat.VecDense:
		return x == nil || x.IsEmpty()
	}
	return false
}

// Report prints the verdict of a checker: "✓ <what passed>" for nil,
// "✗ <what is off>" otherwise, and returns whether the answer passed. A
// notebook cell ends with exercise.Report(exercise.Something(...)).
func Report(err error) bool {
	if err == nil {
		fmt.Println("✓ correct")
		return true
	}
	fmt.Println("✗", err)
	return false
}

// Reconstruction checks the exercise "confirm that U, s, Vh is a
// decomposition of A": rec must equal the first r rows of a (all of a, or
// a block of leading rows, r ≥ 1) to within tol relative to the largest
// |a| entry of those rows:
//
//	max |rec − a[:r]| ≤ tol · max(1, max |a[:r]|)
//
// Cost: O(r·n) reads of a (a may be sparse; At is used).
func Reconstruction(a, rec mat.Matrix, tol float64) error {
	const ex = "decomposition"
	if isNil(rec) {
		return missing(ex, "reconstruct returned nil; return the product U[:rows]·diag(s)·Vh as a *mat.Dense")
	}
	m, n := a.Dims()
	r, c := rec.Dims()
	if c != n || r < 1 || r > m {
		return wrong(ex, "the reconstruction is %d×%d but must have %d columns and between 1 and %d rows (the first rows of the matrix)", r, c, n, m)
	}
	scale := 1.0
	worst, wi, wj := -1.0, 0, 0
	for i := 0; i < r; i++ {
		for j := 0; j < n; j++ {
			av, rv := a.At(i, j), rec.At(i, j)
			scale = math.Max(scale, math.Abs(av))
			d := math.Abs(rv - av)
			if math.IsNaN(rv) {
				d = math.Inf(1)
			}
			if d > worst {
				worst, wi, wj = d, i, j
			}
		}
	}
	if worst > tol*scale {
		return wrong(ex, "entry (%d, %d) is %.6g but the matrix holds %.6g (off by %.3g, tolerance %.3g): check that s scales the columns of U (not its rows) and that you multiply by Vh, not its transpose",
			wi, wj, rec.At(wi, wj), a.At(wi, wj), worst, tol*scale)
	}
	fmt.Printf("the first %d rows of U·diag(s)·Vh match the matrix (largest difference %.2g)\n", r, worst)
	return nil
}

// OrthonormalColumns checks the exercise "confirm that U and Vh are
// orthonormal" for one matrix q (m×k): g must be the learner's QᵀQ. It
// fails if g is missing or not k×k, if g does not hold Qᵀ·Q (checked on
// the diagonal and 64 random entries, each a column dot product), or if
// Qᵀ·Q is not the identity within tol (max |g − I| ≤ tol·m): then it
// names the worst entry and whether a norm or an angle is off.
// Cost: O(m·(k+64)).
func OrthonormalColumns(name string, q, g mat.Matrix, tol float64) error {
	ex := "orthonormal " + name
	if isNil(g) {
		return missing(ex, "gram returned nil; return Qᵀ·Q as a *mat.Dense")
	}
	m, k := q.Dims()
	if r, c := g.Dims(); r != k || c != k {
		return wrong(ex, "Qᵀ·Q must be %d×%d (one row and column per column of Q) but is %d×%d: did you compute Q·Qᵀ?", k, k, r, c)
	}
	dot := func(i, j int) float64 {
		var s float64
		for t := 0; t < m; t++ {
			s += q.At(t, i) * q.At(t, j)
		}
		return s
	}
	rng := rand.New(rand.NewPCG(1, 2))
	probe := make([][2]int, 0, k+64)
	for i := 0; i < k; i++ {
		probe = append(probe, [2]int{i, i})
	}
	for p := 0; p < 64; p++ {
		probe = append(probe, [2]int{rng.IntN(k), rng.IntN(k)})
	}
	for _, p := range probe {
		want, got := dot(p[0], p[1]), g.At(p[0], p[1])
		if !(math.Abs(got-want) <= 1e-8*math.Max(1, math.Abs(want))) {
			return wrong(ex, "entry (%d, %d) of your Qᵀ·Q is %.6g but column %d · column %d is %.6g: the product is not Qᵀ·Q", p[0], p[1], got, p[0], p[1], want)
		}
	}
	limit := tol * float64(m)
	worst, wi, wj := -1.0, 0, 0
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			id := 0.0
			if i == j {
				id = 1
			}
			if d := math.Abs(g.At(i, j) - id); d > worst || math.IsNaN(d) {
				worst, wi, wj = d, i, j
			}
		}
	}
	if !(worst <= limit) {
		what := fmt.Sprintf("columns %d and %d are not orthogonal", wi, wj)
		if wi == wj {
			what = fmt.Sprintf("column %d does not have unit length", wi)
		}
		return wrong(ex, "Qᵀ·Q differs from the identity by %.3g at (%d, %d) (tolerance %.3g): %s", worst, wi, wj, limit, what)
	}
	fmt.Printf("%s: Qᵀ·Q is the %d×%d identity to within %.2g\n", name, k, k, worst)
	return nil
}

// ErrorCurve checks the exercise "error against the number of topics":
// errs[i] must be the Frobenius error of a rank-ks[i] approximation of
// the matrix whose singular values (all of them, largest first) are s.
// No rank-k matrix does better than the truncated SVD (Eckart–Young), so
// each error must lie in [opt, (1+tol)·opt] with opt = sqrt(Σ_{i≥k} s_i²)
// (a randomized SVD lands a little above opt). The ks must be increasing
// and the errors must not increase. Cost: O(len(s) + len(ks)).
func ErrorCurve(s []float64, ks []int, errs []float64, tol float64) error {
	const ex = "error against the number of topics"
	if len(errs) == 0 {
		return missing(ex, "no errors computed")
	}
	if len(errs) != len(ks) {
		return wrong(ex, "%d errors for %d values of k: compute one error per k", len(errs), len(ks))
	}
	allZero := true
	for _, e := range errs {
		if e != 0 {
			allZero = false
		}
	}
	if allZero {
		return missing(ex, "decompositionError returned 0 for every k; compute ‖A − U_k·Σ_k·V_kᵀ‖_F")
	}
	// tail[k] = sqrt(Σ_{i≥k} s_i²), summed from the small end.
	tail := make([]float64, len(s)+1)
	for i := len(s) - 1; i >= 0; i-- {
		tail[i] = tail[i+1] + s[i]*s[i]
	}
	for i, k := range ks {
		if k < 0 || k > len(s) {
			return wrong(ex, "k = %d is outside 0…%d", k, len(s))
		}
		if i > 0 && k <= ks[i-1] {
			return wrong(ex, "the values of k must increase (k[%d] = %d after %d)", i, k, ks[i-1])
		}
		opt := math.Sqrt(tail[k])
		e := errs[i]
		switch {
		case math.IsNaN(e) || e < 0:
			return wrong(ex, "the error for k = %d is %v: a norm is a non-negative number", k, e)
		case e < opt*(1-1e-9)-1e-9:
			return wrong(ex, "the error for k = %d is %.6g, below %.6g, the least any rank-%d matrix can reach: is it squared, or computed from too few terms?", k, e, opt, k)
		case e > opt*(1+tol)+1e-9:
			return wrong(ex, "the error for k = %d is %.6g, more than %.0f%% above the best possible %.6g: check the sign of the cross term and that U, s and V come from the same decomposition", k, e, 100*tol, opt)
		}
		if i > 0 && e > errs[i-1]*(1+1e-9) {
			return wrong(ex, "the error grows from %.6g (k = %d) to %.6g (k = %d): more topics cannot fit worse", errs[i-1], ks[i-1], e, k)
		}
	}
	fmt.Printf("errors for k = %d…%d fall from %.4g to %.4g, within %.0f%% of the best possible\n", ks[0], ks[len(ks)-1], errs[0], errs[len(errs)-1], 100*tol)
	return nil
}
