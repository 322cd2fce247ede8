package gpu

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
)

// emulator is a backend that runs every kernel of kernels/nmf.cu and
// kernels/matmul.cu on the CPU, block by block and thread by thread, with
// the same indexing, the same float32/float64 types and the same order of
// additions as the CUDA code (warp shuffles and shared-memory trees
// included). It lets the default build test the kernels' logic and the
// engine's launch plans without a GPU. Products may differ from the GPU in
// the last bits because the GPU contracts a·b+c into one fused
// multiply-add. Here every product is rounded on its own: it is wrapped
// in an explicit float32(...) or float64(...) conversion, which the Go spec
// says the compiler may not fuse into a multiply-add (Go fuses x*y+z on
// arm64, and on amd64 with GOAMD64=v3), so the emulator gives the bits of
// kernels/hostrun's C++ on every architecture.
//
// Every call is also checked against the kernel's PTX signature.
type emulator struct {
	mu   sync.Mutex
	next dptr
	mem  map[dptr]*emuBuf
}

type emuBuf struct {
	k   elemKind
	f32 []float32
	f64 []float64
	i32 []int32
}

func newEmulator() *emulator { return &emulator{next: 1 << 20, mem: map[dptr]*emuBuf{}} }

func (e *emulator) alloc(k elemKind, n int) (dptr, error) {
	if n < 1 {
		return 0, fmt.Errorf("gpu: allocation of %d elements", n)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	p := e.next
	e.next += dptr(int64(n)*k.size()+255) &^ 255
	b := &emuBuf{k: k}
	switch k {
	case f32:
		b.f32 = make([]float32, n)
		for i := range b.f32 {
			b.f32[i] = float32(math.NaN())
		}
	case f64:
		b.f64 = make([]float64, n)
		for i := range b.f64 {
			b.f64[i] = math.NaN()
		}
	case i32:
		b.i32 = make([]int32, n)
		for i := range b.i32 {
			b.i32[i] = -1 << 31
		}
	}
	e.mem[p] = b
	return p, nil
}

func (e *emulator) buf(p dptr, k elemKind) *emuBuf {
	b, ok := e.mem[p]
	if !ok || b.k != k {
		panic(fmt.Sprintf("gpu: emulator: no %v buffer at %#x", k, p))
	}
	return b
}

func (e *emulator) free(p dptr) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.mem[p]; !ok {
		return fmt.Errorf("gpu: emulator: free of unknown pointer %#x", p)
	}
	delete(e.mem, p)
	return nil
}

func (e *emulator) uploadF32(p dptr, src []float32) error {
	copyChecked(e.buf(p, f32).f32, src)
	return nil
}
func (e *emulator) uploadI32(p dptr, src []int32) error {
	copyChecked(e.buf(p, i32).i32, src)
	return nil
}
func (e *emulator) downloadF32(dst []float32, p dptr) error {
	copyChecked(dst, e.buf(p, f32).f32)
	return nil
}
func (e *emulator) downloadF64(dst []float64, p dptr) error {
	copyChecked(dst, e.buf(p, f64).f64)
	return nil
}
func (e *emulator) sync() error { return nil }

func copyChecked[T any](dst, src []T) {
	if len(src) > len(dst) {
		panic(fmt.Sprintf("gpu: emulator: copy of %d elements into %d", len(src), len(dst)))
	}
	copy(dst, src)
}

// args decodes a call's arguments.
type emuArgs struct {
	e *emulator
	a []any
}

func (x emuArgs) f32(i int) []float32 {
	if x.a[i].(dptr) == 0 {
		return nil
	}
	return x.e.buf(x.a[i].(dptr), f32).f32
}
func (x emuArgs) f64(i int) []float64 { return x.e.buf(x.a[i].(dptr), f64).f64 }
func (x emuArgs) i32(i int) []int32   { return x.e.buf(x.a[i].(dptr), i32).i32 }
func (x emuArgs) int(i int) int       { return int(x.a[i].(int64)) }
func (x emuArgs) float(i int) float64 { return x.a[i].(float64) }

