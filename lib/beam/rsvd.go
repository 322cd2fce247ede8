package beam

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nprand"
	"github.com/fastai-go/topicmodel/lib/npz"
	"github.com/fastai-go/topicmodel/lib/sparse"
	"github.com/fastai-go/topicmodel/lib/svd"
)

func init() {
	beam.RegisterType(reflect.TypeOf((*Block)(nil)).Elem())
	register.DoFn4x1[context.Context, RowShard, func(*Block) bool, func(int, Block), error](&localRFn{})
	register.DoFn5x1[context.Context, RowShard, func(*Block) bool, func(*Block) bool, func(int, Block), error](&projectFn{})
	register.DoFn4x1[context.Context, []byte, func(*int, *Block) bool, func(Block), error](&stackQFn{})
	register.DoFn4x1[context.Context, []byte, func(*int, *Block) bool, func(Block), error](&sumFn{})
	register.DoFn4x1[context.Context, Block, func(Block), func(Block), error](&smallSVDFn{})
	register.DoFn6x1[context.Context, RowShard, func(*Block) bool, func(*Block) bool, func(*Block) bool, func(int, Block), error](&leftFn{})
	register.DoFn5x1[context.Context, []byte, func(*Block) bool, func(*int, *Block) bool, func(Block), error](&flipFn{})
	register.DoFn2x0[[]byte, func(Block)](&omegaFn{})
	register.Emitter2[int, Block]()
	register.Emitter1[Block]()
	register.Iter2[int, Block]()
	register.Iter1[Block]()
}

// Block is a dense matrix as a pipeline element: Rows×Cols values in row
// order.
type Block struct {
	Rows, Cols int
	Data       []float64
}

func blockOf(m *mat.Dense) Block {
	r, c := m.Dims()
	b := Block{Rows: r, Cols: c, Data: make([]float64, r*c)}
	for i := range r {
		copy(b.Data[i*c:(i+1)*c], m.RawRowView(i))
	}
	return b
}

func (b Block) dense() *mat.Dense {
	if b.Rows == 0 || b.Cols == 0 {
		return nil
	}
	return mat.NewDense(b.Rows, b.Cols, b.Data)
}

// RandomizedSVDOptions configure RandomizedSVD. The zero value of each
// field but K and OutDir means scikit-learn's default, as in
// lib/svd.RandomizedOptions.
type RandomizedSVDOptions struct {
	// K is the number of singular triplets.
	K int
	// Oversamples is n_oversamples: 0 means 10; negative means none.
	Oversamples int
	// Iters is n_iter: 0 means 7 if K < 0.1·min(m, n), else 4; negative
	// means none.
	Iters int
	// Seed seeds the Gaussian test matrix (numpy's RandomState(Seed),
	// lib/nprand), drawn on the driver.
	Seed uint32
	// Transpose is lib/svd's: TransposeAuto (the zero value, scikit-learn's
	// default) works on Aᵀ when A has fewer rows than columns
	// (rsvd_transpose.go), TransposeNever on A, TransposeAlways on Aᵀ. The
	// results are the same to rounding where the spectrum is well
	// separated; scikit-learn's choice agrees with lib/svd's default to
	// rounding.
	Transpose svd.TransposeMode
	// OutDir is where the pipeline writes rsvd.json.
	OutDir string
}

// SVDResult holds what RandomizedSVD computes: the K largest singular
// values, decreasing, the K×n matrix Vᵀ of the right singular vectors, and
// the row shards of the m×K matrix U of the left ones, with scikit-learn's
// svd_flip signs (in each column of U the entry of largest magnitude is
// positive): Vᵀ is flipped, the U shards are stored unflipped and U
// applies Signs.
type SVDResult struct {
	Values []float64
	VT     *mat.Dense
	// UPaths are the files of U's row shards (u-iiiii-of-nnnnn.npz) in
	// shard order; shards without rows have none.
	UPaths []string
	// Signs multiply the columns of the stored U shards.
	Signs []float64
}

// readDenseMember reads the array key of the .npz file at path as a matrix.
func readDenseMember(path, key string) (*mat.Dense, error) {
	f, err := npz.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	a, err := f.Array(key)
	if err != nil {
		return nil, err
	}
	return a.Dense()
}

