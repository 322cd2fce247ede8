package nprand

import (
	"math"
	"math/big"
	"testing"
)

func TestLogAgainstMathLog(t *testing.T) {
	// Sanity: within 1 ulp of math.Log everywhere we sample.
	rs := New(1)
	for range 100000 {
		x := rs.Float64()
		if x == 0 {
			continue
		}
		for _, v := range []float64{x, x * 1e-300, x * 1e300, 1 - x*1e-10, 1 + x*1e-10} {
			got, want := log(v), math.Log(v)
			if d := ulps(got, want); d > 1 {
				t.Fatalf("log(%v) = %v, math.Log gives %v (%d ulp)", v, got, want, d)
			}
		}
	}
	if log(1) != 0 || log(2) != math.Ln2 || log(0.5) != -math.Ln2 {
		t.Errorf("log(1), log(2), log(0.5) = %v %v %v", log(1), log(2), log(0.5))
	}
}

// hardLogs are arguments where math.Log is not correctly rounded, with the
// correctly rounded logarithm, float(Decimal(x).ln()) in Python with 50
// digits of precision.
var hardLogs = []struct{ x, log float64 }{
	{0x1.9798e9cc04fe6p-2, -0x1.d7a67d31d0bd7p-1},
	{0x1.71e4195ab3915p-1, -0x1.4ceb448c17211p-2},
	{0x1.430f4d710613ep-1, -0x1.d789f89e7fdc7p-2},
	{0x1.a8c833d77528ap-2, -0x1.c281ad820b203p-1},
	{0x1.bb8cdfbaab30ep-1, -0x1.25ea5fb43de7bp-3},
	{0x1.1713275bbd1fdp-1, -0x1.36b4598aeefadp-1},
	{0x1.5efd7b813fba8p-2, -0x1.121a49586208bp+00},
	{0x1.376b70ab9f33ep-2, -0x1.30b97cf5ba0ddp+00},
	{0x1.56b04bd12b855p-1, -0x1.9b236afa217efp-2},
	{0x1.8e490f2e7a31ap-2, -0x1.e37baee051f59p-1},
	{0x1.97bdfcc64af18p-2, -0x1.d777ed4c8a5d3p-1},
	{0x1.2fb4e282c0f3ep-1, -0x1.0b660052e0e19p-1},
}

func TestLogCorrectlyRounded(t *testing.T) {
	for _, c := range hardLogs {
		if got := log(c.x); got != c.log {
			t.Errorf("log(%x) = %x, the correctly rounded value is %x", c.x, got, c.log)
		}
	}
}

func BenchmarkLog(b *testing.B) {
	x := 0.0
	for i := range b.N {
		x += log(float64(i%1000+1) * 1e-3)
	}
	_ = x
}

func BenchmarkMathLog(b *testing.B) {
	x := 0.0
	for i := range b.N {
		x += math.Log(float64(i%1000+1) * 1e-3)
	}
	_ = x
}

// TestLogTableExact checks the claim that m·c − 1 is exact for every m of
// each table interval: it checks both ends and random points with math/big.
func TestLogTableExact(t *testing.T) {
	rs := New(3)
	worst := 0.0
	for i, e := range logTable {
		lo := 1 + float64(i)/(1<<logTableBits)
		hi := math.Nextafter(1+float64(i+1)/(1<<logTableBits), 0)
		ms := []float64{lo, hi, math.Nextafter(lo, 2)}
		for range 200 {
			ms = append(ms, lo+(hi-lo)*rs.Float64())
		}
		for _, m := range ms {
			r := math.FMA(m, e.c, -1)
			exact := new(big.Float).SetPrec(200).Mul(big.NewFloat(m), big.NewFloat(e.c))
			exact.Sub(exact, big.NewFloat(1))
			if f, acc := exact.Float64(); acc != big.Exact || f != r {
				t.Fatalf("table %d: m·c − 1 for m = %x is not exact in a double", i, m)
			}
			worst = max(worst, math.Abs(r))
		}
	}
	if worst >= 1.0/128 {
		t.Errorf("|r| reaches %v, want < 2⁻⁷", worst)
	}
}