func (e *emulator) launch(c kernelCall) error {
	if err := c.check(ptxEntries()[c.module]); err != nil {
		return err
	}
	x := emuArgs{e, c.args}
	base, D := c.name, 0
	if i := strings.LastIndex(c.name, "_d"); i > 0 {
		if v, err := strconv.Atoi(c.name[i+2:]); err == nil {
			base, D = c.name[:i], v
		}
	}
	switch base {
	case "nmf_dense_pass":
		emuDensePass(D, c, x)
	case "nmf_csr_pass":
		emuCSRPass(D, c, x)
	case "nmf_gram_partial":
		emuGramPartial(D, c, x)
	case "nmf_gram_finish":
		emuGramFinish(D, c, x)
	case "nmf_sgd_update_w":
		emuSGDUpdate(D, c, x, true)
	case "nmf_sgd_update_h":
		emuSGDUpdate(D, c, x, false)
	case "nmf_adam_w":
		emuAdam(D, c, x, true)
	case "nmf_adam_h":
		emuAdam(D, c, x, false)
	case "nmf_sum_partials":
		emuSumPartials(c, x)
	case "nmf_dot_partial":
		emuDotPartial(c, x)
	case "nmf_loss_finish":
		emuLossFinish(x)
	case "nmf_stats_partial":
		emuStatsPartial(c, x)
	case "nmf_fill":
		emuFill(c, x)
	case "matmul_tiled":
		emuMatMul(c, x)
	default:
		return fmt.Errorf("gpu: emulator has no kernel %s", c.name)
	}
	return nil
}

// treeSum32 adds v as a CUDA tree does (k_warp_sum's shuffles or a
// shared-memory reduction): for s = len/2, len/4, …, 1: v[t] += v[t+s] for
// t < s. It returns v[0] and clobbers v.
func treeSum32(v []float32) float32 {
	for s := len(v) / 2; s > 0; s >>= 1 {
		for t := 0; t < s; t++ {
			v[t] += v[t+s]
		}
	}
	return v[0]
}

func treeSum64(v []float64) float64 {
	for s := len(v) / 2; s > 0; s >>= 1 {
		for t := 0; t < s; t++ {
			v[t] += v[t+s]
		}
	}
	return v[0]
}

// emuDensePass mirrors dense_pass<D>.
func emuDensePass(D int, c kernelCall, x emuArgs) {
	M, W, H, Apart, Bpart := x.f32(0), x.f32(1), x.f32(2), x.f32(3), x.f32(4)
	m, n, rpc := x.int(5), x.int(6), x.int(7)
	for cb := 0; cb < c.grid[0]; cb++ {
		for rb := 0; rb < c.grid[1]; rb++ {
			c0, r0 := cb*denseTile, rb*rpc
			r1 := min(r0+rpc, m)
			sb := make([]float32, denseWarps*D*denseTile) // [warp][k][col]
			for warp := 0; warp < denseWarps; warp++ {
				h := make([]float32, 32*denseS*D) // [lane][s][k]
				b := make([]float32, 32*denseS*D)
				ok := make([]bool, 32*denseS)
				for lane := 0; lane < 32; lane++ {
					for s := 0; s < denseS; s++ {
						j := c0 + lane + 32*s
						ok[lane*denseS+s] = j < n
						for k := 0; k < D; k++ {
							if j < n {
								h[(lane*denseS+s)*D+k] = H[k*n+j]
							}
						}
					}
				}
				a := make([]float32, 32*D) // [lane][k]
				red := make([]float32, 32)
				for i := r0 + warp; i < r1; i += denseWarps {
					clear(a)
					w := W[i*D : i*D+D]
					for lane := 0; lane < 32; lane++ {
						for s := 0; s < denseS; s++ {
							var xv float32
							if ok[lane*denseS+s] {
								xv = M[i*n+c0+lane+32*s]
							}
							for k := 0; k < D; k++ {
								a[lane*D+k] += float32(xv * h[(lane*denseS+s)*D+k])
								b[(lane*denseS+s)*D+k] += float32(w[k] * xv)
							}
						}
					}
					for k := 0; k < D; k++ {
						for lane := 0; lane < 32; lane++ {
							red[lane] = a[lane*D+k]
						}
						Apart[(cb*m+i)*D+k] = treeSum32(red)
					}
				}
				for lane := 0; lane < 32; lane++ {
					for s := 0; s < denseS; s++ {
						for k := 0; k < D; k++ {
							sb[(warp*D+k)*denseTile+lane+32*s] = b[(lane*denseS+s)*D+k]
						}
					}
				}
			}
			for tid := 0; tid < denseThreads; tid++ {
				j := c0 + tid
				if j >= n {
					continue
				}
				for k := 0; k < D; k++ {
					v := sb[k*denseTile+tid]
					for q := 1; q < denseWarps; q++ {
						v += sb[(q*D+k)*denseTile+tid]
					}
					Bpart[(rb*D+k)*n+j] = v
				}
			}
		}
	}
}

