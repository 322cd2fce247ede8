package text

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

func TestFitErrors(t *testing.T) {
	docs := []string{"alpha beta", "beta gamma", "gamma delta"}
	for _, tc := range []struct {
		name string
		v    CountVectorizer
		docs []string
		want string // substring of the error
	}{
		{name: "nil corpus", docs: nil, want: "corpus is empty"},
		{name: "empty corpus", docs: []string{}, want: "corpus is empty"},
		{name: "no tokens", docs: []string{"", "a b c", "!!"}, want: "empty vocabulary"},
		{name: "only stop words", v: CountVectorizer{StopWords: EnglishStopWords()}, docs: []string{"the and of", "it is"}, want: "empty vocabulary"},
		{name: "pruned away", v: CountVectorizer{MinDF: Docs(3)}, docs: docs, want: "no terms remain"},
		{name: "max below min", v: CountVectorizer{MinDF: Docs(2), MaxDF: Fraction(0.5)}, docs: docs, want: "fewer documents than MinDF"},
		{name: "zero doc count", v: CountVectorizer{MinDF: Docs(0)}, docs: docs, want: "at least 1"},
		{name: "negative doc count", v: CountVectorizer{MaxDF: Docs(-2)}, docs: docs, want: "MaxDF"},
		{name: "fraction above one", v: CountVectorizer{MaxDF: Fraction(1.5)}, docs: docs, want: "[0, 1]"},
		{name: "negative fraction", v: CountVectorizer{MinDF: Fraction(-0.1)}, docs: docs, want: "[0, 1]"},
		{name: "negative max features", v: CountVectorizer{MaxFeatures: -1}, docs: docs, want: "MaxFeatures"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := tc.v
			m, err := v.FitTransform(tc.docs)
			if err == nil {
				t.Fatalf("no error, got a %d-term vocabulary", len(v.Vocabulary()))
			}
			if m != nil {
				t.Errorf("a matrix came back with the error")
			}
			if !strings.HasPrefix(err.Error(), "text: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want one containing %q", err, tc.want)
			}
			if v.Vocabulary() != nil {
				t.Errorf("the failed fit left a vocabulary")
			}
		})
	}
}

func TestFailedFitKeepsPreviousState(t *testing.T) {
	var v CountVectorizer
	if err := v.Fit([]string{"one two", "two three"}); err != nil {
		t.Fatal(err)
	}
	v.MinDF = Docs(5)
	if err := v.Fit([]string{"four five"}); err == nil {
		t.Fatal("no error")
	}
	if got, want := v.Vocabulary(), []string{"one", "three", "two"}; !slices.Equal(got, want) {
		t.Errorf("vocabulary %q after a failed Fit, want the previous %q", got, want)
	}
}

func TestTransformBeforeFit(t *testing.T) {
	var c CountVectorizer
	if _, err := c.Transform([]string{"x y"}); err == nil || !strings.Contains(err.Error(), "not fitted") {
		t.Errorf("CountVectorizer: error %v, want one saying it is not fitted", err)
	}
	var tv TfidfVectorizer
	if _, err := tv.Transform([]string{"x y"}); err == nil || !strings.Contains(err.Error(), "not fitted") {
		t.Errorf("TfidfVectorizer: error %v, want one saying it is not fitted", err)
	}
	if c.Vocabulary() != nil || tv.IDF() != nil || c.PrunedTerms() != nil {
		t.Error("an unfitted vectorizer reports a vocabulary or weights")
	}
}

func TestTfidfErrors(t *testing.T) {
	tv := TfidfVectorizer{Norm: Norm(7)}
	if _, err := tv.FitTransform([]string{"aa bb"}); err == nil || !strings.Contains(err.Error(), "Norm") {
		t.Errorf("bad Norm: error %v", err)
	}
	tv = TfidfVectorizer{NoIDF: true}
	if err := tv.Fit([]string{"aa bb"}); err != nil {
		t.Fatal(err)
	}
	tv.NoIDF = false
	if _, err := tv.Transform([]string{"aa"}); err == nil || !strings.Contains(err.Error(), "no idf") {
		t.Errorf("idf asked for after a NoIDF fit: error %v", err)
	}
}

