package newsgroups

import "testing"

var lessonCategories = []string{"alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"}

func benchmarkFetch(b *testing.B, o Options) {
	base := sharedOptions(b)
	o.DataHome, o.Archive, o.Progress = base.DataHome, base.Archive, base.Progress
	if _, err := Fetch(o); err != nil { // builds the cache if needed
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := Fetch(o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFetchLesson loads the lesson's case from the cache: 4
// categories of the training subset with headers, footers and quotes
// removed (scikit-learn: fetch_20newsgroups from its own cache).
func BenchmarkFetchLesson(b *testing.B) {
	benchmarkFetch(b, Options{Subset: "train", Categories: lessonCategories,
		Remove: []string{"headers", "footers", "quotes"}})
}

// BenchmarkFetchAll20 loads all 20 categories of the training subset with
// everything removed.
func BenchmarkFetchAll20(b *testing.B) {
	benchmarkFetch(b, Options{Subset: "train", Remove: []string{"headers", "footers", "quotes"}})
}

// BenchmarkFetchAllRaw loads all 18,846 posts without stripping.
func BenchmarkFetchAllRaw(b *testing.B) {
	benchmarkFetch(b, Options{Subset: "all"})
}

func BenchmarkStripAll(b *testing.B) {
	o := sharedOptions(b)
	o.Subset = "all"
	bunch, err := Fetch(o)
	if err != nil {
		b.Fatal(err)
	}
	data := make([]string, len(bunch.Data))
	n := 0
	for _, d := range bunch.Data {
		n += len(d)
	}
	b.SetBytes(int64(n))
	b.ResetTimer()
	for range b.N {
		copy(data, bunch.Data)
		stripAll(data, true, true, true)
	}
}
