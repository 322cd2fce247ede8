package plots

import "testing"

// The lesson's sizes: W is 2,034 documents × 20 topics; H is 10 topics ×
// 26,576 words.
func BenchmarkHeatmapLessonPNG(b *testing.B) {
	w, labels := testDocs(2034, 20, 4, 5)
	for b.Loop() {
		if _, err := Heatmap(w, labels, testGroups).PNG(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTopWordsLessonPNG(b *testing.B) {
	h, vocab := testTopics(10, 26576, 6)
	for b.Loop() {
		if _, err := TopWords(h, vocab, 8).PNG(); err != nil {
			b.Fatal(err)
		}
	}
}
