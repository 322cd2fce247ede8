// Package plots draws the lesson's figures with gonum/plot and shows them
// inline in a GoNB notebook, so that a cell reads like matplotlib's
// plt.plot(s):
//
//	plots.Line(s).Display()
//	plots.TopWords(H, vocab, 8, plots.Title("Topics in NMF model")).Display()
//	plots.Heatmap(W, bunch.Target, bunch.TargetNames).Display()
//
// The figures:
//
//   - Line (y against its index) and LineXY (y against x);
//   - TopWords, scikit-learn's plot_top_words: a bar chart of the top words
//     of every topic (the rows of NMF's H or SVD's Vh), in a grid of panels
//     with the same words, in the same order, as topics.ShowTopics;
//   - Heatmap, the documents × topics matrix (NMF's W) with the documents
//     grouped into bands by newsgroup and a colour bar.
//
// Every axis is labelled by default (Line: "index" and "value"; LineXY: "x"
// and "y"; TopWords: "weight"; Heatmap: "topic" and "newsgroup"); XLabel
// and YLabel change or (with "") remove the labels. Options may be given
// in any order.
//
// The constructors check the data: an empty series or matrix, a NaN or an
// infinity, mismatched lengths or an out-of-range label is an error,
// reported by Err, PNG, SVG, Save and Display, so that a bad figure says
// what is wrong instead of drawing nothing or panicking. NewLine,
// NewLineXY, NewTopWords and NewHeatmap return that error at once for code
// that prefers Go's usual form.
//
// Display renders the figure to PNG in memory and sends it to the notebook
// as image/png; DisplaySVG sends it as a real image/svg+xml output (vector,
// sharp at any zoom). Outside a notebook (a test, a command) the Display
// methods draw nothing and return nil. PNG and SVG return the bytes,
// WriteTo writes any format gonum/plot knows ("png", "svg", "pdf", ...) to
// an io.Writer, and Save writes a file in the format its extension names.
package plots
