//go:build cuda

package gpu

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"unsafe"

	"gorgonia.org/cu"

	"github.com/fastai-go/topicmodel/kernels"
)

// Available reports whether this binary was built with CUDA support (the
// cuda build tag). It is true here.
//
// Note: gorgonia.org/cu calls cuInit when the program starts and exits the
// process if that fails, so a binary built with -tags cuda only starts on a
// machine with an NVIDIA driver and at least one GPU.
const Available = true

// Count returns how many CUDA devices the driver sees.
func Count() (int, error) {
	n, err := cu.NumDevices()
	if err != nil {
		return 0, fmt.Errorf("gpu: cuDeviceGetCount: %w", err)
	}
	return n, nil
}

// Open creates a context on the GPU with the given ordinal and loads the
// kernels' PTX into it (the driver JIT-compiles it for the card).
func Open(ordinal int) (*Device, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	n, err := Count()
	if err != nil {
		return nil, err
	}
	if ordinal < 0 || ordinal >= n {
		return nil, fmt.Errorf("gpu: no CUDA device %d (the driver sees %d)", ordinal, n)
	}
	dev, err := cu.GetDevice(ordinal)
	if err != nil {
		return nil, fmt.Errorf("gpu: cuDeviceGet(%d): %w", ordinal, err)
	}
	name, err := dev.Name()
	if err != nil {
		return nil, fmt.Errorf("gpu: cuDeviceGetName: %w", err)
	}
	cc, err := dev.Attributes(cu.ComputeCapabilityMajor, cu.ComputeCapabilityMinor)
	if err != nil {
		return nil, fmt.Errorf("gpu: cuDeviceGetAttribute: %w", err)
	}
	if cc[0] < 7 {
		return nil, fmt.Errorf("gpu: %s has compute capability %d.%d; the kernels need %s (7.0) or later", name, cc[0], cc[1], kernels.Arch)
	}
	ctx, err := dev.MakeContext(cu.SchedAuto)
	if err != nil {
		return nil, fmt.Errorf("gpu: cuCtxCreate: %w", err)
	}
	b := &cudaBackend{ctx: ctx, fns: map[string]cu.Function{}, sizes: map[dptr]int64{}}
	if err := b.load(); err != nil {
		return nil, errors.Join(err, b.destroy())
	}
	return &Device{
		b:     b,
		name:  fmt.Sprintf("%s (compute %d.%d, driver %d)", name, cc[0], cc[1], cu.Version()),
		close: b.destroy,
	}, nil
}

// cudaBackend runs kernel calls through the CUDA driver API.
type cudaBackend struct {
	ctx    cu.CUContext
	ctxErr error // from the last cuCtxSetCurrent; returned by every call
	mods   []cu.Module
	fns    map[string]cu.Function
	sizes  map[dptr]int64
}

func (b *cudaBackend) lock() func() {
	runtime.LockOSThread()
	b.ctxErr = nil
	if err := cu.SetCurrentContext(b.ctx); err != nil {
		b.ctxErr = fmt.Errorf("gpu: cuCtxSetCurrent: %w", err)
	}
	return runtime.UnlockOSThread
}

func (b *cudaBackend) load() error {
	unlock := b.lock()
	defer unlock()
	if b.ctxErr != nil {
		return b.ctxErr
	}
	for module, ptx := range map[string]string{"nmf": kernels.NMF, "matmul": kernels.MatMul} {
		mod, err := cu.LoadData(ptx)
		if err != nil {
			return fmt.Errorf("gpu: cuModuleLoadData(%s.ptx): %w", module, err)
		}
		b.mods = append(b.mods, mod)
		for name := range ptxEntries()[module] {
			fn, err := mod.Function(name)
			if err != nil {
				return fmt.Errorf("gpu: cuModuleGetFunction(%s): %w", name, err)
			}
			b.fns[name] = fn
		}
	}
	return nil
}

func (b *cudaBackend) destroy() error {
	unlock := b.lock()
	defer unlock()
	var errs []error
	for p := range b.sizes {
		if err := cu.MemFree(cu.DevicePtr(p)); err != nil {
			errs = append(errs, fmt.Errorf("gpu: cuMemFree: %w", err))
		}
	}
	b.sizes = nil
	for _, m := range b.mods {
		if err := m.Unload(); err != nil {
			errs = append(errs, fmt.Errorf("gpu: cuModuleUnload: %w", err))
		}
	}
	b.mods = nil
	if err := b.ctx.Destroy(); err != nil {
		errs = append(errs, fmt.Errorf("gpu: cuCtxDestroy: %w", err))
	}
	return errors.Join(errs...)
}

