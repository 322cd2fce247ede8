//go:build cgo

package hostrun

import (
	"slices"
	"strings"
	"testing"

	"github.com/fastai-go/topicmodel/kernels"
)

// TestEntriesMatchPTX checks that the host build knows every kernel of the
// PTX, with the same number of parameters.
func TestEntriesMatchPTX(t *testing.T) {
	host := Entries()
	n := 0
	for _, ptx := range []string{kernels.NMF, kernels.MatMul} {
		for name, kinds := range kernels.Entries(ptx) {
			n++
			got, ok := host[name]
			if !ok {
				t.Errorf("kernel %s is in the PTX but not in hostrun.cc's table", name)
				continue
			}
			if got != len(kinds) {
				t.Errorf("%s: host build takes %d parameters, PTX %d", name, got, len(kinds))
			}
		}
	}
	if want := 8*kernels.MaxRank + 6; n != want {
		t.Errorf("PTX holds %d kernels, want %d", n, want)
	}
}

func alloc[T int32 | float32 | float64](t *testing.T, vals []T) uint64 {
	t.Helper()
	var z T
	size := 4
	if any(z) == any(float64(0)) {
		size = 8
	}
	a, err := Alloc(len(vals) * size)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := Free(a); err != nil {
			t.Error(err)
		}
	})
	if err := Write(a, vals); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestWarpSum(t *testing.T) {
	const n = 128
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(i%7) + 0.25*float32(i)
	}
	xa := alloc(t, x)
	oa := alloc(t, make([]float32, n/32))
	for _, order := range []Order{Forward, Reverse} {
		if err := Launch("hr_test_warp_sum", [3]int{2, 1, 1}, [3]int{64, 1, 1}, []uint64{Ptr(xa), Ptr(oa)}, order); err != nil {
			t.Fatal(err)
		}
		got := make([]float32, n/32)
		if err := Read(got, oa); err != nil {
			t.Fatal(err)
		}
		for w := range got {
			// The tree k_warp_sum builds: lane 0 ends with
			// ((v0+v16)+(v8+v24)) + … in this pairing order.
			v := slices.Clone(x[32*w : 32*w+32])
			for s := 16; s > 0; s /= 2 {
				for l := 0; l < s; l++ {
					v[l] += v[l+s]
				}
			}
			if got[w] != v[0] {
				t.Errorf("%v: warp %d sum %v, want %v", order, w, got[w], v[0])
			}
		}
	}
}

func TestBlockIDs(t *testing.T) {
	const bx, gx, gy = 8, 3, 2
	width, height := gx*bx, gy*16
	oa := alloc(t, make([]float32, width*height))
	if err := Launch("hr_test_block_ids", [3]int{gx, gy, 1}, [3]int{bx, 16, 1}, []uint64{Ptr(oa), Int(int64(width))}, Reverse); err != nil {
		t.Fatal(err)
	}
	got := make([]float32, width*height)
	if err := Read(got, oa); err != nil {
		t.Fatal(err)
	}
	for y := range height {
		for x := range width {
			lin := x%bx + (y%16)*bx
			if want := float32(bx*16 - 1 - lin); got[y*width+x] != want {
				t.Fatalf("out[%d][%d] = %v, want %v", y, x, got[y*width+x], want)
			}
		}
	}
}

// TestRaceShowsInOrder checks the premise of the race tests in lib/gpu: a
// kernel that reads what another thread writes without a barrier gives
// different results in the two orders.
func TestRaceShowsInOrder(t *testing.T) {
	const n = 64
	var res [2][]float32
	for i, order := range []Order{Forward, Reverse} {
		oa := alloc(t, make([]float32, n))
		if err := Launch("hr_test_race", [3]int{1, 1, 1}, [3]int{n, 1, 1}, []uint64{Ptr(oa)}, order); err != nil {
			t.Fatal(err)
		}
		res[i] = make([]float32, n)
		if err := Read(res[i], oa); err != nil {
			t.Fatal(err)
		}
	}
	if slices.Equal(res[0], res[1]) {
		t.Errorf("racy kernel gave the same result in both orders: %v", res[0])
	}
}

func TestLaunchErrors(t *testing.T) {
	oa := alloc(t, make([]float32, 256))
	for _, c := range []struct {
		name        string
		grid, block [3]int
		args        []uint64
		want        string
	}{
		{"hr_test_divergent_sync", [3]int{1, 1, 1}, [3]int{64, 1, 1}, []uint64{Ptr(oa)}, "__syncthreads reached by 32 of 64 threads"},
		{"hr_test_warp_sum", [3]int{1, 1, 1}, [3]int{16, 1, 1}, []uint64{Ptr(oa), Ptr(oa)}, "partial warp"},
		{"nmf_fill", [3]int{1, 1, 1}, [3]int{32, 1, 1}, []uint64{Ptr(oa)}, "takes 3 arguments, call passes 1"},
		{"no_such_kernel", [3]int{1, 1, 1}, [3]int{32, 1, 1}, nil, "no such kernel"},
		{"nmf_fill", [3]int{0, 1, 1}, [3]int{32, 1, 1}, []uint64{Ptr(oa), Int(1), Float(0)}, "empty or oversized"},
		{"nmf_fill", [3]int{1, 1, 1}, [3]int{2048, 1, 1}, []uint64{Ptr(oa), Int(1), Float(0)}, "more than 1024"},
	} {
		err := Launch(c.name, c.grid, c.block, c.args, Forward)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s%v%v: error %v, want one containing %q", c.name, c.grid, c.block, err, c.want)
		}
	}
}

func TestMemoryErrors(t *testing.T) {
	if _, err := Alloc(0); err == nil {
		t.Error("Alloc(0) succeeded")
	}
	a := alloc(t, []float32{1, 2, 3})
	if err := Write(a, []float64{1, 2}); err == nil {
		t.Error("16 bytes written into 12")
	}
	if err := Read(make([]int32, 3), a+4); err == nil {
		t.Error("read from an address inside a buffer succeeded")
	}
	if err := Free(a + 4); err == nil {
		t.Error("Free of an unknown address succeeded")
	}
	got := make([]int32, 3)
	b := alloc(t, got)
	if err := Launch("nmf_fill", [3]int{1, 1, 1}, [3]int{32, 1, 1}, []uint64{Ptr(b), Int(2), Float(-1)}, Forward); err != nil {
		t.Fatal(err)
	}
	f := make([]float32, 3)
	if err := Read(f, b); err != nil {
		t.Fatal(err)
	}
	if f[0] != -1 || f[1] != -1 || f[2] != 0 {
		t.Errorf("nmf_fill(len 2, −1) on zeros: %v", f)
	}
}
