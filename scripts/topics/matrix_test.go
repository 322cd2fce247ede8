package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/npz"
)

// The fixtures of lib/npz: a 30×20 count matrix saved by scipy.sparse.save_npz
// and scikit-learn's randomized_svd(X, 3, n_iter=2, random_state=0) on it.
var npzFixtures = filepath.Join("..", "..", "lib", "npz", "testdata")

func runMatrix(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestMatrixRSVD(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(npzFixtures, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var exp map[string]struct {
		S []float64 `json:"randomized_svd_k3_niter2_s"`
	}
	if err := json.Unmarshal(b, &exp); err != nil {
		t.Fatal(err)
	}
	want := exp["csr_counts.npz"].S
	dir := t.TempDir()
	save := filepath.Join(dir, "f.npz")
	for _, in := range []string{"csr_counts.npz", "csr_stored.npz", "csc.npz", "csr_int64.npz"} {
		code, out, errs := runMatrix(t, "-matrix", filepath.Join(npzFixtures, in), "-method", "rsvd", "-k", "3", "-n-iter", "2", "-json", "-save", save)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", in, code, errs)
		}
		var r Result
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		if r.Shape != [2]int{30, 20} || r.NNZ != 180 || r.Sum != 448 {
			t.Errorf("%s: shape %v nnz %d sum %v", in, r.Shape, r.NNZ, r.Sum)
		}
		if !floats.EqualApprox(r.SingularValues, want, 1e-12*want[0]) {
			t.Errorf("%s: singular values %v, scikit-learn %v", in, r.SingularValues, want)
		}
		if len(r.Topics) != 3 || !strings.Contains(errs, "rsvd done") {
			t.Errorf("%s: topics %v, progress %q", in, r.Topics, errs)
		}
		// The saved factors, read back.
		f, err := npz.Open(save)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(f.Keys(), ","); got != "U,s,Vt" {
			t.Errorf("saved keys %s", got)
		}
		s, _ := f.Array("s")
		u, _ := f.Array("U")
		vt, _ := f.Array("Vt")
		f.Close()
		if !floats.Equal(s.Float, r.SingularValues) || !equalShape(u.Shape, 30, 3) || !equalShape(vt.Shape, 3, 20) {
			t.Errorf("saved s %v U %v Vt %v", s.Float, u.Shape, vt.Shape)
		}
		// U has orthonormal columns and Vt orthonormal rows, so
		// ‖U·diag(s)·Vt‖_F = ‖s‖ (a sign-independent check of the factors).
		um, _ := u.Dense()
		vm, _ := vt.Dense()
		var us mat.Dense
		us.Apply(func(i, j int, v float64) float64 { return v * s.Float[j] }, um)
		var rec mat.Dense
		rec.Mul(&us, vm)
		if n, w := mat.Norm(&rec, 2), floats.Norm(want, 2); n < (1-1e-12)*w || n > (1+1e-12)*w {
			t.Errorf("‖U·S·Vt‖_F = %v, want ‖s‖ = %v", n, w)
		}
	}
}

func equalShape(s []int, r, c int) bool { return len(s) == 2 && s[0] == r && s[1] == c }

func TestMatrixVocabAndNMF(t *testing.T) {
	dir := t.TempDir()
	words := make([]string, 20)
	for i := range words {
		words[i] = "w" + string(rune('a'+i))
	}
	vocab := filepath.Join(dir, "words.txt")
	os.WriteFile(vocab, []byte(strings.Join(words, "\n")+"\n"), 0o644)
	save := filepath.Join(dir, "wh.npz")
	code, out, errs := runMatrix(t, "-matrix", filepath.Join(npzFixtures, "csr_counts.npz"), "-vocab", vocab, "-method", "nmf", "-k", "2", "-top", "3", "-save", save)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "topic  0: w") || !strings.Contains(out, "reconstruction error") {
		t.Errorf("report:\n%s", out)
	}
	f, err := npz.Open(save)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, _ := f.Array("W")
	h, _ := f.Array("H")
	if !equalShape(w.Shape, 30, 2) || !equalShape(h.Shape, 2, 20) {
		t.Errorf("W %v H %v", w.Shape, h.Shape)
	}
	// The full SVD saves its first -k triplets.
	svdSave := filepath.Join(dir, "usv.npz")
	if code, _, errs := runMatrix(t, "-matrix", filepath.Join(npzFixtures, "csr_counts.npz"), "-method", "svd", "-k", "4", "-save", svdSave); code != 0 {
		t.Fatalf("svd: exit %d: %s", code, errs)
	}
	g, err := npz.Open(svdSave)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	su, _ := g.Array("U")
	ss, _ := g.Array("s")
	svt, _ := g.Array("Vt")
	if !equalShape(su.Shape, 30, 4) || len(ss.Float) != 4 || !equalShape(svt.Shape, 4, 20) {
		t.Errorf("svd saved U %v s %v Vt %v", su.Shape, ss.Shape, svt.Shape)
	}
	// The dense .npy input gives the same singular values as the sparse one.
	d, err := npz.ReadCSR(filepath.Join(npzFixtures, "csr_counts.npz"))
	if err != nil {
		t.Fatal(err)
	}
	dn := filepath.Join(dir, "x.npy")
	if err := npz.WriteNpy(dn, []int{30, 20}, d.ToDense().RawMatrix().Data); err != nil {
		t.Fatal(err)
	}
	_, a, _ := runMatrix(t, "-matrix", dn, "-method", "rsvd", "-k", "3", "-json")
	_, b, _ := runMatrix(t, "-matrix", filepath.Join(npzFixtures, "csr_counts.npz"), "-method", "rsvd", "-k", "3", "-json")
	var ra, rb Result
	json.Unmarshal([]byte(a), &ra)
	json.Unmarshal([]byte(b), &rb)
	if len(ra.SingularValues) != 3 || !floats.Equal(ra.SingularValues, rb.SingularValues) {
		t.Errorf("dense .npy %v, sparse .npz %v", ra.SingularValues, rb.SingularValues)
	}
}

