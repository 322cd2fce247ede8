// Package nmf factorises a non-negative matrix X (documents × words) as
// X ≈ W·H with W ≥ 0 (documents × topics) and H ≥ 0 (topics × words), with
// the algorithms, defaults and results of scikit-learn 1.2's
// sklearn.decomposition.NMF.
//
//	p := nmf.New(5)          // NMF(n_components=5)
//	p.RandomState = 1        // random_state=1
//	model, err := p.FitTransform(x)
//	model.W, model.Components, model.ReconstructionErr, model.NIter, model.Warning
//	tr, err := model.Transform(xTest) // tr.W: the test documents' topic weights
//
// # What is minimised
//
// With loss ½‖X − WH‖²_F (or the generalised Kullback–Leibler divergence
// for the mu solver) plus, when AlphaW or AlphaH is set, the elastic-net
// penalties
//
//	αW·ρ·n·‖W‖₁ + ½·αW·(1−ρ)·n·‖W‖²_F + αH·ρ·m·‖H‖₁ + ½·αH·(1−ρ)·m·‖H‖²_F
//
// for an m×n X and ρ = L1Ratio: scikit-learn 1.2 scales W's terms by the
// number of features and H's by the number of samples.
//
// # Starting point
//
// NNDSVD (Boutsidis and Gallopoulos, 2008) takes the k leading singular
// triplets of X from a randomized SVD seeded by RandomState (lib/svd's,
// which reproduces scikit-learn's randomized_svd). The first pair
// is non-negative up to sign; for the others the positive or negative parts
// of u and v are kept, whichever has the larger product of norms, and
// scaled by the singular value. Entries below 1e-6 become 0, which 'nndsvda'
// (the default since scikit-learn 1.1) fills with mean(X), 'nndsvdar' with
// small random values. The lesson ran scikit-learn 0.19, whose default was
// plain 'nndsvd': set Init to InitNNDSVD to reproduce its numbers. 'random'
// draws |N(0,1)|·sqrt(mean(X)/k), H first.
//
// # Solvers
//
// cd (the default) is fast HALS coordinate descent (Cichocki and Phan,
// 2009): with G = HHᵀ and B = XHᵀ fixed for a half-sweep, each coordinate
// W_it is set to max(0, W_it − (W_i·G_t − B_it)/G_tt), columns t in the
// outer loop, rows inside, then the same for H on Xᵀ. Rows do not interact
// within a half-sweep, so on large inputs they are shared out between
// goroutines (loops under about a million multiply-adds stay serial); the
// projected-gradient magnitudes are stored per coordinate and summed in
// scikit-learn's order, so the stopping test sees the same number whatever
// the number of goroutines. cd stops when that sum falls to Tol times its
// value after the first iteration.
//
// mu is the multiplicative update of Lee and Seung (Frobenius) and Févotte
// and Idier (Kullback–Leibler): W ← W ⊙ (XHᵀ)/(WHHᵀ), then H likewise; it
// checks every 10 iterations whether the error dropped by less than Tol
// times the initial error.
//
// Reaching MaxIter is not an error: the model carries a
// *ConvergenceWarning, as scikit-learn warns.
//
// # Sparse data
//
// X may be a *sparse.CSR or any mat.Matrix; dense input is converted to
// CSR and goes through the same code, so both give identical factors. The
// products XHᵀ and XᵀW are sparse, O(nnz·k), and the reconstruction error
// of sparse X uses
//
//	‖X − WH‖² = ‖X‖² + ⟨(WᵀW)H, H⟩ − 2⟨XHᵀ, W⟩
//
// without forming the m×n residual.
//
// # Agreement with scikit-learn
//
// The tests compare with scikit-learn 1.2.1 (testdata/gen_fixture.py) on
// fifteen small cases covering every init, both solvers, both losses,
// shuffle, L1/L2 regularisation and transform: factors agree to about
// 1e-15 and the iteration counts are equal; on the lesson's matrices the
// topics, n_iter and reconstruction_err_ agree (see the corpus tests).
//
// # Mini-batches
//
// MiniBatchNMF is scikit-learn 1.2's MiniBatchNMF (Lefèvre, Bach and
// Févotte, 2011): multiplicative updates for any β-divergence (Frobenius,
// Kullback–Leibler, Itakura–Saito or another β) on consecutive batches of
// rows. Each step updates the batch's rows of W once (or solves for them
// afresh with FreshRestarts), then H from running sums A and B of the
// update's numerator and denominator, discounted by
// ρ = ForgetFactor^(batch/n_samples). It stops when H changes by at most
// Tol (relative Frobenius norm), after MaxNoImprovement steps without a
// new minimum of the exponentially smoothed batch cost, or after MaxIter
// passes. PartialFit learns from one batch at a time (out-of-core), as
// partial_fit.
//
//	p := nmf.NewMiniBatch(5) // MiniBatchNMF(n_components=5)
//	p.RandomState = 1
//	model, err := p.FitTransform(x)
//	model.W, model.Components, model.ReconstructionErr, model.NIter, model.NSteps
//	err = model.PartialFit(xMore)
//
// The tests compare with scikit-learn 1.2.1 (testdata/gen_minibatch_fixture.py)
// on 22 small cases and 4 partial_fit sequences covering every init, five
// values of β, penalties, batch sizes, fresh restarts and both stopping
// rules: the factors agree to about 5e-14, step counts exactly; on the
// lesson's matrices (gen_minibatch_corpus_fixture.py) the error agrees to
// 1e-13.
//
// Sub-packages: sgd is the lesson's gradient-descent NMF written from
// scratch, autograd the same problem solved with automatic differentiation
// and Adam.
package nmf
