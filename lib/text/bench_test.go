package text

import (
	"syscall"
	"testing"
	"time"
)

// The benchmarks vectorize the lesson's 2,034 training posts and all 18,846
// posts (headers, footers and quotes removed) with the English stop list,
// as scikit-learn does in the lesson; scripts/bench.sh times
// scikit-learn on the same posts in the same run.

var lessonCategories = []string{"alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"}

var removeAll = []string{"headers", "footers", "quotes"}

func lessonDocs(b *testing.B) []string { return loadCorpus(b, "train", lessonCategories, removeAll) }

func allDocs(b *testing.B) []string { return loadCorpus(b, "all", nil, removeAll) }

func benchCount(b *testing.B, docs []string) {
	b.SetBytes(int64(totalBytes(docs)))
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		v := CountVectorizer{StopWords: EnglishStopWords()}
		if _, err := v.FitTransform(docs); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

func benchTfidf(b *testing.B, docs []string) {
	b.SetBytes(int64(totalBytes(docs)))
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		var v TfidfVectorizer
		v.StopWords = EnglishStopWords()
		if _, err := v.FitTransform(docs); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// cpuTime returns the user+system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the CPU time per operation since start, a figure less
// disturbed than wall time when other processes share the machine.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

func totalBytes(docs []string) int {
	n := 0
	for _, d := range docs {
		n += len(d)
	}
	return n
}

func BenchmarkCountVectorizerLesson(b *testing.B) { benchCount(b, lessonDocs(b)) }
func BenchmarkCountVectorizerAll(b *testing.B)    { benchCount(b, allDocs(b)) }
func BenchmarkTfidfVectorizerLesson(b *testing.B) { benchTfidf(b, lessonDocs(b)) }
func BenchmarkTfidfVectorizerAll(b *testing.B)    { benchTfidf(b, allDocs(b)) }

// BenchmarkTransformLessonTest transforms the lesson's 1,353 test posts with
// the vocabulary fitted on its training posts.
func BenchmarkTransformLessonTest(b *testing.B) {
	v := CountVectorizer{StopWords: EnglishStopWords()}
	if err := v.Fit(lessonDocs(b)); err != nil {
		b.Fatal(err)
	}
	docs := loadCorpus(b, "test", lessonCategories, removeAll)
	b.SetBytes(int64(totalBytes(docs)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := v.Transform(docs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTokenize scans all posts on one goroutine.
func BenchmarkTokenize(b *testing.B) {
	docs := allDocs(b)
	b.SetBytes(int64(totalBytes(docs)))
	b.ResetTimer()
	sc := scanner{lower: true}
	for b.Loop() {
		n := 0
		for _, d := range docs {
			sc.reset(d)
			for {
				if _, ok := sc.next(); !ok {
					break
				}
				n++
			}
		}
		if n == 0 {
			b.Fatal("no tokens")
		}
	}
}
