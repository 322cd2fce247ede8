package gpu

import (
	"fmt"

	"github.com/fastai-go/topicmodel/lib/nmf/sgd"
)

// SGDOptions configures the lesson's manual-gradient SGD (upd_t/report_t).
// It is the CPU's type, sgd.Options, with the same meaning and checks:
//
//	∇W = (WH − M)·Hᵀ + Lam·pen(W),  ∇H = Wᵀ·(WH − M) + Lam·pen(H),
//	pen(x) = min(x − Mu, 0),
//	W −= lr·∇W,  H −= lr·∇H,
//
// for Steps steps. After step i (0-based) with i%ReportEvery == 0 a Report is
// taken (ReportEvery 0: none), and after step i with i%DecayEvery == 0 the
// learning rate is multiplied by Decay (DecayEvery 0: no decay), exactly as
// the lesson's loop does. The rank is the width of the W you pass: D, Scale
// and Seed, which choose the CPU's random start, play no part here.
type SGDOptions = sgd.Options

// LessonSGD returns the lesson's GPU settings, sgd.GPU(): 1000 steps,
// λ = 100, lr = 0.05 decayed ×0.9 every 100 steps, μ = 1e-5, reports every
// 100 steps. (The lesson's rank is d = 6: it is the width of the W you
// pass.)
func LessonSGD() SGDOptions { return sgd.GPU() }

// AdamOptions configures the lesson's autograd variant; it is the CPU's
// type, sgd.AdamOptions (see it for the update): Adam on the loss
//
//	L = ‖M − WH‖ + Lam·(mean(min(W,0)²) + mean(min(H,0)²)),
//
// whose gradients the kernels compute analytically:
//
//	∂L/∂W = (WH − M)·Hᵀ/‖M − WH‖ + 2·Lam·min(W,0)/(m·d),
//	∂L/∂H = Wᵀ·(WH − M)/‖M − WH‖ + 2·Lam·min(H,0)/(d·n).
//
// A Report is taken before the first step and after step i (0-based) with
// i%ReportEvery == ReportEvery−1, as in the lesson (ReportEvery 0: only
// the first).
type AdamOptions = sgd.AdamOptions

// LessonAdam returns the lesson's settings, sgd.LessonAdam(): 1000 steps,
// λ = 1e6, lr = 1e-3, betas (0.9, 0.9), PyTorch's ε = 1e-8, reports every
// 100 steps.
func LessonAdam() AdamOptions { return sgd.LessonAdam() }

// checkSGD and checkAdam are the CPU's checks, named for this package.
func checkSGD(o SGDOptions) error {
	if err := o.CheckSteps(); err != nil {
		return fmt.Errorf("gpu: %w; start from LessonSGD()", err)
	}
	return nil
}

func checkAdam(o AdamOptions) error {
	if err := o.Check(); err != nil {
		return fmt.Errorf("gpu: %w; start from LessonAdam()", err)
	}
	return nil
}

// Report is the lesson's report_t line, the CPU's type sgd.Report: the
// Frobenius norm ‖M − WH‖ (from the Gram identity
// ‖M‖² − 2⟨M·Hᵀ, W⟩ + ⟨WᵀW, HHᵀ⟩, accumulated in float64, with its square
// in NormSquared), the smallest entries of W and H, and how many are
// negative. Step is the 0-based step after which it was taken (−1: before
// any step).
type Report = sgd.Report
