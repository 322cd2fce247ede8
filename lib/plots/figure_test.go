package plots

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

// nonBackground counts pixels that differ from the top-left pixel (the
// background), so a blank image gives 0.
func nonBackground(img image.Image) int {
	b := img.Bounds()
	r0, g0, b0, _ := img.At(b.Min.X, b.Min.Y).RGBA()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r != r0 || g != g0 || bl != b0 {
				n++
			}
		}
	}
	return n
}

// bluePixels counts pixels close to the line colour, which only the data
// line draws.
func bluePixels(img image.Image) int {
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 < 0x60 && g>>8 > 0x50 && g>>8 < 0xa0 && bl>>8 > 0x90 {
				n++
			}
		}
	}
	return n
}

func TestLinePNG(t *testing.T) {
	ys := make([]float64, 500)
	for i := range ys {
		ys[i] = math.Exp(-float64(i) / 50)
	}
	for _, tc := range []struct {
		name   string
		fig    *Figure
		wx, wy int
	}{
		{"default size", Line(ys), 614, 461},
		{"sized with title", Line(ys, Title("singular values"), XLabel("i"), YLabel("s"), Size(4*vg.Inch, 3*vg.Inch)), 384, 288},
		{"xy with points", LineXY([]float64{0, 10, 20, 30}, []float64{4, 3, 2.5, 2}, Points()), 614, 461},
	} {
		b, err := tc.fig.PNG()
		if err != nil {
			t.Fatalf("%s: PNG: %v", tc.name, err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: the PNG does not decode: %v", tc.name, err)
		}
		if got := img.Bounds().Size(); got.X != tc.wx || got.Y != tc.wy {
			t.Errorf("%s: size %v, want %dx%d", tc.name, got, tc.wx, tc.wy)
		}
		total := tc.wx * tc.wy
		if n := nonBackground(img); n < total/200 {
			t.Errorf("%s: only %d of %d pixels drawn: the image is blank", tc.name, n, total)
		}
		if n := bluePixels(img); n < 100 {
			t.Errorf("%s: only %d pixels in the line colour: the data line is missing", tc.name, n)
		}
	}
}

func TestLineSVG(t *testing.T) {
	b, err := Line([]float64{3, 1, 2}, Title("three")).SVG()
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !strings.Contains(s, "<svg") || !strings.Contains(s, "three") {
		t.Errorf("SVG output lacks <svg or the title: %.200q", s)
	}
	// The data line is a path in the line colour.
	if !strings.Contains(strings.ToUpper(s), "#1F77B4") {
		t.Errorf("SVG output has no path in the line colour")
	}
}

func TestBadData(t *testing.T) {
	for _, tc := range []struct {
		name   string
		xs, ys []float64
		want   string
	}{
		{"empty", []float64{}, []float64{}, "empty"},
		{"nil", nil, nil, "empty"},
		{"nan", []float64{0, 1, 2}, []float64{1, math.NaN(), 3}, "y[1] is NaN"},
		{"inf", []float64{0, 1}, []float64{math.Inf(1), 3}, "y[0] is +Inf"},
		{"x inf", []float64{0, math.Inf(-1)}, []float64{1, 3}, "x[1] is -Inf"},
		{"lengths", []float64{0, 1, 2}, []float64{1, 2}, "x has 3 values but y has 2"},
	} {
		f, err := NewLineXY(tc.xs, tc.ys)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
			continue
		}
		if _, err := f.PNG(); err == nil {
			t.Errorf("%s: PNG rendered a bad figure", tc.name)
		}
		var buf bytes.Buffer
		if n, err := f.WriteTo(&buf, "svg"); err == nil || n != 0 || buf.Len() != 0 {
			t.Errorf("%s: WriteTo wrote %d bytes, err %v; want nothing and an error", tc.name, n, err)
		}
		if err := f.Display(); err == nil {
			t.Errorf("%s: Display returned nil for a bad figure", tc.name)
		}
	}
	if _, err := NewLine([]float64{1, 2, math.NaN()}); err == nil {
		t.Error("NewLine accepted a NaN")
	}
}

func TestDisplayOutsideNotebook(t *testing.T) {
	// Outside GoNB, Display has nowhere to send the image: no error.
	if err := Line([]float64{1, 2, 3}).Display(); err != nil {
		t.Errorf("Display outside a notebook: %v", err)
	}
	if err := Line([]float64{1, 2, 3}).DisplaySVG(); err != nil {
		t.Errorf("DisplaySVG outside a notebook: %v", err)
	}
}

func TestUnknownFormat(t *testing.T) {
	var buf bytes.Buffer
	if _, err := Line([]float64{1, 2}).WriteTo(&buf, "bmp"); err == nil {
		t.Error("WriteTo accepted the unknown format bmp")
	}
}

func TestDefaultAxisLabels(t *testing.T) {
	for _, tc := range []struct {
		name         string
		fig          *Figure
		wantX, wantY string
	}{
		{"Line", Line([]float64{1, 2}), "index", "value"},
		{"LineXY", LineXY([]float64{1, 2}, []float64{3, 4}), "x", "y"},
		{"Line given", Line([]float64{1, 2}, XLabel("k"), YLabel("s")), "k", "s"},
		{"Line removed", Line([]float64{1, 2}, XLabel("")), "", "value"},
		{"bad data keeps labels", Line(nil, YLabel("s")), "index", "s"},
	} {
		p := tc.fig.Plot()
		if p.X.Label.Text != tc.wantX || p.Y.Label.Text != tc.wantY {
			t.Errorf("%s: labels %q, %q; want %q, %q", tc.name, p.X.Label.Text, p.Y.Label.Text, tc.wantX, tc.wantY)
		}
	}
	// The labels are drawn.
	b, err := Line([]float64{1, 2}).SVG()
	if err != nil {
		t.Fatal(err)
	}
	if s := string(b); !strings.Contains(s, ">index<") || !strings.Contains(s, ">value<") {
		t.Error("the SVG lacks the default axis labels")
	}
}

func TestOptionsInAnyOrder(t *testing.T) {
	// Points before or after the labels: the same figure.
	a, err := Line([]float64{1, 3, 2}, Points(), Title("t")).SVG()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Line([]float64{1, 3, 2}, Title("t"), Points()).SVG()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("the order of the options changed the figure")
	}
	if !strings.Contains(string(a), "<circle") && strings.Count(string(a), "<path") < 6 {
		t.Error("Points drew no markers")
	}
}

func TestSave(t *testing.T) {
	dir := t.TempDir()
	fig := Line([]float64{1, 2, 3}, Title("saved"))
	for _, name := range []string{"a.png", "b.SVG"} {
		path := filepath.Join(dir, name)
		if err := fig.Save(path); err != nil {
			t.Fatalf("Save(%s): %v", name, err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		switch name {
		case "a.png":
			if img, err := png.Decode(bytes.NewReader(b)); err != nil || img.Bounds().Dx() != 614 {
				t.Errorf("saved PNG: %v", err)
			}
		default:
			if !strings.Contains(string(b), "<svg") || !strings.Contains(string(b), ">saved<") {
				t.Errorf("saved SVG lacks <svg or the title")
			}
		}
	}
	if err := fig.Save(filepath.Join(dir, "noext")); err == nil {
		t.Error("Save accepted a name with no extension")
	}
	if err := fig.Save(filepath.Join(dir, "x.bmp")); err == nil {
		t.Error("Save accepted the unknown format bmp")
	}
	bad := filepath.Join(dir, "bad.png")
	if err := Line(nil).Save(bad); err == nil {
		t.Error("Save wrote a bad figure")
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Error("Save created a file for a bad figure")
	}
}
