package nmf

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

// TestLossTerms checks that ‖X‖² + QuadTerm(WᵀW, Hᵀ) − 2·CrossTerm(X, W, Hᵀ)
// is ‖X − W·H‖² formed densely, and that the terms of row shards of X and
// W add up to the whole matrix's.
func TestLossTerms(t *testing.T) {
	rnd := rand.New(rand.NewPCG(81, 82))
	const m, n, k = 300, 120, 4
	x := mat.NewDense(m, n, nil)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			if rnd.Float64() < 0.1 {
				x.Set(i, j, rnd.Float64()*3)
			}
		}
	}
	w, ht := mat.NewDense(m, k, nil), mat.NewDense(n, k, nil)
	for _, a := range []*mat.Dense{w, ht} {
		for i := range a.RawMatrix().Data {
			a.RawMatrix().Data[i] = rnd.Float64()
		}
	}
	var wh, r mat.Dense
	wh.Mul(w, ht.T())
	r.Sub(x, &wh)
	want := math.Pow(mat.Norm(&r, 2), 2)
	xs := sparse.FromDense(x)
	var g mat.Dense
	g.Mul(w.T(), w)
	normX := math.Pow(mat.Norm(x, 2), 2)
	got := normX + QuadTerm(g.RawMatrix().Data, ht) - 2*CrossTerm(xs, w, ht)
	if math.Abs(got-want) > 1e-12*want {
		t.Fatalf("‖X‖² + quad − 2·cross = %v, ‖X − W·H‖² = %v", got, want)
	}
	// Views with a stride: the first k columns of wider matrices.
	w2, ht2 := mat.NewDense(m, k+3, nil), mat.NewDense(n, k+2, nil)
	w2v, ht2v := w2.Slice(0, m, 0, k).(*mat.Dense), ht2.Slice(0, n, 0, k).(*mat.Dense)
	w2v.Copy(w)
	ht2v.Copy(ht)
	if c1, c2 := CrossTerm(xs, w, ht), CrossTerm(xs, w2v, ht2v); c1 != c2 {
		t.Fatalf("CrossTerm of strided views = %v, of the plain matrices %v", c2, c1)
	}
	if q1, q2 := QuadTerm(g.RawMatrix().Data, ht), QuadTerm(g.RawMatrix().Data, ht2v); q1 != q2 {
		t.Fatalf("QuadTerm of a strided view = %v, of the plain matrix %v", q2, q1)
	}
	// Two row shards: the cross terms add up.
	top, bottom := sparse.FromDense(x.Slice(0, 100, 0, n)), sparse.FromDense(x.Slice(100, m, 0, n))
	shards := CrossTerm(top, w.Slice(0, 100, 0, k).(*mat.Dense), ht) + CrossTerm(bottom, w.Slice(100, m, 0, k).(*mat.Dense), ht)
	if whole := CrossTerm(xs, w, ht); math.Abs(shards-whole) > 1e-12*math.Abs(whole) {
		t.Fatalf("the shards' cross terms add up to %v, the whole matrix's is %v", shards, whole)
	}
}