// emuCSRPass mirrors csr_pass<D>.
func emuCSRPass(D int, c kernelCall, x emuArgs) {
	indptr, indices, data := x.i32(0), x.i32(1), x.f32(2)
	tindptr, tindices, tdata := x.i32(3), x.i32(4), x.f32(5)
	W, H, A, B := x.f32(6), x.f32(7), x.f32(8), x.f32(9)
	m, n := x.int(10), x.int(11)
	acc := make([]float32, 32*D)
	red := make([]float32, 32)
	for g := 0; g < c.grid[0]*denseWarps; g++ {
		if g >= m+n {
			break
		}
		clear(acc)
		for lane := 0; lane < 32; lane++ {
			if g < m {
				for p := int(indptr[g]) + lane; p < int(indptr[g+1]); p += 32 {
					v, j := data[p], int(indices[p])
					for k := 0; k < D; k++ {
						acc[lane*D+k] += float32(v * H[k*n+j])
					}
				}
			} else {
				j := g - m
				for p := int(tindptr[j]) + lane; p < int(tindptr[j+1]); p += 32 {
					v, i := tdata[p], int(tindices[p])
					for k := 0; k < D; k++ {
						acc[lane*D+k] += float32(v * W[i*D+k])
					}
				}
			}
		}
		for k := 0; k < D; k++ {
			for lane := 0; lane < 32; lane++ {
				red[lane] = acc[lane*D+k]
			}
			s := treeSum32(red)
			if g < m {
				A[g*D+k] = s
			} else {
				B[k*n+g-m] = s
			}
		}
	}
}

// emuGramPartial mirrors gram_partial<D>.
func emuGramPartial(D int, c kernelCall, x emuArgs) {
	X, T, st, sk, part := x.f32(0), x.int(1), x.int(2), x.int(3), x.f32(4)
	P := D * (D + 1) / 2
	G := c.grid[0]
	acc := make([]float32, redThreads*P) // [tid][p]
	red := make([]float32, redThreads)
	xs := make([]float32, D)
	for b := 0; b < G; b++ {
		clear(acc)
		for tid := 0; tid < redThreads; tid++ {
			for t := b*redThreads + tid; t < T; t += redThreads * G {
				for k := 0; k < D; k++ {
					xs[k] = X[t*st+k*sk]
				}
				p := 0
				for k := 0; k < D; k++ {
					for l := k; l < D; l++ {
						acc[tid*P+p] += float32(xs[k] * xs[l])
						p++
					}
				}
			}
		}
		for p := 0; p < P; p++ {
			for tid := 0; tid < redThreads; tid++ {
				red[tid] = acc[tid*P+p]
			}
			part[b*P+p] = treeSum32(red)
		}
	}
}

