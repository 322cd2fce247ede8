package sgd

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

type numpyCase struct {
	Name    string      `json:"name"`
	Seed    uint32      `json:"seed"`
	D       int         `json:"d"`
	Lam     float64     `json:"lam"`
	LR      float64     `json:"lr"`
	Mu      float64     `json:"mu"`
	Steps   int         `json:"steps"`
	Decay   float64     `json:"decay"`
	Every   int         `json:"every"`
	M       [][]float64 `json:"m"`
	W       [][]float64 `json:"w"`
	H       [][]float64 `json:"h"`
	Reports [][]float64 `json:"reports"`
}

func dense(rows [][]float64) *mat.Dense {
	a := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		a.SetRow(i, r)
	}
	return a
}

func relDiff(a mat.Matrix, b *mat.Dense) float64 {
	var d mat.Dense
	d.Sub(a, b)
	return mat.Norm(&d, math.Inf(1)) / mat.Norm(b, math.Inf(1))
}

func TestMatchesNumpy(t *testing.T) {
	raw, err := os.ReadFile("../testdata/sgd_numpy.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Cases []numpyCase }
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	for _, c := range f.Cases {
		m := dense(c.M)
		r, n := m.Dims()
		o := Options{D: c.D, Lam: c.Lam, LR: c.LR, Mu: c.Mu, Decay: c.Decay, DecayEvery: c.Every,
			Steps: c.Steps, ReportEvery: 1, Scale: 0.01, Seed: c.Seed}
		wantW, wantH := dense(c.W), dense(c.H)

		// Literal form.
		w, h := Init(r, n, o)
		lr := o.LR
		for i := 0; i < c.Steps; i++ {
			Upd(m, w, h, lr, o.Lam, o.Mu)
			rep := ReportOf(m, w, h)
			if want := c.Reports[i][0]; math.Abs(rep.Norm-want) > 1e-12*want {
				t.Errorf("%s literal step %d: norm %.15g, numpy %.15g", c.Name, i, rep.Norm, want)
			}
			if o.DecayEvery > 0 && i%o.DecayEvery == 0 {
				lr *= o.Decay
			}
		}
		if d := relDiff(w, wantW); d > 1e-12 {
			t.Errorf("%s literal: W differs from numpy by %.3g", c.Name, d)
		}
		if d := relDiff(h, wantH); d > 1e-12 {
			t.Errorf("%s literal: H differs from numpy by %.3g", c.Name, d)
		}

		// Fast form, through Run, on the sparse matrix.
		st, err := NewState(sparse.FromDense(m), o)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		st.Run(&out)
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		if len(lines) != c.Steps {
			t.Errorf("%s: Run printed %d reports, want %d", c.Name, len(lines), c.Steps)
		}
		if d := relDiff(st.W, wantW); d > 1e-12 {
			t.Errorf("%s fast: W differs from numpy by %.3g", c.Name, d)
		}
		if d := relDiff(st.H(), wantH); d > 1e-12 {
			t.Errorf("%s fast: H differs from numpy by %.3g", c.Name, d)
		}
		if got, want := st.Report().Norm, c.Reports[c.Steps-1][0]; math.Abs(got-want) > 1e-10*want {
			t.Errorf("%s fast: norm %.15g, numpy %.15g", c.Name, got, want)
		}
	}
}

func TestPenaltyIsElementwise(t *testing.T) {
	a := mat.NewDense(2, 3, []float64{-1, 0.5, 0, 2, -3, 1e-7})
	var p mat.Dense
	Penalty(&p, a, 1e-6)
	want := []float64{-1 - 1e-6, 0, -1e-6, 0, -3 - 1e-6, 1e-7 - 1e-6}
	for i, v := range p.RawMatrix().Data {
		if math.Abs(v-want[i]) > 1e-15 {
			t.Errorf("penalty[%d] = %g, want %g (element-wise, not the column minimum)", i, v, want[i])
		}
	}
}

func TestFastGradsEqualLiteral(t *testing.T) {
	m := mat.NewDense(6, 5, []float64{
		1, 0, 0, 2, 0,
		0, 3, 0, 0, 1,
		0, 0, 0, 0, 0,
		4, 0, 1, 0, 0,
		0, 0, 2, 0, 5,
		1, 1, 0, 0, 0})
	o := Options{D: 2, Lam: 7, LR: 0.1, Mu: 0.3, Scale: 0.5, Seed: 9}
	st, err := NewState(m, o)
	if err != nil {
		t.Fatal(err)
	}
	// Make some entries negative so the penalty matters.
	st.W.Set(0, 1, -0.2)
	st.Ht.Set(3, 0, -0.4)
	h := st.H()
	dW, dH := Grads(m, st.W, h, o.Lam, o.Mu)
	gw, ght := st.Grads()
	if d := relDiff(mat.NewDense(6, 2, gw), dW); d > 1e-14 {
		t.Errorf("fast dW differs from the literal one by %.3g", d)
	}
	if d := relDiff(mat.NewDense(5, 2, ght).T(), dH); d > 1e-14 {
		t.Errorf("fast dH differs from the literal one by %.3g", d)
	}
	lit, fast := ReportOf(m, st.W, h), st.Report()
	if math.Abs(lit.Norm-fast.Norm) > 1e-13*lit.Norm || lit.NegW != 1 || fast.NegW != 1 || lit.NegH != 1 || fast.NegH != 1 ||
		lit.MinW != -0.2 || fast.MinH != -0.4 {
		t.Errorf("reports differ: literal %v, fast %v", lit, fast)
	}
}

func TestPresetsAndBadOptions(t *testing.T) {
	if l := Lesson(); l.D != 5 || l.Lam != 1e3 || l.LR != 1e-2 || l.Mu != 1e-6 {
		t.Errorf("Lesson() = %+v", l)
	}
	if g := GPU(); g.D != 6 || g.Lam != 100 || g.LR != 0.05 || g.Mu != 1e-5 || g.Decay != 0.9 || g.DecayEvery != 100 || g.Steps != 1000 {
		t.Errorf("GPU() = %+v", g)
	}
	m := mat.NewDense(2, 2, []float64{1, 0, 0, 1})
	for name, o := range map[string]Options{
		"d0":    {D: 0, LR: 1, Scale: 1},
		"lr0":   {D: 1, LR: 0, Scale: 1},
		"lamNa": {D: 1, LR: 1, Lam: math.NaN(), Scale: 1},
	} {
		if _, err := NewState(m, o); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := NewState(mat.NewDense(1, 2, []float64{math.Inf(1), 0}), Lesson()); err == nil {
		t.Error("infinite entry: no error")
	}
	w, h := Init(2, 2, Options{D: 3, Scale: 1})
	if _, err := NewStateFrom(m, w, h, Options{D: 2, LR: 1, Scale: 1}); err == nil {
		t.Error("W with 3 columns for D = 2: no error")
	}
}

// TestBadInputErrors: inputs that used to panic or return NaN with no error.
func TestBadInputErrors(t *testing.T) {
	small := mat.NewDense(2, 3, []float64{1, 0, 2, 0, 3, 1})
	huge := mat.NewDense(2, 3, []float64{1e300, 0, 2, 0, 3, 1})
	for _, c := range []struct {
		name string
		m    mat.Matrix
		o    func(*Options)
		want string
	}{
		{"empty", &mat.Dense{}, nil, "M is empty"},
		{"nil", nil, nil, "M is nil"},
		{"huge entries", huge, nil, "divide M by its largest entry"},
		{"D too large for memory", small, func(o *Options) { o.D = 1 << 40 }, "choose a smaller D"},
	} {
		o := Lesson()
		o.D = 2
		if c.o != nil {
			c.o(&o)
		}
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("panic: %v", r)
				}
			}()
			_, err = NewState(c.m, o)
		}()
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.HasPrefix(err.Error(), "panic") {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
}

// TestDivergenceIsError: a learning rate of 1e6 makes the entries overflow;
// Run must stop with an error naming the learning rate, not return NaN.
func TestDivergenceIsError(t *testing.T) {
	m := mat.NewDense(3, 4, []float64{1, 0, 2, 0, 0, 3, 1, 1, 2, 0, 0, 4})
	o := Lesson()
	o.D, o.LR, o.Steps, o.ReportEvery = 2, 1e6, 200, 0
	st, err := NewState(m, o)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := st.Run(nil)
	if !errors.Is(err, ErrDiverged) || !strings.Contains(err.Error(), "LR = 1e+06 is too large") {
		t.Fatalf("Run: report %v, err %v; want ErrDiverged naming LR = 1e+06", rep, err)
	}
	if st.Steps >= o.Steps {
		t.Errorf("Run took all %d steps after diverging", st.Steps)
	}
	// The lesson's settings do not diverge.
	o = Lesson()
	o.D = 2
	st, _ = NewState(m, o)
	if _, err := st.Run(nil); err != nil {
		t.Errorf("lesson settings: %v", err)
	}
}

// TestChecks checks each setting's range in the checks the CPU and the
// GPU share, with the zero values meaning "none".
func TestChecks(t *testing.T) {
	sgdCases := []struct {
		name  string
		edit  func(o *Options)
		steps string // CheckSteps' error ("" none)
		full  string // Check's error
	}{
		{"lesson", func(o *Options) {}, "", ""},
		{"gpu preset", func(o *Options) { *o = GPU() }, "", ""},
		{"D 0", func(o *Options) { o.D = 0 }, "", "D (number of components) must be ≥ 1"},
		{"Scale 0", func(o *Options) { o.Scale = 0 }, "", "Scale must be > 0"},
		{"LR 0", func(o *Options) { o.LR = 0 }, "LR must be", "LR must be"},
		{"LR Inf", func(o *Options) { o.LR = math.Inf(1) }, "LR must be", "LR must be"},
		{"Lam NaN", func(o *Options) { o.Lam = math.NaN() }, "Lam must be", "Lam must be"},
		{"Mu Inf", func(o *Options) { o.Mu = math.Inf(-1) }, "Mu must be finite", "Mu must be finite"},
		{"Steps −1", func(o *Options) { o.Steps = -1 }, "must be ≥ 0", "must be ≥ 0"},
		{"DecayEvery 0, Decay 0", func(o *Options) { o.DecayEvery, o.Decay = 0, 0 }, "", ""},
		{"DecayEvery 5, Decay 0", func(o *Options) { o.DecayEvery, o.Decay = 5, 0 }, "Decay must be", "Decay must be"},
		{"ReportEvery 0", func(o *Options) { o.ReportEvery = 0 }, "", ""},
	}
	for _, c := range sgdCases {
		o := Lesson()
		c.edit(&o)
		for _, k := range []struct {
			what string
			err  error
			want string
		}{{"CheckSteps", o.CheckSteps(), c.steps}, {"Check", o.Check(), c.full}} {
			switch {
			case k.want == "" && k.err != nil:
				t.Errorf("%s: %s: %v, want no error", c.name, k.what, k.err)
			case k.want != "" && (k.err == nil || !strings.Contains(k.err.Error(), k.want)):
				t.Errorf("%s: %s: %v, want an error with %q", c.name, k.what, k.err, k.want)
			}
		}
	}
	adamCases := []struct {
		name string
		edit func(o *AdamOptions)
		want string
	}{
		{"lesson", func(o *AdamOptions) {}, ""},
		{"Eps 0 (PyTorch's default)", func(o *AdamOptions) { o.Eps = 0 }, ""},
		{"ReportEvery 0", func(o *AdamOptions) { o.ReportEvery = 0 }, ""},
		{"LR 0", func(o *AdamOptions) { o.LR = 0 }, "LR must be"},
		{"beta1 1", func(o *AdamOptions) { o.Betas[0] = 1 }, "betas must be in [0, 1)"},
		{"beta2 −0.1", func(o *AdamOptions) { o.Betas[1] = -0.1 }, "betas must be in [0, 1)"},
		{"Eps −1", func(o *AdamOptions) { o.Eps = -1 }, "Eps must be"},
		{"Lam Inf", func(o *AdamOptions) { o.Lam = math.Inf(1) }, "Lam must be"},
		{"Steps −1", func(o *AdamOptions) { o.Steps = -1 }, "Steps and ReportEvery must be ≥ 0"},
	}
	for _, c := range adamCases {
		o := LessonAdam()
		c.edit(&o)
		err := o.Check()
		switch {
		case c.want == "" && err != nil:
			t.Errorf("adam %s: %v, want no error", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("adam %s: %v, want an error with %q", c.name, err, c.want)
		}
	}
	if e := (AdamOptions{}).EpsOrDefault(); e != 1e-8 {
		t.Errorf("EpsOrDefault of 0 = %v, want PyTorch's 1e-8", e)
	}
	if e := (AdamOptions{Eps: 1e-6}).EpsOrDefault(); e != 1e-6 {
		t.Errorf("EpsOrDefault of 1e-6 = %v", e)
	}
}
