package scale

import (
	"math"
	"testing"
)

func TestShift(t *testing.T) {
	for _, c := range []struct {
		max  float64
		zero bool
	}{
		{0, true}, {1, true}, {Min, true}, {Max, true}, {3e-7, true}, {math.Inf(1), true}, {math.NaN(), true},
		{1e-170, false}, {1e300, false}, {math.MaxFloat64, false}, {5e-324, false}, {1e-101, false}, {1e101, false},
	} {
		e := Shift(c.max)
		if c.zero {
			if e != 0 {
				t.Errorf("Shift(%v) = %d, want 0", c.max, e)
			}
			continue
		}
		if e%2 != 0 {
			t.Errorf("Shift(%v) = %d is odd", c.max, e)
		}
		if s := math.Ldexp(c.max, e); s < 0.5 || s >= 4 {
			t.Errorf("Shift(%v) = %d scales it to %v, want [0.5, 4)", c.max, e, s)
		}
	}
}

func TestApplyExact(t *testing.T) {
	src := []float64{1e-170, -3.5e-171, 0, 7e-169}
	e := Shift(MaxAbs(src))
	got := Apply(make([]float64, len(src)), src, e)
	back := Apply(got, got, -e)
	for i := range src {
		if back[i] != src[i] {
			t.Errorf("entry %d: %v → %v after scaling there and back", i, src[i], back[i])
		}
	}
}
