// Command browsertest runs a notebook in a real browser and checks what a
// person would see: it opens a notebook of a running classic Jupyter Notebook
// server (6.x) in headless Chromium, driven over the DevTools protocol by
// chromedp, waits for the kernel, clears the outputs, runs all cells (Run All)
// and waits until every cell has run and the kernel is idle. Then it reads the
// page and fails unless
//
//   - every non-blank code cell ran (has an execution count);
//   - no output is an error (output_error) and no stderr output has the word
//     error, panic or fatal;
//   - every figure in the outputs is rendered: each <img> has loaded with a
//     natural size > 0, each inline <svg> has a size, and there are at least
//     -min-figures of them;
//   - every progress bar (<progress>, as lib/notebook's Progress draws it,
//     updated in place) reached its max and was seen in at least two states
//     while its cell ran, and at least -min-progress cells have one.
//
// It writes screenshots to the -out folder (its old *.png files are removed
// first): NAME-top.png (the top of the page as a user sees it), the whole
// notebook in slices NAME-page-NN.png, and the outputs of each cell with a
// figure, a progress bar or an error as NAME-cell-NNN-{figure,progress,error}.png.
// It never saves the notebook (autosave is turned off in the page).
//
// scripts/test_browser.sh starts Jupyter and runs it; by hand:
//
//	go run . -url 'http://127.0.0.1:8888/notebooks/notebooks/x.ipynb?token=…' -out ../../out/browser
//
// Exit status: 0 when every check passes, 1 when a check fails, 2 when the
// browser or the page could not be driven at all.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

func main() {
	var (
		url          = flag.String("url", "", "the notebook's URL on a running Jupyter Notebook server, with its ?token=… (required)")
		timeout      = flag.Duration("timeout", 20*time.Minute, "how long all cells may take to run")
		startTimeout = flag.Duration("start-timeout", 3*time.Minute, "how long the page and its kernel may take to be ready")
		out          = flag.String("out", "out/browser", "folder for the screenshots")
		name         = flag.String("name", "lesson3", "prefix of the screenshot files")
		chrome       = flag.String("chrome", "", "the Chromium/Chrome program (default: $CHROME, else chromium, chromium-browser, google-chrome on PATH)")
		minFigures   = flag.Int("min-figures", 1, "fail unless at least this many figures are rendered")
		minProgress  = flag.Int("min-progress", 1, "fail unless at least this many cells show a completed progress bar")
		width        = flag.Int("width", 1280, "browser window width in pixels")
		height       = flag.Int("height", 1000, "browser window height in pixels")
	)
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: browsertest -url URL [flags]\n\nRuns all cells of a Jupyter notebook in headless Chromium and checks the outputs.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *url == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg := config{url: *url, timeout: *timeout, startTimeout: *startTimeout, out: *out, name: *name,
		chrome: *chrome, width: *width, height: *height,
		req: Requirements{MinFigures: *minFigures, MinProgress: *minProgress}}
	fails, err := run(ctx, cfg)
	switch {
	case ctx.Err() != nil:
		fmt.Fprintln(os.Stderr, "browsertest: interrupted")
		os.Exit(130)
	case err != nil:
		fmt.Fprintln(os.Stderr, "browsertest:", err)
		os.Exit(2)
	case len(fails) > 0:
		fmt.Fprintf(os.Stderr, "browsertest: FAIL: %d problem(s) (screenshots in %s):\n", len(fails), cfg.out)
		for _, f := range fails {
			fmt.Fprintln(os.Stderr, "  -", f)
		}
		os.Exit(1)
	}
	fmt.Println("browsertest: PASS")
}

type config struct {
	url, out, name, chrome string
	timeout, startTimeout  time.Duration
	width, height          int
	req                    Requirements
}

func logf(format string, args ...any) {
	fmt.Printf("browsertest: "+format+"\n", args...)
}

