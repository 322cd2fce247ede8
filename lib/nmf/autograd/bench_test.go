package autograd

import "testing"

// BenchmarkStepLessonSize times one autodiff + Adam step on a random sparse
// matrix the size of the lesson's tf-idf (2034×26576, ~133k non-zeros).
func BenchmarkStepLessonSize(b *testing.B) {
	x := smallCSR(2034, 26576, 133634.0/(2034*26576), 1)
	tr, err := New(x, Lesson())
	if err != nil {
		b.Fatal(err)
	}
	if _, err := tr.Step(); err != nil { // compiles the graph
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := tr.Step(); err != nil {
			b.Fatal(err)
		}
	}
}
