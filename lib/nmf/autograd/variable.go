package autograd

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"

	"github.com/gomlx/gomlx/backends"
	. "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"gonum.org/v1/gonum/mat"
)

// Variable is a value built from matrices by a few operations, whose
// gradient GoMLX's automatic differentiation computes: the lesson's
// warm-up with PyTorch's Variable (x = Variable(torch.ones(2, 2),
// requires_grad=True); y = x + 2; z = y * y * 3; out = z.sum();
// out.backward(); x.grad).
//
// A Variable records how it was made; Value and Backward turn the record
// into a GoMLX graph and run it. Its fields are exported so that a
// notebook can store it between cells. Leaves are told apart by ID, so
// the gradient of a leaf is found through any copy of it.
type Variable struct {
	Op     string      // "leaf", "add", "mul", "addScalar", "mulScalar" or "sum"
	Args   []*Variable // the operands
	Scalar float64     // the constant of addScalar and mulScalar
	Data   *mat.Dense  // a leaf's value
	ID     int64       // a leaf's identity
	Grad   bool        // whether a leaf requires its gradient
}

// NewVariable returns a leaf holding data; requiresGrad asks Backward for
// its gradient.
func NewVariable(data *mat.Dense, requiresGrad bool) *Variable {
	// A random identity, so leaves made in different processes (notebook
	// cells) do not collide.
	return &Variable{Op: "leaf", Data: mat.DenseCopyOf(data), ID: rand.Int64(), Grad: requiresGrad}
}

// AddScalar returns v + f.
func (v *Variable) AddScalar(f float64) *Variable {
	return &Variable{Op: "addScalar", Args: []*Variable{v}, Scalar: f}
}

// MulScalar returns v · f.
func (v *Variable) MulScalar(f float64) *Variable {
	return &Variable{Op: "mulScalar", Args: []*Variable{v}, Scalar: f}
}

// Add returns v + w, entry by entry.
func (v *Variable) Add(w *Variable) *Variable { return &Variable{Op: "add", Args: []*Variable{v, w}} }

// Mul returns v * w, entry by entry.
func (v *Variable) Mul(w *Variable) *Variable { return &Variable{Op: "mul", Args: []*Variable{v, w}} }

// Sum returns the sum of v's entries, a 1×1 Variable.
func (v *Variable) Sum() *Variable { return &Variable{Op: "sum", Args: []*Variable{v}} }

// leaves lists the distinct leaves of v, by ID, in the order met.
func (v *Variable) leaves(seen map[int64]bool, out []*Variable) []*Variable {
	if v.Op == "leaf" {
		if !seen[v.ID] {
			seen[v.ID] = true
			out = append(out, v)
		}
		return out
	}
	for _, a := range v.Args {
		out = a.leaves(seen, out)
	}
	return out
}

// node builds v's graph from its leaves' input nodes.
func (v *Variable) node(in map[int64]*Node) *Node {
	switch v.Op {
	case "leaf":
		return in[v.ID]
	case "add":
		return Add(v.Args[0].node(in), v.Args[1].node(in))
	case "mul":
		return Mul(v.Args[0].node(in), v.Args[1].node(in))
	case "addScalar":
		return AddScalar(v.Args[0].node(in), v.Scalar)
	case "mulScalar":
		return MulScalar(v.Args[0].node(in), v.Scalar)
	case "sum":
		return Reshape(ReduceAllSum(v.Args[0].node(in)), 1, 1)
	}
	panic(fmt.Sprintf("autograd: unknown operation %q", v.Op))
}

// run evaluates v and, with grads, the gradients of v's sum with respect
// to the leaves that require them.
func (v *Variable) run(grads bool) (*mat.Dense, map[int64]*mat.Dense, error) {
	leaves := v.leaves(map[int64]bool{}, nil)
	backend, err := backends.New()
	if err != nil {
		return nil, nil, fmt.Errorf("autograd: no GoMLX backend: %w", err)
	}
	exec, err := NewExec(backend, func(inputs []*Node) []*Node {
		in := map[int64]*Node{}
		for i, l := range leaves {
			in[l.ID] = inputs[i]
		}
		out := v.node(in)
		res := []*Node{out}
		if grads {
			var wrt []*Node
			for _, l := range leaves {
				if l.Grad {
					wrt = append(wrt, in[l.ID])
				}
			}
			if len(wrt) > 0 {
				res = append(res, Gradient(ReduceAllSum(out), wrt...)...)
			}
		}
		return res
	})
	if err != nil {
		return nil, nil, fmt.Errorf("autograd: building the graph: %w", err)
	}
	args := make([]any, len(leaves))
	for i, l := range leaves {
		r, c := l.Data.Dims()
		args[i] = tensors.FromFlatDataAndDimensions(mat.DenseCopyOf(l.Data).RawMatrix().Data, r, c)
	}
	outs, err := exec.Exec(args...)
	if err != nil {
		return nil, nil, fmt.Errorf("autograd: running the graph: %w", err)
	}
	toDense := func(t *tensors.Tensor) (*mat.Dense, error) {
		dims := t.Shape().Dimensions
		data, err := tensors.CopyFlatData[float64](t)
		if err != nil {
			return nil, err
		}
		return mat.NewDense(dims[0], dims[1], data), nil
	}
	val, err := toDense(outs[0])
	if err != nil {
		return nil, nil, err
	}
	g := map[int64]*mat.Dense{}
	k := 1
	for _, l := range leaves {
		if grads && l.Grad && k < len(outs) {
			if g[l.ID], err = toDense(outs[k]); err != nil {
				return nil, nil, err
			}
			k++
		}
	}
	return val, g, nil
}

// Value evaluates v.
func (v *Variable) Value() (*mat.Dense, error) {
	if v.Op == "leaf" {
		return mat.DenseCopyOf(v.Data), nil
	}
	val, _, err := v.run(false)
	return val, err
}

// grads holds the gradients Backward computed, by leaf ID, for this
// process (as PyTorch keeps x.grad on x).
var grads sync.Map

// Backward computes the gradient of v's sum with respect to every leaf
// that requires it (for a 1×1 v, as out.backward() does) and adds it to
// what GradOf returns for that leaf.
func (v *Variable) Backward() error {
	_, g, err := v.run(true)
	if err != nil {
		return err
	}
	for id, d := range g {
		if old, ok := grads.Load(id); ok {
			d.Add(d, old.(*mat.Dense))
		}
		grads.Store(id, d)
	}
	return nil
}

// GradOf returns the gradient accumulated on leaf v by Backward: zeros
// (of v's shape) before any, as x.grad printed in the lesson's PyTorch.
func (v *Variable) GradOf() *mat.Dense {
	if g, ok := grads.Load(v.ID); ok {
		return mat.DenseCopyOf(g.(*mat.Dense))
	}
	if v.Data == nil {
		return nil
	}
	r, c := v.Data.Dims()
	return mat.NewDense(r, c, nil)
}

// String prints v's value the way the lesson's PyTorch printed a Variable.
func (v *Variable) String() string {
	val, err := v.Value()
	if err != nil {
		return "Variable (cannot evaluate: " + err.Error() + ")"
	}
	r, c := val.Dims()
	var b strings.Builder
	b.WriteString("Variable containing:\n")
	fmt.Fprintf(&b, "%v\n", mat.Formatted(val, mat.Squeeze()))
	fmt.Fprintf(&b, "[%d×%d]", r, c)
	return b.String()
}
