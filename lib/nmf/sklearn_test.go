package nmf

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

type fixtureCase struct {
	Name              string         `json:"name"`
	K                 int            `json:"k"`
	Params            map[string]any `json:"params"`
	X                 [][]float64    `json:"x"`
	XNew              [][]float64    `json:"xnew"`
	W                 [][]float64    `json:"w"`
	H                 [][]float64    `json:"h"`
	NIter             int            `json:"n_iter"`
	ReconstructionErr float64        `json:"reconstruction_err"`
	WNew              [][]float64    `json:"w_new"`
}

func loadFixture(t *testing.T) []fixtureCase {
	t.Helper()
	b, err := os.ReadFile("testdata/sklearn_nmf.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Cases []fixtureCase `json:"cases"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f.Cases
}

func denseOf(rows [][]float64) *mat.Dense {
	m := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		m.SetRow(i, r)
	}
	return m
}

// paramsFor translates the fixture's scikit-learn keyword arguments.
func paramsFor(t *testing.T, c fixtureCase) *NMF {
	p := New(c.K)
	for key, v := range c.Params {
		switch key {
		case "init":
			p.Init = v.(string)
		case "solver":
			p.Solver = v.(string)
		case "beta_loss":
			p.BetaLoss = v.(string)
		case "random_state":
			p.RandomState = int64(v.(float64))
		case "shuffle":
			p.Shuffle = v.(bool)
		case "alpha_W":
			p.AlphaW = v.(float64)
		case "alpha_H":
			p.AlphaH = v.(float64)
		case "l1_ratio":
			p.L1Ratio = v.(float64)
		case "max_iter":
			p.MaxIter = int(v.(float64))
		default:
			t.Fatalf("unknown fixture parameter %q", key)
		}
	}
	return p
}

// maxRelDiff returns max |a−b| / max(max|b|, tiny).
func maxRelDiff(a mat.Matrix, b [][]float64) float64 {
	var scale, diff float64
	for i, row := range b {
		for j, v := range row {
			scale = math.Max(scale, math.Abs(v))
			diff = math.Max(diff, math.Abs(a.At(i, j)-v))
		}
	}
	return diff / math.Max(scale, 1e-300)
}

func TestMatchesScikitLearn(t *testing.T) {
	for _, c := range loadFixture(t) {
		t.Run(c.Name, func(t *testing.T) {
			p := paramsFor(t, c)
			x := sparse.FromDense(denseOf(c.X))
			model, err := p.FitTransform(x)
			if err != nil {
				t.Fatal(err)
			}
			if model.NIter != c.NIter {
				t.Errorf("n_iter = %d, scikit-learn %d", model.NIter, c.NIter)
			}
			if rel := math.Abs(model.ReconstructionErr-c.ReconstructionErr) / c.ReconstructionErr; rel > 1e-12 {
				t.Errorf("reconstruction_err = %.15g, scikit-learn %.15g (rel %.2g)", model.ReconstructionErr, c.ReconstructionErr, rel)
			}
			const tol = 1e-10
			t.Logf("dW %.2g dH %.2g err %.17g vs %.17g", maxRelDiff(model.W, c.W), maxRelDiff(model.Components, c.H), model.ReconstructionErr, c.ReconstructionErr)
			if d := maxRelDiff(model.W, c.W); d > tol {
				t.Errorf("W differs from scikit-learn's by %.3g (relative to max |W|)", d)
			}
			if d := maxRelDiff(model.Components, c.H); d > tol {
				t.Errorf("H differs from scikit-learn's by %.3g", d)
			}
			wantWarn := c.NIter == p.MaxIter
			if (model.Warning != nil) != wantWarn {
				t.Errorf("Warning = %v, want a warning: %v", model.Warning, wantWarn)
			}
			tr, err := model.Transform(sparse.FromDense(denseOf(c.XNew)))
			if err != nil {
				t.Fatal(err)
			}
			if d := maxRelDiff(tr.W, c.WNew); d > tol {
				t.Errorf("Transform differs from scikit-learn's by %.3g", d)
			}
		})
	}
}
