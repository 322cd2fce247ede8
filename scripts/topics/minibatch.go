package main

import (
	"flag"
	"fmt"

	"github.com/fastai-go/topicmodel/lib/nmf"
	"github.com/fastai-go/topicmodel/lib/sparse"
	"github.com/fastai-go/topicmodel/lib/topics"
)

// miniBatchFlags are the flags of -method minibatch-nmf (scikit-learn's
// MiniBatchNMF); -k, -seed and -init are shared with -method nmf.
type miniBatchFlags struct {
	batchSize     int
	betaLoss      string
	freshRestarts bool
	beta          float64 // betaLoss parsed by check
}

// register adds the flags to fs.
func (m *miniBatchFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&m.batchSize, "batch-size", 1024, "minibatch-nmf: rows per mini-batch")
	fs.StringVar(&m.betaLoss, "beta-loss", "frobenius", "minibatch-nmf: frobenius, kullback-leibler, itakura-saito or a number β")
	fs.BoolVar(&m.freshRestarts, "fresh-restarts", false, "minibatch-nmf: solve for each batch's W from scratch at every step")
}

// check validates the flags once parsed.
func (m *miniBatchFlags) check() error {
	if m.batchSize < 1 {
		return usageError{fmt.Sprintf("-batch-size %d: want a number of rows ≥ 1", m.batchSize)}
	}
	b, err := nmf.ParseBetaLoss(m.betaLoss)
	if err != nil {
		return usageError{fmt.Sprintf("-beta-loss %q: want frobenius, kullback-leibler, itakura-saito or a number", m.betaLoss)}
	}
	m.beta = b
	return nil
}

// decomposeMiniBatch runs scikit-learn's MiniBatchNMF (seed 1 unless -seed
// is given, as for -method nmf) and fills the same fields as nmf, plus the
// number of mini-batch steps.
func decomposeMiniBatch(c *config, x *sparse.CSR, vocab []string, res *Result) error {
	p := nmf.NewMiniBatch(c.k)
	p.RandomState = 1
	if c.seedSet {
		p.RandomState = int64(c.seed)
	}
	if c.init != "" {
		p.Init = c.init
	}
	p.BatchSize = c.mb.batchSize
	p.BetaLoss = c.mb.beta
	p.FreshRestarts = c.mb.freshRestarts
	m, err := p.FitTransform(x)
	if err != nil {
		return err
	}
	e, it, steps := m.ReconstructionErr, m.NIter, m.NSteps
	res.ReconstructionErr, res.NIter, res.NSteps = &e, &it, &steps
	res.Topics = topics.ShowTopics(m.Components, vocab, c.top)
	if m.Warning != nil {
		res.warning = m.Warning.Error()
	}
	return nil
}
