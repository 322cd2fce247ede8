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

	"github.com/fastai-go/topicmodel/lib/nmf"
	"github.com/fastai-go/topicmodel/lib/nprand"
	"github.com/fastai-go/topicmodel/lib/npz"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// The steps of the NMF pipelines (nmf.go). As in rsvd.go, side inputs are
// read as iterables, so that when a step fails the steps after it do
// nothing and the job reports the first error.

func init() {
	beam.RegisterType(reflect.TypeOf((*nmfState)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*nmfPart)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*nmfStats)(nil)).Elem())
	register.DoFn4x1[context.Context, RowShard, func(*Block) bool, func(int, nmfStats), error](&nmfStatsFn{})
	register.DoFn4x1[context.Context, []byte, func(*int, *nmfStats) bool, func(nmfState), error](&nmfInitHFn{})
	register.DoFn4x1[context.Context, RowShard, func(*nmfState) bool, func(int), error](&nmfInitWFn{})
	register.DoFn5x0[context.Context, []byte, func(*nmfState) bool, func(*int) bool, func(nmfState)](&nmfBarrierFn{})
	register.DoFn3x1[context.Context, []byte, func(nmfState), error](&nmfReadStateFn{})
	register.DoFn4x1[context.Context, RowShard, func(*nmfState) bool, func(int, nmfPart), error](&nmfWStepFn{})
	register.DoFn5x1[context.Context, []byte, func(*nmfState) bool, func(*int, *nmfPart) bool, func(nmfState), error](&nmfHStepFn{})
	register.DoFn4x1[context.Context, RowShard, func(*nmfState) bool, func(int, float64), error](&nmfFinalWFn{})
	register.DoFn4x1[context.Context, []byte, func(*nmfState) bool, func(*int, *float64) bool, error](&nmfWriteStateFn{})
	register.Emitter1[nmfState]()
	register.Emitter2[int, nmfStats]()
	register.Emitter2[int, nmfPart]()
	register.Emitter2[int, float64]()
	register.Iter1[nmfState]()
	register.Iter1[int]()
	register.Iter2[int, nmfStats]()
	register.Iter2[int, nmfPart]()
	register.Iter2[int, float64]()
}

// nmfState is what one iteration hands the next, and one pipeline the
// next through nmf-state.json.
type nmfState struct {
	Iter      int     // iterations done
	VInit     float64 // the violation after the first iteration
	Done      bool    // the stopping rule holds, or MaxIter iterations ran
	Converged bool    // when Done: not stopped at MaxIter with Tol > 0
	HT        Block   // Hᵀ, n×K
	HHT       Block   // H·Hᵀ, K×K
	WtW       Block   // WᵀW of the latest W, K×K
	NormX     float64 // ‖X‖²_F
	Mean      float64 // mean(X), for the init
	// Coef holds, before the first iteration, what the NNDSVD init of W
	// needs, a 4×K block: for each column c ≥ 1 of U the sign of the kept
	// part, λ_c, the norm of the kept part, and svd_flip's sign of U's
	// column; column 0 holds sqrt(σ₀) as λ.
	Coef Block
}

// nmfPart is one shard's share of an iteration.
type nmfPart struct {
	WtW Block   // W_sᵀW_s, K×K
	XtW Block   // X_sᵀW_s, n×K
	V   float64 // the violation of the shard's W sweep
}

// nmfStats is one shard's share of the statistics the init needs.
type nmfStats struct {
	Sum, SumSq float64   // Σ x and Σ x² over the shard's stored entries
	Pos, Neg   []float64 // NNDSVD: Σ max(±u_ic, 0)² over the shard's rows of U
}

// byShard returns the values of iter in shard order.
func byShard[T any](iter func(*int, *T) bool) []T {
	type kv struct {
		i int
		v T
	}
	var all []kv
	var i int
	var v T
	for iter(&i, &v) {
		all = append(all, kv{i, v})
		v = *new(T)
	}
	sort.Slice(all, func(a, b int) bool { return all[a].i < all[b].i })
	out := make([]T, len(all))
	for k, e := range all {
		out[k] = e.v
	}
	return out
}

