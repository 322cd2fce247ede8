package gpu

import (
	"errors"
	"fmt"
	"math"

	"github.com/fastai-go/topicmodel/kernels"
)

// problem is the device state of one factorisation M ≈ W·H (float32):
// the input M (dense or CSR with the CSR of Mᵀ), W, H, and the work buffers
// one step needs. Its methods issue kernel calls through a backend; the same
// code drives the GPU (build tag cuda) and the CPU emulation used by the
// default build's tests.
type problem struct {
	b       backend
	m, n, d int
	dense   bool
	normM2  float64 // ‖M‖², computed on the host in float64 from the float32 values

	M                        dptr // dense m×n
	indptr, indices, data    dptr // CSR of M
	tindptr, tindices, tdata dptr // CSR of Mᵀ

	W, H           dptr
	A, B           dptr // M·Hᵀ (m×d), Wᵀ·M (d×n)
	GW, GH         dptr // WᵀW, HHᵀ (d×d)
	Apart, Bpart   dptr // dense pass partials
	gramPart       dptr
	dotPart        dptr // float64
	statsPart      dptr // float64
	nrm            dptr // float64 [‖R‖², ‖R‖]
	mW, vW, mH, vH dptr // Adam moments (allocated on first use)

	rowsPerChunk, colBlocks, rowChunks int
	gramBlocksW, gramBlocksH           int
	dotBlocks, statsBlocks             int

	bufs []dptr
}

// denseRowsPerChunk is how many rows of M one block of the dense pass covers.
const denseRowsPerChunk = 256

// maxReduceBlocks bounds the grids of the partial reductions.
const maxReduceBlocks = 128

func (p *problem) alloc(k elemKind, n int) (dptr, error) {
	ptr, err := p.b.alloc(k, n)
	if err != nil {
		return 0, err
	}
	p.bufs = append(p.bufs, ptr)
	return ptr, nil
}

// release frees every buffer the problem allocated.
func (p *problem) release() error {
	var errs []error
	for _, ptr := range p.bufs {
		errs = append(errs, p.b.free(ptr))
	}
	p.bufs = nil
	return errors.Join(errs...)
}

// hostMatrix is M in float32 on the host: either dense row-major or CSR
// together with the CSR of its transpose.
type hostMatrix struct {
	m, n              int
	dense             []float32
	indptr, indices   []int32
	data              []float32
	tindptr, tindices []int32
	tdata             []float32
}

func (h *hostMatrix) normSquared() float64 {
	var s float64
	vals := h.dense
	if vals == nil {
		vals = h.data
	}
	for _, v := range vals {
		s += float64(float64(v) * float64(v)) // float64(): no fused multiply-add, as on amd64
	}
	return s
}

// newProblem uploads M, W (m×d) and H (d×n, both row-major float32) and
// allocates the work buffers. Every buffer starts out as NaN.
func newProblem(b backend, M *hostMatrix, W, H []float32, d int) (*problem, error) {
	if d < 1 || d > kernels.MaxRank {
		return nil, fmt.Errorf("gpu: rank %d outside [1, %d]; the kernels are specialised for ranks up to %d", d, kernels.MaxRank, kernels.MaxRank)
	}
	m, n := M.m, M.n
	if m < 1 || n < 1 {
		return nil, fmt.Errorf("gpu: empty matrix %d×%d", m, n)
	}
	if len(W) != m*d || len(H) != d*n {
		panic(fmt.Sprintf("gpu: W has %d values and H %d, want %d×%d and %d×%d", len(W), len(H), m, d, d, n))
	}
	p := &problem{b: b, m: m, n: n, d: d, dense: M.dense != nil, normM2: M.normSquared()}
	p.rowsPerChunk = denseRowsPerChunk
	p.colBlocks = ceilDiv(n, denseTile)
	p.rowChunks = ceilDiv(m, p.rowsPerChunk)
	p.gramBlocksW = min(ceilDiv(m, redThreads), maxReduceBlocks)
	p.gramBlocksH = min(ceilDiv(n, redThreads), maxReduceBlocks)
	p.dotBlocks = min(ceilDiv(m*d, redThreads), maxReduceBlocks)
	p.statsBlocks = min(ceilDiv(max(m, n)*d, redThreads), maxReduceBlocks)

	err := p.allocAll(M, W, H)
	if err != nil {
		return nil, errors.Join(err, p.release())
	}
	return p, nil
}