// emuGramFinish mirrors gram_finish<D>.
func emuGramFinish(D int, c kernelCall, x emuArgs) {
	part, G, out := x.f32(0), x.int(1), x.f32(2)
	P := D * (D + 1) / 2
	for tid := 0; tid < c.block[0] && tid < P; tid++ {
		k, rem := 0, tid
		for rem >= D-k {
			rem -= D - k
			k++
		}
		l := k + rem
		var v float32
		for b := 0; b < G; b++ {
			v += part[b*P+tid]
		}
		out[k*D+l] = v
		out[l*D+k] = v
	}
}

func penMu(v, mu float32) float32 {
	if v < mu {
		return v - mu
	}
	return 0
}

// emuSGDUpdate mirrors sgd_update_w<D> (rows of W) and sgd_update_h<D>
// (columns of H).
func emuSGDUpdate(D int, c kernelCall, x emuArgs, isW bool) {
	X, R, G, grad := x.f32(0), x.f32(1), x.f32(2), x.f32(3)
	cnt := x.int(4)
	lr, lam, mu := float32(x.float(5)), float32(x.float(6)), float32(x.float(7))
	v := make([]float32, D)
	for t := 0; t < cnt && t < c.grid[0]*c.block[0]; t++ {
		at := func(k int) int {
			if isW {
				return t*D + k
			}
			return k*cnt + t
		}
		for k := 0; k < D; k++ {
			v[k] = X[at(k)]
		}
		for k := 0; k < D; k++ {
			var g float32
			for l := 0; l < D; l++ {
				if isW {
					g += float32(v[l] * G[l*D+k])
				} else {
					g += float32(G[k*D+l] * v[l])
				}
			}
			g = g - R[at(k)] + float32(lam*penMu(v[k], mu))
			if grad != nil {
				grad[at(k)] = g
			}
			X[at(k)] = v[k] - float32(lr*g)
		}
	}
}

// emuAdam mirrors adam_w<D> and adam_h<D>.
func emuAdam(D int, c kernelCall, x emuArgs, isW bool) {
	X, R, G, mom, vel, grad, nrm := x.f32(0), x.f32(1), x.f32(2), x.f32(3), x.f32(4), x.f32(5), x.f64(6)
	cnt := x.int(7)
	lam, step, sqrtBias2, b1, b2, eps := x.float(8), x.float(9), x.float(10), x.float(11), x.float(12), x.float(13)
	inv := float32(1.0 / nrm[1])
	pc := float32(2.0 * lam / (float64(cnt) * float64(D)))
	fb1, fb2, fstep, fsb2, feps := float32(b1), float32(b2), float32(step), float32(sqrtBias2), float32(eps)
	v := make([]float32, D)
	for t := 0; t < cnt && t < c.grid[0]*c.block[0]; t++ {
		at := func(k int) int {
			if isW {
				return t*D + k
			}
			return k*cnt + t
		}
		for k := 0; k < D; k++ {
			v[k] = X[at(k)]
		}
		for k := 0; k < D; k++ {
			var g float32
			for l := 0; l < D; l++ {
				if isW {
					g += float32(v[l] * G[l*D+k])
				} else {
					g += float32(G[k*D+l] * v[l])
				}
			}
			var neg float32
			if v[k] < 0 {
				neg = v[k]
			}
			g = float32((g-R[at(k)])*inv) + float32(pc*neg)
			e := at(k)
			if grad != nil {
				grad[e] = g
			}
			m1 := float32(fb1*mom[e]) + float32((1-fb1)*g)
			v1 := float32(fb2*vel[e]) + float32((1-fb2)*g*g)
			mom[e], vel[e] = m1, v1
			X[e] = v[k] - fstep*m1/(float32(math.Sqrt(float64(v1)))/fsb2+feps)
		}
	}
}

