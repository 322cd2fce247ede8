package plots

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/fastai-go/topicmodel/lib/topics"
)

// testTopics returns a k×v matrix of weights on few levels (so rows have
// many ties) and a vocabulary of distinct words.
func testTopics(k, v int, seed uint64) (*mat.Dense, []string) {
	r := rand.New(rand.NewPCG(seed, 7))
	h := mat.NewDense(k, v, nil)
	for i := range k {
		for j := range v {
			h.Set(i, j, float64(r.IntN(6))/4)
		}
	}
	vocab := make([]string, v)
	for j := range vocab {
		vocab[j] = fmt.Sprintf("w%03d", j)
	}
	return h, vocab
}

// panelWords returns a panel's tick labels top to bottom.
func panelWords(t *testing.T, p *plot.Plot) []string {
	t.Helper()
	ticks, ok := p.Y.Tick.Marker.(plot.ConstantTicks)
	if !ok {
		t.Fatalf("panel %q: y ticks are %T, not the words", p.Title.Text, p.Y.Tick.Marker)
	}
	var words []string
	for i := len(ticks) - 1; i >= 0; i-- {
		words = append(words, ticks[i].Label)
	}
	return words
}

func TestTopWordsMatchesShowTopics(t *testing.T) {
	// 40 words on six levels: many ties, and more than 16 keys so that
	// numpy's introsort partitions (ties then depend on its exact order).
	h, vocab := testTopics(7, 40, 1)
	for _, n := range []int{1, 8, 40, 100} {
		f, err := NewTopWords(h, vocab, n)
		if err != nil {
			t.Fatal(err)
		}
		want := topics.ShowTopics(h, vocab, n)
		if len(f.Panels()) != 7 {
			t.Fatalf("n=%d: %d panels, want one per topic (7)", n, len(f.Panels()))
		}
		for i, p := range f.Panels() {
			if got := panelWords(t, p); !slices.Equal(got, strings.Fields(want[i])) {
				t.Errorf("n=%d topic %d: words %q, want ShowTopics' %q", n, i+1, got, want[i])
			}
			if p.Title.Text != fmt.Sprintf("Topic %d", i+1) {
				t.Errorf("panel %d is titled %q", i, p.Title.Text)
			}
			if p.X.Label.Text != "weight" {
				t.Errorf("panel %d: x label %q, want weight", i, p.X.Label.Text)
			}
			// Bar values: descending from the top (the last bar).
			vals := f.bars[i].Values
			for j := 1; j < len(vals); j++ {
				if vals[j] < vals[j-1] {
					t.Errorf("n=%d topic %d: bar values %v are not largest on top", n, i+1, vals)
					break
				}
			}
		}
	}
}

// blueRuns returns, top to bottom, the length in pixels of each horizontal
// bar in the line colour whose left end lies in [x0, x1).
func blueRuns(img image.Image, x0, x1 int) []int {
	isBlue := func(x, y int) bool {
		r, g, b, _ := img.At(x, y).RGBA()
		return r>>8 < 0x40 && g>>8 > 0x60 && g>>8 < 0x90 && b>>8 > 0xa0
	}
	var runs []int
	inBar := false
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		start := -1
		for x := x0; x < x1; x++ {
			if isBlue(x, y) {
				start = x
				break
			}
		}
		if start < 0 {
			inBar = false
			continue
		}
		n := 0
		for x := start; x < img.Bounds().Max.X && isBlue(x, y); x++ {
			n++
		}
		if !inBar {
			runs = append(runs, n)
			inBar = true
		} else if n > runs[len(runs)-1] {
			runs[len(runs)-1] = n
		}
	}
	return runs
}

func TestTopWordsPNG(t *testing.T) {
	// Seven topics, each row a permutation of 0, 1/29, ..., 1 (7 is prime to
	// 30), so every bar's length is known.
	k, v, n := 7, 30, 6
	h := mat.NewDense(k, v, nil)
	vocab := make([]string, v)
	for j := range vocab {
		vocab[j] = fmt.Sprintf("word%d", j)
	}
	for i := range k {
		for j := range v {
			h.Set(i, j, float64((j*7+i*3)%v)/float64(v-1))
		}
	}
	f := TopWords(h, vocab, n)
	b, err := f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the PNG does not decode: %v", err)
	}
	// Five columns of 2.6 in, two rows of 0.9 + 0.22·6 in, at 96 dpi.
	wantW := int(math.Round(5 * 2.6 * 96))
	wantH := int(math.Round(2 * (0.9 + 0.22*6) * 96))
	if got := img.Bounds().Size(); got.X != wantW || got.Y != wantH {
		t.Errorf("size %v, want %dx%d", got, wantW, wantH)
	}
	tileW := wantW / 5
	// Every panel of the top row has n bars, longest on top, in proportion
	// to the weights (the axis starts at 0).
	for col := range 5 {
		top := image.Rect(0, 0, wantW, wantH/2)
		runs := blueRuns(subImage(img, top), col*tileW, (col+1)*tileW)
		if len(runs) != n {
			t.Errorf("panel %d: %d bars, want %d", col+1, len(runs), n)
			continue
		}
		row := mat.Row(nil, col, h)
		w := topics.TopWords(row, n)
		for i := range runs {
			if i > 0 && runs[i] > runs[i-1] {
				t.Errorf("panel %d: bar lengths %v are not longest on top", col+1, runs)
				break
			}
			want := float64(runs[0]) * row[w[i]] / row[w[0]]
			if math.Abs(float64(runs[i])-want) > 2.5 {
				t.Errorf("panel %d bar %d: %d pixels, want about %.1f (weight %g of %g)", col+1, i, runs[i], want, row[w[i]], row[w[0]])
			}
		}
	}
	// Seven topics in a 5-column grid: the last three tiles of the bottom
	// row are empty.
	if n := bluePixels(subImage(img, image.Rect(2*tileW+10, wantH/2, wantW, wantH))); n != 0 {
		t.Errorf("%d blue pixels where no panel should be", n)
	}
	if n := bluePixels(subImage(img, image.Rect(0, wantH/2, tileW, wantH))); n < 200 {
		t.Errorf("only %d blue pixels in topic 6's panel", n)
	}
}