// findChrome returns the browser program to start.
func findChrome(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if c := os.Getenv("CHROME"); c != "" {
		return c, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium found (install Debian's: apt-get install chromium; or pass -chrome)")
}

// run drives the browser; it returns the failed checks, or an error when the
// page could not be driven.
func run(ctx context.Context, cfg config) ([]string, error) {
	chromePath, err := findChrome(cfg.chrome)
	if err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromePath),
		chromedp.WindowSize(cfg.width, cfg.height),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses to run as root with its sandbox
	}
	// The allocator makes a temporary profile folder and removes it, and the
	// browser with it, when its context is cancelled (also on Ctrl-C).
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()

	if err := os.MkdirAll(cfg.out, 0o755); err != nil {
		return nil, err
	}
	if old, _ := filepath.Glob(filepath.Join(cfg.out, "*.png")); len(old) > 0 {
		for _, f := range old {
			os.Remove(f)
		}
	}

	// Start the browser on the long-lived context: a browser started by a
	// call on a context with a timeout would end with that context.
	if err := chromedp.Do(bctx); err != nil {
		return nil, fmt.Errorf("could not start %s: %w", chromePath, err)
	}
	start := time.Now()
	logf("opening %s in %s", redact(cfg.url), chromePath)
	if err := withTimeout(bctx, cfg.startTimeout, func(c context.Context) error {
		return chromedp.Do(c, chromedp.Navigate(cfg.url))
	}); err != nil {
		return nil, fmt.Errorf("could not open the notebook page: %w", err)
	}
	// Wait for the notebook to load and its kernel to be connected and idle.
	var state string
	deadline := time.Now().Add(cfg.startTimeout)
	for {
		state, err = eval[string](bctx, readyJS)
		if err != nil {
			return nil, fmt.Errorf("reading the page: %w", err)
		}
		if len(state) > 6 && state[:6] == "ready:" {
			break
		}
		if time.Now().After(deadline) {
			shot(bctx, cfg, cfg.name+"-start.png", viewport)
			return nil, fmt.Errorf("the notebook or its kernel was not ready after %v: %s", cfg.startTimeout, state)
		}
		if err := sleep(ctx, 500*time.Millisecond); err != nil {
			return nil, err
		}
	}
	logf("page loaded, kernel %q idle after %.1f s; running all cells", state[6:], time.Since(start).Seconds())

	ncells, err := eval[int](bctx, startJS)
	if err != nil {
		return nil, fmt.Errorf("starting Run All: %w", err)
	}
	runStart := time.Now()
	var timedOut time.Duration
	var st status
	idlePolls := 0
	lastLog := time.Now()
	for {
		if err := sleep(ctx, time.Second); err != nil {
			return nil, err
		}
		st, err = eval[status](bctx, statusJS)
		if err != nil {
			return nil, fmt.Errorf("reading the page: %w", err)
		}
		if st.Dead != "" {
			break
		}
		if st.Running == 0 && !st.Busy {
			if idlePolls++; idlePolls >= 3 { // idle for ~3 s: nothing queued any more
				break
			}
		} else {
			idlePolls = 0
		}
		if time.Since(runStart) > cfg.timeout {
			timedOut = cfg.timeout
			break
		}
		if time.Since(lastLog) >= 30*time.Second {
			lastLog = time.Now()
			if st.Running > 0 {
				logf("%3.0f s: %d of %d code cells done; running cell %d: %s", time.Since(runStart).Seconds(),
					st.Code-st.Running, st.Code, st.Current, firstLine(st.CurrentText))
			} else {
				logf("%3.0f s: all %d code cells done; waiting for the kernel to be idle", time.Since(runStart).Seconds(), st.Code)
			}
		}
	}
	if timedOut > 0 {
		logf("stopped waiting after %v, with %d of %d code cells done", timedOut, st.Code-st.Running, st.Code)
	} else {
		logf("ran %d cells in %.1f s", ncells, time.Since(runStart).Seconds())
	}

	// Give images a moment to decode, then read the page.
	for i := 0; i < 30; i++ {
		if done, err := eval[bool](bctx, imagesDoneJS); err != nil || done {
			break
		}
		if err := sleep(ctx, 500*time.Millisecond); err != nil {
			return nil, err
		}
	}
	raw, err := eval[string](bctx, collectJS)
	if err != nil {
		return nil, fmt.Errorf("reading the outputs: %w", err)
	}
	var res Results
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		return nil, fmt.Errorf("decoding the outputs: %w", err)
	}
	res.TimedOut = timedOut
	sum, fails := Evaluate(res, cfg.req)
	for _, c := range res.Cells {
		for _, b := range c.Progress {
			logf("cell %d: progress bar at %g/%g, %d states seen during the run", c.Index, b.Value, b.Max,
				distinct(res.ProgressSeen[fmt.Sprint(c.Index)]))
		}
	}
	logf("%v", sum)

	n := screenshots(bctx, cfg, res, fails)
	logf("%d screenshots in %s; %.1f s in all", n, cfg.out, time.Since(start).Seconds())
	return fails, nil
}

// status is what statusJS returns while the cells run.
type status struct {
	Code        int    `json:"code"`    // non-blank code cells
	Running     int    `json:"running"` // of them queued or running
	Current     int    `json:"current"` // index of the first one running
	CurrentText string `json:"currentText"`
	Busy        bool   `json:"busy"`
	Dead        string `json:"dead"`
}

