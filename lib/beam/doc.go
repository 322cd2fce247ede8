// Package beam runs the topic-modeling experiment of this module as Apache
// Beam pipelines (Beam Go SDK v2.63.0), for a corpus that outgrows one
// machine. The same pipeline runs locally on Beam's Prism runner and, through
// the portable (universal) runner, on Flink, Spark or Dataflow.
//
// It lives in a nested Go module, github.com/fastai-go/topicmodel/lib/beam,
// so that the notebooks' module does not pull Beam's dependency tree; it
// depends on the root module through a replace directive. Because Apache's
// package is also named beam, a program that imports both names this one
// differently, for example tmbeam.
//
// # Shards
//
// The unit of parallelism is a shard: one part of the corpus, a JSON
// Lines file (read with datasets/files.ReadJSONL), a text file with one
// document per line, or a folder with one file per document
// (datasets/files.ReadFolder: in Python's sorted() order of the names, so
// that the category folders of a LoadFolder tree, as shards in sorted
// order, make LoadFolder's corpus without its shuffle; see Shard). Shard s
// holds a contiguous run of the corpus, and the corpus is the shards in index order, so the
// global row of document j of shard s is the number of documents in shards
// 0..s−1 plus j. Every matrix the pipelines produce is row-sharded the same
// way: the rows of shard s are written by the worker that read shard s, to
// a file of their own, and are never gathered. Only objects whose size does
// not grow with the number of documents are combined across workers: term
// statistics (one entry per distinct term), and, for the decompositions,
// k×k and k×n matrices.
//
// # Vectorize
//
// Vectorize reproduces lib/text's CountVectorizer.FitTransform, or with
// VectorizeOptions.TfIdf its TfidfVectorizer.FitTransform:
//
//	per shard:    text.CountVectorizer.Stats: for each distinct term t
//	              (text.Tokenize, stop words removed) (df_s(t), tf_s(t)),
//	              and n_s
//	combined:     df(t) = Σ_s df_s(t), tf(t) = Σ_s tf_s(t), n = Σ_s n_s
//	one worker:   text's FitStats on the sums: vocabulary = terms sorted by
//	              code point, cut by MinDF, MaxDF (bounds from n) and
//	              MaxFeatures, by lib/text's own pruning; for tf-idf, the
//	              idf of each term from df and n
//	per shard:    the shard's rows over that vocabulary (broadcast as a
//	              side input with df and n), counts or tf-idf weights,
//	              written as a row-sharded CSR file that
//	              scipy.sparse.load_npz reads (npz.WriteCSR)
//
// The combine is a sum of integers, so the vocabulary and every row equal
// the in-memory result exactly, whatever the number of shards or workers:
// a tf-idf row depends only on its document, the idf weights and the
// row's norm, which each shard computes with the same lib/text code as the
// in-memory vectorizer, so the weights agree to the bit.
// The cost is one pass over the text for the statistics and one more for the
// rows (each shard is read twice rather than shuffled), O(V log V) on one
// worker for a vocabulary of V terms, and O(V) to broadcast it to each
// worker.
//
// # Randomized SVD
//
// RandomizedSVD follows scikit-learn's randomized_svd (lib/svd.Randomized)
// with QR as the power-iteration normaliser (for a wide matrix, m < n, on
// Aᵀ by default, as scikit-learn: the m×l test matrix is then row-sharded
// like A, each shard drawing its rows from the seed's stream), and never
// gathers a tall m×l block (l = k + oversamples): Y_s = A_s·Z on each shard, orthonormalised
// by TSQR (each shard's thin QR, then the thin QR of the stacked l×l R
// factors on one worker, whose blocks each shard multiplies into its own
// Q_s); Aᵀ·Q = Σ_s A_sᵀ·Q_s is summed across shards in shard order, and
// the small problems (the next Z, the SVD of B = Qᵀ·A) are solved on one
// worker. TSQR is as stable as Householder QR on the whole block, so
// unlike Cholesky-QR it does not square the condition number of Y. The
// Gaussian test matrix is drawn on the driver with lib/nprand from the same
// seed as lib/svd, and the power iterations are unrolled into the pipeline
// graph (Beam has no loops): Iters+1 passes of four steps each. A last
// pass writes U's row shards (U_s = Q_s·Û) and finds each column's entry of
// largest magnitude for scikit-learn's svd_flip; the signs are applied to
// Vᵀ and stored beside the U shards.
//
// # NMF
//
// NMF is lib/nmf's NMF with solver cd (scikit-learn's fast HALS
// coordinate descent, Frobenius loss, no regularisation, no shuffle). W's
// rows stay with their shard, in a file of their own; an iteration is
//
//	per shard:  X_s·Hᵀ, one cd sweep of W_s with H·Hᵀ (k×k, broadcast with
//	            Hᵀ), W_s written; emitted W_sᵀW_s (k×k), X_sᵀW_s (n×k) and
//	            the sweep's violation
//	one worker: WᵀW and XᵀW summed in shard order, one cd sweep of Hᵀ, the
//	            stopping rule: violation ≤ Tol · the first iteration's
//
// which is lib/nmf's order (W's sweep, then H's, on the new W). The
// initialisations are lib/nmf's: random (H's numbers drawn first, then
// each shard skips to its own rows of W in the same stream), custom (W0
// shards and H0), and NNDSVD (nndsvd, nndsvda, the default) from this
// package's RandomizedSVD; the norms of the positive and negative parts of
// U's columns and mean(X) are sums over shards. The error is ‖X‖² +
// ⟨(WᵀW)·H, H⟩ − 2⟨X·Hᵀ, W⟩, as lib/nmf computes it for sparse X, with
// the cross term summed over shards. Beam has no loops: the iterations are
// unrolled into the graph, ItersPerRun (10) to a pipeline, iterations after
// the stopping rule doing nothing, and a driver loop runs pipelines until
// the state file (Hᵀ, the iteration count, the flag) says done (AddNMF
// builds the whole fit as one pipeline). Each iteration reads each shard
// once (4·nnz·k + 2·m_s·k² flops there), ships S·n·k numbers to one worker
// for S shards and does 2·n·k² there; each pipeline adds a job's start.
//
// Sums over rows are added in another order than lib/nmf's blocked
// kernels, so the factors agree to rounding: on 300 newsgroup posts in 1,
// 3 and 8 shards (TestNMFNewsgroups), with init random, nndsvda (the
// default) and lib/nmf's nndsvda passed as custom, H and W agree to
// 8·10⁻¹⁴ relative, the error to 5·10⁻¹⁴ and the iteration counts (85,
// 34) are equal. On the lesson's whole 2,034×26,576 matrix in 4 shards
// (scripts/topics-beam -lesson -method nmf -shards 4 against
// scripts/topics) the error agreed to 1.4·10⁻¹⁴, with the same 22
// iterations and topics, and -method rsvd's singular values to 3·10⁻¹⁵.
// The NMF took 7.6 s on Prism in process against 0.24 s for lib/nmf (this
// 2-core machine, shared), 0.1–0.3 s an iteration against milliseconds;
// where it goes (the runner's per-stage cost, side inputs of n×k) is not
// yet profiled.
//
// # The command
//
// scripts/topics-beam (cmd/topics-beam) is scripts/topics on these
// pipelines: the same flags and JSON for the newsgroups corpus or -jsonl,
// the count and tf-idf vectorizers, -method rsvd and nmf, plus -runner, -endpoint,
// -environment, -shards and -work; the flags it cannot honour are refused
// by name. Its tests compare its JSON with scripts/topics' on 200 lesson
// posts in 1, 3 and 8 shards through a Prism job server on 127.0.0.1:
// equal corpus figures and topics, singular values within 10⁻¹¹, errors
// within 10⁻¹³.
//
// # Reproducibility
//
// Sums of floating-point partial results depend on the order they are
// added in. Beam's combiners add in an order the runner chooses, so the
// floating-point sums here are not Beam combines: every partial result is
// keyed by its shard and one worker adds them in shard order, so a run
// gives the same bits on any runner and any number of workers.
//
// # Measured
//
// On this project's 2-core machine (loaded by another build), Prism in
// process: the vectorize pipeline takes 40–90 ms on 7 documents and
// 0.25–0.37 s on 300 newsgroup posts (lib/text: 8–26 ms); RandomizedSVD
// with k = 10 on a 10⁶×10⁵ matrix with 10⁷ non-zeros in 4 shards takes
// 33 s against 14 s for lib/svd.Randomized with the same algorithm (2.3×;
// an earlier run under heavier load, before U was written, 68 s against
// 19 s, 3.5×; 3.6–4.7× at 10⁶ non-zeros), singular values equal to
// 2·10⁻¹⁴ relative (TestScaleRandomizedSVD with
// TOPICMODEL_BEAM_SCALE=10000000); at 10⁶ non-zeros, rerun on 2026-12-01
// at load ≈ 5, 6.5 s against 1.8 s (3.7×). Where the overhead goes (CPU
// profile of that test at 10⁶ non-zeros, 2026-12-01, 6.3 s against 1.5 s,
// 9.4 s of CPU in all): the DoFns' own arithmetic about 4.6 s, of which
// the shards' thin QRs 2.0 s (each shard's block is factored twice per
// pass, where lib/svd factors the whole block once) and the sparse
// products 1.3 s; Beam's row coder encoding and decoding the Blocks by
// reflection about 1.1 s; reading the shard files 0.3 s; the garbage
// collector 0.35 s; lib/svd's own run 1.2 s. Shipping blocks as raw
// bytes and keeping each shard's Q instead of recomputing it are the
// two largest cuts left. TestScaleKernels (TOPICMODEL_BEAM_KERNELS=rows) times one
// shard's kernels at the README's cost-model sizes (l = 410).
//
// # Running
//
// Run executes a pipeline on the runner RunOptions names: "prism" (the
// default) starts Beam's Prism runner inside the process, and a job endpoint
// (HOST:PORT) sends the pipeline to a portable job server such as Flink's or
// Spark's. Output folders must be visible to every worker.
package beam
