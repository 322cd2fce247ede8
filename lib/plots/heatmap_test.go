package plots

import (
	"bytes"
	"image/png"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

var testGroups = []string{"alt.atheism", "comp.graphics", "sci.space", "talk.religion.misc"}

// testDocs returns n documents over k topics with random labels in
// [0, groups): document i has weight about 1 on topic labels[i] and about
// 0.1 elsewhere, so the heatmap is a bright diagonal of bands.
func testDocs(n, k, groups int, seed uint64) (*mat.Dense, []int) {
	r := rand.New(rand.NewPCG(seed, 3))
	w := mat.NewDense(n, k, nil)
	labels := make([]int, n)
	for i := range n {
		labels[i] = r.IntN(groups)
		for j := range k {
			x := 0.1 * r.Float64()
			if j == labels[i] {
				x = 0.9 + 0.1*r.Float64()
			}
			w.Set(i, j, x)
		}
	}
	return w, labels
}

func TestBinRowsOnePerDocument(t *testing.T) {
	w := mat.NewDense(5, 2, []float64{
		0, 1,
		2, 3,
		4, 5,
		6, 7,
		8, 9,
	})
	labels := []int{2, 0, 2, 1, 0}
	g := binRows(w, 5, 2, labels, 300)
	// Stable sort by label: documents 1, 4 (label 0), 3 (1), 0, 2 (2).
	want := []float64{2, 3, 8, 9, 6, 7, 0, 1, 4, 5}
	if g.rows != 5 || !equal(g.z, want) {
		t.Errorf("rows %d, z %v; want 5 rows %v", g.rows, g.z, want)
	}
	wantBands := []band{{0, 0, 2}, {1, 2, 1}, {2, 3, 2}}
	if len(g.bands) != 3 || g.bands[0] != wantBands[0] || g.bands[1] != wantBands[1] || g.bands[2] != wantBands[2] {
		t.Errorf("bands %v, want %v", g.bands, wantBands)
	}
	// As a GridXYZ, row 0 is the bottom of the image: the last document.
	if c, r := g.Dims(); c != 2 || r != 5 || g.Z(0, 0) != 4 || g.Z(1, 4) != 3 || g.X(0) != 1 {
		t.Errorf("grid view: dims %d×%d, Z(0,0) %g, Z(1,4) %g, X(0) %g", c, r, g.Z(0, 0), g.Z(1, 4), g.X(0))
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-12 {
			return false
		}
	}
	return true
}

func TestBinRowsAverages(t *testing.T) {
	// 2,034 documents (the lesson's) in four groups of unequal size; each
	// document's weight is its label + its position in the group / 10⁴.
	n, k := 2034, 3
	labels := make([]int, n)
	for i := range labels {
		labels[i] = []int{3, 0, 1, 3, 2, 3, 1}[i%7]
	}
	w := mat.NewDense(n, k, nil)
	seen := map[int]int{}
	for i, l := range labels {
		for j := range k {
			w.Set(i, j, float64(l)+float64(seen[l])/1e4)
		}
		seen[l]++
	}
	g := binRows(w, n, k, labels, 300)
	if g.rows > 300+4 || g.rows < 290 {
		t.Errorf("%d rows, want about 300", g.rows)
	}
	total := 0
	for _, b := range g.bands {
		if b.start != total {
			t.Errorf("band %v starts at %d, want %d", b, b.start, total)
		}
		total += b.rows
		want := seen[b.label] * 300 / n
		if b.rows != want {
			t.Errorf("group %d (%d documents): %d rows, want %d", b.label, seen[b.label], b.rows, want)
		}
		// A band's rows average consecutive documents of one group only:
		// every value lies in [label, label+1) and increases down the band.
		for r := b.start; r < b.start+b.rows; r++ {
			z := g.z[r*k]
			if z < float64(b.label) || z >= float64(b.label)+1 {
				t.Fatalf("row %d of group %d has %g: it mixes groups", r, b.label, z)
			}
			if r > b.start && z <= g.z[(r-1)*k] {
				t.Fatalf("group %d: row %d (%g) not after row %d (%g): documents out of order", b.label, r, z, r-1, g.z[(r-1)*k])
			}
		}
		// The mean over the band's rows, weighted by documents, is the mean
		// of the group: first row's mean is over the first documents.
		first := float64(b.label) + float64(seen[b.label]/b.rows-1)/2e4
		if math.Abs(g.z[b.start*k]-first) > 1e-9 {
			t.Errorf("group %d: first row %g, want the mean of its first documents %g", b.label, g.z[b.start*k], first)
		}
	}
	if total != g.rows {
		t.Errorf("bands cover %d rows of %d", total, g.rows)
	}
	// A tiny group still gets a row.
	labels[0] = 3
	for i := 1; i < n; i++ {
		labels[i] = i % 3
	}
	if g := binRows(w, n, k, labels, 300); len(g.bands) != 4 || g.bands[3].rows != 1 {
		t.Errorf("a one-document group: bands %v", g.bands)
	}
}

// viridisEnd classifies a pixel as near viridis' bright end (yellow),
// its dark end (purple), or neither.
func viridisEnd(r, g, b uint32) int {
	r, g, b = r>>8, g>>8, b>>8
	switch {
	case r > 0xc0 && g > 0xc0 && b < 0x70:
		return 1
	case r < 0x60 && g < 0x40 && b > 0x40 && b < 0xa0:
		return -1
	}
	return 0
}

func TestHeatmapPNG(t *testing.T) {
	w, labels := testDocs(2034, 4, 4, 1)
	f := Heatmap(w, labels, testGroups, Title("W"))
	b, err := f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the PNG does not decode: %v", err)
	}
	if got := img.Bounds().Size(); got.X != 614 || got.Y != 461 {
		t.Errorf("size %v, want the default 614x461", got)
	}
	// The bright cells (group g, topic g) form a diagonal from the top left
	// to the bottom right: their x and y correlate strongly. The colour bar
	// (rightmost 80 pixels) is left out.
	var n, sx, sy, sxx, syy, sxy, dark float64
	for y := 0; y < 461; y++ {
		for x := 0; x < 614-80; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			switch viridisEnd(r, g, bl) {
			case 1:
				fx, fy := float64(x), float64(y)
				n++
				sx, sy, sxx, syy, sxy = sx+fx, sy+fy, sxx+fx*fx, syy+fy*fy, sxy+fx*fy
			case -1:
				dark++
			}
		}
	}
	if n < 5000 || dark < 3*n {
		t.Fatalf("%g bright and %g dark pixels: want a bright diagonal on a dark matrix", n, dark)
	}
	cov := sxy/n - sx/n*sy/n
	corr := cov / math.Sqrt((sxx/n-sx/n*sx/n)*(syy/n-sy/n*sy/n))
	if corr < 0.9 {
		t.Errorf("bright pixels' x–y correlation %.3f: the groups are not sorted into bands on the diagonal", corr)
	}
	// The colour bar: a column at the right going from yellow (top) to
	// purple (bottom).
	var top, bottom int
	for x := 614 - 60; x < 614; x++ {
		for y := 0; y < 461/4; y++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); viridisEnd(r, g, bl) == 1 {
				top++
			}
		}
		for y := 3 * 461 / 4; y < 461; y++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); viridisEnd(r, g, bl) == -1 {
				bottom++
			}
		}
	}
	if top < 100 || bottom < 100 {
		t.Errorf("colour bar: %d yellow pixels at the top, %d purple at the bottom", top, bottom)
	}
}

