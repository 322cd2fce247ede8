package gpu

import (
	"errors"
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Factorization is M ≈ W·H held on the device between calls (M, W, H and
// the work buffers), for driving the lesson's loop by hand the way its
// cells do: SGDStep is upd_t, Report is report_t, AdamStep is one
// opt.step() of the autograd variant. Device.SGD and Device.Adam are the
// same loops run to completion.
//
// A Factorization belongs to the Device that made it and serves one call at
// a time. Close it to free the device memory.
type Factorization struct {
	b     backend
	p     *problem
	steps int // SGD and Adam steps taken
	adamT int // Adam steps taken (Adam's t)
}

// NewFactorization uploads M (m×n; a *sparse.CSR stays sparse on the device,
// any other mat.Matrix is copied dense), W0 (m×d) and H0 (d×n), 1 ≤ d ≤ 16,
// in float32. Device memory: M plus O((m+n)·d) floats (dense M adds
// partial sums of about m·d·n/128 + 8·d·n floats).
//
// It panics if the shapes do not fit, and returns an error if M holds
// values float32 cannot carry, d is out of range, or a CUDA call fails
// (ErrNoCUDA without the cuda build tag).
func (d *Device) NewFactorization(M mat.Matrix, W0, H0 *mat.Dense) (*Factorization, error) {
	b, err := d.backend()
	if err != nil {
		return nil, err
	}
	unlock := lockThread(b)
	defer unlock()
	return newFactorization(b, M, W0, H0)
}

func newFactorization(b backend, M mat.Matrix, W0, H0 *mat.Dense) (*Factorization, error) {
	_, _, d := checkShapes(M, W0, H0)
	h, err := toHost(M)
	if err != nil {
		return nil, err
	}
	p, err := newProblem(b, h, denseTo32(W0), denseTo32(H0), d)
	if err != nil {
		return nil, err
	}
	return &Factorization{b: b, p: p}, nil
}

var errFactClosed = errors.New("gpu: the Factorization is nil or closed")

func (f *Factorization) do(fn func() error) error {
	if f == nil || f.p == nil {
		return errFactClosed
	}
	unlock := lockThread(f.b)
	defer unlock()
	return fn()
}

// SGDStep takes one step of the lesson's upd_t with learning rate lr,
// penalty weight lam and threshold mu (see SGDOptions): both gradients
// from the current W and H, then W −= lr·∇W, H −= lr·∇H. It reads M once;
// kernel failures may surface at the next Report or Factors.
func (f *Factorization) SGDStep(lr, lam, mu float64) error {
	return f.do(func() error {
		if err := f.p.run(f.p.sgdCalls(lr, lam, mu, 0, 0)); err != nil {
			return err
		}
		f.steps++
		return nil
	})
}

// AdamStep takes one Adam step on the lesson's autograd loss with the
// settings in o (o.Steps and o.ReportEvery are not used). Adam's moments
// live on the device and start at zero with the first AdamStep.
func (f *Factorization) AdamStep(o AdamOptions) error {
	o.Steps, o.ReportEvery = 0, 1
	if err := checkAdam(o); err != nil {
		return err
	}
	return f.do(func() error {
		if err := f.p.allocAdam(); err != nil {
			return err
		}
		if err := f.p.run(f.p.adamCalls(f.adamT+1, o, 0, 0)); err != nil {
			return err
		}
		f.adamT++
		f.steps++
		return nil
	})
}

// Report returns the lesson's report_t for the current W and H; its Step is
// the number of steps taken so far minus one. Cost: one more pass over M.
func (f *Factorization) Report() (Report, error) {
	var r Report
	err := f.do(func() error {
		var err error
		r, err = f.p.report(f.steps - 1)
		return err
	})
	return r, err
}

// Factors copies W (m×d) and H (d×n) back to the host in float64.
func (f *Factorization) Factors() (W, H *mat.Dense, err error) {
	err = f.do(func() error {
		w, h, err := f.p.download()
		if err != nil {
			return err
		}
		W, H = dense64(f.p.m, f.p.d, w), dense64(f.p.d, f.p.n, h)
		return nil
	})
	return W, H, err
}

// Steps returns how many SGD and Adam steps have been taken.
func (f *Factorization) Steps() int {
	if f == nil {
		return 0
	}
	return f.steps
}

// Close frees the device memory. Closing twice is a no-op.
func (f *Factorization) Close() error {
	if f == nil || f.p == nil {
		return nil
	}
	err := f.do(f.p.release)
	f.p = nil
	if err != nil {
		return fmt.Errorf("gpu: closing a Factorization: %w", err)
	}
	return nil
}