// U reads the row shards of U, stacks them and applies the signs: the m×K
// matrix of left singular vectors, in memory. Cost: O(m·K).
func (r *SVDResult) U() (*mat.Dense, error) {
	var parts []*mat.Dense
	rows := 0
	for _, p := range r.UPaths {
		d, err := readDenseMember(p, "u")
		if err != nil {
			return nil, err
		}
		if _, c := d.Dims(); c != len(r.Signs) {
			return nil, fmt.Errorf("beam: %s has %d columns, want %d", p, c, len(r.Signs))
		}
		parts = append(parts, d)
		rows += d.RawMatrix().Rows
	}
	if rows == 0 {
		return nil, errors.New("beam: SVDResult.U: no rows")
	}
	u := mat.NewDense(rows, len(r.Signs), nil)
	at := 0
	for _, d := range parts {
		pr, pc := d.Dims()
		for i := range pr {
			for j := range pc {
				u.Set(at+i, j, r.Signs[j]*d.At(i, j))
			}
		}
		at += pr
	}
	return u, nil
}

// AddRandomizedSVD adds to s the randomized SVD of the m×n matrix whose
// row shards are shards (in index order; m = Σ Rows) and returns the
// PCollection holding the svd_flip signs (a 1×K Block); the result is
// written to o.OutDir: rsvd.json (values, flipped Vᵀ, signs) and one
// u-iiiii-of-nnnnn.npz per non-empty shard (its rows of U, unflipped).
//
// The algorithm is scikit-learn's randomized_svd with QR as the power
// iteration normalizer; the l columns of every tall m×l block are kept
// row-sharded and orthonormalised by TSQR. On A (below; for m < n, by
// default, on Aᵀ instead, as scikit-learn: see rsvd_transpose.go):
//
//	Z₀ = Ω (n×l Gaussian drawn on one worker from Seed, broadcast)
//	repeat Iters+1 times:
//	  per shard:  Y_s = A_s·Z, Y_s = Q_s·R_s (thin Householder QR)
//	  one worker: [R_0; R_1; …] = Q̂·R, Q̂ split into blocks Q̂_s
//	  per shard:  Q_s ← Q_s·Q̂_s  (so Q = A·Z's orthonormal basis, sharded),
//	              P_s = A_sᵀ·Q_s
//	  one worker: P = Σ_s P_s in shard order (= Aᵀ·Q = Bᵀ);
//	              Z = thin Q of P, or after the last pass the SVD of Bᵀ
//	per shard:    U_s = Q_s·Û[:, :K] written; each column's largest |u|
//	one worker:   svd_flip's signs from those; Vᵀ flipped and written
//
// Each pass reads every shard file twice (the second recomputes Y_s rather
// than shipping it). Per pass the cost is 6·nnz(A)·l flops for the three
// sparse products on the workers (Y_s = A_s·Z, recomputed, and A_sᵀ·Q_s) plus 4·m·l² for the local QRs, 4·S·l³ on one worker for
// S shards, and S·n·l numbers sent to the worker that sums P.
func AddRandomizedSVD(s beam.Scope, shards []RowShard, n int, o RandomizedSVDOptions) (beam.PCollection, error) {
	if len(shards) == 0 {
		return beam.PCollection{}, errors.New("beam: RandomizedSVD: no shards")
	}
	m := 0
	for i, sh := range shards {
		if sh.Index != i {
			return beam.PCollection{}, fmt.Errorf("beam: RandomizedSVD: shard %d has Index %d; shards must be given in index order from 0", i, sh.Index)
		}
		m += sh.Rows
	}
	l, iters, err := rsvdSizes(m, n, o)
	if err != nil {
		return beam.PCollection{}, err
	}
	// Where each shard's block starts in the stack of R factors: a shard of
	// r rows contributes min(r, l) rows.
	offsets := make([]int, len(shards)+1)
	for i, sh := range shards {
		offsets[i+1] = offsets[i] + min(sh.Rows, l)
	}

	if trans := m < n; (trans && o.Transpose == svd.TransposeAuto) || o.Transpose == svd.TransposeAlways {
		return addRandomizedSVDT(s, shards, n, l, iters, offsets, o), nil
	}
	s = s.Scope("RandomizedSVD")
	in := beam.CreateList(s, shards)
	imp := beam.Impulse(s)
	z := beam.ParDo(s, &omegaFn{Rows: n, Cols: l, Seed: o.Seed}, imp)
	var p, qhat beam.PCollection
	for pass := 0; pass <= iters; pass++ {
		ps := s.Scope(fmt.Sprintf("pass%d", pass))
		rs := beam.ParDo(ps, &localRFn{L: l}, in, beam.SideInput{Input: z})
		qhat = beam.ParDo(ps, &stackQFn{Offsets: offsets, L: l}, imp, beam.SideInput{Input: rs})
		parts := beam.ParDo(ps, &projectFn{L: l, Offsets: offsets}, in, beam.SideInput{Input: z}, beam.SideInput{Input: qhat})
		orth := pass < iters
		p = beam.ParDo(ps, &sumFn{Rows: n, Cols: l, Orth: orth}, imp, beam.SideInput{Input: parts})
		if orth {
			z = p
		}
	}
	small, uhat := beam.ParDo2(s, &smallSVDFn{}, p)
	rowOffsets := make([]int, len(shards))
	for i := 1; i < len(shards); i++ {
		rowOffsets[i] = rowOffsets[i-1] + shards[i-1].Rows
	}
	cands := beam.ParDo(s, &leftFn{L: l, K: o.K, Offsets: offsets, RowOffsets: rowOffsets, OutDir: o.OutDir, NShards: len(shards)},
		in, beam.SideInput{Input: z}, beam.SideInput{Input: qhat}, beam.SideInput{Input: uhat})
	return beam.ParDo(s, &flipFn{K: o.K, OutDir: o.OutDir}, imp, beam.SideInput{Input: small}, beam.SideInput{Input: cands}), nil
}

