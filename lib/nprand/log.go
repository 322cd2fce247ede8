package nprand

import "math"

// log returns the natural logarithm of a finite x > 0, correctly rounded
// in all but a tiny fraction of cases.
//
// numpy's Gaussians call the C library's log; glibc's is within 0.52 ulp,
// so nearly always the correctly rounded value, while Go's math.Log is
// within 1 ulp and differs from it for a few percent of arguments. To keep
// Gaussians bit-identical to numpy's, this log works in double-double
// arithmetic (about 2⁻⁷⁰ relative error) and rounds once. Away from 1 it
// splits x = 2ᵏ·m with m ∈ [1, 2), looks up c ≈ 1/m on a grid of 128
// (with ln c to double-double accuracy), and sums
//
//	ln x = k·ln 2 − ln c + log1p(r),  r = m·c − 1 (exact, |r| < 2⁻⁷)
//
// Near 1, where those terms would cancel, it uses logAtanh. Products are
// rounded apart (float64(a*b)) wherever they feed a sum, and math.FMA is
// used only where written, so the double-double steps stay error-free
// transformations where Go fuses multiply-adds (arm64, GOAMD64=v3).
// It costs a few times math.Log.
func log(x float64) float64 {
	if x > 15.0/16 && x < 17.0/16 {
		return logAtanh(x)
	}
	m, k := math.Frexp(x) // m ∈ [0.5, 1)
	m *= 2
	k--
	bits := math.Float64bits(m)
	i := int(bits>>(52-logTableBits)) & (1<<logTableBits - 1)
	e := &logTable[i]
	k += e.dk
	r := math.FMA(m, e.c, -1) // exact: see logTable

	// log1p(r) = r − r²/2 + r³·P(r), the last term in plain double
	// (below 2⁻¹⁵ of the result).
	r2h, r2l := twoProd(r, r)
	p := log1pCoef[len(log1pCoef)-1]
	for j := len(log1pCoef) - 2; j >= 0; j-- {
		p = float64(p*r) + log1pCoef[j]
	}
	a := ddAdd(dd{r, 0}, dd{float64(-r2h / 2), float64(-r2l / 2)})
	a = ddAdd(a, dd{float64(r * r2h * p), 0})

	res := ddAdd(e.logm, a)
	if k != 0 {
		fk := float64(k)
		ph, pl := twoProd(fk, ln2Hi)
		res = ddAdd(fastTwoSum(ph, pl+float64(fk*ln2Lo)), res)
	}
	return res.hi + res.lo
}

const logTableBits = 7

// logTable[i] serves m ∈ [1+i/128, 1+(i+1)/128): c is 1/(1+(i+½)/128)
// rounded to 8 significant bits, so that m·c − 1 is exact in a double
// (m·c is a multiple of 2⁻⁶⁰ and |m·c − 1| < 2⁻⁷, checked by a test);
// logm is −ln c, or −ln c − ln 2 with dk = 1 when m ≥ √2, so that ln m
// stays in [−½ ln 2, ½ ln 2) and adding k·ln 2 cancels nothing.
var logTable = func() (t [1 << logTableBits]struct {
	c    float64
	logm dd
	dk   int
}) {
	for i := range t {
		mid := 1 + float64((float64(i)+0.5)/(1<<logTableBits))
		c := 1 / mid
		ce, cexp := math.Frexp(c)
		c = math.Ldexp(math.Round(ce*256)/256, cexp)
		t[i].c = c
		t[i].logm = negDD(logAtanhDD(c)) // about 2⁻⁷⁰ relative error
		if mid >= math.Sqrt2 {
			t[i].logm = ddAdd(t[i].logm, dd{-ln2Hi, -ln2Lo})
			t[i].dk = 1
		}
	}
	return t
}()

// log1pCoef[j] is the coefficient of rʲ in P(r) = (log1p(r) − r + r²/2)/r³.
var log1pCoef = func() (c [9]float64) {
	sign := 1.0
	for j := range c {
		c[j] = sign / float64(j+3)
		sign = -sign
	}
	return c
}()

func negDD(x dd) dd { return dd{-x.hi, -x.lo} }

