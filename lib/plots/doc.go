// Package plots draws the lesson's figures with gonum/plot and shows them
// inline in a GoNB notebook, so that a cell reads like matplotlib's
// plt.plot(s):
//
//	plots.Line(s).Display()
//
// A Figure is built by Line (y against its index) or LineXY (y against x).
// The constructors check the data: an empty series, a NaN or an infinity, or
// x and y of different lengths is an error, reported by Err, PNG, SVG and
// Display, so that a bad figure says what is wrong instead of drawing
// nothing. NewLine and NewLineXY return that error at once for code that
// prefers Go's usual form.
//
// Display renders the figure to PNG in memory and sends it to the notebook
// as image/png; DisplaySVG sends it as a real image/svg+xml output. Outside a
// notebook (a test, a command) the Display methods draw nothing and return
// nil; PNG, SVG and WriteTo render the same figure into bytes or any
// io.Writer.
package plots