// omegaFn draws the Rows×Cols Gaussian test matrix as
// numpy.random.RandomState(Seed).normal(size=(Rows, Cols)) does (lib/nprand),
// on a worker, so that the pipeline graph does not carry it.
type omegaFn struct {
	Rows, Cols int
	Seed       uint32
}

func (f *omegaFn) ProcessElement(_ []byte, emit func(Block)) {
	b := Block{Rows: f.Rows, Cols: f.Cols, Data: make([]float64, f.Rows*f.Cols)}
	nprand.New(f.Seed).StandardNormalFill(b.Data)
	emit(b)
}

// rsvdSizes returns the number of columns l of the tall blocks and the
// number of power iterations, with scikit-learn's defaults.
func rsvdSizes(m, n int, o RandomizedSVDOptions) (l, iters int, err error) {
	if o.K < 1 {
		return 0, 0, fmt.Errorf("beam: RandomizedSVD: K = %d: must be at least 1", o.K)
	}
	p := o.Oversamples
	switch {
	case p == 0:
		p = 10
	case p < 0:
		p = 0
	}
	l = o.K + p
	if l > min(m, n) {
		return 0, 0, fmt.Errorf("beam: RandomizedSVD: K + oversamples = %d exceeds min(m, n) = %d", l, min(m, n))
	}
	iters = o.Iters
	switch {
	case iters == 0 && float64(o.K) < 0.1*float64(min(m, n)):
		iters = 7
	case iters == 0:
		iters = 4
	case iters < 0:
		iters = 0
	}
	return l, iters, nil
}

// shardProduct reads shard sh and returns it with Y = A_s·Z, or nils for
// a shard without rows.
func shardProduct(sh RowShard, z Block) (*sparse.CSR, *mat.Dense, error) {
	if sh.Rows == 0 {
		return nil, nil, nil
	}
	a, err := ReadCSR(sh.Path)
	if err != nil {
		return nil, nil, err
	}
	if r, c := a.Dims(); r != sh.Rows || c != z.Rows {
		return nil, nil, fmt.Errorf("beam: shard %d (%s) is %d×%d, want %d×%d", sh.Index, sh.Path, r, c, sh.Rows, z.Rows)
	}
	var y mat.Dense
	a.MulDenseTo(&y, z.dense())
	return a, &y, nil
}