func subImage(img image.Image, r image.Rectangle) image.Image {
	return img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(r)
}

func TestTopWordsSVG(t *testing.T) {
	h, vocab := testTopics(3, 50, 2)
	f := TopWords(h, vocab, 5, Title("Topics in the NMF model"), Columns(2))
	b, err := f.SVG()
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	// Two columns of 2.6 in = 374.4 pt.
	if !strings.Contains(s, `<svg width="374.4pt"`) {
		t.Errorf("SVG is not two 2.6-inch columns wide: %.200s", s)
	}
	for _, want := range []string{">Topics in the NMF model<", ">Topic 1<", ">Topic 2<", ">Topic 3<", ">weight<"} {
		if !strings.Contains(s, want) {
			t.Errorf("SVG lacks %s", want)
		}
	}
	for i, words := range topics.ShowTopics(h, vocab, 5) {
		for _, w := range strings.Fields(words) {
			if !strings.Contains(s, ">"+w+"<") {
				t.Errorf("SVG lacks topic %d's word %q", i+1, w)
			}
		}
	}
	if strings.Contains(s, ">Topic 4<") {
		t.Error("SVG has a fourth topic")
	}
}

func TestTopWordsOptions(t *testing.T) {
	h, vocab := testTopics(12, 20, 3)
	f := TopWords(h, vocab, 3, XLabel("w"), YLabel("word"), Size(8*vg.Inch, 6*vg.Inch))
	if f.Err() != nil {
		t.Fatal(f.Err())
	}
	for _, p := range f.Panels() {
		if p.X.Label.Text != "w" || p.Y.Label.Text != "word" {
			t.Fatalf("labels %q, %q", p.X.Label.Text, p.Y.Label.Text)
		}
	}
	if f.cols != 5 {
		t.Errorf("%d columns, want 5", f.cols)
	}
	b, err := f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Width != 768 || cfg.Height != 576 {
		t.Errorf("size %dx%d (%v), want Size's 768x576", cfg.Width, cfg.Height, err)
	}
	// Fewer topics than columns: one row of k panels.
	if f := TopWords(h.Slice(0, 2, 0, 20), vocab, 3); f.cols != 2 || f.width != 2*panelWidth {
		t.Errorf("two topics: %d columns, width %v", f.cols, f.width)
	}
	// Negative weights (an SVD's Vh) draw bars to the left; no error.
	neg := mat.NewDense(2, 3, []float64{-1, 0.5, 2, -3, -2, -1})
	if _, err := TopWords(neg, []string{"a", "b", "c"}, 3).PNG(); err != nil {
		t.Errorf("negative weights: %v", err)
	}
}

func TestTopWordsBadData(t *testing.T) {
	h, vocab := testTopics(2, 4, 4)
	nan := mat.DenseCopyOf(h)
	nan.Set(1, 2, math.NaN())
	inf := mat.DenseCopyOf(h)
	inf.Set(0, 3, math.Inf(-1))
	for _, tc := range []struct {
		name  string
		c     mat.Matrix
		vocab []string
		n     int
		want  string
	}{
		{"nil", nil, vocab, 3, "nil"},
		{"empty", &mat.Dense{}, nil, 3, "0×0"},
		{"vocab", h, vocab[:3], 3, "4 columns but vocab has 3 words"},
		{"n", h, vocab, 0, "n = 0"},
		{"nan", nan, vocab, 3, `components[1][2] (topic 2, "w002") is NaN`},
		{"inf", inf, vocab, 3, "components[0][3] (topic 1, \"w003\") is -Inf"},
	} {
		f, err := NewTopWords(tc.c, tc.vocab, tc.n)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
			continue
		}
		if _, err := f.PNG(); err == nil {
			t.Errorf("%s: PNG rendered a bad figure", tc.name)
		}
		if err := f.Display(); err == nil {
			t.Errorf("%s: Display returned nil for a bad figure", tc.name)
		}
	}
}
