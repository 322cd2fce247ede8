package svd_test

import (
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/fastai-go/topicmodel/lib/check"
	"github.com/fastai-go/topicmodel/lib/nprand"
	"github.com/fastai-go/topicmodel/lib/svd"
)

// diagonalish returns a 6×8 matrix with singular values 8, 4, 2, 1, 0.5, 0.25.
func diagonalish() *mat.Dense {
	a := mat.NewDense(6, 8, nil)
	for i := 0; i < 6; i++ {
		a.Set(i, i+1, 8/float64(int(1)<<i))
	}
	return a
}

func smallExcept(x []float64, j int) bool {
	for i, v := range x {
		if i != j && (v > 1e-12 || v < -1e-12) {
			return false
		}
	}
	return true
}

func ExampleRandomized() {
	a := diagonalish()
	var r svd.Randomized
	// Rank 2 with scikit-learn's defaults and random_state=0.
	if err := r.Factorize(a, 2, &svd.RandomizedOptions{Seed: 0}); err != nil {
		log.Fatal(err)
	}
	var u, vt mat.Dense
	r.UTo(&u)
	r.VTTo(&vt)
	fmt.Printf("s = %.6f\n", r.Values(nil))
	// The first right singular vector is the second coordinate axis.
	fmt.Printf("v₀[1] = %.6f, other entries below 1e-12: %v\n", vt.At(0, 1), smallExcept(vt.RawRowView(0), 1))
	// Output:
	// s = [8.000000 4.000000]
	// v₀[1] = 1.000000, other entries below 1e-12: true
}

func ExampleRangeFinder() {
	a := diagonalish()
	q, err := svd.RangeFinder(a, 3, 4, svd.NormLU, nprand.New(0))
	if err != nil {
		log.Fatal(err)
	}
	ok, _ := check.Orthonormal(q, false, check.RTol, check.ATol)
	// Q·Qᵀ·A is close to A up to the fourth singular value.
	var qta, qqta mat.Dense
	qta.Mul(q.T(), a)
	qqta.Mul(q, &qta)
	fmt.Println("orthonormal:", ok)
	fmt.Printf("‖A − QQᵀA‖ = %.4f (σ₃ = 1)\n", check.ResidualNormExact(a, q, []float64{1, 1, 1}, &qta))
	// Output:
	// orthonormal: true
	// ‖A − QQᵀA‖ = 1.1456 (σ₃ = 1)
}

func ExampleLessonRandomizedSVD() {
	a := diagonalish()
	u, s, vt, err := svd.LessonRandomizedSVD(a, 3, 3, 4, nprand.New(1))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("s = %.6f\n", s)
	fmt.Printf("rank-3 error %.4f\n", check.ResidualNorm(a, u, s, vt))
	// Output:
	// s = [8.000000 4.000000 2.000000]
	// rank-3 error 1.1456
}

func ExamplePermutedL() {
	a := mat.NewDense(3, 2, []float64{
		1, 2,
		-4, 1,
		4, 0,
	})
	var pl mat.Dense
	svd.PermutedL(&pl, a) // scipy.linalg.lu(a, permute_l=True)[0]
	fmt.Printf("%.4g\n", mat.Formatted(&pl))
	// Output:
	// ⎡ -0.25       1⎤
	// ⎢     1       0⎥
	// ⎣    -1  0.4444⎦
}

func ExampleThinQ() {
	a := mat.NewDense(3, 2, []float64{
		3, 1,
		4, 2,
		0, 5,
	})
	var q mat.Dense
	svd.ThinQ(&q, a) // scipy.linalg.qr(a, mode='economic')[0]
	fmt.Printf("%.4f\n", mat.Formatted(&q))
	// Output:
	// ⎡-0.6000   0.0638⎤
	// ⎢-0.8000  -0.0478⎥
	// ⎣-0.0000  -0.9968⎦
}

func ExampleFlip() {
	u := mat.NewDense(2, 1, []float64{0.6, -0.8})
	vt := mat.NewDense(1, 2, []float64{1, 0})
	svd.Flip(u, vt, true) // scikit-learn's svd_flip
	fmt.Println(u.RawMatrix().Data, vt.RawMatrix().Data)
	// Output:
	// [-0.6 0.8] [-1 -0]
}
