package nb

import (
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gonum.org/v1/gonum/mat"
)

// Var returns the value of a top-level variable of a notebook, computing
// it only when it has to:
//
//	var vectors = nb.Var(func() *sparse.CSR { return nb.FitTransform(vectorizer, newsgroupsTrain.Data) })
//
// GoNB runs every cell as a new program that repeats all the declarations
// of the cells before it, so without Var each later cell would compute
// vectors again. With Var, the cell that declares the variable computes
// it and stores it; later cells read the stored value, and use vectors by
// its name as a Python notebook would. The value is computed again when
//
//   - the declaration, or any declaration it uses (a function, a constant,
//     a plain variable), is edited: so editing a cell and running it
//     recomputes its values, and the Var values that depend on them;
//   - a Var value it uses was computed after it (an upstream cell changed);
//   - its own cell runs again unchanged (the same program as the one that
//     computed it), as rerunning a Python cell would;
//   - the stored value cannot be read back intact (a warning says so).
//
// A *mat.Dense is memory-mapped from its file (so even a 432 MB matrix
// costs a later cell next to nothing) and shared with it: changing it in
// place in one cell, as the lesson's gradient steps change W and H,
// changes it for the cells after, like a NumPy array. Other values are
// read back whole and checked; changes made to them in place stay in the
// cell that made them.
//
// Called anywhere but in the initialiser of a top-level variable, Var
// just calls compute. Values live in StoreDir: for the kernel's lifetime,
// so a restarted kernel starts fresh. Types other than *mat.Dense,
// []float64 and *sparse.CSR are stored with encoding/gob.
func Var[T any](f func() T) T {
	c := begin(1)
	if c.fresh(1) {
		if a, ok := lookup[T](c, 0); ok {
			c.use()
			return a
		}
	}
	a := compute(f)
	if c != nil {
		c.keep(a)
		a = reload(c, 0, a)
	}
	return a
}

// Var2 is Var for an initialiser of two variables, as in
// var W, H = nb.Var2(func() (*mat.Dense, *mat.Dense) { ... }).
func Var2[A, B any](f func() (A, B)) (A, B) {
	c := begin(1)
	if c.fresh(2) {
		a, okA := lookup[A](c, 0)
		b, okB := lookup[B](c, 1)
		if okA && okB {
			c.use()
			return a, b
		}
	}
	type pair struct {
		a A
		b B
	}
	p := compute(func() pair { a, b := f(); return pair{a, b} })
	a, b := p.a, p.b
	if c != nil {
		c.keep(a, b)
		a, b = reload(c, 0, a), reload(c, 1, b)
	}
	return a, b
}

// Var3 is Var for an initialiser of three variables, as in
// var U, s, Vh = nb.Var3(func() (*mat.Dense, []float64, *mat.Dense) { ... }).
func Var3[A, B, C any](f func() (A, B, C)) (A, B, C) {
	c := begin(1)
	if c.fresh(3) {
		a, okA := lookup[A](c, 0)
		b, okB := lookup[B](c, 1)
		v, okC := lookup[C](c, 2)
		if okA && okB && okC {
			c.use()
			return a, b, v
		}
	}
	type triple struct {
		a A
		b B
		c C
	}
	t := compute(func() triple { a, b, v := f(); return triple{a, b, v} })
	a, b, v := t.a, t.b, t.c
	if c != nil {
		c.keep(a, b, v)
		a, b, v = reload(c, 0, a), reload(c, 1, b), reload(c, 2, v)
	}
	return a, b, v
}

// Time runs f and prints how long it took, as IPython's %time does for a
// statement: %time u, s, v = randomized_svd(vectors, 5) in a cell body
// becomes nb.Time(func() { u, s, v = nb.RandomizedSVD(vectors, 5) }).
// For a top-level variable, give the lesson call the Timed option instead.
func Time(f func()) { fmt.Println(Measure(f)) }

// Reset forgets the stored values of the named variables, so that the next
// cell computes them again.
func Reset(names ...string) error {
	s, err := openStore()
	if err != nil {
		return err
	}
	for _, n := range names {
		if err := s.forget(n); err != nil {
			return fmt.Errorf("nb: forgetting %s: %w", n, err)
		}
	}
	return nil
}

// gens holds, for every Var value this process has resolved, the
// generation of its value: when it was computed.
var gens sync.Map

func known(name string) bool { _, ok := gens.Load(name); return ok }

// varCall is one call of Var, Var2 or Var3 at its declaration.
type varCall struct {
	site
	st      *store
	stored  meta // the meta of the stored values, when fresh found them current
	defined bool // this program declares the value anew (see keep)
}

