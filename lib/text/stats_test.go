package text

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// sumStats adds the statistics of parts as a distributed fit would: one
// map entry per term, then the terms in the order rng gives them, so
// that FitStats's sorting is exercised too.
func sumStats(parts []TermStats, rng *rand.Rand) TermStats {
	type dt struct {
		df int
		tf int64
	}
	sum := map[string]dt{}
	n := 0
	for _, p := range parts {
		n += p.NDocs
		for i, t := range p.Terms {
			c := sum[t]
			c.df += p.DF[i]
			c.tf += p.TF[i]
			sum[t] = c
		}
	}
	var s TermStats
	for t := range sum {
		s.Terms = append(s.Terms, t)
	}
	slices.Sort(s.Terms)
	rng.Shuffle(len(s.Terms), func(i, j int) { s.Terms[i], s.Terms[j] = s.Terms[j], s.Terms[i] })
	for _, t := range s.Terms {
		s.DF = append(s.DF, sum[t].df)
		s.TF = append(s.TF, sum[t].tf)
	}
	s.NDocs = n
	return s
}

// TestFitStatsSameAsFit checks that fitting on the summed statistics of
// the parts of a corpus (1, 3 and 7 contiguous parts, some empty) gives
// Fit's vocabulary, pruned terms and matrix, for every pruning option;
// and, for TfidfVectorizer, FitTransform's idf and rows bit for bit.
func TestFitStatsSameAsFit(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	docs := append(randomCorpus(rng, 200), "", "the of and")
	for _, opts := range []CountVectorizer{
		{},
		{StopWords: EnglishStopWords(), Binary: true},
		{MinDF: Docs(3), MaxDF: Fraction(0.6)},
		{MaxFeatures: 7},
		{Binary: true, MaxFeatures: 9},
		{KeepCase: true, MaxFeatures: 12, MinDF: Fraction(0.01)},
		{StopWords: EnglishStopWords(), MaxDF: Docs(20), MinDF: Docs(2)},
	} {
		for _, nParts := range []int{1, 3, 7} {
			name := fmt.Sprintf("%+v/%d parts", opts, nParts)
			want := opts
			wantM, err := want.FitTransform(docs)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			// Contiguous parts; part 1 is empty, its share going to part 2.
			var parts []TermStats
			for p, lo := 0, 0; p < nParts; p++ {
				hi := (p + 1) * len(docs) / nParts
				if p == 1 {
					hi = lo
				}
				parts = append(parts, opts.Stats(docs[lo:hi]))
				lo = hi
			}
			s := sumStats(parts, rng)
			got := opts
			if err := got.FitStats(s); err != nil {
				t.Fatalf("%s: FitStats: %v", name, err)
			}
			if !slices.Equal(got.Vocabulary(), want.Vocabulary()) {
				t.Fatalf("%s: vocabulary %v, want %v", name, got.Vocabulary(), want.Vocabulary())
			}
			if !slices.Equal(got.PrunedTerms(), want.PrunedTerms()) {
				t.Errorf("%s: pruned %v, want %v", name, got.PrunedTerms(), want.PrunedTerms())
			}
			if !slices.Equal(got.df, want.df) {
				t.Errorf("%s: document frequencies differ", name)
			}
			gotM, err := got.Transform(docs)
			if err != nil {
				t.Fatal(err)
			}
			if !sameCSR(gotM, wantM) {
				t.Errorf("%s: Transform after FitStats differs from FitTransform", name)
			}

			for _, tv := range []TfidfVectorizer{{}, {SublinearTF: true, NoSmoothIDF: true, Norm: L1}, {NoIDF: true, Norm: NoNorm}} {
				tv.CountVectorizer = opts
				wantT := tv
				wantTM, err := wantT.FitTransform(docs)
				if err != nil {
					t.Fatal(err)
				}
				gotT := tv
				if err := gotT.FitStats(s); err != nil {
					t.Fatalf("%s: tf-idf FitStats: %v", name, err)
				}
				if !slices.Equal(gotT.IDF(), wantT.IDF()) {
					t.Errorf("%s: %+v: idf differs from FitTransform's", name, tv.Norm)
				}
				gotTM, err := gotT.Transform(docs)
				if err != nil {
					t.Fatal(err)
				}
				if !sameCSR(gotTM, wantTM) {
					t.Errorf("%s: tf-idf %v sublinear %v: rows differ from FitTransform's", name, tv.Norm, tv.SublinearTF)
				}
			}
		}
	}
}

