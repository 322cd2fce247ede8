package main

import (
	"errors"
	"fmt"
	"io"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nmf"
	"github.com/fastai-go/topicmodel/lib/nmf/sgd"
	"github.com/fastai-go/topicmodel/lib/sparse"
	"github.com/fastai-go/topicmodel/lib/svd"
	"github.com/fastai-go/topicmodel/lib/topics"
)

// decompose runs c.method on x and fills the method's fields of res.
func decompose(c *config, x *sparse.CSR, vocab []string, res *Result, progress io.Writer) error {
	r, n := x.Dims()
	if c.method != "none" && c.method != "sgd" && c.k > min(r, n) {
		return usageError{fmt.Sprintf("-k %d: the %d×%d matrix has at most %d components", c.k, r, n, min(r, n))}
	}
	switch c.method {
	case "none":
		return nil
	case "svd":
		var f svd.Full
		if err := f.Factorize(x); err != nil {
			return err
		}
		s := f.Values(nil)
		res.SingularValues = s[:min(c.k, len(s))]
		// V (n×r) sliced to its first k columns, so the 432 MB transpose
		// Vᵀ of the lesson's matrix is never copied out.
		var v mat.Dense
		f.VTo(&v)
		res.Topics = topics.ShowTopics(v.Slice(0, n, 0, min(c.k, len(s))).T(), vocab, c.top)
		if c.save != "" {
			var u mat.Dense
			f.UTo(&u)
			kk := min(c.k, len(s))
			res.factors = []namedFactor{{name: "U", m: u.Slice(0, r, 0, kk)}, {name: "s", v: res.SingularValues}, {name: "Vt", m: v.Slice(0, n, 0, kk).T()}}
		}
	case "rsvd":
		seed := 0
		if c.seedSet {
			seed = c.seed
		}
		var f svd.Randomized
		if err := f.Factorize(x, c.k, &svd.RandomizedOptions{Seed: uint32(seed), Iters: c.rsvdIters()}); err != nil {
			return err
		}
		res.SingularValues = f.Values(nil)
		var vt mat.Dense
		f.VTTo(&vt)
		res.Topics = topics.ShowTopics(&vt, vocab, c.top)
		if c.save != "" {
			var u mat.Dense
			f.UTo(&u)
			res.factors = []namedFactor{{name: "U", m: &u}, {name: "s", v: res.SingularValues}, {name: "Vt", m: &vt}}
		}
	case "nmf":
		p := nmf.New(c.k)
		p.RandomState = 1
		if c.seedSet {
			p.RandomState = int64(c.seed)
		}
		p.Solver = c.solver
		p.Progress = progress
		if c.init != "" {
			p.Init = c.init
		}
		m, err := p.FitTransform(x)
		if err != nil {
			return err
		}
		e, it := m.ReconstructionErr, m.NIter
		res.ReconstructionErr, res.NIter = &e, &it
		res.Topics = topics.ShowTopics(m.Components, vocab, c.top)
		res.factors = []namedFactor{{name: "W", m: m.W}, {name: "H", m: m.Components}}
		if m.Warning != nil {
			res.warning = m.Warning.Error()
		}
	case "minibatch-nmf":
		return decomposeMiniBatch(c, x, vocab, res)
	case "sgd":
		o := sgd.Lesson()
		if c.preset == "gpu" {
			o = sgd.GPU()
		}
		o.D = c.k
		if c.steps >= 0 {
			o.Steps = c.steps
		}
		if c.seedSet {
			o.Seed = uint32(c.seed)
		}
		st, err := sgd.NewState(x, o)
		if err != nil {
			return err
		}
		var out io.Writer
		if !c.asJSON {
			out = progress
		}
		rep, err := st.Run(out)
		if errors.Is(err, sgd.ErrDiverged) {
			return fmt.Errorf("%w; the lesson runs it on tf-idf weights (-vectorizer tfidf), whose entries are below 1", err)
		} else if err != nil {
			return err
		}
		if math.IsNaN(rep.Norm) || math.IsInf(rep.Norm, 0) {
			return fmt.Errorf("sgd diverged: ‖M − WH‖ is %v after %d steps; the lesson runs it on tf-idf weights (-vectorizer tfidf), whose entries are below 1", rep.Norm, o.Steps)
		}
		e, it := rep.Norm, o.Steps
		res.ReconstructionErr, res.NIter = &e, &it
		h := st.H()
		res.Topics = topics.ShowTopics(h, vocab, c.top)
		res.factors = []namedFactor{{name: "W", m: st.W}, {name: "H", m: h}}
	}
	return nil
}
