// Package memlimit refuses, before anything is allocated, work whose
// buffers could not fit in the machine's physical memory.
package memlimit

import (
	"fmt"
	"math"
	"math/bits"
	"sync"
)

// total is the physical memory in bytes (0 when unknown); tests may set it.
var total = sync.OnceValue(physical)

// Total returns the machine's physical memory in bytes, or 0 when it
// cannot be found.
func Total() uint64 { return total() }

// Floats returns the bytes of float64 buffers of the given lengths (each a
// product of dimensions), saturating at math.MaxUint64.
func Floats(dims ...[]int) uint64 {
	var sum uint64
	for _, d := range dims {
		n := uint64(8)
		for _, x := range d {
			if x < 0 {
				x = 0
			}
			hi, lo := bits.Mul64(n, uint64(x))
			if hi != 0 {
				return math.MaxUint64
			}
			n = lo
		}
		var carry uint64
		sum, carry = bits.Add64(sum, n, 0)
		if carry != 0 {
			return math.MaxUint64
		}
	}
	return sum
}

// Check returns an error when need bytes exceed the physical memory; what
// names the work (it starts the message) and fix says how to ask for less.
// With the physical memory unknown it returns nil.
func Check(what string, need uint64, fix string) error {
	have := Total()
	if have == 0 || need <= have {
		return nil
	}
	return fmt.Errorf("%s would need %s of memory, more than this machine's %s; %s", what, Bytes(need), Bytes(have), fix)
}

// Bytes formats n as a decimal size ("1.5 GB").
func Bytes(n uint64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	v, i := float64(n), 0
	for v >= unit && i < 6 {
		v /= unit
		i++
	}
	return fmt.Sprintf("%.1f %cB", v, "kMGTPEZ"[i-1])
}