func TestMatrixErrors(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short.txt")
	os.WriteFile(short, []byte("a\nb\n"), 0o644)
	in := filepath.Join(npzFixtures, "csr_counts.npz")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-vocab", short}, 2, "give -matrix too"},
		{[]string{"-matrix", in, "-save", filepath.Join(dir, "x.npz")}, 2, "choose one with -method"},
		{[]string{"-matrix", in, "-method", "rsvd", "-save", filepath.Join(dir, "x.txt")}, 2, "must end in .npz"},
		{[]string{"-matrix", in, "-method", "rsvd", "-n-iter", "-2"}, 2, "-n-iter -2"},
		{[]string{"-matrix", in, "-method", "rsvd", "-k", "50"}, 2, "at most 20 components"},
		{[]string{"-matrix", in, "-vocab", short, "-method", "rsvd"}, 1, "has 2 words but the matrix has 20 columns"},
		{[]string{"-matrix", filepath.Join(npzFixtures, "coo.npz"), "-method", "rsvd"}, 1, "X.tocsr()"},
		{[]string{"-matrix", filepath.Join(dir, "none.npz"), "-method", "rsvd"}, 1, "no such file"},
		{[]string{"-matrix", in, "-method", "rsvd", "-save", filepath.Join(dir, "no", "x.npz")}, 1, "no such file"},
		{[]string{"-matrix", in, "-lesson"}, 2, "with -lesson: the matrix is the input"},
		{[]string{"-matrix", in, "-vectorizer", "tfidf", "-subset", "all"}, 2, "with -subset, -vectorizer: the matrix is the input"},
		{[]string{"-matrix", in, "-jsonl", short}, 2, "with -jsonl: the matrix is the input"},
	} {
		code, _, errs := runMatrix(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("topics %v: exit %d, stderr %q; want exit %d and %q", c.args, code, errs, c.code, c.want)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("a failed run left files behind: %v", ents)
	}
}
