package gpu

import "fmt"

// SGDOptions configures the lesson's manual-gradient SGD (upd_t/report_t):
//
//	∇W = (WH − M)·Hᵀ + Lam·pen(W),  ∇H = Wᵀ·(WH − M) + Lam·pen(H),
//	pen(x) = min(x − Mu, 0),
//	W −= lr·∇W,  H −= lr·∇H,
//
// for Steps steps. After step i (0-based) with i%ReportEvery == 0 a Report is
// taken, and after step i with i%DecayEvery == 0 the learning rate is
// multiplied by Decay, exactly as the lesson's loop does.
type SGDOptions struct {
	Steps       int
	LR          float64
	Decay       float64
	DecayEvery  int
	ReportEvery int
	Lam         float64
	Mu          float64
}

// LessonSGD returns the lesson's GPU settings: 1000 steps, λ = 100,
// lr = 0.05 decayed ×0.9 every 100 steps, μ = 1e-5, reports every 100 steps.
// (The lesson's rank is d = 6: it is the width of the W you pass.)
func LessonSGD() SGDOptions {
	return SGDOptions{Steps: 1000, LR: 0.05, Decay: 0.9, DecayEvery: 100, ReportEvery: 100, Lam: 100, Mu: 1e-5}
}

func (o SGDOptions) validate() error {
	if o.Steps < 0 || o.DecayEvery < 1 || o.ReportEvery < 1 {
		return fmt.Errorf("gpu: SGDOptions needs Steps ≥ 0 and DecayEvery, ReportEvery ≥ 1 (got %d, %d, %d); start from LessonSGD()", o.Steps, o.DecayEvery, o.ReportEvery)
	}
	if !(o.LR > 0) || !(o.Decay > 0) || o.Lam < 0 || o.Mu < 0 {
		return fmt.Errorf("gpu: SGDOptions needs LR > 0, Decay > 0, Lam ≥ 0, Mu ≥ 0 (got %g, %g, %g, %g)", o.LR, o.Decay, o.Lam, o.Mu)
	}
	return nil
}

// AdamOptions configures the lesson's autograd variant: Adam (PyTorch's
// update, no weight decay) on the loss
//
//	L = ‖M − WH‖ + Lam·(mean(min(W,0)²) + mean(min(H,0)²)),
//
// whose gradients the kernels compute analytically:
//
//	∂L/∂W = (WH − M)·Hᵀ/‖M − WH‖ + 2·Lam·min(W,0)/(m·d),
//	∂L/∂H = Wᵀ·(WH − M)/‖M − WH‖ + 2·Lam·min(H,0)/(d·n).
//
// A Report is taken before the first step and after step i (0-based) with
// i%ReportEvery == ReportEvery−1, as in the lesson.
type AdamOptions struct {
	Steps       int
	LR          float64
	Beta1       float64
	Beta2       float64
	Eps         float64
	Lam         float64
	ReportEvery int
}

// LessonAdam returns the lesson's settings: 1000 steps, λ = 1e6,
// lr = 1e-3, betas (0.9, 0.9), PyTorch's ε = 1e-8, reports every 100 steps.
func LessonAdam() AdamOptions {
	return AdamOptions{Steps: 1000, LR: 1e-3, Beta1: 0.9, Beta2: 0.9, Eps: 1e-8, Lam: 1e6, ReportEvery: 100}
}

func (o AdamOptions) validate() error {
	if o.Steps < 0 || o.ReportEvery < 1 {
		return fmt.Errorf("gpu: AdamOptions needs Steps ≥ 0 and ReportEvery ≥ 1 (got %d, %d); start from LessonAdam()", o.Steps, o.ReportEvery)
	}
	if !(o.LR > 0) || !(o.Beta1 >= 0 && o.Beta1 < 1) || !(o.Beta2 >= 0 && o.Beta2 < 1) || !(o.Eps > 0) || o.Lam < 0 {
		return fmt.Errorf("gpu: AdamOptions needs LR > 0, betas in [0,1), Eps > 0, Lam ≥ 0 (got %g, %g, %g, %g, %g)", o.LR, o.Beta1, o.Beta2, o.Eps, o.Lam)
	}
	return nil
}

// Report is the lesson's report_t line: the Frobenius norm ‖M − WH‖
// (from the Gram identity ‖M‖² − 2⟨M·Hᵀ, W⟩ + ⟨WᵀW, HHᵀ⟩, accumulated in
// float64), the smallest entries of W and H, and how many are negative.
// Step is the 0-based step after which it was taken (−1: before any step).
type Report struct {
	Step        int
	Norm        float64
	NormSquared float64
	MinW, MinH  float64
	NegW, NegH  int
}

func (r Report) String() string {
	return fmt.Sprintf("step %4d: ‖M−WH‖ %.6g  min W %.4g  min H %.4g  W<0 %d  H<0 %d", r.Step, r.Norm, r.MinW, r.MinH, r.NegW, r.NegH)
}
