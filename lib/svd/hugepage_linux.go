package svd

import (
	"syscall"
	"unsafe"
)

// bigFloats returns a zeroed []float64 of length n. Large slices are marked
// for transparent huge pages before they are first touched: on machines
// where the kernel only grants huge pages on request (the common "madvise"
// setting), first-touch page faults on a few hundred megabytes otherwise
// cost seconds, which is more than the arithmetic that fills them.
func bigFloats(n int) []float64 {
	s := make([]float64, n)
	const page = 4096
	if n*8 < 8<<20 {
		return s
	}
	start := uintptr(unsafe.Pointer(&s[0]))
	end := start + uintptr(n*8)
	a := (start + page - 1) &^ (page - 1)
	b := end &^ (page - 1)
	if b > a {
		p := unsafe.Add(unsafe.Pointer(&s[0]), a-start)
		_ = syscall.Madvise(unsafe.Slice((*byte)(p), b-a), syscall.MADV_HUGEPAGE)
	}
	return s
}
