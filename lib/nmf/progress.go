package nmf

import (
	"fmt"
	"io"
	"time"
)

// progress writes NMF.Progress lines: one for each stage of a fit that
// took more than a second, and during the iterations about one a second.
// It only reads clocks and writes; the numbers computed never depend on it.
type progress struct {
	w           io.Writer
	start, last time.Time
}

func newProgress(w io.Writer) *progress {
	now := time.Now()
	return &progress{w: w, start: now, last: now}
}

// stage reports a stage that began at since and has just finished, when it
// took more than a second.
func (p *progress) stage(since time.Time, format string, args ...any) {
	if p == nil || p.w == nil {
		return
	}
	now := time.Now()
	if d := now.Sub(since); d > time.Second {
		fmt.Fprintf(p.w, "nmf: %s in %.1fs\n", fmt.Sprintf(format, args...), d.Seconds())
	}
	p.last = now
}

// iter reports iteration it of at most maxIter, with the stopping
// criterion's value, when a second has passed since the last report.
func (p *progress) iter(it, maxIter int, crit string, v float64) {
	if p == nil || p.w == nil {
		return
	}
	now := time.Now()
	if now.Sub(p.last) < time.Second {
		return
	}
	fmt.Fprintf(p.w, "nmf: iteration %d of at most %d, %s %.3g, %.1fs so far\n", it, maxIter, crit, v, now.Sub(p.start).Seconds())
	p.last = now
}
