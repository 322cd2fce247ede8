package nprand

import (
	"math"
	"runtime"
	"slices"
	"testing"
)

// The expected values below were produced once with numpy 1.24.2 (Debian's
// python3-numpy) by /usr/bin/python3 running, for each seed s:
//
//	import numpy as np
//	r = np.random.RandomState(s); r.randint(0, 2**32, size=8, dtype=np.uint64)
//	r = np.random.RandomState(s); [x.hex() for x in r.random_sample(5)]
//	r = np.random.RandomState(s); n = r.standard_normal(5); n2 = r.normal(3.0, 2.0); n3 = r.standard_normal(3)
//	r = np.random.RandomState(s); r.permutation(10)
//	r = np.random.RandomState(s); a = np.arange(25); r.shuffle(a)
//
// Floats are written as hexadecimal literals (float.hex()) so that they are
// the exact doubles numpy returned.
var numpyCases = []struct {
	seed    uint32
	uint32s []uint32
	samples []float64
	normals []float64 // standard_normal(5)
	normal  float64   // then normal(3, 2): uses the cached second value
	more    []float64 // then standard_normal(3)
	perm    []int
	shuffle []int
}{
	{
		seed:    0,
		uint32s: []uint32{2357136044, 2546248239, 3071714933, 3626093760, 2588848963, 3684848379, 2340255427, 3638918503},
		samples: []float64{0x1.18fe1565f12a8p-1, 0x1.6e2d4cf608733p-1, 0x1.349d66b6e894bp-1, 0x1.16faedb6395f5p-1, 0x1.b1d2904fd0ef6p-2},
		normals: []float64{0x1.c398ef3e5cfa5p+0, 0x1.99c2cfacc8953p-2, 0x1.f51d25222c9abp-1, 0x1.1ed5969e3314ep+1, 0x1.de1847cb13ddap+0},
		normal:  0x1.0ba23bd5a737ep+0,
		more:    []float64{0x1.e671fd33295e9p-1, -0x1.35fac49d38436p-3, -0x1.a6c8cf8c8b459p-4},
		perm:    []int{2, 8, 4, 9, 1, 6, 7, 3, 0, 5},
		shuffle: []int{5, 2, 19, 16, 11, 22, 17, 24, 23, 14, 1, 10, 13, 8, 6, 18, 4, 9, 7, 20, 3, 0, 21, 15, 12},
	},
	{
		seed:    1,
		uint32s: []uint32{1791095845, 4282876139, 3093770124, 4005303368, 491263, 550290313, 1298508491, 4290846341},
		samples: []float64{0x1.ab07d0ffa3c06p-2, 0x1.70ce5f3baf051p-1, 0x1.dfb906661c000p-14, 0x1.3596ab7fe08f4p-2, 0x1.2c8e5a3c7053cp-3},
		normals: []float64{0x1.9fd5190657c50p+0, -0x1.393822fb7d9adp-1, -0x1.0e6c872548fd2p-1, -0x1.12ae1255cb80cp+0, 0x1.bb16b5735117dp-1},
		normal:  -0x1.9a6347b328964p+0,
		more:    []float64{0x1.beabfbd8fc605p+0, -0x1.85bce931aaff6p-1, 0x1.46b22f4ed7b24p-2},
		perm:    []int{2, 9, 6, 4, 0, 3, 1, 7, 8, 5},
		shuffle: []int{14, 13, 17, 3, 21, 10, 18, 19, 4, 2, 20, 6, 7, 22, 1, 16, 0, 15, 24, 23, 9, 8, 12, 11, 5},
	},
	{
		seed:    42,
		uint32s: []uint32{1608637542, 3421126067, 4083286876, 787846414, 3143890026, 3348747335, 2571218620, 2563451924},
		samples: []float64{0x1.7f8771e5f51ecp-2, 0x1.e6c4068bbd654p-1, 0x1.76c7e8f1e6751p-1, 0x1.32835d6632cb0p-1, 0x1.3f86b37222184p-3},
		normals: []float64{0x1.fca2a28a9307cp-2, -0x1.1b2a505de052ap-3, 0x1.4b9dd50245e68p-1, 0x1.85e548e01aa2bp+0, -0x1.df8bcdf57a640p-3},
		normal:  0x1.440f99b31e499p+1,
		more:    []float64{0x1.94474a8407408p+0, 0x1.88ed346f0d7f3p-1, -0x1.e0bde4b799e8bp-2},
		perm:    []int{8, 1, 5, 0, 7, 2, 9, 4, 3, 6},
		shuffle: []int{8, 16, 0, 23, 11, 9, 13, 1, 22, 5, 2, 12, 15, 3, 4, 20, 17, 21, 18, 24, 7, 10, 14, 19, 6},
	},
	{
		seed:    4294967295,
		uint32s: []uint32{419326371, 479346978, 3918654476, 2416749639, 3388880820, 2260532800, 3350089942, 3309765114},
		samples: []float64{0x1.8fe69a3924820p-4, 0x1.d323d824032b1p-1, 0x1.93fc6f61af3f9p-1, 0x1.8f5ca1b151c07p-1, 0x1.25ec7244bbf80p-6},
		normals: []float64{0x1.4bfc38c486d8ap-1, 0x1.56b192e507eeep-1, -0x1.149e836f192fdp+0, 0x1.23543dec5a0fcp-2, 0x1.d27bf27c6aaafp-4},
		normal:  0x1.2f0e3bf5912f4p+2,
		more:    []float64{-0x1.68a93f10b89eep-5, 0x1.fd7bf9478f663p-3, -0x1.f9f94d65c3902p-1},
		perm:    []int{6, 9, 5, 1, 8, 0, 7, 4, 2, 3},
		shuffle: []int{23, 8, 24, 18, 4, 9, 15, 1, 5, 22, 14, 21, 6, 13, 16, 10, 17, 11, 19, 0, 20, 7, 12, 2, 3},
	},
}

