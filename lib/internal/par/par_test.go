package par

import (
	"runtime"
	"slices"
	"sync"
	"testing"
)

// cover records the ranges fn receives and checks they tile [0, n).
type cover struct {
	mu     sync.Mutex
	ranges [][2]int
}

func (c *cover) add(lo, hi int) {
	c.mu.Lock()
	c.ranges = append(c.ranges, [2]int{lo, hi})
	c.mu.Unlock()
}

func (c *cover) sorted() [][2]int {
	slices.SortFunc(c.ranges, func(a, b [2]int) int { return a[0] - b[0] })
	return c.ranges
}

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		n, parts int
		want     [][2]int
	}{
		{0, 4, nil},
		{5, 1, [][2]int{{0, 5}}},
		{5, 0, [][2]int{{0, 5}}},
		{10, 3, [][2]int{{0, 4}, {4, 8}, {8, 10}}},
		{10, 4, [][2]int{{0, 3}, {3, 6}, {6, 9}, {9, 10}}},
		{9, 4, [][2]int{{0, 3}, {3, 6}, {6, 9}}}, // ⌈9/4⌉ = 3: three parts, as the old loops did
		{3, 8, [][2]int{{0, 1}, {1, 2}, {2, 3}}},
	} {
		var c cover
		Split(tc.n, tc.parts, c.add)
		if got := c.sorted(); !slices.Equal(got, tc.want) {
			t.Errorf("Split(%d, %d): %v, want %v", tc.n, tc.parts, got, tc.want)
		}
	}
}

func TestBlocks(t *testing.T) {
	for _, workers := range []int{0, 1, 2, 7} {
		var c cover
		Blocks(10, 4, workers, c.add)
		want := [][2]int{{0, 4}, {4, 8}, {8, 10}}
		if got := c.sorted(); !slices.Equal(got, want) {
			t.Errorf("Blocks(10, 4, %d): %v, want %v", workers, got, want)
		}
	}
	var c cover
	Blocks(0, 4, 2, c.add)
	if len(c.ranges) != 0 {
		t.Errorf("Blocks(0, …) called fn on %v", c.ranges)
	}
}

func TestQueue(t *testing.T) {
	for _, workers := range []int{1, 3, 100} {
		seen := make([]int, 50)
		var mu sync.Mutex
		Queue(len(seen), workers, func(w, i int) {
			if w < 0 || w >= max(1, min(workers, len(seen))) {
				t.Errorf("worker index %d out of range", w)
			}
			mu.Lock()
			seen[i]++
			mu.Unlock()
		})
		for i, s := range seen {
			if s != 1 {
				t.Fatalf("workers %d: task %d ran %d times", workers, i, s)
			}
		}
	}
	// Serial order on one worker.
	var order []int
	Queue(4, 1, func(_, i int) { order = append(order, i) })
	if !slices.Equal(order, []int{0, 1, 2, 3}) {
		t.Errorf("serial order %v", order)
	}
}

func TestDo(t *testing.T) {
	for _, n := range []int{0, 1, 2, 9} {
		hits := make([]int, n)
		Do(n, func(i int) { hits[i]++ })
		for i, h := range hits {
			if h != 1 {
				t.Errorf("Do(%d): f(%d) ran %d times", n, i, h)
			}
		}
	}
}

// TestSumParts checks the ordered sum of partial sums against a serial
// loop, bit for bit, for sizes below and above the parallel threshold.
func TestSumParts(t *testing.T) {
	for _, m := range []int{1, 7, 5000} {
		const parts = 4
		ps := make([]float64, parts*m)
		for i := range ps {
			ps[i] = 1 / float64(i+3)
		}
		got := make([]float64, m+2)
		got[m] = 42 // past m: untouched
		SumParts(got, ps, m)
		for i := 0; i < m; i++ {
			want := ps[i]
			for p := 1; p < parts; p++ {
				want += ps[p*m+i]
			}
			if got[i] != want {
				t.Fatalf("m=%d: entry %d = %v, want %v", m, i, got[i], want)
			}
		}
		if got[m] != 42 {
			t.Fatalf("m=%d: wrote past out[:m]", m)
		}
	}
}

// TestPartSums checks that each range gets a zeroed partial sum and the
// whole of [0, rows) once, and that the result is the ordered sum, for
// several worker counts (and as many GOMAXPROCS).
func TestPartSums(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	const rows, size, parts = 103, 5, 4
	for _, procs := range []int{1, 2, 3} {
		runtime.GOMAXPROCS(procs)
		ps := make([]float64, parts*size)
		for i := range ps {
			ps[i] = 99 // stale: must be cleared
		}
		out := make([]float64, size)
		var mu sync.Mutex
		seen := make([]int, rows)
		PartSums(out, ps, size, rows, parts, procs, func(z []float64, lo, hi int) {
			mu.Lock()
			defer mu.Unlock()
			for i := lo; i < hi; i++ {
				seen[i]++
				z[i%size] += float64(i)
			}
		})
		want := make([]float64, size)
		for i := 0; i < rows; i++ {
			if seen[i] != 1 {
				t.Fatalf("GOMAXPROCS=%d: row %d visited %d times", procs, i, seen[i])
			}
			want[i%size] += float64(i)
		}
		for i := range want {
			if out[i] != want[i] {
				t.Fatalf("GOMAXPROCS=%d: out[%d] = %v, want %v", procs, i, out[i], want[i])
			}
		}
	}
}
