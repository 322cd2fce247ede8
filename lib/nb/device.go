package nb

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/gpu"
	"github.com/fastai-go/topicmodel/lib/nmf/sgd"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// Dev is where the lesson's GPU cells run: the first NVIDIA GPU when the
// program was built with -tags cuda (scripts/lesson.sh --gpu does it) on
// a machine with a driver, else the CPU, with the same algorithm in
// float64. Its fields are exported so a notebook keeps it across cells.
type Dev struct {
	Name string
	GPU  bool
	Why  string // why there is no GPU, when GPU is false
}

// Device picks the device and says which, once, in the cell that declares
// it: var dev = nb.Device().
func Device() *Dev {
	return Var(func() *Dev {
		d := &Dev{Name: "CPU"}
		g, err := gpu.Open(0)
		if err == nil {
			d.Name, d.GPU = g.Name(), true
			g.Close()
			fmt.Println("GPU:", d.Name)
			return d
		}
		d.Why = err.Error()
		fmt.Printf("No GPU: %s.\nThe GPU cells run the same steps on the CPU (float64). For the GPU: scripts/lesson.sh --gpu on a machine with an NVIDIA driver.\n", d.Why)
		return d
	})
}

// stepper keeps one factorisation's working state for the life of the
// cell's program, so a loop of steps does not rebuild it.
type stepper struct {
	st  *sgd.State
	gpu *gpu.Factorization
	dev *gpu.Device
}

var steppers = map[*mat.Dense]*stepper{}

// csrOf returns m as a CSR matrix, converting a dense one once per program.
var csrCache = map[mat.Matrix]*sparse.CSR{}

func csrOf(m mat.Matrix) *sparse.CSR {
	if s, ok := m.(*sparse.CSR); ok {
		return s
	}
	if s, ok := csrCache[m]; ok {
		return s
	}
	s := sparse.FromDense(m)
	csrCache[m] = s
	return s
}

func (d *Dev) stepper(M mat.Matrix, W, H *mat.Dense) *stepper {
	if s, ok := steppers[W]; ok {
		return s
	}
	_, k := W.Dims()
	s := &stepper{}
	if d.GPU {
		g := Must(gpu.Open(0))
		s.dev, s.gpu = g, Must(g.NewFactorization(M, W, H))
	} else {
		s.st = Must(sgd.NewStateFrom(csrOf(M), W, H, sgd.Options{D: k, LR: 1, Lam: 0, Mu: 0, Scale: 1}))
	}
	steppers[W] = s
	return s
}

// SGDStep takes one step of the lesson's gradient descent on M ≈ W·H in
// place (W −= lr·dW, H −= lr·dH, the gradients with the penalty
// lam·min(A − mu, 0)), on the device: upd_t(M, W, H, lr) of the lesson.
// Cost on the CPU: O(nnz·k + (m+n)·k²).
func (d *Dev) SGDStep(M mat.Matrix, W, H *mat.Dense, lr, lam, mu float64) {
	s := d.stepper(M, W, H)
	if s.gpu != nil {
		Check(s.gpu.SGDStep(lr, lam, mu))
		w, h := Must2(s.gpu.Factors())
		W.Copy(w)
		H.Copy(h)
		return
	}
	s.st.LR, s.st.Opts.Lam, s.st.Opts.Mu = lr, lam, mu
	Check(s.st.Step())
	W.Copy(s.st.W)
	H.Copy(s.st.Ht.T())
}

// Report returns the lesson's report line for M ≈ W·H: ‖M − WH‖, the
// smallest entries of W and H and how many are negative (report_t).
func (d *Dev) Report(M mat.Matrix, W, H *mat.Dense) sgd.Report {
	r := sgd.Report{Norm: ResidualNorm(M, W, H), MinW: mat.Min(W), MinH: mat.Min(H), NegW: CountNeg(W), NegH: CountNeg(H)}
	return r
}
