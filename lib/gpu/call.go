package gpu

import (
	"fmt"

	"github.com/fastai-go/topicmodel/kernels"
)

// dptr is a device address. Zero is the null pointer.
type dptr uint64

// elemKind is the element type of a device buffer.
type elemKind byte

const (
	f32 elemKind = iota // float32
	f64                 // float64
	i32                 // int32
)

func (k elemKind) size() int64 {
	if k == f64 {
		return 8
	}
	return 4
}

// kernelCall is one kernel launch, independent of the backend that runs it.
// args hold dptr, int64 or float64 values only: every kernel parameter is 8
// bytes wide (see kernels/compat.cuh).
type kernelCall struct {
	module string // "nmf" or "matmul"
	name   string
	grid   [3]int
	block  [3]int
	args   []any
}

func (c kernelCall) String() string {
	return fmt.Sprintf("%s<<<%v,%v>>>", c.name, c.grid, c.block)
}

// check reports whether the call's arguments match the kernel's PTX
// signature: the same count, dptr/int64 for .u64 and float64 for .f64.
func (c kernelCall) check(entries map[string][]kernels.ParamKind) error {
	kinds, ok := entries[c.name]
	if !ok {
		return fmt.Errorf("gpu: kernel %s not in the %s PTX", c.name, c.module)
	}
	if len(kinds) != len(c.args) {
		return fmt.Errorf("gpu: %s takes %d arguments, call passes %d", c.name, len(kinds), len(c.args))
	}
	for i, a := range c.args {
		var want kernels.ParamKind
		switch a.(type) {
		case dptr, int64:
			want = kernels.U64
		case float64:
			want = kernels.F64
		default:
			return fmt.Errorf("gpu: %s argument %d has Go type %T; use dptr, int64 or float64", c.name, i, a)
		}
		if kinds[i] != want {
			return fmt.Errorf("gpu: %s argument %d is %T but the PTX parameter kind is %c", c.name, i, a, kinds[i])
		}
	}
	if c.grid[0] < 1 || c.grid[1] < 1 || c.grid[2] < 1 || c.block[0] < 1 || c.block[1] < 1 || c.block[2] < 1 {
		return fmt.Errorf("gpu: %s launched with empty grid %v or block %v", c.name, c.grid, c.block)
	}
	if c.grid[1] > 65535 || c.grid[2] > 65535 || c.block[0]*c.block[1]*c.block[2] > 1024 {
		return fmt.Errorf("gpu: %s launch shape %v×%v exceeds CUDA limits", c.name, c.grid, c.block)
	}
	return nil
}

// backend runs kernel calls on device buffers: the CUDA driver (build tag
// cuda) or the CPU emulation of the kernels in the tests (emulator_test.go).
type backend interface {
	alloc(k elemKind, n int) (dptr, error)
	free(p dptr) error
	uploadF32(p dptr, src []float32) error
	uploadI32(p dptr, src []int32) error
	downloadF32(dst []float32, p dptr) error
	downloadF64(dst []float64, p dptr) error
	launch(c kernelCall) error
	sync() error
}

// Launch shapes shared by the engine and the emulation; they must match the
// #defines in kernels/nmf.cu.
const (
	denseWarps   = 4
	denseThreads = 32 * denseWarps
	denseS       = 4
	denseTile    = 32 * denseS
	redThreads   = 256
	matTile      = 16
)

func ceilDiv(a, b int) int { return (a + b - 1) / b }

func grid1(n, block int) [3]int { return [3]int{max(ceilDiv(n, block), 1), 1, 1} }
