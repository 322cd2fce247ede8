//go:build cgo

// Package hostrun runs the project's CUDA kernels (package kernels: nmf.cu,
// matmul.cu) on the CPU, compiled by g++ from the same source files the PTX
// is built from, so that tests in the default build exercise the code the
// GPU runs: its indexing, its barriers and warp shuffles, its order of
// floating-point operations.
//
// Every CUDA thread of a block runs as a fiber; blocks run one after
// another. The scheduler reports __syncthreads reached by only part of a
// block and threads stuck at different barriers, and each buffer ends at an
// inaccessible page, so a read or write past its end stops the process.
// Running blocks and threads in reverse order (Reverse) changes the result of
// a kernel with a data race, which is how tests look for races.
//
// It is a test tool: one launch runs at a time, on one core, at roughly the
// speed of a scalar CPU loop with a few microseconds per barrier and thread.
// Arithmetic is IEEE float32/float64 with every product rounded before it is
// added (no fused multiply-add), as in lib/gpu's Go mirror of the kernels.
package hostrun

/*
#cgo CXXFLAGS: -std=c++17 -O2 -DKERNELS_HOST -I${SRCDIR}/../../kernels -Wall -Wno-unknown-pragmas
#include <stdlib.h>
#include "hostrun.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unsafe"
)

// Available reports whether this build can run kernels: it needs cgo and a
// C++17 compiler (CGO_ENABLED=1 and g++).
const Available = true

type buffer struct {
	p     unsafe.Pointer
	bytes int
}

var (
	mu   sync.Mutex // serialises launches: shared arrays are static in the host build
	bufs = map[uint64]buffer{}
)

// Alloc returns the address of bytes of fresh memory for kernels to use,
// filled with 0xFF bytes (NaN as float32 or float64, −1 as int32), which
// ends right before an inaccessible page. Free it with Free.
func Alloc(bytes int) (uint64, error) {
	if bytes < 1 {
		return 0, fmt.Errorf("hostrun: allocation of %d bytes", bytes)
	}
	p := C.hr_alloc(C.size_t(bytes))
	if p == nil {
		return 0, fmt.Errorf("hostrun: cannot map %d bytes", bytes)
	}
	mu.Lock()
	defer mu.Unlock()
	a := uint64(uintptr(p))
	bufs[a] = buffer{p, bytes}
	return a, nil
}

// Free releases memory returned by Alloc.
func Free(addr uint64) error {
	mu.Lock()
	defer mu.Unlock()
	b, ok := bufs[addr]
	if !ok {
		return fmt.Errorf("hostrun: free of unknown address %#x", addr)
	}
	delete(bufs, addr)
	if C.hr_free(b.p) != 0 {
		return fmt.Errorf("hostrun: free of %#x failed", addr)
	}
	return nil
}

// view returns the n elements of type T at addr, checking they lie inside
// one buffer from Alloc.
func view[T any](addr uint64, n int) ([]T, error) {
	mu.Lock()
	defer mu.Unlock()
	b, ok := bufs[addr]
	var z T
	size := int(unsafe.Sizeof(z))
	if !ok {
		return nil, fmt.Errorf("hostrun: unknown address %#x", addr)
	}
	if n*size > b.bytes {
		return nil, fmt.Errorf("hostrun: %d elements of %d bytes do not fit the %d bytes at %#x", n, size, b.bytes, addr)
	}
	if n == 0 {
		return nil, nil
	}
	return unsafe.Slice((*T)(b.p), n), nil
}

// Write copies src to the start of the buffer at addr.
func Write[T int32 | float32 | float64](addr uint64, src []T) error {
	v, err := view[T](addr, len(src))
	if err != nil {
		return err
	}
	copy(v, src)
	return nil
}

// Read copies the start of the buffer at addr into dst.
func Read[T int32 | float32 | float64](dst []T, addr uint64) error {
	v, err := view[T](addr, len(dst))
	if err != nil {
		return err
	}
	copy(dst, v)
	return nil
}

// Launch runs kernel name on a grid of grid[0]×grid[1]×grid[2] blocks of
// block[0]×block[1]×block[2] threads, with one 8-byte word per kernel
// parameter (see Ptr, Int and Float). It returns an error for an unknown
// kernel, a wrong argument count, a bad launch shape, or a block whose
// threads do not meet at their barriers. Cost: the kernel's work on one
// core, plus a few microseconds per thread and barrier.
func Launch(name string, grid, block [3]int, args []uint64, order Order) error {
	var g, b [3]C.int64_t
	for i := range 3 {
		g[i], b[i] = C.int64_t(grid[i]), C.int64_t(block[i])
	}
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	var errBuf [512]C.char
	var argp *C.uint64_t
	if len(args) > 0 {
		argp = (*C.uint64_t)(unsafe.Pointer(&args[0]))
	}
	rev := C.int64_t(0)
	if order == Reverse {
		rev = 1
	}
	mu.Lock()
	defer mu.Unlock()
	if C.hr_launch(cname, &g[0], &b[0], argp, C.int64_t(len(args)), rev, &errBuf[0], C.size_t(len(errBuf))) != 0 {
		return errors.New("hostrun: " + C.GoString(&errBuf[0]))
	}
	return nil
}

// Entries returns every kernel Launch knows with its number of parameters.
func Entries() map[string]int {
	out := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(C.GoString(C.hr_entries())), "\n") {
		name, n, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		v, err := strconv.Atoi(n)
		if err != nil {
			continue
		}
		out[name] = v
	}
	return out
}