// shardQ returns shard sh's matrix A_s and its rows Q_s = Q_loc·Q̂_s of the
// orthonormal basis of A·Z, recomputed from Z and the stacked Q̂ (the same
// bits as every other time they are computed), or nils for an empty shard.
func shardQ(sh RowShard, z, qhat Block, l int, offsets []int) (*sparse.CSR, *mat.Dense, error) {
	a, y, err := shardProduct(sh, z)
	if err != nil || y == nil {
		return nil, nil, err
	}
	qloc, _ := localQR(y)
	qh := qhat.dense().Slice(offsets[sh.Index], offsets[sh.Index+1], 0, l)
	var q mat.Dense
	q.Mul(qloc, qh)
	return a, &q, nil
}

// localQR returns the thin QR factors of y (r×l): Q is r×min(r, l), R is
// min(r, l)×l.
func localQR(y *mat.Dense) (q, r *mat.Dense) {
	q = new(mat.Dense)
	svd.ThinQ(q, y)
	r = new(mat.Dense)
	r.Mul(q.T(), y)
	return q, r
}

// single reads the one element of a side input. The side inputs of this
// file are read as iterables, not singletons, so that when the step that
// makes one fails, the steps that read it do nothing and the job reports
// the first error rather than a missing side input.
func single(iter func(*Block) bool) (Block, bool) {
	var b Block
	ok := iter(&b)
	return b, ok
}

// localRFn emits, for one shard, the R factor of A_s·Z.
type localRFn struct{ L int }

func (f *localRFn) ProcessElement(ctx context.Context, sh RowShard, zs func(*Block) bool, emit func(int, Block)) error {
	z, ok := single(zs)
	if !ok {
		return nil
	}
	_, y, err := shardProduct(sh, z)
	if err != nil || y == nil {
		return err
	}
	_, r := localQR(y)
	emit(sh.Index, blockOf(r))
	return nil
}

// collect returns the blocks of iter sorted by shard index.
func collect(iter func(*int, *Block) bool) ([]int, []Block) {
	var idx []int
	var blocks []Block
	var i int
	var b Block
	for iter(&i, &b) {
		idx = append(idx, i)
		blocks = append(blocks, b)
	}
	order := make([]int, len(idx))
	for k := range order {
		order[k] = k
	}
	sort.Slice(order, func(a, b int) bool { return idx[order[a]] < idx[order[b]] })
	si := make([]int, len(idx))
	sb := make([]Block, len(idx))
	for k, o := range order {
		si[k], sb[k] = idx[o], blocks[o]
	}
	return si, sb
}

// stackQFn stacks the shards' R factors in shard order and emits the thin
// Q of the stack (Offsets[S]×L), whose rows Offsets[s]:Offsets[s+1] are
// shard s's block Q̂_s.
type stackQFn struct {
	Offsets []int
	L       int
}

func (f *stackQFn) ProcessElement(ctx context.Context, _ []byte, iter func(*int, *Block) bool, emit func(Block)) error {
	idx, blocks := collect(iter)
	h := f.Offsets[len(f.Offsets)-1]
	stack := mat.NewDense(h, f.L, nil)
	for k, b := range blocks {
		s := idx[k]
		if b.Rows != f.Offsets[s+1]-f.Offsets[s] || b.Cols != f.L {
			return fmt.Errorf("beam: R factor of shard %d is %d×%d, want %d×%d", s, b.Rows, b.Cols, f.Offsets[s+1]-f.Offsets[s], f.L)
		}
		stack.Slice(f.Offsets[s], f.Offsets[s+1], 0, f.L).(*mat.Dense).Copy(b.dense())
	}
	var q mat.Dense
	svd.ThinQ(&q, stack)
	emit(blockOf(&q))
	return nil
}

// projectFn emits, for one shard, P_s = A_sᵀ·Q_s where Q_s = Q_loc·Q̂_s is
// the shard's rows of the orthonormal basis of A·Z.
type projectFn struct {
	L       int
	Offsets []int
}

func (f *projectFn) ProcessElement(ctx context.Context, sh RowShard, zs, qhats func(*Block) bool, emit func(int, Block)) error {
	z, ok := single(zs)
	if !ok {
		return nil
	}
	qhat, ok := single(qhats)
	if !ok {
		return nil
	}
	a, q, err := shardQ(sh, z, qhat, f.L, f.Offsets)
	if err != nil || q == nil {
		return err
	}
	var p mat.Dense
	a.TMulDenseTo(&p, q)
	emit(sh.Index, blockOf(&p))
	return nil
}