func emuSumPartials(c kernelCall, x emuArgs) {
	parts, np, n, out := x.f32(0), x.int(1), x.int(2), x.f32(3)
	for t := 0; t < n && t < c.grid[0]*c.block[0]; t++ {
		v := parts[t]
		for p := 1; p < np; p++ {
			v += parts[p*n+t]
		}
		out[t] = v
	}
}

func emuDotPartial(c kernelCall, x emuArgs) {
	a, b, n, part := x.f32(0), x.f32(1), x.int(2), x.f64(3)
	G := c.grid[0]
	red := make([]float64, redThreads)
	for blk := 0; blk < G; blk++ {
		for tid := 0; tid < redThreads; tid++ {
			var acc float64
			for t := blk*redThreads + tid; t < n; t += redThreads * G {
				acc += float64(float64(a[t]) * float64(b[t]))
			}
			red[tid] = acc
		}
		part[blk] = treeSum64(red)
	}
}

func emuLossFinish(x emuArgs) {
	dotPart, G, GW, GH, d, normM2, out := x.f64(0), x.int(1), x.f32(2), x.f32(3), x.int(4), x.float(5), x.f64(6)
	var dot, gg float64
	for b := 0; b < G; b++ {
		dot += dotPart[b]
	}
	for e := 0; e < d*d; e++ {
		gg += float64(float64(GW[e]) * float64(GH[e]))
	}
	r2 := normM2 - float64(2*dot) + gg
	out[0] = r2
	out[1] = math.Sqrt(math.Max(r2, 0))
}

func emuStatsPartial(c kernelCall, x emuArgs) {
	X, n, part := x.f32(0), x.int(1), x.f64(2)
	G := c.grid[0]
	mins := make([]float64, redThreads)
	negs := make([]float64, redThreads)
	for blk := 0; blk < G; blk++ {
		for tid := 0; tid < redThreads; tid++ {
			mn, neg := math.Inf(1), 0.0
			for t := blk*redThreads + tid; t < n; t += redThreads * G {
				v := float64(X[t])
				if v < mn || v != v {
					mn = v
				}
				if v < 0 {
					neg++
				}
			}
			mins[tid], negs[tid] = mn, neg
		}
		for s := redThreads / 2; s > 0; s >>= 1 {
			for t := 0; t < s; t++ {
				if o := mins[t+s]; o < mins[t] || o != o {
					mins[t] = o
				}
				negs[t] += negs[t+s]
			}
		}
		part[2*blk], part[2*blk+1] = mins[0], negs[0]
	}
}

func emuFill(c kernelCall, x emuArgs) {
	X, n, v := x.f32(0), x.int(1), float32(x.float(2))
	for t := 0; t < n && t < c.grid[0]*c.block[0]; t++ {
		X[t] = v
	}
}

// emuMatMul mirrors matmul_tiled: per C entry, a float32 sum over the inner
// index in increasing order.
func emuMatMul(c kernelCall, x emuArgs) {
	A, B, C := x.f32(0), x.f32(1), x.f32(2)
	rows, cols, inner := x.int(3), x.int(4), x.int(5)
	tA, tB := x.int(6) != 0, x.int(7) != 0
	alpha, beta := float32(x.float(8)), x.float(9)
	for r := 0; r < rows && r < c.grid[1]*matTile; r++ {
		for cc := 0; cc < cols && cc < c.grid[0]*matTile; cc++ {
			var acc float32
			for k := 0; k < inner; k++ {
				var va, vb float32
				if tA {
					va = A[k*rows+r]
				} else {
					va = A[r*inner+k]
				}
				if tB {
					vb = B[cc*inner+k]
				} else {
					vb = B[k*cols+cc]
				}
				acc += float32(va * vb)
			}
			v := float32(alpha * acc) // rounded here: else Go fuses it into the sum below
			if beta == 0 {
				C[r*cols+cc] = v
			} else {
				C[r*cols+cc] = v + float32(float32(beta)*C[r*cols+cc])
			}
		}
	}
}