// begin locates the declaration of the Var call skip frames above
// begin's caller (the Time variants add theirs) and opens the store; nil
// means "just compute".
func begin(skip int) *varCall {
	if computing.Load() > 0 {
		return nil // a lesson call inside another Var's computation: just compute
	}
	find := callSite
	if siteHook != nil {
		find = siteHook
	}
	// The first caller outside this package (past the lesson calls, which
	// call Var themselves) must be the initialiser of a top-level variable.
	i := skip + 1
	for ; i < skip+8 && inThisPackage(i); i++ {
	}
	s, ok := find(i, known)
	if !ok {
		return nil
	}
	st, err := openStore()
	if err != nil {
		warnf("%s will be computed in every cell: %v", strings.Join(s.names, ", "), err)
		return nil
	}
	return &varCall{site: s, st: st}
}

// thisPackage is the import path of this package, as function names begin.
const thisPackage = "github.com/fastai-go/topicmodel/lib/nb."

// inThisPackage reports whether the frame skip levels above its caller
// runs code of this package.
func inThisPackage(skip int) bool {
	pc, _, _, ok := runtime.Caller(skip + 1)
	if !ok {
		return false
	}
	f := runtime.FuncForPC(pc)
	return f != nil && strings.HasPrefix(f.Name(), thisPackage)
}

// computing counts the Var computations under way; Var calls made while
// one runs are part of it and are not stored on their own.
var computing atomic.Int32

// compute runs f as a Var computation.
func compute[T any](f func() T) T {
	computing.Add(1)
	defer computing.Add(-1)
	return f()
}

// siteHook, when set (by tests), replaces callSite.
var siteHook func(skip int, known func(string) bool) (site, bool)

// key is the store name of the i-th variable of the declaration.
func (c *varCall) key(i int) string {
	if i < len(c.names) && c.names[i] != "_" {
		return c.names[i]
	}
	return fmt.Sprintf("%s#%d", strings.Join(c.names, ","), i)
}

// fresh reads the headers of the n stored values and reports whether they
// are current: stored together, from the same declaration, by another
// program than this one, after every Var value they use. It also decides
// whether this program declares the value anew, for keep.
func (c *varCall) fresh(n int) bool {
	if c == nil {
		return false
	}
	c.defined = true
	var ms []meta
	for i := 0; i < n; i++ {
		h, err := peekHeader(c.st.path(c.key(i)))
		if err != nil {
			return false
		}
		ms = append(ms, h.meta())
	}
	m := ms[0]
	for _, o := range ms {
		if o != m {
			return false // stored by different runs
		}
	}
	if m.src != c.src {
		return false // the declaration, or one it uses, was edited
	}
	if m.prog != ([16]byte{}) && m.prog == c.prog {
		return false // the cell that computed it runs again
	}
	c.defined = false
	for _, d := range c.deps {
		if g, ok := gens.Load(d); ok && g.(uint64) > m.gen {
			return false // computed from an older value of d
		}
	}
	c.stored = m
	return true
}

// lookup loads the i-th stored value; ok is false when it cannot be used
// (with a warning when it is damaged).
func lookup[T any](c *varCall, i int) (T, bool) {
	v, m, err := load[T](c.st, c.key(i))
	switch {
	case err == nil && m == c.stored:
		return v, true
	case err == nil, errors.Is(err, fs.ErrNotExist), errors.Is(err, errFormat):
		// replaced meanwhile, or gone: compute it
	default:
		var wt errWrongType
		if !errors.As(err, &wt) { // a new type comes with an edited declaration: no news
			warnf("the stored value of %s cannot be used (%v); computing it again", c.key(i), err)
		}
	}
	return v, false
}

// use records the generation of the values read from the store.
func (c *varCall) use() {
	for i := range c.names {
		gens.Store(c.key(i), c.stored.gen)
	}
}

// lastGen makes generations strictly increasing within a process.
var lastGen struct {
	sync.Mutex
	v uint64
}

func newGen() uint64 {
	lastGen.Lock()
	defer lastGen.Unlock()
	lastGen.v = max(lastGen.v+1, uint64(time.Now().UnixNano()))
	return lastGen.v
}

// keep stores freshly computed values. The program hash is kept only when
// this program declares the value anew (nothing current was stored, its
// declaration changed, or its cell reran), not when an upstream value
// changed: rerunning the cell that caused such a recomputation should not
// repeat it.
func (c *varCall) keep(vs ...any) {
	m := meta{src: c.src, gen: newGen()}
	if c.defined {
		m.prog = c.prog
	}
	c.stored = m
	for i, v := range vs {
		gens.Store(c.key(i), m.gen)
		if err := c.st.save(c.key(i), v, m); err != nil {
			warnf("%v; later cells will compute it again", err)
		}
	}
}

// reload returns the stored copy of a just-kept matrix, mapped from its
// file, so that changes this cell makes to it in place are kept too; any
// other value is returned as it is.
func reload[T any](c *varCall, i int, v T) T {
	if _, ok := any(v).(*mat.Dense); !ok {
		return v
	}
	if w, ok := lookup[T](c, i); ok {
		return w
	}
	return v
}

// warnf prints a warning line on standard error.
func warnf(format string, args ...any) {
	fmt.Fprintf(stderr, "nb: "+format+"\n", args...)
}
