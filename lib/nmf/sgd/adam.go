package sgd

import (
	"fmt"
	"math"
)

// AdamOptions are the settings of the lesson's autograd variant, shared by
// its CPU form (lib/nmf/autograd, gradients from GoMLX) and its GPU form
// (lib/gpu, gradients in CUDA kernels): Adam with PyTorch's update and no
// weight decay,
//
//	m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,
//	p ← p − (LR/(1−β1ᵗ)) · m / (sqrt(v)/sqrt(1−β2ᵗ) + Eps),
//
// on the loss ‖M − WH‖_F + Lam·(mean(min(W,0)²) + mean(min(H,0)²)). A run
// takes Steps steps and reports before the first and after steps i (from
// 0) with i % ReportEvery == ReportEvery−1, as the lesson does
// (ReportEvery 0: no reports).
type AdamOptions struct {
	LR    float64
	Betas [2]float64
	Eps   float64 // 0 means PyTorch's default, 1e-8
	Lam   float64
	Steps int
	// ReportEvery is the number of steps between reports; 0 means none.
	ReportEvery int
}

// LessonAdam returns the lesson's settings: lr = 1e-3, betas (0.9, 0.9),
// PyTorch's ε = 1e-8, λ = 1e6, 1000 steps reported every 100.
func LessonAdam() AdamOptions {
	return AdamOptions{LR: 1e-3, Betas: [2]float64{0.9, 0.9}, Eps: 1e-8, Lam: 1e6, Steps: 1000, ReportEvery: 100}
}

// EpsOrDefault returns Eps, or PyTorch's 1e-8 when Eps is 0.
func (o AdamOptions) EpsOrDefault() float64 {
	if o.Eps == 0 {
		return 1e-8
	}
	return o.Eps
}

// Check returns an error naming the first setting out of range: LR must be
// finite and > 0, each beta in [0, 1), Eps ≥ 0, Lam finite and ≥ 0, Steps
// and ReportEvery ≥ 0.
func (o AdamOptions) Check() error {
	switch {
	case !(o.LR > 0) || math.IsInf(o.LR, 0):
		return fmt.Errorf("adam: LR must be a finite number > 0, got %v; the lesson uses 1e-3", o.LR)
	case !(o.Betas[0] >= 0 && o.Betas[0] < 1) || !(o.Betas[1] >= 0 && o.Betas[1] < 1):
		return fmt.Errorf("adam: betas must be in [0, 1), got (%v, %v); the lesson uses (0.9, 0.9)", o.Betas[0], o.Betas[1])
	case !(o.Eps >= 0) || math.IsInf(o.Eps, 0):
		return fmt.Errorf("adam: Eps must be a finite number ≥ 0 (0: PyTorch's 1e-8), got %v", o.Eps)
	case !(o.Lam >= 0) || math.IsInf(o.Lam, 0):
		return fmt.Errorf("adam: Lam must be a finite number ≥ 0, got %v; the lesson uses 1e6", o.Lam)
	case o.Steps < 0 || o.ReportEvery < 0:
		return fmt.Errorf("adam: Steps and ReportEvery must be ≥ 0, got %d and %d", o.Steps, o.ReportEvery)
	}
	return nil
}
