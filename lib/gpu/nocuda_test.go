//go:build !cuda

package gpu

import (
	"errors"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestNoCUDA(t *testing.T) {
	const msg = "gpu: built without CUDA support; rebuild with -tags cuda on a machine with an NVIDIA driver"
	if Available {
		t.Fatal("Available is true in a build without the cuda tag")
	}
	d, err := Open(0)
	if d != nil || !errors.Is(err, ErrNoCUDA) || err.Error() != msg {
		t.Errorf("Open(0) = %v, %v; want nil, %q", d, err, msg)
	}
	if n, err := Count(); n != 0 || !errors.Is(err, ErrNoCUDA) {
		t.Errorf("Count() = %d, %v; want 0, ErrNoCUDA", n, err)
	}
	M := mat.NewDense(2, 2, []float64{1, 0, 0, 1})
	W, H := mat.NewDense(2, 1, []float64{1, 1}), mat.NewDense(1, 2, []float64{1, 1})
	if _, err := d.SGD(M, W, H, LessonSGD()); !errors.Is(err, ErrNoCUDA) {
		t.Errorf("SGD: %v, want ErrNoCUDA", err)
	}
	if _, err := d.Adam(M, W, H, LessonAdam()); !errors.Is(err, ErrNoCUDA) {
		t.Errorf("Adam: %v, want ErrNoCUDA", err)
	}
	if _, err := d.MatMul(W, H, false, false); !errors.Is(err, ErrNoCUDA) {
		t.Errorf("MatMul: %v, want ErrNoCUDA", err)
	}
	if _, err := d.NewFactorization(M, W, H); !errors.Is(err, ErrNoCUDA) {
		t.Errorf("NewFactorization: %v, want ErrNoCUDA", err)
	}
	if err := d.Close(); err != nil || d.Name() != "" {
		t.Errorf("nil Device: Close %v, Name %q", err, d.Name())
	}
}