// TestTransformEmpty checks that Transform accepts no documents and
// documents without known terms.
func TestTransformEmpty(t *testing.T) {
	var v TfidfVectorizer
	if err := v.Fit([]string{"alpha beta", "beta gamma"}); err != nil {
		t.Fatal(err)
	}
	for _, docs := range [][]string{nil, {""}, {"zeta", "", "eta theta"}} {
		m, err := v.Transform(docs)
		if err != nil {
			t.Fatalf("Transform(%q): %v", docs, err)
		}
		r, c := m.Dims()
		if r != len(docs) || c != 3 || m.NNZ() != 0 {
			t.Errorf("Transform(%q): %d×%d with %d non-zeros, want %d×3 and none", docs, r, c, m.NNZ(), len(docs))
		}
	}
}

// TestStopWordsChangedAfterFit follows scikit-learn: the stop list in force
// at Transform drops words even if they are in the vocabulary.
func TestStopWordsChangedAfterFit(t *testing.T) {
	var v CountVectorizer
	if err := v.Fit([]string{"red green blue"}); err != nil {
		t.Fatal(err)
	}
	v.StopWords = []string{"green"}
	m, err := v.Transform([]string{"red green blue green"})
	if err != nil {
		t.Fatal(err)
	}
	cols, data := m.Row(0)
	if !slices.Equal(cols, []int{0, 2}) || !slices.Equal(data, []float64{1, 1}) {
		t.Errorf("row %v %v, want columns [0 2] (blue, red) with ones", cols, data)
	}
}

// randomCorpus returns n documents drawn from a small alphabet with some
// non-ASCII letters, stop words and separators.
func randomCorpus(rng *rand.Rand, n int) []string {
	words := []string{"the", "and", "of", "Zeta", "zeta", "ÉTÉ", "été", "ΣΑΣ", "x1", "__", "数据", "naïve",
		"a", "b", "ab", "ba", "abc", "cab", "İİ", "Σ", "ok", "go", "rust", "py", "0x1f"}
	seps := []string{" ", "  ", ", ", ".\n", "-", "'", "\t", "\u0301 ", "→"}
	docs := make([]string, n)
	for i := range docs {
		var b strings.Builder
		k := rng.IntN(40)
		for range k {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteString(seps[rng.IntN(len(seps))])
		}
		docs[i] = b.String()
	}
	return docs
}

// TestWorkersGiveSameResult checks that the number of goroutines never
// changes the output, for every option that touches the merge.
func TestWorkersGiveSameResult(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	docs := randomCorpus(rng, 300)
	test := randomCorpus(rng, 50)
	for _, opts := range []CountVectorizer{
		{},
		{StopWords: EnglishStopWords(), Binary: true},
		{MinDF: Docs(3), MaxDF: Fraction(0.6)},
		{MaxFeatures: 7},
		{KeepCase: true, MaxFeatures: 12, MinDF: Fraction(0.01)},
	} {
		name := fmt.Sprintf("%+v", opts)
		var ref, refT *sparse.CSR
		var refVocab []string
		for _, w := range []int{1, 2, 3, 5, 16, 1000} {
			v := opts
			v.workers = w
			m, err := v.FitTransform(docs)
			if err != nil {
				t.Fatalf("%s workers=%d: %v", name, w, err)
			}
			mt, err := v.Transform(test)
			if err != nil {
				t.Fatalf("%s workers=%d: %v", name, w, err)
			}
			if ref == nil {
				ref, refT, refVocab = m, mt, v.Vocabulary()
				continue
			}
			if !slices.Equal(v.Vocabulary(), refVocab) || !sameCSR(m, ref) || !sameCSR(mt, refT) {
				t.Errorf("%s: workers=%d differs from workers=1", name, w)
			}
		}
	}
}