// readShardRows reads shard sh and checks that it is sh.Rows×n.
func readShardRows(sh RowShard, n int) (*sparse.CSR, error) {
	x, err := ReadCSR(sh.Path)
	if err != nil {
		return nil, err
	}
	if r, c := x.Dims(); r != sh.Rows || c != n {
		return nil, fmt.Errorf("beam: shard %d (%s) is %d×%d, want %d×%d", sh.Index, sh.Path, r, c, sh.Rows, n)
	}
	_, _, data := x.Raw()
	for _, v := range data {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("beam: NMF: shard %d (%s) holds %v; NMF needs finite X ≥ 0", sh.Index, sh.Path, v)
		}
	}
	return x, nil
}

// readW reads a W shard (key "w") and checks that it is rows×k.
func readW(path string, rows, k int) ([]float64, error) {
	d, err := readDenseMember(path, "w")
	if err != nil {
		return nil, err
	}
	if r, c := d.Dims(); r != rows || c != k {
		return nil, fmt.Errorf("beam: NMF: %s is %d×%d, want %d×%d", path, r, c, rows, k)
	}
	return blockOf(d).Data, nil
}

// writeW writes the rows×k W of a shard to path (key "w"), atomically.
func writeW(path string, w []float64, rows, k int) error {
	f, err := npz.Create(path, false)
	if err != nil {
		return err
	}
	if err := f.Dense("w", mat.NewDense(rows, k, w)); err != nil {
		f.Abort()
		return err
	}
	return f.Close()
}

// nmfStatsFn emits a shard's Σ x and Σ x², and for the NNDSVD inits the
// sums of squares of the positive and negative parts of its rows of U
// (with svd_flip's signs, the side input). For the other inits the side
// input is a placeholder that only orders the steps.
type nmfStatsFn struct {
	K, N    int
	Init    string
	SVDDir  string
	NShards int
}

func (f *nmfStatsFn) ProcessElement(ctx context.Context, sh RowShard, after func(*Block) bool, emit func(int, nmfStats)) error {
	signs, ok := single(after)
	if !ok || sh.Rows == 0 {
		return nil
	}
	x, err := readShardRows(sh, f.N)
	if err != nil {
		return err
	}
	var st nmfStats
	_, _, data := x.Raw()
	for _, v := range data {
		st.Sum += v
		st.SumSq += float64(v * v)
	}
	if f.SVDDir != "" {
		u, err := readDenseMember(UPath(f.SVDDir, sh.Index, f.NShards), "u")
		if err != nil {
			return err
		}
		st.Pos, st.Neg = make([]float64, f.K), make([]float64, f.K)
		for i := range sh.Rows {
			for c := 1; c < f.K; c++ {
				v := signs.Data[c] * u.At(i, c)
				if v > 0 {
					st.Pos[c] += float64(v * v)
				} else {
					st.Neg[c] += float64(v * v)
				}
			}
		}
	}
	emit(sh.Index, st)
	return nil
}

// nndsvdEps is scikit-learn's threshold below which NNDSVD entries become 0.
const nndsvdEps = 1e-6

// nmfInitHFn combines the shards' statistics and emits the state before
// the first iteration, with H's starting point: drawn (random), from
// rsvd.json (NNDSVD) or H0 (custom).
type nmfInitHFn struct {
	K, N, M int
	Init    string
	Seed    uint32
	SVDDir  string
	H0      Block
}