// sumFn sums the shards' Rows×Cols blocks in shard order and emits the
// sum, or with Orth its thin Q.
type sumFn struct {
	Rows, Cols int
	Orth       bool
}

func (f *sumFn) ProcessElement(ctx context.Context, _ []byte, iter func(*int, *Block) bool, emit func(Block)) error {
	idx, blocks := collect(iter)
	sum := mat.NewDense(f.Rows, f.Cols, nil)
	for k, b := range blocks {
		if b.Rows != f.Rows || b.Cols != f.Cols {
			return fmt.Errorf("beam: block of shard %d is %d×%d, want %d×%d", idx[k], b.Rows, b.Cols, f.Rows, f.Cols)
		}
		sum.Add(sum, b.dense())
	}
	if f.Orth {
		var q mat.Dense
		svd.ThinQ(&q, sum)
		sum = &q
	}
	emit(blockOf(sum))
	return nil
}

// smallSVDFn takes Bᵀ = Aᵀ·Q (n×l), computes its SVD Bᵀ = V·Σ·Ûᵀ (so
// B = Û·Σ·Vᵀ) and emits [s | Vᵀ] (l×(n+1)) and Û (l×l).
type smallSVDFn struct{}

func (f *smallSVDFn) ProcessElement(ctx context.Context, bt Block, emit, emitU func(Block)) error {
	var dec mat.SVD
	if !dec.Factorize(bt.dense(), mat.SVDThin) {
		return errors.New("beam: RandomizedSVD: the small SVD did not converge")
	}
	vals := dec.Values(nil)
	var v, uhat mat.Dense
	dec.UTo(&v)
	dec.VTo(&uhat)
	n, l := bt.Rows, bt.Cols
	out := Block{Rows: l, Cols: n + 1, Data: make([]float64, l*(n+1))}
	for i := range l {
		out.Data[i*(n+1)] = vals[i]
		for j := range n {
			out.Data[i*(n+1)+1+j] = v.At(j, i)
		}
	}
	emit(out)
	emitU(blockOf(&uhat))
	return nil
}

// UPath returns the name of the file holding shard i of n of the left
// singular vectors in folder dir: u-iiiii-of-nnnnn.npz (key "u", before
// the sign flip; SVDResult.Signs holds the signs).
func UPath(dir string, i, n int) string {
	return filepath.Join(dir, fmt.Sprintf("u-%05d-of-%05d.npz", i, n))
}

// leftFn writes shard s's rows of U = Q·Û[:, :K] and emits, for
// svd_flip, each column's entry of largest magnitude in the shard as a 3×K
// block: |u|, its global row, u.
type leftFn struct {
	L, K       int
	Offsets    []int
	RowOffsets []int
	OutDir     string
	NShards    int
}