func (p *problem) allocAll(M *hostMatrix, W, H []float32) error {
	m, n, d := p.m, p.n, p.d
	type spec struct {
		dst *dptr
		k   elemKind
		n   int
	}
	specs := []spec{
		{&p.W, f32, m * d}, {&p.H, f32, d * n},
		{&p.A, f32, m * d}, {&p.B, f32, d * n},
		{&p.GW, f32, d * d}, {&p.GH, f32, d * d},
		{&p.gramPart, f32, max(p.gramBlocksW, p.gramBlocksH) * d * (d + 1) / 2},
		{&p.dotPart, f64, p.dotBlocks},
		{&p.statsPart, f64, 2 * p.statsBlocks},
		{&p.nrm, f64, 2},
	}
	if p.dense {
		specs = append(specs,
			spec{&p.M, f32, m * n},
			spec{&p.Apart, f32, p.colBlocks * m * d},
			spec{&p.Bpart, f32, p.rowChunks * d * n})
	} else {
		nnz := len(M.data)
		specs = append(specs,
			spec{&p.indptr, i32, m + 1}, spec{&p.indices, i32, max(nnz, 1)}, spec{&p.data, f32, max(nnz, 1)},
			spec{&p.tindptr, i32, n + 1}, spec{&p.tindices, i32, max(nnz, 1)}, spec{&p.tdata, f32, max(nnz, 1)})
	}
	for _, s := range specs {
		ptr, err := p.alloc(s.k, s.n)
		if err != nil {
			return err
		}
		*s.dst = ptr
	}
	up := []error{p.b.uploadF32(p.W, W), p.b.uploadF32(p.H, H)}
	if p.dense {
		up = append(up, p.b.uploadF32(p.M, M.dense))
	} else {
		up = append(up,
			p.b.uploadI32(p.indptr, M.indptr), p.b.uploadI32(p.indices, M.indices), p.b.uploadF32(p.data, M.data),
			p.b.uploadI32(p.tindptr, M.tindptr), p.b.uploadI32(p.tindices, M.tindices), p.b.uploadF32(p.tdata, M.tdata))
	}
	return errors.Join(up...)
}

func (p *problem) allocAdam() error {
	if p.mW != 0 {
		return nil
	}
	for _, s := range []struct {
		dst *dptr
		n   int
	}{{&p.mW, p.m * p.d}, {&p.vW, p.m * p.d}, {&p.mH, p.d * p.n}, {&p.vH, p.d * p.n}} {
		ptr, err := p.alloc(f32, s.n)
		if err != nil {
			return err
		}
		// Adam's moments start at zero.
		if err := p.b.launch(fillCall(ptr, s.n, 0)); err != nil {
			return err
		}
		*s.dst = ptr
	}
	return nil
}

func fillCall(ptr dptr, n int, v float64) kernelCall {
	return kernelCall{module: "nmf", name: "nmf_fill", grid: grid1(n, redThreads), block: [3]int{redThreads, 1, 1},
		args: []any{ptr, int64(n), v}}
}

// poison fills every work buffer (not M, W, H or Adam's moments) with NaN,
// so that a kernel that fails to write an output shows up in the results.
func (p *problem) poison() error {
	nan := math.NaN()
	calls := []kernelCall{
		fillCall(p.A, p.m*p.d, nan), fillCall(p.B, p.d*p.n, nan),
		fillCall(p.GW, p.d*p.d, nan), fillCall(p.GH, p.d*p.d, nan),
	}
	if p.dense {
		calls = append(calls, fillCall(p.Apart, p.colBlocks*p.m*p.d, nan), fillCall(p.Bpart, p.rowChunks*p.d*p.n, nan))
	}
	for _, c := range calls {
		if err := p.b.launch(c); err != nil {
			return err
		}
	}
	return nil
}

