// Package scale brings matrices whose entries are extremely large or
// extremely small into a range where products and sums of squares can
// neither overflow nor underflow, as LAPACK's drivers do (dgesdd scales by
// smlnum/bignum before it factorizes).
//
// The factor is always a power of two (an even one, so that its square root
// is exact too), applied with math.Ldexp: scaling and unscaling then change
// no significand bits, and a matrix whose largest entry already lies in
// [Min, Max] is not touched at all, so results on ordinary inputs stay
// bit-identical.
package scale

import "math"

// Min and Max bound the safe range of the largest magnitude of a matrix.
// Within it the Gram products of the factorisations (sums of up to 2³¹
// squares) stay within float64's normal range: Max² · 2³¹ < 1.8e308 and
// Min² > 2.2e-308.
const (
	Min = 1e-100
	Max = 1e100
)

// MaxAbs returns the largest |v| in data (0 when empty). NaN entries are
// ignored; callers check for them separately.
func MaxAbs(data []float64) float64 {
	m := 0.0
	for _, v := range data {
		if a := math.Abs(v); a > m {
			m = a
		}
	}
	return m
}

// Shift returns the even power-of-two exponent e such that maxAbs·2^e lies
// in [0.5, 4), or 0 when maxAbs is 0, non-finite or already in [Min, Max].
func Shift(maxAbs float64) int {
	if maxAbs == 0 || math.IsInf(maxAbs, 0) || math.IsNaN(maxAbs) || (maxAbs >= Min && maxAbs <= Max) {
		return 0
	}
	_, exp := math.Frexp(maxAbs) // maxAbs = f·2^exp, f in [0.5, 1)
	e := -exp
	if e%2 != 0 {
		e++ // maxAbs·2^e in [1, 2)·… stays below 4
	}
	return e
}

// Apply sets dst[i] = src[i]·2^e (dst and src may be the same slice). It
// returns dst.
func Apply(dst, src []float64, e int) []float64 {
	for i, v := range src {
		dst[i] = math.Ldexp(v, e)
	}
	return dst
}
