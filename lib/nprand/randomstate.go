package nprand

import (
	"math"

	"github.com/fastai-go/topicmodel/lib/internal/par"
)

const (
	mtN       = 624
	mtM       = 397
	matrixA   = 0x9908b0df
	upperMask = 0x80000000
	lowerMask = 0x7fffffff
)

// RandomState is numpy's legacy generator: an MT19937 state plus the cached
// second Gaussian of the polar method. The zero value is not usable; create
// one with New.
type RandomState struct {
	mt  [mtN]uint32
	pos int

	hasGauss bool
	gauss    float64
}

// New returns a generator in the state of numpy.random.RandomState(seed):
// MT19937 initialised by init_genrand(seed), with no cached Gaussian.
// It costs O(624).
func New(seed uint32) *RandomState {
	var rs RandomState
	rs.Seed(seed)
	return &rs
}

// Seed resets rs to the state of numpy.random.RandomState(seed), clearing
// the cached Gaussian.
func (rs *RandomState) Seed(seed uint32) {
	rs.mt[0] = seed
	for i := 1; i < mtN; i++ {
		prev := rs.mt[i-1]
		rs.mt[i] = 1812433253*(prev^(prev>>30)) + uint32(i)
	}
	rs.pos = mtN
	rs.hasGauss = false
	rs.gauss = 0
}

// generate refills the state with the next 624 words (the MT19937 twist).
func (rs *RandomState) generate() {
	mt := &rs.mt
	var i int
	for ; i < mtN-mtM; i++ {
		y := mt[i]&upperMask | mt[i+1]&lowerMask
		mt[i] = mt[i+mtM] ^ y>>1 ^ -(y&1)&matrixA
	}
	for ; i < mtN-1; i++ {
		y := mt[i]&upperMask | mt[i+1]&lowerMask
		mt[i] = mt[i+mtM-mtN] ^ y>>1 ^ -(y&1)&matrixA
	}
	y := mt[mtN-1]&upperMask | mt[0]&lowerMask
	mt[mtN-1] = mt[mtM-1] ^ y>>1 ^ -(y&1)&matrixA
	rs.pos = 0
}

// Uint32 returns the next raw 32-bit output of the Mersenne Twister
// (tempered), the same word numpy's generator would produce next.
func (rs *RandomState) Uint32() uint32 {
	if rs.pos >= mtN {
		rs.generate()
	}
	y := rs.mt[rs.pos]
	rs.pos++
	y ^= y >> 11
	y ^= y << 7 & 0x9d2c5680
	y ^= y << 15 & 0xefc60000
	y ^= y >> 18
	return y
}

// Float64 returns a uniform double in [0, 1) with 53 random bits, like
// numpy's random_sample: from two draws a and b,
//
//	(a>>5 · 2²⁶ + b>>6) / 2⁵³
func (rs *RandomState) Float64() float64 {
	a := rs.Uint32() >> 5
	b := rs.Uint32() >> 6
	return (float64(float64(a)*67108864) + float64(b)) / 9007199254740992 // exact either way; float64() keeps the no-fusion rule
}

// StandardNormal returns a draw from N(0, 1) by numpy's legacy polar method.
// Gaussians come in pairs: a call with an empty cache draws points
// x1, x2 uniform in (-1, 1)² until 0 < r² = x1²+x2² < 1, returns
// x2·sqrt(-2 ln r² / r²) and caches x1·sqrt(-2 ln r² / r²) for the next call.
//
// See the package documentation about the last-bit agreement with numpy.
func (rs *RandomState) StandardNormal() float64 {
	if rs.hasGauss {
		rs.hasGauss = false
		g := rs.gauss
		rs.gauss = 0
		return g
	}
	x2, x1, r2 := rs.polarPoint()
	f := math.Sqrt(-2 * log(r2) / r2)
	rs.gauss = f * x1
	rs.hasGauss = true
	return f * x2
}