func TestHeatmapSVG(t *testing.T) {
	w, labels := testDocs(200, 5, 3, 2)
	names := append([]string{}, testGroups...) // group 3 has no documents
	b, err := Heatmap(w, labels, names, Title("documents × topics")).SVG()
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{">documents × topics<", ">topic<", ">newsgroup<", ">alt.atheism<", ">comp.graphics<", ">sci.space<", ">1<", ">5<"} {
		if !strings.Contains(s, want) {
			t.Errorf("SVG lacks %s", want)
		}
	}
	if strings.Contains(s, ">talk.religion.misc<") {
		t.Error("SVG names a group that has no documents")
	}
	// One filled cell per document and topic (200 ≤ MaxRows).
	if cells := strings.Count(s, "<path"); cells < 200*5 {
		t.Errorf("%d paths, want at least the 1000 cells", cells)
	}
}

func TestHeatmapAxes(t *testing.T) {
	w, labels := testDocs(50, 3, 4, 3)
	f := Heatmap(w, labels, testGroups)
	if f.Err() != nil {
		t.Fatal(f.Err())
	}
	p := f.Plot()
	if p.X.Label.Text != "topic" || p.Y.Label.Text != "newsgroup" {
		t.Errorf("axis labels %q, %q; want topic, newsgroup", p.X.Label.Text, p.Y.Label.Text)
	}
	// Each group's name sits at the centre of its band.
	g := binRows(w, 50, 3, labels, DefaultMaxRows)
	ticks := p.Y.Tick.Marker.(plot.ConstantTicks)
	for _, b := range g.bands {
		centre := float64(g.rows) - float64(b.start) - 0.5 - float64(b.rows)/2
		found := false
		for _, tk := range ticks {
			if tk.Label == testGroups[b.label] {
				found = true
				if math.Abs(tk.Value-centre) > 1e-9 {
					t.Errorf("%s at y=%g, want its band's centre %g", tk.Label, tk.Value, centre)
				}
			}
		}
		if !found {
			t.Errorf("no tick names %s", testGroups[b.label])
		}
	}
	// Options: labels, size, rows.
	f = Heatmap(w, labels, testGroups, XLabel("NMF topic"), YLabel(""), Size(4*vg.Inch, 3*vg.Inch), MaxRows(10))
	if f.Plot().X.Label.Text != "NMF topic" || f.Plot().Y.Label.Text != "" {
		t.Errorf("options did not set the labels")
	}
	b, err := f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := png.DecodeConfig(bytes.NewReader(b))
	if cfg.Width != 384 || cfg.Height != 288 {
		t.Errorf("size %dx%d, want 384x288", cfg.Width, cfg.Height)
	}
	if ticks := f.Plot().Y.Max + 0.5; ticks > 10+4 {
		t.Errorf("MaxRows(10) drew %g rows", ticks)
	}
}

