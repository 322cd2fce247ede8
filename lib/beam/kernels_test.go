package beam

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/nprand"
	"github.com/fastai-go/topicmodel/lib/svd"
)

// TestScaleKernels times, in process and without Beam, the work one
// worker does on one row shard in one pass of RandomizedSVD, at the sizes
// of the README's cost model: a shard of TOPICMODEL_BEAM_KERNELS rows
// (for example 10000) with 250 non-zeros per row in n = 10⁵ columns (a
// Wikipedia-like density) and l = 410 (k = 400 plus 10 oversamples). It
// reports the rate of each kernel: reading the shard file, A_s·Z, the
// thin QR of Y_s, Q_loc·Q̂_s and A_sᵀ·Q_s. It needs about 1 GB.
func TestScaleKernels(t *testing.T) {
	rows, _ := strconv.Atoi(os.Getenv("TOPICMODEL_BEAM_KERNELS"))
	if rows <= 0 {
		t.Skip("set TOPICMODEL_BEAM_KERNELS to a number of shard rows to time the per-shard kernels")
	}
	const n, perRow, l = 100000, 250, 410
	a := randomCSR(rows, n, perRow, 5)
	path := filepath.Join(t.TempDir(), "shard.npz")
	if err := writeCSR(path, a); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	nnz := a.NNZ()
	z := mat.NewDense(n, l, nil)
	nprand.New(0).StandardNormalFill(z.RawMatrix().Data)

	lap := func() func() time.Duration {
		start := time.Now()
		return func() time.Duration { return time.Since(start) }
	}
	stop := lap()
	if _, err := ReadCSR(path); err != nil {
		t.Fatal(err)
	}
	read := stop()

	stop = lap()
	var y mat.Dense
	a.MulDenseTo(&y, z)
	az := stop()

	stop = lap()
	qloc, _ := localQR(&y)
	qr := stop()

	qhat := mat.NewDense(l, l, nil)
	svd.ThinQ(qhat, mat.NewDense(l, l, z.RawMatrix().Data[:l*l]))
	stop = lap()
	var q mat.Dense
	q.Mul(qloc, qhat)
	qq := stop()

	stop = lap()
	var p mat.Dense
	a.TMulDenseTo(&p, &q)
	atq := stop()

	ns := func(d time.Duration, per float64) float64 { return float64(d.Nanoseconds()) / per }
	t.Logf("shard %d×%d, %d non-zeros, file %.0f MB, l=%d", rows, n, nnz, float64(st.Size())/1e6, l)
	t.Logf("read shard file: %v (%.0f MB/s, %.1f ns per non-zero)", read, float64(st.Size())/1e6/read.Seconds(), ns(read, float64(nnz)))
	t.Logf("A_s·Z:           %v (%.2f ns per non-zero·column)", az, ns(az, float64(nnz)*l))
	t.Logf("thin QR of Y_s:  %v (%.2f ns per row·column²)", qr, ns(qr, float64(rows)*l*l))
	t.Logf("Q_loc·Q̂_s:       %v (%.2f ns per row·column²)", qq, ns(qq, float64(rows)*l*l))
	t.Logf("A_sᵀ·Q_s:        %v (%.2f ns per non-zero·column)", atq, ns(atq, float64(nnz)*l))
}
