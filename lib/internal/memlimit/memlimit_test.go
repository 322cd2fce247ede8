package memlimit

import (
	"math"
	"strings"
	"testing"
)

func TestFloats(t *testing.T) {
	for _, c := range []struct {
		dims [][]int
		want uint64
	}{
		{nil, 0},
		{[][]int{{2, 3}}, 48},
		{[][]int{{2, 3}, {4}}, 80},
		{[][]int{{1 << 40, 1 << 40}}, math.MaxUint64},
		{[][]int{{-1, 5}}, 0},
	} {
		if got := Floats(c.dims...); got != c.want {
			t.Errorf("Floats(%v) = %d, want %d", c.dims, got, c.want)
		}
	}
}

func TestCheck(t *testing.T) {
	if Total() == 0 {
		t.Skip("physical memory unknown")
	}
	if err := Check("x", 1<<20, "fix"); err != nil {
		t.Errorf("1 MiB refused: %v", err)
	}
	err := Check("sgd with D = 100000", Floats([]int{1 << 20, 1 << 20}), "choose a smaller D")
	if err == nil || !strings.Contains(err.Error(), "8.8 TB") || !strings.Contains(err.Error(), "choose a smaller D") {
		t.Errorf("8 TiB: got %v, want an error naming 8.8 TB and the fix", err)
	}
}
