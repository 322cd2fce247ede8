package npz

import (
	"os"
	"testing"
)

// BenchmarkReadCSRScale reads the matrix in $TOPICMODEL_SCALE_MATRIX
// (scripts/gen_scale.py) and reports its rate in MB of CSR arrays (SciPy's
// 12 bytes per non-zero) per second.
func BenchmarkReadCSRScale(b *testing.B) {
	path := os.Getenv("TOPICMODEL_SCALE_MATRIX")
	if path == "" {
		b.Skip("set TOPICMODEL_SCALE_MATRIX to a matrix written by scripts/gen_scale.py")
	}
	for i := 0; i < b.N; i++ {
		x, err := ReadCSR(path)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(x.NNZ()) * 12)
	}
}