// Normal returns loc + scale·StandardNormal(), like numpy's
// RandomState.normal(loc, scale).
func (rs *RandomState) Normal(loc, scale float64) float64 {
	return loc + float64(scale*rs.StandardNormal()) // rounded apart, as numpy's C
}

// StandardNormalFill fills dst in order with standard normal draws, as
// numpy's standard_normal(size=…) or normal(size=…) fills an array in C
// (row-major) order. A row-major r×c matrix filled this way holds the values
// of numpy's RandomState.normal(size=(r, c)), and the generator is left as
// len(dst) calls of StandardNormal would leave it.
//
// The accepted points of the polar method are drawn in order on the calling
// goroutine; their logarithms and square roots, most of the cost, are then
// taken in parallel for long slices (each pair's arithmetic is
// StandardNormal's, so the bits are the same).
func (rs *RandomState) StandardNormalFill(dst []float64) {
	if len(dst) < 1<<14 {
		for i := range dst {
			dst[i] = rs.StandardNormal()
		}
		return
	}
	if rs.hasGauss {
		dst[0] = rs.StandardNormal()
		dst = dst[1:]
	}
	pairs := len(dst) / 2
	for p := 0; p < pairs; p++ {
		dst[2*p], dst[2*p+1], _ = rs.polarPoint()
	}
	par.Split(pairs, par.Workers(), func(lo, hi int) {
		for p := lo; p < hi; p++ {
			x2, x1 := dst[2*p], dst[2*p+1]
			r2 := float64(x1*x1) + float64(x2*x2) // polarPoint's r², recomputed here rather than stored
			f := math.Sqrt(-2 * log(r2) / r2)
			dst[2*p], dst[2*p+1] = f*x2, f*x1
		}
	})
	if len(dst)%2 == 1 {
		dst[len(dst)-1] = rs.StandardNormal()
	}
}

// polarPoint draws points uniform in (-1, 1)² until one falls inside the
// unit circle (and off its centre), as StandardNormal does, and returns its
// coordinates x2, x1 and r² = x1² + x2².
func (rs *RandomState) polarPoint() (x2, x1, r2 float64) {
	for {
		x1 = 2*rs.Float64() - 1
		x2 = 2*rs.Float64() - 1
		r2 = float64(x1*x1) + float64(x2*x2) // rounded apart, as numpy's C: never a fused multiply-add
		if r2 < 1 && r2 != 0 {
			return x2, x1, r2
		}
	}
}

// Interval returns a uniform integer in [0, max] the way numpy's legacy
// bounded generator does: it masks each 32-bit draw with the smallest
// all-ones mask covering max and rejects results above max. Interval(0)
// returns 0 without drawing.
func (rs *RandomState) Interval(max uint32) uint32 {
	if max == 0 {
		return 0
	}
	mask := max
	mask |= mask >> 1
	mask |= mask >> 2
	mask |= mask >> 4
	mask |= mask >> 8
	mask |= mask >> 16
	for {
		v := rs.Uint32() & mask
		if v <= max {
			return v
		}
	}
}

// Shuffle permutes n items in numpy's order, as RandomState.shuffle does for
// a 1-D array: for i from n-1 down to 1, it calls swap(i, j) with
// j = Interval(i). It panics if n < 0 or n ≥ 2³².
func (rs *RandomState) Shuffle(n int, swap func(i, j int)) {
	if n < 0 || uint64(n) > math.MaxUint32 {
		panic("nprand: Shuffle length out of range")
	}
	for i := n - 1; i > 0; i-- {
		j := int(rs.Interval(uint32(i)))
		swap(i, j)
	}
}

// Permutation returns numpy's RandomState.permutation(n): the integers
// 0…n-1 shuffled with Shuffle.
func (rs *RandomState) Permutation(n int) []int {
	if n < 0 {
		panic("nprand: negative Permutation length")
	}
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	rs.Shuffle(n, func(i, j int) { p[i], p[j] = p[j], p[i] })
	return p
}