const readyJS = `(() => {
  const nb = window.Jupyter && Jupyter.notebook;
  const modal = document.querySelector('.modal.in');
  const dialog = modal ? ' (dialog: ' + modal.innerText.replace(/\s+/g, ' ').slice(0, 300) + ')' : '';
  if (!nb || !nb._fully_loaded) return 'notebook not loaded' + dialog;
  const k = nb.kernel;
  if (!k) return 'no kernel' + dialog;
  if (!k.is_connected()) return 'kernel ' + k.name + ' not connected' + dialog;
  if (nb.kernel_busy) return 'kernel ' + k.name + ' busy' + dialog;
  if (modal) return 'waiting' + dialog;
  return 'ready:' + k.name;
})()`

// startJS turns autosave off (the notebook is never saved), starts watching
// <progress> elements, clears the outputs and runs all cells. It returns
// the number of cells.
const startJS = `(() => {
  const nb = Jupyter.notebook;
  nb.set_autosave_interval(0);
  window.onbeforeunload = null;
  const container = document.getElementById('notebook-container');
  const bt = window.__browsertest = {seen: {}, dead: ''};
  const record = p => {
    const cell = p.closest('.cell');
    const i = Array.prototype.indexOf.call(container.querySelectorAll(':scope > .cell'), cell);
    if (i < 0) return;
    const b = {value: p.hasAttribute('value') ? Number(p.getAttribute('value')) : -1, max: Number(p.getAttribute('max') || 1)};
    const s = bt.seen[i] = bt.seen[i] || [];
    const last = s[s.length - 1];
    if ((!last || last.value !== b.value || last.max !== b.max) && s.length < 5000) s.push(b);
  };
  new MutationObserver(muts => {
    for (const m of muts) {
      const nodes = m.type === 'attributes' ? [m.target] : Array.from(m.addedNodes);
      for (const n of nodes) {
        if (n.nodeType !== 1) continue;
        if (n.matches('progress')) record(n);
        n.querySelectorAll('progress').forEach(record);
      }
    }
  }).observe(container, {subtree: true, childList: true, attributes: true, attributeFilter: ['value', 'max']});
  nb.events.on('kernel_dead.Kernel kernel_restarting.Kernel kernel_killed.Session kernel_dead.Session', e => { bt.dead = bt.dead || e.type; });
  nb.clear_all_output();
  nb.execute_all_cells();
  return nb.get_cells().length;
})()`

const statusJS = `(() => {
  const nb = Jupyter.notebook;
  const st = {code: 0, running: 0, current: -1, currentText: '', busy: !!nb.kernel_busy, dead: (window.__browsertest || {}).dead || ''};
  nb.get_cells().forEach((c, i) => {
    if (c.cell_type !== 'code' || c.get_text().trim() === '') return;
    st.code++;
    if (c.element.hasClass('running')) {
      st.running++;
      if (st.current < 0) { st.current = i; st.currentText = c.get_text().slice(0, 200); }
    }
  });
  return st;
})()`

const imagesDoneJS = `Array.from(document.querySelectorAll('.output_area img')).every(im => im.complete)`

// collectJS returns Results (less TimedOut) as JSON, and gives each cell the
// id bt-cell-N for the screenshots.
const collectJS = `(() => {
  const nb = Jupyter.notebook;
  const bt = window.__browsertest || {seen: {}, dead: ''};
  const out = {cells: [], progressSeen: bt.seen, kernelDead: bt.dead};
  nb.get_cells().forEach((c, i) => {
    const el = c.element[0];
    el.id = 'bt-cell-' + i;
    const text = c.get_text();
    const r = {index: i, type: c.cell_type, source: text.slice(0, 300), blank: text.trim() === '',
      running: c.element.hasClass('running'),
      execCount: typeof c.input_prompt_number === 'number' ? c.input_prompt_number : null,
      errors: [], stderr: '', images: [], svgs: [], progress: []};
    if (c.cell_type === 'code') {
      el.querySelectorAll('.output_area .output_error').forEach(e => r.errors.push(e.innerText.slice(0, 3000)));
      el.querySelectorAll('.output_area .output_stderr').forEach(e => { if (r.stderr.length < 20000) r.stderr += e.innerText + '\n'; });
      el.querySelectorAll('.output_area img').forEach(im => r.images.push({src: (im.getAttribute('src') || '').slice(0, 40),
        complete: im.complete, naturalWidth: im.naturalWidth, naturalHeight: im.naturalHeight}));
      el.querySelectorAll('.output_area svg').forEach(g => {
        if (g.parentElement && g.parentElement.closest('svg')) return; // nested svg
        const b = g.getBoundingClientRect();
        r.svgs.push({width: b.width, height: b.height});
      });
      el.querySelectorAll('.output_area progress').forEach(p => r.progress.push({
        value: p.hasAttribute('value') ? Number(p.getAttribute('value')) : -1, max: Number(p.getAttribute('max') || 1)}));
    }
    out.cells.push(r);
  });
  return JSON.stringify(out);
})()`