// passCalls computes A = M·Hᵀ and B = Wᵀ·M, reading M once.
func (p *problem) passCalls() []kernelCall {
	m, n, d := int64(p.m), int64(p.n), p.d
	if !p.dense {
		warps := p.m + p.n
		return []kernelCall{{module: "nmf", name: kernels.RankName("nmf_csr_pass", d),
			grid: grid1(warps, denseWarps), block: [3]int{denseThreads, 1, 1},
			args: []any{p.indptr, p.indices, p.data, p.tindptr, p.tindices, p.tdata, p.W, p.H, p.A, p.B, m, n}}}
	}
	return []kernelCall{
		{module: "nmf", name: kernels.RankName("nmf_dense_pass", d),
			grid: [3]int{p.colBlocks, p.rowChunks, 1}, block: [3]int{denseThreads, 1, 1},
			args: []any{p.M, p.W, p.H, p.Apart, p.Bpart, m, n, int64(p.rowsPerChunk)}},
		{module: "nmf", name: "nmf_sum_partials", grid: grid1(p.m*d, redThreads), block: [3]int{redThreads, 1, 1},
			args: []any{p.Apart, int64(p.colBlocks), int64(p.m * d), p.A}},
		{module: "nmf", name: "nmf_sum_partials", grid: grid1(d*p.n, redThreads), block: [3]int{redThreads, 1, 1},
			args: []any{p.Bpart, int64(p.rowChunks), int64(d * p.n), p.B}},
	}
}

// gramCalls computes GW = WᵀW and GH = HHᵀ.
func (p *problem) gramCalls() []kernelCall {
	d := p.d
	P := d * (d + 1) / 2
	fin := [3]int{max(P, 32), 1, 1}
	return []kernelCall{
		{module: "nmf", name: kernels.RankName("nmf_gram_partial", d), grid: [3]int{p.gramBlocksW, 1, 1}, block: [3]int{redThreads, 1, 1},
			args: []any{p.W, int64(p.m), int64(d), int64(1), p.gramPart}},
		{module: "nmf", name: kernels.RankName("nmf_gram_finish", d), grid: [3]int{1, 1, 1}, block: fin,
			args: []any{p.gramPart, int64(p.gramBlocksW), p.GW}},
		{module: "nmf", name: kernels.RankName("nmf_gram_partial", d), grid: [3]int{p.gramBlocksH, 1, 1}, block: [3]int{redThreads, 1, 1},
			args: []any{p.H, int64(p.n), int64(1), int64(p.n), p.gramPart}},
		{module: "nmf", name: kernels.RankName("nmf_gram_finish", d), grid: [3]int{1, 1, 1}, block: fin,
			args: []any{p.gramPart, int64(p.gramBlocksH), p.GH}},
	}
}

// lossCalls leaves [‖M − WH‖², ‖M − WH‖] in nrm; A, GW and GH must be current.
func (p *problem) lossCalls() []kernelCall {
	return []kernelCall{
		{module: "nmf", name: "nmf_dot_partial", grid: [3]int{p.dotBlocks, 1, 1}, block: [3]int{redThreads, 1, 1},
			args: []any{p.A, p.W, int64(p.m * p.d), p.dotPart}},
		{module: "nmf", name: "nmf_loss_finish", grid: [3]int{1, 1, 1}, block: [3]int{1, 1, 1},
			args: []any{p.dotPart, int64(p.dotBlocks), p.GW, p.GH, int64(p.d), p.normM2, p.nrm}},
	}
}

// sgdCalls is one step of the lesson's upd_t: both gradients from the old
// W and H, then W −= lr·∇W, H −= lr·∇H. gradW and gradH (may be 0) receive
// the gradients.
func (p *problem) sgdCalls(lr, lam, mu float64, gradW, gradH dptr) []kernelCall {
	d := p.d
	calls := append(p.passCalls(), p.gramCalls()...)
	return append(calls,
		kernelCall{module: "nmf", name: kernels.RankName("nmf_sgd_update_w", d), grid: grid1(p.m, redThreads), block: [3]int{redThreads, 1, 1},
			args: []any{p.W, p.A, p.GH, gradW, int64(p.m), lr, lam, mu}},
		kernelCall{module: "nmf", name: kernels.RankName("nmf_sgd_update_h", d), grid: grid1(p.n, redThreads), block: [3]int{redThreads, 1, 1},
			args: []any{p.H, p.B, p.GW, gradH, int64(p.n), lr, lam, mu}})
}