func (f *nmfInitHFn) ProcessElement(ctx context.Context, _ []byte, stats func(*int, *nmfStats) bool, emit func(nmfState)) error {
	all := byShard(stats)
	if len(all) == 0 {
		return nil // a shard failed
	}
	k, n := f.K, f.N
	var sum, sumSq float64
	pos, neg := make([]float64, k), make([]float64, k)
	for _, st := range all {
		sum += st.Sum
		sumSq += st.SumSq
		for c := range st.Pos {
			pos[c] += st.Pos[c]
			neg[c] += st.Neg[c]
		}
	}
	mean := sum / (float64(f.M) * float64(n))
	ht := make([]float64, n*k)
	coef := Block{Rows: 4, Cols: k, Data: make([]float64, 4*k)}
	switch f.Init {
	case NMFInitRandom:
		// numpy draws H (K×n, C order) first, then W (m×K).
		avg := math.Sqrt(mean / float64(k))
		rs := nprand.New(f.Seed)
		for c := range k {
			for j := range n {
				ht[j*k+c] = math.Abs(avg * rs.StandardNormal())
			}
		}
	case NMFInitCustom:
		copy(ht, f.H0.Data)
	default: // NNDSVD
		svd, err := readRSVDFile(filepath.Join(f.SVDDir, "rsvd.json"), k, n)
		if err != nil {
			return err
		}
		s0 := math.Sqrt(svd.Values[0])
		coef.Data[k] = s0
		for j := range n {
			ht[j*k] = s0 * math.Abs(svd.VT[0][j])
		}
		for c := 1; c < k; c++ {
			y := svd.VT[c]
			xp, xn := math.Sqrt(pos[c]), math.Sqrt(neg[c])
			yp, yn := posNegNorms(y)
			mp, mn := xp*yp, xn*yn
			sign, xnrm, ynrm, sigma := 1.0, xp, yp, mp
			if !(mp > mn) {
				sign, xnrm, ynrm, sigma = -1, xn, yn, mn
			}
			lbd := math.Sqrt(svd.Values[c] * sigma)
			if xnrm == 0 || ynrm == 0 {
				lbd, xnrm, ynrm = 0, 1, 1
			}
			for j, v := range y {
				ht[j*k+c] = lbd * (math.Max(sign*v, 0) / ynrm)
			}
			coef.Data[c], coef.Data[k+c], coef.Data[2*k+c] = sign, lbd, xnrm
		}
		for c := range k {
			coef.Data[3*k+c] = svd.Signs[c]
		}
		for j, v := range ht {
			if v < nndsvdEps {
				ht[j] = 0
			}
			if ht[j] == 0 && f.Init == NMFInitNNDSVDA {
				ht[j] = mean
			}
		}
	}
	emit(nmfState{
		HT:    Block{Rows: n, Cols: k, Data: ht},
		HHT:   Block{Rows: k, Cols: k, Data: gram(ht, n, k)},
		NormX: sumSq,
		Mean:  mean,
		Coef:  coef,
	})
	return nil
}

// posNegNorms returns the Euclidean norms of max(x, 0) and max(−x, 0).
func posNegNorms(x []float64) (pos, neg float64) {
	for _, v := range x {
		if v > 0 {
			pos += float64(v * v)
		} else {
			neg += float64(v * v)
		}
	}
	return math.Sqrt(pos), math.Sqrt(neg)
}

// readRSVDFile reads the rsvd.json of AddRandomizedSVD and checks its
// sizes.
func readRSVDFile(path string, k, n int) (*rsvdFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out rsvdFile
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("beam: %s: %w", path, err)
	}
	if len(out.Values) != k || len(out.VT) != k || len(out.Signs) != k {
		return nil, fmt.Errorf("beam: %s holds %d values, want %d", path, len(out.Values), k)
	}
	for _, row := range out.VT {
		if len(row) != n {
			return nil, fmt.Errorf("beam: %s: a row of Vᵀ has %d entries, want %d", path, len(row), n)
		}
	}
	return &out, nil
}

// nmfInitWFn writes a shard's starting W (iteration 0) and emits the
// shard's index, so that the first iteration can wait for every shard.
type nmfInitWFn struct {
	K, N       int
	Init       string
	Seed       uint32
	SVDDir     string
	RowOffsets []int
	W0         []string
	OutDir     string
	NShards    int
}