// logAtanh returns ln x rounded to a double; see logAtanhDD.
func logAtanh(x float64) float64 {
	r := logAtanhDD(x)
	return r.hi + r.lo
}

// logAtanhDD returns ln x as a double-double, evaluating
//
//	ln x = k·ln 2 + 2·atanh(s),  s = (m−1)/(m+1),  x = m·2ᵏ,  m ∈ [√½, √2)
//
// in double-double arithmetic (about 2⁻⁷⁰ relative error).
func logAtanhDD(x float64) dd {
	m, k := math.Frexp(x) // m ∈ [0.5, 1)
	if m < math.Sqrt2/2 {
		m *= 2
		k--
	}
	f := m - 1 // exact (Sterbenz)

	// s = f / (2+f) as a double-double.
	dh := 2 + f
	dl := f - (dh - 2)
	sh := f / dh
	r := math.FMA(-sh, dh, f)
	r -= float64(sh * dl)
	s := dd{sh, r / dh}
	s = fastTwoSum(s.hi, s.lo)

	// 2·atanh(s) = 2s + s·z·(2/3 + z·(2/5 + z·(2/7 + z·R(z)))), z = s²,
	// with R(z) = Σ 2zⁱ/(9+2i) in plain double (its share is below 2⁻¹⁶).
	z := ddMul(s, s)
	zh := z.hi
	rz := rCoef[9]
	for i := 8; i >= 0; i-- {
		rz = float64(rz*zh) + rCoef[i]
	}
	q := ddAdd(twoThirds[2], ddMulD(z, rz))
	q = ddAdd(twoThirds[1], ddMul(z, q))
	q = ddAdd(twoThirds[0], ddMul(z, q))
	t := ddMul(ddMul(s, z), q)
	logm := ddAdd(dd{2 * s.hi, 2 * s.lo}, t)

	if k == 0 {
		return logm
	}
	// k·ln 2 with ln 2 = ln2Hi + ln2Lo.
	fk := float64(k)
	p, e := twoProd(fk, ln2Hi)
	kl := fastTwoSum(p, e+float64(fk*ln2Lo))
	return ddAdd(kl, logm)
}

// ln 2 to about 2⁻¹⁰⁹ (hi is the nearest double; both checked with
// Python's decimal module).
const (
	ln2Hi = 0x1.62e42fefa39efp-1
	ln2Lo = 0x1.abc9e3b39803fp-56
)

// rCoef[i] = 2/(9+2i).
var rCoef = func() (c [10]float64) {
	for i := range c {
		c[i] = 2 / float64(9+2*i)
	}
	return c
}()

// twoThirds holds 2/3, 2/5 and 2/7 as double-doubles.
var twoThirds = [3]dd{ddDiv(2, 3), ddDiv(2, 5), ddDiv(2, 7)}

// dd is an unevaluated sum hi+lo with |lo| ≤ ulp(hi)/2.
type dd struct{ hi, lo float64 }

func ddDiv(a, b float64) dd {
	q := a / b
	return dd{q, math.FMA(-q, b, a) / b}
}

func twoSum(a, b float64) (s, e float64) {
	s = a + b
	bb := s - a
	e = (a - (s - bb)) + (b - bb)
	return s, e
}

func fastTwoSum(a, b float64) dd {
	s := a + b
	return dd{s, b - (s - a)}
}

func twoProd(a, b float64) (p, e float64) {
	p = float64(a * b) // rounded here: else Go fuses a·b into the sums p feeds (arm64)
	return p, math.FMA(a, b, -p)
}

func ddAdd(x, y dd) dd {
	s, e := twoSum(x.hi, y.hi)
	t, f := twoSum(x.lo, y.lo)
	e += t
	r := fastTwoSum(s, e)
	return fastTwoSum(r.hi, r.lo+f)
}

func ddMul(x, y dd) dd {
	p, e := twoProd(x.hi, y.hi)
	e += float64(x.hi*y.lo) + float64(x.lo*y.hi)
	return fastTwoSum(p, e)
}

func ddMulD(x dd, d float64) dd {
	p, e := twoProd(x.hi, d)
	e += float64(x.lo * d)
	return fastTwoSum(p, e)
}