// alloc allocates n elements and fills them with NaN (floats) or
// math.MinInt32 (int32), so that unwritten outputs are visible.
func (b *cudaBackend) alloc(k elemKind, n int) (dptr, error) {
	if b.ctxErr != nil {
		return 0, b.ctxErr
	}
	if n < 1 {
		return 0, fmt.Errorf("gpu: allocation of %d elements", n)
	}
	bytes := int64(n) * k.size()
	p, err := cu.MemAlloc(bytes)
	if err != nil {
		return 0, fmt.Errorf("gpu: cuMemAlloc(%d bytes): %w", bytes, err)
	}
	pattern := uint32(0x7fc00000) // float32 NaN; as two words, a float64 NaN
	switch k {
	case f64:
		pattern = 0x7ff80000
	case i32:
		pattern = 0x80000000
	}
	if err := cu.MemsetD32(p, uint32(pattern), bytes/4); err != nil {
		return 0, errors.Join(fmt.Errorf("gpu: cuMemsetD32: %w", err), cu.MemFree(p))
	}
	b.sizes[dptr(p)] = bytes
	return dptr(p), nil
}

func (b *cudaBackend) free(p dptr) error {
	if _, ok := b.sizes[p]; !ok {
		return fmt.Errorf("gpu: free of unknown device pointer %#x", p)
	}
	delete(b.sizes, p)
	if err := cu.MemFree(cu.DevicePtr(p)); err != nil {
		return fmt.Errorf("gpu: cuMemFree: %w", err)
	}
	return nil
}

func (b *cudaBackend) checkSize(p dptr, bytes int64) error {
	if b.ctxErr != nil {
		return b.ctxErr
	}
	have, ok := b.sizes[p]
	if !ok {
		return fmt.Errorf("gpu: unknown device pointer %#x", p)
	}
	if bytes > have {
		return fmt.Errorf("gpu: copy of %d bytes with a %d-byte buffer", bytes, have)
	}
	return nil
}

func (b *cudaBackend) uploadF32(p dptr, src []float32) error {
	return b.htod(p, unsafe.Pointer(unsafe.SliceData(src)), int64(len(src))*4)
}

func (b *cudaBackend) uploadI32(p dptr, src []int32) error {
	return b.htod(p, unsafe.Pointer(unsafe.SliceData(src)), int64(len(src))*4)
}

func (b *cudaBackend) htod(p dptr, src unsafe.Pointer, bytes int64) error {
	if bytes == 0 {
		return nil
	}
	if err := b.checkSize(p, bytes); err != nil {
		return err
	}
	if err := cu.MemcpyHtoD(cu.DevicePtr(p), src, bytes); err != nil {
		return fmt.Errorf("gpu: cuMemcpyHtoD(%d bytes): %w", bytes, err)
	}
	return nil
}

func (b *cudaBackend) downloadF32(dst []float32, p dptr) error {
	return b.dtoh(unsafe.Pointer(unsafe.SliceData(dst)), p, int64(len(dst))*4)
}

func (b *cudaBackend) downloadF64(dst []float64, p dptr) error {
	return b.dtoh(unsafe.Pointer(unsafe.SliceData(dst)), p, int64(len(dst))*8)
}

func (b *cudaBackend) dtoh(dst unsafe.Pointer, p dptr, bytes int64) error {
	if bytes == 0 {
		return nil
	}
	if err := b.checkSize(p, bytes); err != nil {
		return err
	}
	if err := cu.MemcpyDtoH(dst, cu.DevicePtr(p), bytes); err != nil {
		return fmt.Errorf("gpu: cuMemcpyDtoH(%d bytes): %w", bytes, err)
	}
	return nil
}

func (b *cudaBackend) sync() error {
	if b.ctxErr != nil {
		return b.ctxErr
	}
	if err := cu.Synchronize(); err != nil {
		return fmt.Errorf("gpu: cuCtxSynchronize: %w", err)
	}
	return nil
}

// launch checks the call against the kernel's PTX signature, then passes
// every argument as 8 bytes (cu's Function.Launch copies 8 bytes from each
// argument pointer).
func (b *cudaBackend) launch(c kernelCall) error {
	if b.ctxErr != nil {
		return b.ctxErr
	}
	if err := c.check(ptxEntries()[c.module]); err != nil {
		return err
	}
	fn, ok := b.fns[c.name]
	if !ok {
		return fmt.Errorf("gpu: kernel %s not loaded", c.name)
	}
	vals := make([]uint64, len(c.args))
	ptrs := make([]unsafe.Pointer, len(c.args))
	for i, a := range c.args {
		switch v := a.(type) {
		case dptr:
			if v != 0 {
				if _, ok := b.sizes[v]; !ok {
					return fmt.Errorf("gpu: %s argument %d: unknown device pointer %#x", c.name, i, v)
				}
			}
			vals[i] = uint64(v)
		case int64:
			vals[i] = uint64(v)
		case float64:
			vals[i] = math.Float64bits(v)
		}
		ptrs[i] = unsafe.Pointer(&vals[i])
	}
	err := fn.Launch(c.grid[0], c.grid[1], c.grid[2], c.block[0], c.block[1], c.block[2], 0, cu.NoStream, ptrs)
	runtime.KeepAlive(vals)
	if err != nil {
		return fmt.Errorf("gpu: cuLaunchKernel(%v): %w", c, err)
	}
	return nil
}