// adamCalls is one Adam step (1-based t) on the lesson's autograd loss.
func (p *problem) adamCalls(t int, o AdamOptions, gradW, gradH dptr) []kernelCall {
	d := p.d
	b1, b2, eps := o.Betas[0], o.Betas[1], o.EpsOrDefault()
	step := o.LR / (1 - math.Pow(b1, float64(t)))
	sqrtBias2 := math.Sqrt(1 - math.Pow(b2, float64(t)))
	calls := append(p.passCalls(), p.gramCalls()...)
	calls = append(calls, p.lossCalls()...)
	return append(calls,
		kernelCall{module: "nmf", name: kernels.RankName("nmf_adam_w", d), grid: grid1(p.m, redThreads), block: [3]int{redThreads, 1, 1},
			args: []any{p.W, p.A, p.GH, p.mW, p.vW, gradW, p.nrm, int64(p.m), o.Lam, step, sqrtBias2, b1, b2, eps}},
		kernelCall{module: "nmf", name: kernels.RankName("nmf_adam_h", d), grid: grid1(p.n, redThreads), block: [3]int{redThreads, 1, 1},
			args: []any{p.H, p.B, p.GW, p.mH, p.vH, gradH, p.nrm, int64(p.n), o.Lam, step, sqrtBias2, b1, b2, eps}})
}

func (p *problem) run(calls []kernelCall) error {
	for _, c := range calls {
		if err := p.b.launch(c); err != nil {
			return fmt.Errorf("%v: %w", c, err)
		}
	}
	return nil
}

// report computes the lesson's report_t for the current W and H:
// ‖M − WH‖ (Gram identity), min W, min H and the counts of negatives.
func (p *problem) report(step int) (Report, error) {
	calls := append(p.passCalls(), p.gramCalls()...)
	calls = append(calls, p.lossCalls()...)
	if err := p.run(calls); err != nil {
		return Report{}, err
	}
	nrm := make([]float64, 2)
	if err := p.b.downloadF64(nrm, p.nrm); err != nil {
		return Report{}, err
	}
	r := Report{Step: step, Norm: nrm[1], NormSquared: nrm[0]}
	var err error
	if r.MinW, r.NegW, err = p.stats(p.W, p.m*p.d); err != nil {
		return Report{}, err
	}
	if r.MinH, r.NegH, err = p.stats(p.H, p.d*p.n); err != nil {
		return Report{}, err
	}
	return r, nil
}

func (p *problem) stats(x dptr, n int) (float64, int, error) {
	g := min(ceilDiv(n, redThreads), p.statsBlocks)
	c := kernelCall{module: "nmf", name: "nmf_stats_partial", grid: [3]int{g, 1, 1}, block: [3]int{redThreads, 1, 1},
		args: []any{x, int64(n), p.statsPart}}
	if err := p.b.launch(c); err != nil {
		return 0, 0, fmt.Errorf("%v: %w", c, err)
	}
	part := make([]float64, 2*p.statsBlocks)
	if err := p.b.downloadF64(part, p.statsPart); err != nil {
		return 0, 0, err
	}
	mn, neg := math.Inf(1), 0.0
	for b := 0; b < g; b++ {
		if v := part[2*b]; v < mn || math.IsNaN(v) {
			mn = v
		}
		neg += part[2*b+1]
	}
	return mn, int(neg), nil
}

// download copies W and H back to the host.
func (p *problem) download() (W, H []float32, err error) {
	W = make([]float32, p.m*p.d)
	H = make([]float32, p.d*p.n)
	if err = p.b.sync(); err != nil {
		return nil, nil, err
	}
	if err = p.b.downloadF32(W, p.W); err != nil {
		return nil, nil, err
	}
	if err = p.b.downloadF32(H, p.H); err != nil {
		return nil, nil, err
	}
	return W, H, nil
}
