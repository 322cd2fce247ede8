package plots

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Default figure size: about matplotlib's default 6.4×4.8 inch figure,
// rendered at gonum/plot's 96 dots per inch (614×461 pixels).
const (
	DefaultWidth  = 6.4 * vg.Inch
	DefaultHeight = 4.8 * vg.Inch
)

// Figure is one plot ready to render. Build it with Line or LineXY; the zero
// value is not usable.
type Figure struct {
	p             *plot.Plot
	width, height vg.Length
	line          *plotter.Line
	err           error
}

// Option changes a Figure as it is built.
type Option func(*Figure)

// Title sets the figure's title.
func Title(s string) Option { return func(f *Figure) { f.p.Title.Text = s } }

// XLabel sets the label of the x axis.
func XLabel(s string) Option { return func(f *Figure) { f.p.X.Label.Text = s } }

// YLabel sets the label of the y axis.
func YLabel(s string) Option { return func(f *Figure) { f.p.Y.Label.Text = s } }

// Size sets the rendered size; the pixel size is the size in inches times 96.
// Sizes that are not positive keep the default.
func Size(width, height vg.Length) Option {
	return func(f *Figure) {
		if width > 0 {
			f.width = width
		}
		if height > 0 {
			f.height = height
		}
	}
}

// Points marks every data point with a small circle as well as the line
// (useful for short series such as s[:10]).
func Points() Option {
	return func(f *Figure) {
		if f.err != nil {
			return
		}
		if f.line == nil {
			return
		}
		s, err := plotter.NewScatter(f.line.XYs)
		if err != nil {
			f.err = fmt.Errorf("plots: %w", err)
			return
		}
		s.GlyphStyle.Radius = vg.Points(2)
		s.GlyphStyle.Color = f.line.LineStyle.Color
		f.p.Add(s)
	}
}

// Line returns a figure of ys[i] against i, like matplotlib's plt.plot(ys).
// Bad data (no values, a NaN or an infinity) does not panic: the figure
// carries the error, which Err, PNG, SVG and Display report.
// The cost is O(len(ys)) here and when rendering.
func Line(ys []float64, opts ...Option) *Figure {
	xs := make([]float64, len(ys))
	for i := range xs {
		xs[i] = float64(i)
	}
	return LineXY(xs, ys, opts...)
}

// LineXY returns a figure of ys[i] against xs[i], like plt.plot(xs, ys).
// As with Line, bad data is carried as the figure's error; xs and ys of
// different lengths are an error too.
func LineXY(xs, ys []float64, opts ...Option) *Figure {
	f := &Figure{p: plot.New(), width: DefaultWidth, height: DefaultHeight}
	f.err = checkSeries(xs, ys)
	if f.err == nil {
		xys := make(plotter.XYs, len(ys))
		for i := range ys {
			xys[i].X, xys[i].Y = xs[i], ys[i]
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			f.err = fmt.Errorf("plots: %w", err)
		} else {
			l.LineStyle.Width = vg.Points(1.5)
			l.LineStyle.Color = matplotlibBlue
			f.p.Add(l)
			f.line = l
		}
	}
	for _, o := range opts {
		o(f)
	}
	return f
}

// NewLine is Line with the data error returned at once.
func NewLine(ys []float64, opts ...Option) (*Figure, error) {
	f := Line(ys, opts...)
	return f, f.err
}

// NewLineXY is LineXY with the data error returned at once.
func NewLineXY(xs, ys []float64, opts ...Option) (*Figure, error) {
	f := LineXY(xs, ys, opts...)
	return f, f.err
}

func checkSeries(xs, ys []float64) error {
	if len(ys) == 0 {
		return errors.New("plots: nothing to plot: the series is empty")
	}
	if len(xs) != len(ys) {
		return fmt.Errorf("plots: x has %d values but y has %d: they must be the same length", len(xs), len(ys))
	}
	for name, s := range map[string][]float64{"x": xs, "y": ys} {
		for i, v := range s {
			if math.IsNaN(v) {
				return fmt.Errorf("plots: %s[%d] is NaN: remove or replace it before plotting", name, i)
			}
			if math.IsInf(v, 0) {
				return fmt.Errorf("plots: %s[%d] is %v: remove or replace it before plotting", name, i, v)
			}
		}
	}
	return nil
}

// Err returns the error found while building the figure, or nil.
func (f *Figure) Err() error { return f.err }

// Plot returns the underlying gonum/plot Plot, for changes the options do not
// cover. It is nil only for a nil Figure.
func (f *Figure) Plot() *plot.Plot {
	if f == nil {
		return nil
	}
	return f.p
}

// WriteTo renders the figure in the given format ("png", "svg", "pdf",
// "eps", "jpg", "tiff") and writes it to w. It returns the number of bytes
// written and the figure's error, if it has one.
func (f *Figure) WriteTo(w io.Writer, format string) (int64, error) {
	if f.err != nil {
		return 0, f.err
	}
	wt, err := f.p.WriterTo(f.width, f.height, format)
	if err != nil {
		return 0, fmt.Errorf("plots: rendering %s: %w", format, err)
	}
	return wt.WriteTo(w)
}

// PNG returns the figure rendered as PNG bytes.
func (f *Figure) PNG() ([]byte, error) { return f.render("png") }

// SVG returns the figure rendered as an SVG document.
func (f *Figure) SVG() ([]byte, error) { return f.render("svg") }

func (f *Figure) render(format string) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf, format); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Display shows the figure in the running GoNB notebook as an image/png
// output. A figure with bad data prints its error to the cell's output
// instead (no stack trace) and returns it. Outside a notebook it draws
// nothing and returns nil.
func (f *Figure) Display() error {
	return f.display(func() error {
		b, err := f.PNG()
		if err == nil {
			gonbui.DisplayPng(b)
		}
		return err
	})
}

// DisplaySVG is Display with the figure sent as an image/svg+xml output
// (gonbui.DisplaySvg would wrap it in HTML).
func (f *Figure) DisplaySVG() error {
	return f.display(func() error {
		b, err := f.SVG()
		if err == nil {
			gonbui.SendData(&protocol.DisplayData{
				Data: map[protocol.MIMEType]any{protocol.MIMEImageSVG: string(b)},
			})
		}
		return err
	})
}

func (f *Figure) display(show func() error) error {
	if f.err != nil {
		fmt.Println("figure not drawn:", f.err)
		return f.err
	}
	if !gonbui.IsNotebook {
		return nil
	}
	if err := show(); err != nil {
		fmt.Println("figure not drawn:", err)
		return err
	}
	return nil
}