// normalULPs is how many units in the last place a Gaussian may differ from
// numpy's: glibc's log is not correctly rounded for a tiny fraction of
// arguments (see the package documentation; at most 2 ulp were seen in
// 100,000 draws).
const normalULPs = 2

// ulps returns the distance between a and b in units in the last place.
func ulps(a, b float64) uint64 {
	if math.Signbit(a) != math.Signbit(b) {
		if a == b { // +0 and -0
			return 0
		}
		return math.MaxUint64
	}
	ia, ib := math.Float64bits(a), math.Float64bits(b)
	if ia > ib {
		return ia - ib
	}
	return ib - ia
}

func TestNumpyUint32(t *testing.T) {
	for _, c := range numpyCases {
		rs := New(c.seed)
		for i, want := range c.uint32s {
			if got := rs.Uint32(); got != want {
				t.Errorf("seed %d: Uint32 #%d = %d, numpy gives %d", c.seed, i, got, want)
			}
		}
	}
}

func TestNumpyRandomSample(t *testing.T) {
	for _, c := range numpyCases {
		rs := New(c.seed)
		for i, want := range c.samples {
			// random_sample is built from integers only: it must be exact.
			if got := rs.Float64(); math.Float64bits(got) != math.Float64bits(want) {
				t.Errorf("seed %d: Float64 #%d = %x, numpy gives %x", c.seed, i, got, want)
			}
		}
	}
}

func TestNumpyNormal(t *testing.T) {
	for _, c := range numpyCases {
		rs := New(c.seed)
		check := func(what string, got, want float64) {
			t.Helper()
			if d := ulps(got, want); d > normalULPs {
				t.Errorf("seed %d: %s = %x, numpy gives %x (%d ulp apart)", c.seed, what, got, want, d)
			}
		}
		// Odd count: the fifth draw leaves a cached value behind.
		got := make([]float64, len(c.normals))
		rs.StandardNormalFill(got)
		for i := range got {
			check("StandardNormal", got[i], c.normals[i])
		}
		check("Normal(3, 2) from the cache", rs.Normal(3, 2), c.normal)
		for _, want := range c.more {
			check("StandardNormal after Normal", rs.StandardNormal(), want)
		}
	}
}

func TestNumpyPermutationShuffle(t *testing.T) {
	for _, c := range numpyCases {
		if got := New(c.seed).Permutation(10); !slices.Equal(got, c.perm) {
			t.Errorf("seed %d: Permutation(10) = %v, numpy gives %v", c.seed, got, c.perm)
		}
		a := make([]int, 25)
		for i := range a {
			a[i] = i
		}
		New(c.seed).Shuffle(len(a), func(i, j int) { a[i], a[j] = a[j], a[i] })
		if !slices.Equal(a, c.shuffle) {
			t.Errorf("seed %d: Shuffle of 0..24 = %v, numpy gives %v", c.seed, a, c.shuffle)
		}
	}
}

