package beam

import (
	"context"
	"errors"
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nprand"
	"github.com/fastai-go/topicmodel/lib/svd"
)

// The randomized SVD of a wide matrix (m < n), as scikit-learn's
// randomized_svd computes it by default: on M = Aᵀ. Its test matrix Ω is
// m×l, so it is row-sharded like A; the power iterations alternate Aᵀ·Q
// (summed over shards, n×l, orthonormalised on one worker) and A·Z
// (row-sharded, orthonormalised by TSQR), and the final B = Qᵀ·M = (A·Z)ᵀ
// is factorised through the TSQR of A·Z = Q₂·R: with Rᵀ = U_r·Σ·V_rᵀ,
// M's SVD is (Z·U_r)·Σ·(Q₂·V_r)ᵀ, so A's right singular vectors are Z·U_r
// (n×l, on one worker) and its left ones Q₂·V_r (row-sharded).

func init() {
	register.DoFn3x1[context.Context, RowShard, func(int, Block), error](&omegaTFn{})
	register.DoFn7x1[context.Context, []byte, func(*int, *Block) bool, func(*Block) bool, func(Block), func(Block), func(Block), error](&stackSVDFn{})
}

// addRandomizedSVDT adds the transposed randomized SVD: the same outputs as
// AddRandomizedSVD (rsvd.json, the U shards; the signs returned).
func addRandomizedSVDT(s beam.Scope, shards []RowShard, n, l, iters int, offsets []int, o RandomizedSVDOptions) beam.PCollection {
	s = s.Scope("RandomizedSVDT")
	in := beam.CreateList(s, shards)
	imp := beam.Impulse(s)
	rowOffsets := make([]int, len(shards))
	for i := 1; i < len(shards); i++ {
		rowOffsets[i] = rowOffsets[i-1] + shards[i-1].Rows
	}
	// Z = orth(Aᵀ·Ω), the first normalised product (M·Ω).
	parts := beam.ParDo(s, &omegaTFn{L: l, Seed: o.Seed, RowOffsets: rowOffsets}, in)
	z := beam.ParDo(s, &sumFn{Rows: n, Cols: l, Orth: true}, imp, beam.SideInput{Input: parts})
	for pass := range iters {
		ps := s.Scope(fmt.Sprintf("pass%d", pass))
		rs := beam.ParDo(ps, &localRFn{L: l}, in, beam.SideInput{Input: z})
		qhat := beam.ParDo(ps, &stackQFn{Offsets: offsets, L: l}, imp, beam.SideInput{Input: rs})
		p := beam.ParDo(ps, &projectFn{L: l, Offsets: offsets}, in, beam.SideInput{Input: z}, beam.SideInput{Input: qhat})
		z = beam.ParDo(ps, &sumFn{Rows: n, Cols: l, Orth: true}, imp, beam.SideInput{Input: p})
	}
	rs := beam.ParDo(s, &localRFn{L: l}, in, beam.SideInput{Input: z})
	qhat, small, vr := beam.ParDo3(s, &stackSVDFn{Offsets: offsets, L: l}, imp, beam.SideInput{Input: rs}, beam.SideInput{Input: z})
	cands := beam.ParDo(s, &leftFn{L: l, K: o.K, Offsets: offsets, RowOffsets: rowOffsets, OutDir: o.OutDir, NShards: len(shards)},
		in, beam.SideInput{Input: z}, beam.SideInput{Input: qhat}, beam.SideInput{Input: vr})
	return beam.ParDo(s, &flipFn{K: o.K, OutDir: o.OutDir}, imp, beam.SideInput{Input: small}, beam.SideInput{Input: cands})
}

// omegaTFn emits, for one shard, A_sᵀ·Ω_s, where Ω_s are the shard's rows
// of the m×l Gaussian test matrix numpy's RandomState(Seed).normal(size=
// (m, l)) draws: the shard draws and discards the rows before its own.
// Cost: (RowOffsets[s] + rows)·l draws and 2·nnz_s·l flops.
type omegaTFn struct {
	L          int
	Seed       uint32
	RowOffsets []int
}

func (f *omegaTFn) ProcessElement(ctx context.Context, sh RowShard, emit func(int, Block)) error {
	if sh.Rows == 0 {
		return nil
	}
	a, err := ReadCSR(sh.Path)
	if err != nil {
		return err
	}
	if r, _ := a.Dims(); r != sh.Rows {
		return fmt.Errorf("beam: shard %d (%s) has %d rows, want %d", sh.Index, sh.Path, r, sh.Rows)
	}
	rs := nprand.New(f.Seed)
	for range f.RowOffsets[sh.Index] * f.L {
		rs.StandardNormal()
	}
	omega := make([]float64, sh.Rows*f.L)
	rs.StandardNormalFill(omega)
	var p mat.Dense
	a.TMulDenseTo(&p, mat.NewDense(sh.Rows, f.L, omega))
	emit(sh.Index, blockOf(&p))
	return nil
}

// stackSVDFn stacks the shards' R factors of A·Z, takes the thin QR of
// the stack, [R_0; R_1; …] = Q̂·R, and the SVD Rᵀ = U_r·Σ·V_rᵀ, and emits
// Q̂ (for the shards' Q₂ = Q_loc·Q̂_s), [σ | (Z·U_r)ᵀ] (l×(n+1), as
// smallSVDFn) and V_r (l×l, for U = Q₂·V_r).
type stackSVDFn struct {
	Offsets []int
	L       int
}

func (f *stackSVDFn) ProcessElement(ctx context.Context, _ []byte, iter func(*int, *Block) bool, zs func(*Block) bool, emitQ, emitSmall, emitV func(Block)) error {
	z, ok := single(zs)
	if !ok {
		return nil
	}
	idx, blocks := collect(iter)
	if len(blocks) == 0 {
		return errors.New("beam: RandomizedSVD: no shard produced its R factor")
	}
	h := f.Offsets[len(f.Offsets)-1]
	stack := mat.NewDense(h, f.L, nil)
	for k, b := range blocks {
		s := idx[k]
		if b.Rows != f.Offsets[s+1]-f.Offsets[s] || b.Cols != f.L {
			return fmt.Errorf("beam: R factor of shard %d is %d×%d, want %d×%d", s, b.Rows, b.Cols, f.Offsets[s+1]-f.Offsets[s], f.L)
		}
		stack.Slice(f.Offsets[s], f.Offsets[s+1], 0, f.L).(*mat.Dense).Copy(b.dense())
	}
	var q, r mat.Dense
	svd.ThinQ(&q, stack)
	r.Mul(q.T(), stack)
	var dec mat.SVD
	if !dec.Factorize(r.T(), mat.SVDThin) {
		return errors.New("beam: RandomizedSVD: the small SVD did not converge")
	}
	vals := dec.Values(nil)
	var ur, vr, v mat.Dense
	dec.UTo(&ur)
	dec.VTo(&vr)
	v.Mul(z.dense(), &ur) // n×l: A's right singular vectors
	n, l := z.Rows, f.L
	out := Block{Rows: l, Cols: n + 1, Data: make([]float64, l*(n+1))}
	for i := range l {
		out.Data[i*(n+1)] = vals[i]
		for j := range n {
			out.Data[i*(n+1)+1+j] = v.At(j, i)
		}
	}
	emitQ(blockOf(&q))
	emitSmall(out)
	emitV(blockOf(&vr))
	return nil
}
