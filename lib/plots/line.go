package plots

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Line returns a figure of ys[i] against i, like matplotlib's plt.plot(ys),
// with the axes labelled "index" and "value" unless XLabel or YLabel say
// otherwise. Bad data (no values, a NaN or an infinity) does not panic: the
// figure carries the error, which Err, PNG, SVG and Display report.
// The cost is O(len(ys)) here and when rendering.
func Line(ys []float64, opts ...Option) *Figure {
	xs := make([]float64, len(ys))
	for i := range xs {
		xs[i] = float64(i)
	}
	return lineXY(xs, ys, "index", "value", opts)
}

// LineXY returns a figure of ys[i] against xs[i], like plt.plot(xs, ys),
// with the axes labelled "x" and "y" unless XLabel or YLabel say otherwise.
// As with Line, bad data is carried as the figure's error; xs and ys of
// different lengths are an error too.
func LineXY(xs, ys []float64, opts ...Option) *Figure {
	return lineXY(xs, ys, "x", "y", opts)
}

func lineXY(xs, ys []float64, xlabel, ylabel string, opts []Option) *Figure {
	f := newFigure(xlabel, ylabel, opts)
	f.label(f.p, f.set.title)
	if f.err = checkSeries(xs, ys); f.err != nil {
		return f
	}
	xys := make(plotter.XYs, len(ys))
	for i := range ys {
		xys[i].X, xys[i].Y = xs[i], ys[i]
	}
	l, err := plotter.NewLine(xys)
	if err != nil {
		f.err = fmt.Errorf("plots: %w", err)
		return f
	}
	l.LineStyle.Width = vg.Points(1.5)
	l.LineStyle.Color = matplotlibBlue
	f.p.Add(l)
	if f.set.points {
		s, err := plotter.NewScatter(xys)
		if err != nil {
			f.err = fmt.Errorf("plots: %w", err)
			return f
		}
		s.GlyphStyle.Radius = vg.Points(2)
		s.GlyphStyle.Color = l.LineStyle.Color
		f.p.Add(s)
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
	for _, s := range []struct {
		name string
		v    []float64
	}{{"x", xs}, {"y", ys}} {
		if i, v, ok := firstNonFinite(s.v); ok {
			return fmt.Errorf("plots: %s[%d] is %v: remove or replace it before plotting", s.name, i, v)
		}
	}
	return nil
}

// firstNonFinite returns the index and value of the first NaN or infinity
// in s, and whether there is one.
func firstNonFinite(s []float64) (int, float64, bool) {
	for i, v := range s {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return i, v, true
		}
	}
	return 0, 0, false
}