// TestStatsThenStopWords checks that stop words may be removed at
// FitStats rather than at Stats: the statistics of the other terms do not
// depend on them.
func TestStatsThenStopWords(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	docs := randomCorpus(rng, 100)
	var all CountVectorizer
	s := all.Stats(docs)
	got := CountVectorizer{StopWords: EnglishStopWords(), MaxFeatures: 20}
	if err := got.FitStats(s); err != nil {
		t.Fatal(err)
	}
	want := got
	if err := want.Fit(docs); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Vocabulary(), want.Vocabulary()) || !slices.Equal(got.PrunedTerms(), want.PrunedTerms()) {
		t.Errorf("vocabulary %v pruned %v, want %v and %v", got.Vocabulary(), got.PrunedTerms(), want.Vocabulary(), want.PrunedTerms())
	}
}

func TestStatsValues(t *testing.T) {
	docs := []string{"bb aa bb", "", "aa cc", "BB"}
	for _, tc := range []struct {
		name string
		v    CountVectorizer
		want TermStats
	}{
		{"counts", CountVectorizer{}, TermStats{Terms: []string{"aa", "bb", "cc"}, DF: []int{2, 2, 1}, TF: []int64{2, 3, 1}, NDocs: 4}},
		{"binary", CountVectorizer{Binary: true}, TermStats{Terms: []string{"aa", "bb", "cc"}, DF: []int{2, 2, 1}, TF: []int64{2, 2, 1}, NDocs: 4}},
		{"keep case, stop", CountVectorizer{KeepCase: true, StopWords: []string{"cc"}}, TermStats{Terms: []string{"BB", "aa", "bb"}, DF: []int{1, 2, 1}, TF: []int64{1, 2, 2}, NDocs: 4}},
		{"no documents", CountVectorizer{}, TermStats{}},
	} {
		in := docs
		if tc.name == "no documents" {
			in = nil
		}
		got := tc.v.Stats(in)
		if !slices.Equal(got.Terms, tc.want.Terms) || !slices.Equal(got.DF, tc.want.DF) || !slices.Equal(got.TF, tc.want.TF) || got.NDocs != tc.want.NDocs {
			t.Errorf("%s: Stats = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestFitStatsErrors(t *testing.T) {
	ok := TermStats{Terms: []string{"aa", "bb"}, DF: []int{1, 2}, TF: []int64{1, 5}, NDocs: 2}
	for _, tc := range []struct {
		name string
		v    CountVectorizer
		s    TermStats
		want string
	}{
		{"no documents", CountVectorizer{}, TermStats{}, "corpus is empty"},
		{"negative documents", CountVectorizer{}, TermStats{NDocs: -1}, "negative"},
		{"lengths", CountVectorizer{}, TermStats{Terms: []string{"aa"}, DF: []int{1, 1}, NDocs: 2}, "one of each per term"},
		{"TF length", CountVectorizer{}, TermStats{Terms: []string{"aa"}, DF: []int{1}, TF: []int64{1, 2}, NDocs: 2}, "one of each per term"},
		{"DF zero", CountVectorizer{}, TermStats{Terms: []string{"aa"}, DF: []int{0}, NDocs: 2}, "outside [1, NDocs = 2]"},
		{"DF above n", CountVectorizer{}, TermStats{Terms: []string{"aa"}, DF: []int{3}, NDocs: 2}, "outside [1, NDocs = 2]"},
		{"repeated term", CountVectorizer{}, TermStats{Terms: []string{"bb", "aa", "bb"}, DF: []int{1, 1, 1}, NDocs: 2}, `"bb" is listed twice`},
		{"only stop words", CountVectorizer{StopWords: []string{"aa", "bb"}}, ok, "empty vocabulary"},
		{"no terms", CountVectorizer{}, TermStats{NDocs: 3}, "empty vocabulary"},
		{"pruned away", CountVectorizer{MinDF: Fraction(0.6), MaxDF: Fraction(0.9)}, ok, "no terms remain"}, // DF in [1.2, 1.8]
		{"max below min", CountVectorizer{MinDF: Docs(2), MaxDF: Fraction(0.5)}, ok, "fewer documents than MinDF"},
		{"bad option", CountVectorizer{MinDF: Docs(0)}, ok, "at least 1"},
		{"no TF to cut by", CountVectorizer{MaxFeatures: 1}, TermStats{Terms: ok.Terms, DF: ok.DF, NDocs: 2}, "no TF"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := tc.v
			err := v.FitStats(tc.s)
			if err == nil || !strings.HasPrefix(err.Error(), "text: ") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if v.Vocabulary() != nil {
				t.Errorf("the failed fit left a vocabulary")
			}
		})
	}
	// Binary ranks by DF, so a nil TF is enough; the larger DF wins.
	v := CountVectorizer{Binary: true, MaxFeatures: 1}
	if err := v.FitStats(TermStats{Terms: ok.Terms, DF: ok.DF, NDocs: 2}); err != nil {
		t.Fatal(err)
	}
	if got := v.Vocabulary(); !slices.Equal(got, []string{"bb"}) {
		t.Errorf("vocabulary %v, want [bb]", got)
	}
	tv := TfidfVectorizer{Norm: Norm(7)}
	if err := tv.FitStats(ok); err == nil || !strings.Contains(err.Error(), "unknown Norm") {
		t.Errorf("error %v, want an unknown Norm", err)
	}
}

// TestTermStatsAdd checks Add against the map-based sum of sumStats on the
// statistics of random parts, and its errors.
func TestTermStatsAdd(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	docs := randomCorpus(rng, 120)
	var v CountVectorizer
	parts := []TermStats{v.Stats(docs[:50]), v.Stats(nil), v.Stats(docs[50:51]), v.Stats(docs[51:])}
	got := TermStats{}
	for _, p := range parts {
		var err error
		if got, err = got.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	want := v.Stats(docs)
	ref := sumStats(parts, rng)
	if !slices.Equal(got.Terms, want.Terms) || !slices.Equal(got.DF, want.DF) || !slices.Equal(got.TF, want.TF) || got.NDocs != want.NDocs {
		t.Errorf("the sum of the parts differs from the statistics of the whole")
	}
	if len(ref.Terms) != len(got.Terms) {
		t.Errorf("Add gives %d terms, the map-based sum %d", len(got.Terms), len(ref.Terms))
	}
	noTF := parts[0]
	noTF.TF = nil
	if s, err := noTF.Add(parts[3]); err != nil || s.TF != nil || !slices.Equal(s.DF, func() []int { x, _ := parts[0].Add(parts[3]); return x.DF }()) {
		t.Errorf("without TF: %v, TF %v", err, s.TF)
	}
	for _, tc := range []struct {
		name string
		a, b TermStats
		want string
	}{
		{"unsorted", TermStats{Terms: []string{"bb", "aa"}, DF: []int{1, 1}, NDocs: 2}, TermStats{}, "not in code-point order"},
		{"repeated", TermStats{}, TermStats{Terms: []string{"aa", "aa"}, DF: []int{1, 1}, NDocs: 2}, "not in code-point order"},
		{"lengths", TermStats{Terms: []string{"aa"}, NDocs: 1}, TermStats{}, "one of each per term"},
	} {
		if _, err := tc.a.Add(tc.b); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}
