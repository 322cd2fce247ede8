package npsort

import (
	"encoding/json"
	"math"
	"os"
	"slices"
	"testing"
)

// TestMatchesNumpy compares with np.argsort on keys full of ties, where an
// unstable sort's order is specific to its algorithm
// (testdata/gen_numpy_argsort.py made the file with numpy 1.24).
func TestMatchesNumpy(t *testing.T) {
	b, err := os.ReadFile("testdata/numpy_argsort.json")
	if err != nil {
		t.Fatal(err)
	}
	var fix struct {
		Float []struct {
			Keys []*float64
			Idx  []int
		}
		Int struct {
			Keys []int64
			Idx  []int
		}
	}
	if err := json.Unmarshal(b, &fix); err != nil {
		t.Fatal(err)
	}
	for n, c := range fix.Float {
		keys := make([]float64, len(c.Keys))
		for i, k := range c.Keys {
			if k == nil {
				keys[i] = math.NaN()
			} else {
				keys[i] = *k
			}
		}
		if got := Argsort(keys); !slices.Equal(got, c.Idx) {
			t.Errorf("float case %d (n=%d): differs from numpy", n, len(keys))
		}
	}
	if got := Argsort(fix.Int.Keys); !slices.Equal(got, fix.Int.Idx) {
		t.Errorf("int64 case: differs from numpy")
	}
}

// TestSorted checks the sorting property on inputs that reach the heapsort
// fallback (organ-pipe keys defeat median-of-three pivots).
func TestSorted(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 15, 16, 17, 100, 4097} {
		keys := make([]float64, n)
		for i := range keys {
			keys[i] = float64(min(i, n-1-i))
		}
		idx := Argsort(keys)
		seen := make([]bool, n)
		for p, i := range idx {
			if seen[i] {
				t.Fatalf("n=%d: index %d twice", n, i)
			}
			seen[i] = true
			if p > 0 && keys[idx[p-1]] > keys[i] {
				t.Fatalf("n=%d: not sorted at %d", n, p)
			}
		}
	}
}