// TestNumpyLongRun checks values far into the stream (many twists):
//
//	r = np.random.RandomState(7); u = r.randint(0, 2**32, size=10000, dtype=np.uint64); u[-1], u.sum()
//	r = np.random.RandomState(7); n = r.standard_normal(100001); n[-1].hex(), n.sum()
//	r = np.random.RandomState(3); r.normal(size=(2, 3)).ravel(); r.randint(0, 2**32, dtype=np.uint64)
func TestNumpyLongRun(t *testing.T) {
	rs := New(7)
	var last uint32
	var sum uint64
	for range 10000 {
		last = rs.Uint32()
		sum += uint64(last)
	}
	if last != 588343604 || sum != 21539746948750 {
		t.Errorf("seed 7: 10000th Uint32 = %d, sum %d; numpy gives 588343604, 21539746948750", last, sum)
	}

	rs = New(7)
	n := make([]float64, 100001)
	rs.StandardNormalFill(n)
	var s float64
	for _, v := range n {
		s += v
	}
	if d := ulps(n[len(n)-1], -0x1.4a97628ee5c52p-5); d > normalULPs {
		t.Errorf("seed 7: normal #100000 = %x, numpy gives %x", n[len(n)-1], -0x1.4a97628ee5c52p-5)
	}
	// Pairwise vs sequential summation and 1-ulp differences: 1e-9 relative is ample.
	if want := -288.81530747064625; math.Abs(s-want) > 1e-9*math.Abs(want) {
		t.Errorf("seed 7: sum of 100001 normals = %v, numpy gives %v", s, want)
	}

	rs = New(3)
	m := make([]float64, 6)
	rs.StandardNormalFill(m)
	want := []float64{1.7886284734303186, 0.43650985051198943, 0.09649746807200862, -1.8634927033644908, -0.27738820251439905, -0.35475897926898675}
	for i := range m {
		if math.Abs(m[i]-want[i]) > 1e-15*math.Abs(want[i])+1e-300 {
			t.Errorf("seed 3: normal(size=(2,3))[%d] = %v, numpy gives %v", i, m[i], want[i])
		}
	}
	if got := rs.Uint32(); got != 221049975 {
		t.Errorf("seed 3: Uint32 after 6 normals = %d, numpy gives 221049975", got)
	}
}

// TestInterval compares with numpy's legacy bounded integers:
//
//	r = np.random.RandomState(5); [r.randint(0, m+1) for m in [0, 1, 2, 6, 100, 1000000, 2**31]]
func TestInterval(t *testing.T) {
	rs := New(5)
	maxes := []uint32{0, 1, 2, 6, 100, 1000000, 1 << 31}
	want := []uint32{0, 1, 2, 5, 16, 845897, 2097710088}
	for i, m := range maxes {
		if got := rs.Interval(m); got != want[i] {
			t.Errorf("Interval(%d) = %d, numpy gives %d", m, got, want[i])
		}
	}
	// Property: always within [0, max].
	rs = New(11)
	for _, m := range []uint32{1, 3, 5, 1000, math.MaxUint32} {
		for range 1000 {
			if v := rs.Interval(m); v > m {
				t.Fatalf("Interval(%d) = %d out of range", m, v)
			}
		}
	}
}

func TestPermutationProperties(t *testing.T) {
	for _, n := range []int{0, 1, 2, 17, 1000} {
		p := New(uint32(n)).Permutation(n)
		seen := make([]bool, n)
		for _, v := range p {
			if v < 0 || v >= n || seen[v] {
				t.Fatalf("Permutation(%d) = %v is not a permutation", n, p)
			}
			seen[v] = true
		}
	}
}

func TestSeedResets(t *testing.T) {
	rs := New(0)
	rs.StandardNormal() // leaves a cached value
	rs.Seed(0)
	if got := rs.Uint32(); got != 2357136044 {
		t.Errorf("after Seed(0), Uint32 = %d, want 2357136044", got)
	}
	rs.Seed(42)
	a := rs.StandardNormal()
	if d := ulps(a, 0x1.fca2a28a9307cp-2); d > normalULPs {
		t.Errorf("after Seed(42), StandardNormal = %v, the cache was not cleared", a)
	}
}

func BenchmarkUint32(b *testing.B) {
	rs := New(0)
	var s uint32
	for range b.N {
		s += rs.Uint32()
	}
	_ = s
}

func BenchmarkStandardNormal(b *testing.B) {
	rs := New(0)
	dst := make([]float64, 1024)
	b.SetBytes(8 * 1024)
	for range b.N {
		rs.StandardNormalFill(dst)
	}
}

// TestStandardNormalFillSequential checks that StandardNormalFill, whose long
// fills take the logarithms in parallel, gives the values and leaves the
// state that calls of StandardNormal one by one give, from an empty and
// from a full Gaussian cache, for even and odd lengths.
func TestStandardNormalFillSequential(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 3} {
		runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 1, 2, 7, 1 << 14, 1<<14 + 1, 100003} {
			for _, cached := range []bool{false, true} {
				a, b := New(5), New(5)
				if cached {
					a.StandardNormal()
					b.StandardNormal()
				}
				got := make([]float64, n)
				a.StandardNormalFill(got)
				for i := range got {
					if w := b.StandardNormal(); math.Float64bits(got[i]) != math.Float64bits(w) {
						t.Fatalf("GOMAXPROCS=%d n=%d cached=%v: entry %d = %v, one by one %v", procs, n, cached, i, got[i], w)
					}
				}
				for i := 0; i < 3; i++ {
					if x, y := a.StandardNormal(), b.StandardNormal(); x != y {
						t.Fatalf("GOMAXPROCS=%d n=%d cached=%v: draw %d after the fill = %v, one by one %v", procs, n, cached, i, x, y)
					}
				}
			}
		}
	}
}