func (f *leftFn) ProcessElement(ctx context.Context, sh RowShard, zs, qhats, uhats func(*Block) bool, emit func(int, Block)) error {
	z, ok := single(zs)
	if !ok {
		return nil
	}
	qhat, ok := single(qhats)
	if !ok {
		return nil
	}
	uhat, ok := single(uhats)
	if !ok {
		return nil
	}
	_, q, err := shardQ(sh, z, qhat, f.L, f.Offsets)
	if err != nil || q == nil {
		return err
	}
	var u mat.Dense
	u.Mul(q, uhat.dense().Slice(0, f.L, 0, f.K))
	w, err := npz.Create(UPath(f.OutDir, sh.Index, f.NShards), false)
	if err != nil {
		return err
	}
	if err := w.Dense("u", &u); err != nil {
		w.Abort()
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	c := Block{Rows: 3, Cols: f.K, Data: make([]float64, 3*f.K)}
	for j := range f.K {
		best := 0
		for i := range sh.Rows {
			if math.Abs(u.At(i, j)) > math.Abs(u.At(best, j)) {
				best = i // strict: the first of equal magnitudes, as np.argmax
			}
		}
		c.Data[j] = math.Abs(u.At(best, j))
		c.Data[f.K+j] = float64(f.RowOffsets[sh.Index] + best)
		c.Data[2*f.K+j] = u.At(best, j)
	}
	emit(sh.Index, c)
	return nil
}

// flipFn decides the signs of svd_flip from the shards' candidates (the
// largest |u| in each column, the first row among equals), flips the rows of
// Vᵀ, and writes the result to OutDir/rsvd.json.
type flipFn struct {
	K      int
	OutDir string
}

// rsvdFile is the JSON form of a RandomizedSVD result.
type rsvdFile struct {
	Values []float64   `json:"values"`
	VT     [][]float64 `json:"vt"`
	Signs  []float64   `json:"u_signs"` // multiply column j of the U shards by Signs[j]
}

func (f *flipFn) ProcessElement(ctx context.Context, _ []byte, smalls func(*Block) bool, cands func(*int, *Block) bool, emit func(Block)) error {
	small, ok := single(smalls)
	if !ok {
		return nil
	}
	_, blocks := collect(cands)
	if len(blocks) == 0 {
		return errors.New("beam: RandomizedSVD: no shard produced left singular vectors")
	}
	signs := make([]float64, f.K)
	for j := range f.K {
		bestAbs, bestRow, bestVal := -1.0, 0.0, 0.0
		for _, b := range blocks {
			abs, row, val := b.Data[j], b.Data[f.K+j], b.Data[2*f.K+j]
			if abs > bestAbs || (abs == bestAbs && row < bestRow) {
				bestAbs, bestRow, bestVal = abs, row, val
			}
		}
		signs[j] = 1
		if bestVal < 0 {
			signs[j] = -1
		}
	}
	n := small.Cols - 1
	out := rsvdFile{Values: make([]float64, f.K), VT: make([][]float64, f.K), Signs: signs}
	for i := range f.K {
		row := small.Data[i*(n+1) : (i+1)*(n+1)]
		out.Values[i] = row[0]
		out.VT[i] = make([]float64, n)
		for j := range n {
			out.VT[i][j] = signs[i] * row[1+j]
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return err
	}
	path := filepath.Join(f.OutDir, "rsvd.json")
	if err := os.WriteFile(path+".part", b, 0o644); err != nil {
		return err
	}
	if err := os.Rename(path+".part", path); err != nil {
		return err
	}
	emit(Block{Rows: 1, Cols: f.K, Data: signs})
	return nil
}

// RandomizedSVD runs the randomized SVD pipeline (AddRandomizedSVD) on the
// row shards of an m×n matrix and returns the K largest singular values and
// their right singular vectors. The values agree with lib/svd.Randomized's
// to rounding where the spectrum is well separated.
func RandomizedSVD(ctx context.Context, shards []RowShard, n int, o RandomizedSVDOptions, r RunOptions) (*SVDResult, error) {
	if o.OutDir == "" {
		return nil, errors.New("beam: RandomizedSVD: no OutDir")
	}
	if err := os.MkdirAll(o.OutDir, 0o755); err != nil {
		return nil, fmt.Errorf("beam: RandomizedSVD: %w", err)
	}
	p, s := beam.NewPipelineWithRoot()
	if _, err := AddRandomizedSVD(s, shards, n, o); err != nil {
		return nil, err
	}
	if err := Run(ctx, p, r); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(filepath.Join(o.OutDir, "rsvd.json"))
	if err != nil {
		return nil, err
	}
	var out rsvdFile
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("beam: rsvd.json: %w", err)
	}
	if len(out.Values) != o.K || len(out.VT) != o.K || len(out.Signs) != o.K {
		return nil, fmt.Errorf("beam: rsvd.json holds %d values, %d rows of Vᵀ and %d signs, want %d", len(out.Values), len(out.VT), len(out.Signs), o.K)
	}
	res := &SVDResult{Values: out.Values, VT: mat.NewDense(o.K, n, nil), Signs: out.Signs}
	for i, row := range out.VT {
		if len(row) != n {
			return nil, fmt.Errorf("beam: rsvd.json: row %d of Vᵀ has %d entries, want %d", i, len(row), n)
		}
		res.VT.SetRow(i, row)
	}
	for _, sh := range shards {
		if sh.Rows > 0 {
			res.UPaths = append(res.UPaths, UPath(o.OutDir, sh.Index, len(shards)))
		}
	}
	return res, nil
}