func (f *nmfInitWFn) ProcessElement(ctx context.Context, sh RowShard, states func(*nmfState) bool, emit func(int)) error {
	var st nmfState
	if !states(&st) {
		return nil
	}
	if sh.Rows == 0 {
		emit(sh.Index)
		return nil
	}
	k := f.K
	var w []float64
	switch f.Init {
	case NMFInitRandom:
		// The stream draws H (K·n numbers), then W row by row: skip to
		// this shard's first row. Cost: O((n + the rows before) · K).
		avg := math.Sqrt(st.Mean / float64(k))
		rs := nprand.New(f.Seed)
		for range k*f.N + k*f.RowOffsets[sh.Index] {
			rs.StandardNormal()
		}
		w = make([]float64, sh.Rows*k)
		for i := range w {
			w[i] = math.Abs(avg * rs.StandardNormal())
		}
	case NMFInitCustom:
		var err error
		if w, err = readW(f.W0[sh.Index], sh.Rows, k); err != nil {
			return err
		}
		for _, v := range w {
			if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("beam: NMF: %s holds %v; W0 must be finite and non-negative", f.W0[sh.Index], v)
			}
		}
	default: // NNDSVD
		u, err := readDenseMember(UPath(f.SVDDir, sh.Index, f.NShards), "u")
		if err != nil {
			return err
		}
		if r, c := u.Dims(); r != sh.Rows || c != k {
			return fmt.Errorf("beam: NMF: %s is %d×%d, want %d×%d", UPath(f.SVDDir, sh.Index, f.NShards), r, c, sh.Rows, k)
		}
		cf := st.Coef.Data
		w = make([]float64, sh.Rows*k)
		for i := range sh.Rows {
			w[i*k] = cf[k] * math.Abs(cf[3*k]*u.At(i, 0))
			for c := 1; c < k; c++ {
				v := cf[3*k+c] * u.At(i, c)
				w[i*k+c] = cf[k+c] * (math.Max(cf[c]*v, 0) / cf[2*k+c])
			}
		}
		for i, v := range w {
			if v < nndsvdEps {
				w[i] = 0
			}
			if w[i] == 0 && f.Init == NMFInitNNDSVDA {
				w[i] = st.Mean
			}
		}
	}
	if err := writeW(wIterPath(f.OutDir, sh.Index, f.NShards, 0), w, sh.Rows, k); err != nil {
		return err
	}
	emit(sh.Index)
	return nil
}

// nmfBarrierFn re-emits the state once every shard has written its
// starting W (the second side input).
type nmfBarrierFn struct{}

func (f *nmfBarrierFn) ProcessElement(ctx context.Context, _ []byte, states func(*nmfState) bool, marks func(*int) bool, emit func(nmfState)) {
	var st nmfState
	if !states(&st) {
		return
	}
	var i int
	for marks(&i) {
	}
	emit(st)
}

// nmfReadStateFn emits the state the last pipeline wrote.
type nmfReadStateFn struct{ Path string }

func (f *nmfReadStateFn) ProcessElement(ctx context.Context, _ []byte, emit func(nmfState)) error {
	st, err := readNMFState(f.Path)
	if err != nil {
		return err
	}
	emit(st.nmfState)
	return nil
}

// nmfWStepFn updates one shard's W by a sweep of coordinate descent with H
// fixed and emits its share of WᵀW, XᵀW and the violation.
type nmfWStepFn struct {
	K       int
	OutDir  string
	NShards int
}

func (f *nmfWStepFn) ProcessElement(ctx context.Context, sh RowShard, states func(*nmfState) bool, emit func(int, nmfPart)) error {
	var st nmfState
	if !states(&st) || st.Done || sh.Rows == 0 {
		return nil
	}
	k, n := f.K, st.HT.Rows
	x, err := readShardRows(sh, n)
	if err != nil {
		return err
	}
	w, err := readW(wIterPath(f.OutDir, sh.Index, f.NShards, st.Iter), sh.Rows, k)
	if err != nil {
		return err
	}
	xb := mulCSRDense(x, st.HT.Data, k)
	v := cdSweep(w, xb, st.HHT.Data, sh.Rows, k)
	if err := writeW(wIterPath(f.OutDir, sh.Index, f.NShards, st.Iter+1), w, sh.Rows, k); err != nil {
		return err
	}
	emit(sh.Index, nmfPart{
		WtW: Block{Rows: k, Cols: k, Data: gram(w, sh.Rows, k)},
		XtW: Block{Rows: n, Cols: k, Data: mulCSRTDense(x, w, k)},
		V:   v,
	})
	return nil
}

// nmfHStepFn sums the shards' parts in shard order, updates Hᵀ by a sweep
// of coordinate descent with W fixed, applies the stopping rule and emits
// the next state.
type nmfHStepFn struct {
	K, N    int
	Tol     float64
	MaxIter int
}