func sameCSR(a, b *sparse.CSR) bool {
	ar, ac := a.Dims()
	br, bc := b.Dims()
	return ar == br && ac == bc && slices.Equal(a.Indptr(), b.Indptr()) &&
		slices.Equal(a.Indices(), b.Indices()) && slices.Equal(a.Data(), b.Data())
}

// TestCountsMatchTokens checks FitTransform against a direct count of
// Tokenize's output on random documents, and FitTransform against Fit
// followed by Transform.
func TestCountsMatchTokens(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	docs := randomCorpus(rng, 200)
	v := CountVectorizer{StopWords: []string{"the", "and", "zeta"}, workers: 3}
	m, err := v.FitTransform(docs)
	if err != nil {
		t.Fatal(err)
	}
	vocab := v.Vocabulary()
	col := map[string]int{}
	for j, w := range vocab {
		col[w] = j
	}
	for i, d := range docs {
		want := map[int]float64{}
		for _, tok := range Tokenize(d, true) {
			if slices.Contains(v.StopWords, tok) {
				continue
			}
			j, ok := col[tok]
			if !ok {
				t.Fatalf("token %q of document %d is not in the vocabulary", tok, i)
			}
			want[j]++
		}
		cols, data := m.Row(i)
		if len(cols) != len(want) {
			t.Fatalf("row %d has %d terms, want %d", i, len(cols), len(want))
		}
		for k, j := range cols {
			if data[k] != want[j] {
				t.Errorf("row %d term %q: %g, want %g", i, vocab[j], data[k], want[j])
			}
		}
	}
	m2, err := v.Transform(docs)
	if err != nil {
		t.Fatal(err)
	}
	if !sameCSR(m, m2) {
		t.Error("Transform of the fitted documents differs from FitTransform")
	}
}

func TestSplitDocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 2, 3, 10, 101} {
		docs := make([]string, n)
		for i := range docs {
			docs[i] = strings.Repeat("x", rng.IntN(50))
		}
		for _, w := range []int{1, 2, 3, 7, 200} {
			spans := splitDocs(docs, w)
			if len(spans) == 0 || len(spans) > max(1, min(w, n)) {
				t.Fatalf("n=%d w=%d: %d chunks", n, w, len(spans))
			}
			next := 0
			for _, s := range spans {
				if s.lo != next || s.hi < s.lo || (n > 0 && s.hi == s.lo) {
					t.Fatalf("n=%d w=%d: chunks %v do not tile the documents", n, w, spans)
				}
				next = s.hi
			}
			if next != n {
				t.Fatalf("n=%d w=%d: chunks %v end at %d", n, w, spans, next)
			}
		}
	}
}

func TestEnglishStopWords(t *testing.T) {
	s := EnglishStopWords()
	if len(s) != 318 || !slices.IsSorted(s) || slices.Compact(slices.Clone(s)) == nil {
		t.Fatalf("%d words, sorted %v", len(s), slices.IsSorted(s))
	}
	if len(slices.Compact(slices.Clone(s))) != 318 {
		t.Error("the list has duplicates")
	}
	for _, w := range []string{"a", "the", "yourselves", "amoungst", "bill", "system"} {
		if !slices.Contains(s, w) {
			t.Errorf("%q missing", w)
		}
	}
	s[0] = "changed"
	if EnglishStopWords()[0] != "a" {
		t.Error("EnglishStopWords shares its storage")
	}
}

// TestCopiesShareFit checks that copies of a fitted vectorizer transform
// alike, whichever is used first.
func TestCopiesShareFit(t *testing.T) {
	var v CountVectorizer
	if err := v.Fit([]string{"alpha beta", "beta gamma"}); err != nil {
		t.Fatal(err)
	}
	w := v
	for _, x := range []*CountVectorizer{&v, &w} {
		m, err := x.Transform([]string{"gamma gamma alpha"})
		if err != nil {
			t.Fatal(err)
		}
		if cols, data := m.Row(0); !slices.Equal(cols, []int{0, 2}) || !slices.Equal(data, []float64{1, 2}) {
			t.Errorf("row %v %v, want columns [0 2] with [1 2]", cols, data)
		}
	}
}
