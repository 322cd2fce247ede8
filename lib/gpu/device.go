package gpu

import (
	"errors"

	"gonum.org/v1/gonum/mat"
)

// ErrNoCUDA is returned by every entry point of a binary built without the
// cuda build tag.
var ErrNoCUDA = errors.New("gpu: built without CUDA support; rebuild with -tags cuda on a machine with an NVIDIA driver")

// errClosed is returned by the methods of a nil or closed Device.
var errClosed = errors.New("gpu: the Device is nil or closed; get one from gpu.Open")

// Device is one CUDA GPU with the project's kernels (package kernels)
// loaded into its own context. Get one with Open and Close it when done.
// A Device serves one call at a time; its methods lock the calling
// goroutine to an OS thread for their duration, as CUDA contexts require.
type Device struct {
	b     backend
	name  string
	close func() error
}

// Name returns the GPU's name as the driver reports it, with its compute
// capability and the driver version.
func (d *Device) Name() string {
	if d == nil {
		return ""
	}
	return d.name
}

// Close unloads the kernels and destroys the device's context.
func (d *Device) Close() error {
	if d == nil || d.b == nil {
		return nil
	}
	d.b = nil
	return d.close()
}

func (d *Device) backend() (backend, error) {
	if !Available {
		return nil, ErrNoCUDA
	}
	if d == nil || d.b == nil {
		return nil, errClosed
	}
	return d.b, nil
}

// SGD runs the lesson's GPU SGD (upd_t/report_t, see SGDOptions) for
// M ≈ W·H in float32 on the device, starting from W0 (m×d) and H0 (d×n),
// with 1 ≤ d ≤ 16. M may be a *sparse.CSR (kept sparse on the device) or
// any mat.Matrix (copied dense). Each step reads M once and never forms
// W·H: the work is O(nnz(M)·d + (m+n)·d²) per step.
//
// It panics if the shapes do not fit, and returns an error if M holds
// values float32 cannot carry, if the options are invalid, or if any CUDA
// call fails (ErrNoCUDA without the cuda build tag).
func (d *Device) SGD(M mat.Matrix, W0, H0 *mat.Dense, o SGDOptions) (*Result, error) {
	b, err := d.backend()
	if err != nil {
		return nil, err
	}
	unlock := lockThread(b)
	defer unlock()
	return runSGD(b, M, W0, H0, o)
}

// Adam runs the lesson's autograd + Adam variant (see AdamOptions) on the
// device, with the gradients computed analytically by the kernels. Shapes,
// costs and errors are as for SGD.
func (d *Device) Adam(M mat.Matrix, W0, H0 *mat.Dense, o AdamOptions) (*Result, error) {
	b, err := d.backend()
	if err != nil {
		return nil, err
	}
	unlock := lockThread(b)
	defer unlock()
	return runAdam(b, M, W0, H0, o)
}

// MatMul returns op(a)·op(b) computed in float32 by the tiled kernel, where
// op(x) is xᵀ when the matching flag is set. It panics if the inner
// dimensions differ. Cost: O(rows·cols·inner) on the device plus the copies.
func (d *Device) MatMul(a, b *mat.Dense, transA, transB bool) (*mat.Dense, error) {
	bk, err := d.backend()
	if err != nil {
		return nil, err
	}
	unlock := lockThread(bk)
	defer unlock()
	return runMatMul(bk, a, b, transA, transB)
}

// lockThread binds the backend's context to the calling OS thread, when it
// has one, until the returned function is called.
func lockThread(b backend) func() {
	if l, ok := b.(interface{ lock() func() }); ok {
		return l.lock()
	}
	return func() {}
}