func (f *nmfHStepFn) ProcessElement(ctx context.Context, _ []byte, states func(*nmfState) bool, parts func(*int, *nmfPart) bool, emit func(nmfState)) error {
	var st nmfState
	if !states(&st) {
		return nil
	}
	if st.Done {
		emit(st)
		return nil
	}
	all := byShard(parts)
	if len(all) == 0 {
		return errors.New("beam: NMF: no shard produced its part of the iteration")
	}
	k, n := f.K, f.N
	wtw := make([]float64, k*k)
	xtw := make([]float64, n*k)
	var v float64
	for _, p := range all {
		if len(p.WtW.Data) != k*k || len(p.XtW.Data) != n*k {
			return fmt.Errorf("beam: NMF: a shard's part is %d×%d and %d×%d, want %d×%d and %d×%d", p.WtW.Rows, p.WtW.Cols, p.XtW.Rows, p.XtW.Cols, k, k, n, k)
		}
		for i, x := range p.WtW.Data {
			wtw[i] += x
		}
		for i, x := range p.XtW.Data {
			xtw[i] += x
		}
		v += p.V
	}
	ht := append([]float64(nil), st.HT.Data...)
	v += cdSweep(ht, xtw, wtw, n, k)
	next := nmfState{
		Iter:  st.Iter + 1,
		VInit: st.VInit,
		HT:    Block{Rows: n, Cols: k, Data: ht},
		HHT:   Block{Rows: k, Cols: k, Data: gram(ht, n, k)},
		WtW:   Block{Rows: k, Cols: k, Data: wtw},
		NormX: st.NormX,
	}
	if next.Iter == 1 {
		next.VInit = v
	}
	next.Done = next.VInit == 0 || v/next.VInit <= f.Tol || next.Iter >= f.MaxIter
	next.Converged = !(next.Iter >= f.MaxIter && f.Tol > 0)
	emit(next)
	return nil
}

// nmfFinalWFn, once the fit is done, writes a shard's final W under its
// stable name and emits its share of the cross term ⟨X·Hᵀ, W⟩.
type nmfFinalWFn struct {
	K       int
	OutDir  string
	NShards int
}

func (f *nmfFinalWFn) ProcessElement(ctx context.Context, sh RowShard, states func(*nmfState) bool, emit func(int, float64)) error {
	var st nmfState
	if !states(&st) || !st.Done || sh.Rows == 0 {
		return nil
	}
	x, err := readShardRows(sh, st.HT.Rows)
	if err != nil {
		return err
	}
	w, err := readW(wIterPath(f.OutDir, sh.Index, f.NShards, st.Iter), sh.Rows, f.K)
	if err != nil {
		return err
	}
	if err := writeW(WPath(f.OutDir, sh.Index, f.NShards), w, sh.Rows, f.K); err != nil {
		return err
	}
	emit(sh.Index, nmf.CrossTerm(x, mat.NewDense(sh.Rows, f.K, w), mat.NewDense(st.HT.Rows, st.HT.Cols, st.HT.Data)))
	return nil
}

// nmfWriteStateFn writes the state to Path (atomically) and, once the fit
// is done, the reconstruction error ‖X‖² + ⟨(WᵀW)·H, H⟩ − 2⟨X·Hᵀ, W⟩.
type nmfWriteStateFn struct{ Path string }

func (f *nmfWriteStateFn) ProcessElement(ctx context.Context, _ []byte, states func(*nmfState) bool, crosses func(*int, *float64) bool) error {
	var st nmfState
	if !states(&st) {
		return nil
	}
	out := nmfStateFile{nmfState: st}
	if st.Done {
		var cross float64
		for _, c := range byShard(crosses) {
			cross += c
		}
		k := st.HT.Cols
		sq := st.NormX + nmf.QuadTerm(st.WtW.Data, mat.NewDense(st.HT.Rows, k, st.HT.Data)) - 2*cross
		out.Err = math.Sqrt(math.Max(sq, 0))
	}
	b, err := json.Marshal(out)
	if err != nil {
		return fmt.Errorf("beam: NMF: %w (the factors are not finite: scale X down)", err)
	}
	if err := os.WriteFile(f.Path+".part", b, 0o644); err != nil {
		return err
	}
	return os.Rename(f.Path+".part", f.Path)
}