func TestHeatmapConstantAndCustomColours(t *testing.T) {
	w := mat.NewDense(3, 2, []float64{1, 1, 1, 1, 1, 1})
	b, err := Heatmap(w, []int{0, 1, 0}, []string{"a", "b"}).PNG()
	if err != nil {
		t.Fatalf("constant matrix: %v", err)
	}
	if _, err := png.Decode(bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
	if got := Viridis(); got.Min() != 0 || got.Max() != 1 {
		t.Errorf("Viridis range [%g, %g], want [0, 1]", got.Min(), got.Max())
	}
	c, err := Viridis().At(0)
	if r, g, b, _ := c.RGBA(); err != nil || r>>8 != 0x44 || g>>8 > 0x02 || b>>8 != 0x54 {
		t.Errorf("Viridis at 0 = %v (%v), want #440154", c, err)
	}
	// Negative values (an SVD's U) are fine too.
	neg := mat.NewDense(2, 2, []float64{-1, 0.5, 2, -3})
	if _, err := Heatmap(neg, []int{1, 0}, []string{"a", "b"}).SVG(); err != nil {
		t.Errorf("negative values: %v", err)
	}
}

func TestHeatmapBadData(t *testing.T) {
	w := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6})
	nan := mat.DenseCopyOf(w)
	nan.Set(2, 1, math.NaN())
	inf := mat.DenseCopyOf(w)
	inf.Set(0, 0, math.Inf(1))
	names := []string{"a", "b"}
	for _, tc := range []struct {
		name   string
		w      mat.Matrix
		labels []int
		want   string
	}{
		{"nil", nil, []int{0, 1, 0}, "nil"},
		{"empty", &mat.Dense{}, nil, "0×0"},
		{"labels", w, []int{0, 1}, "3 rows (documents) but there are 2 labels"},
		{"negative label", w, []int{0, -1, 0}, "labels[1] = -1"},
		{"label too big", w, []int{0, 1, 2}, "labels[2] = 2 is not an index into the 2 label names"},
		{"nan", nan, []int{0, 1, 0}, "w[2][1] (document 2, topic 2) is NaN"},
		{"inf", inf, []int{0, 1, 0}, "w[0][0] (document 0, topic 1) is +Inf"},
	} {
		f, err := NewHeatmap(tc.w, tc.labels, names)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
			continue
		}
		if _, err := f.SVG(); err == nil {
			t.Errorf("%s: SVG rendered a bad figure", tc.name)
		}
		if err := f.DisplaySVG(); err == nil {
			t.Errorf("%s: DisplaySVG returned nil for a bad figure", tc.name)
		}
	}
}