// flattenJS makes the whole document scroll (the classic notebook scrolls
// inside #site), so clips beyond the viewport can be captured; it returns
// the page's size.
const flattenJS = `(() => {
  for (const el of [document.documentElement, document.body]) { el.style.overflow = 'visible'; el.style.height = 'auto'; el.style.position = 'static'; }
  const site = document.getElementById('site');
  if (site) { site.style.height = 'auto'; site.style.overflow = 'visible'; site.style.display = 'block'; }
  const h = document.getElementById('header');
  if (h) h.style.position = 'static';
  window.scrollTo(0, 0);
  return {width: document.documentElement.scrollWidth, height: Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)};
})()`

// rectJS returns the page rectangle of an element, or null.
const rectJS = `((sel) => {
  const el = document.querySelector(sel);
  if (!el) return null;
  const b = el.getBoundingClientRect();
  if (b.width <= 0 || b.height <= 0) return null;
  return {x: b.left + window.scrollX, y: b.top + window.scrollY, width: b.width, height: b.height};
})`

type rect struct {
	X      float64 `json:"x"`
	Y      float64 `json:"y"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
}

var viewport = rect{} // zero: the visible viewport

// screenshots writes the screenshots and returns how many it wrote; a
// screenshot that fails is reported and skipped.
func screenshots(ctx context.Context, cfg config, res Results, fails []string) int {
	n := 0
	if shot(ctx, cfg, cfg.name+"-top.png", viewport) {
		n++
	}
	size, err := eval[rect](ctx, flattenJS)
	if err != nil {
		logf("warning: cannot lay the page out for screenshots: %v", err)
		return n
	}
	const slice = 3000.0
	for i, y := 0, 0.0; y < size.Height && i < 99; i, y = i+1, y+slice {
		if shot(ctx, cfg, fmt.Sprintf("%s-page-%02d.png", cfg.name, i+1), rect{0, y, size.Width, math.Min(slice, size.Height-y)}) {
			n++
		}
	}
	for _, c := range res.Cells {
		if c.Type != "code" {
			continue
		}
		base := fmt.Sprintf("#bt-cell-%d", c.Index)
		var kinds []string
		if len(c.Errors) > 0 || badStderr(c.Stderr) != "" || (c.ExecCount == nil && !c.Blank) {
			kinds = append(kinds, "error")
		}
		if len(c.Images) > 0 || len(c.SVGs) > 0 {
			kinds = append(kinds, "figure")
		}
		if len(c.Progress) > 0 {
			kinds = append(kinds, "progress")
		}
		for _, k := range kinds {
			sel := base + " .output_wrapper"
			if k == "error" {
				sel = base // the code too
			}
			r, err := eval[*rect](ctx, rectJS+"("+jsString(sel)+")")
			if err != nil || r == nil {
				continue
			}
			if shot(ctx, cfg, fmt.Sprintf("%s-cell-%03d-%s.png", cfg.name, c.Index, k), *r) {
				n++
			}
		}
	}
	return n
}

// shot captures r (the viewport when r is zero) into cfg.out/file.
func shot(ctx context.Context, cfg config, file string, r rect) bool {
	p := page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng}
	if r.Width > 0 && r.Height > 0 {
		beyond := true
		p.CaptureBeyondViewport = &beyond
		p.Clip = &page.Viewport{X: math.Floor(r.X), Y: math.Floor(r.Y), Width: math.Ceil(r.Width), Height: math.Ceil(r.Height), Scale: 1}
	}
	var data []byte
	err := withTimeout(ctx, time.Minute, func(c context.Context) error {
		res, err := chromedp.Call(c, page.CaptureScreenshot, p)
		data = res.Data
		return err
	})
	if err == nil {
		err = os.WriteFile(filepath.Join(cfg.out, file), data, 0o644)
	}
	if err != nil {
		logf("warning: screenshot %s: %v", file, err)
		return false
	}
	return true
}

func eval[T any](ctx context.Context, js string) (T, error) {
	var v T
	err := withTimeout(ctx, time.Minute, func(c context.Context) error {
		var err error
		v, err = chromedp.Run(c, chromedp.Evaluate[T](js))
		return err
	})
	return v, err
}

func withTimeout(ctx context.Context, d time.Duration, f func(context.Context) error) error {
	c, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return f(c)
}

func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// redact hides the token in a URL for the log.
func redact(u string) string {
	for i := 0; i+6 <= len(u); i++ {
		if u[i:i+6] == "token=" {
			return u[:i+6] + "…"
		}
	}
	return u
}
