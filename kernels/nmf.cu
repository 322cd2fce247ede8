// nmf.cu: the kernels of the SGD non-negative matrix factorisation
//
//     M ≈ W·H,   M m×n,  W m×d,  H d×n,  all float32, row-major,
//
// as the lesson runs it on the GPU (manual gradients, then Adam), written so
// that one step reads M exactly once:
//
//     A  = M·Hᵀ   (m×d)      B  = Wᵀ·M  (d×n)       one pass over M
//     GW = Wᵀ·W   (d×d)      GH = H·Hᵀ  (d×d)       small Gram products
//     ∇W = W·GH − A + λ·pen(W)                      = (WH − M)·Hᵀ + λ·pen(W)
//     ∇H = GW·H − B + λ·pen(H)                      = Wᵀ·(WH − M) + λ·pen(H)
//     pen(x) = min(x − μ, 0)
//
// and the loss without the dense residual:
//
//     ‖M − WH‖² = ‖M‖² − 2⟨A, W⟩ + ⟨GW, GH⟩.
//
// The rank d is a template parameter so that per-thread rows of W and columns
// of H live in registers; extern "C" entry points are instantiated for
// d = 1 … 16 with the suffix _d<d>.
//
// Every reduction is done in a fixed order (per-block partial results, then a
// sequential sum of the partials), so results are deterministic run to run.
// lib/gpu holds Go functions that mirror each kernel's arithmetic on the CPU.
//
// Every parameter is 8 bytes wide (see compat.cuh).
#include "compat.cuh"

#define DENSE_WARPS 4
#define DENSE_THREADS (32 * DENSE_WARPS)
#define DENSE_S 4
#define DENSE_TILE (32 * DENSE_S)
#define RED_THREADS 256

typedef long long i64;

// ---------------------------------------------------------------------------
// Fused pass over a dense M.
//
// Grid (ceil(n/128), ceil(m/rowsPerChunk)), 128 threads (4 warps).
// Block (cb, rb) owns columns [128·cb, 128·cb+128) and rows
// [rowsPerChunk·rb, rowsPerChunk·(rb+1)). Lane l of every warp owns columns
// 128·cb + l + 32·s for s = 0..3; warp w takes rows r0+w, r0+w+4, ...
//
//   Apart[cb][i][k] = Σ over the block's columns j of M[i,j]·H[k,j]
//                     (per lane: s = 0..3 in order; then the warp tree sum)
//   Bpart[rb][k][j] = Σ over the block's rows i of W[i,k]·M[i,j]
//                     (per warp: rows in increasing order; then warps 0..3)
// ---------------------------------------------------------------------------
template <int D>
static __device__ void dense_pass(const float *M, const float *W, const float *H,
                                  float *Apart, float *Bpart, i64 m, i64 n,
                                  i64 rowsPerChunk) {
	__shared__ float sb[DENSE_WARPS][D][DENSE_TILE];
	const int tid = (int)k_tid_x();
	const int lane = tid & 31;
	const int warp = tid >> 5;
	const i64 cb = k_bid_x();
	const i64 rb = k_bid_y();
	const i64 c0 = cb * DENSE_TILE;
	const i64 r0 = rb * rowsPerChunk;
	i64 r1 = r0 + rowsPerChunk;
	if (r1 > m) r1 = m;

	float h[DENSE_S][D];
	float b[DENSE_S][D];
	bool ok[DENSE_S];
#pragma unroll
	for (int s = 0; s < DENSE_S; s++) {
		const i64 j = c0 + lane + 32 * s;
		ok[s] = j < n;
#pragma unroll
		for (int k = 0; k < D; k++) {
			h[s][k] = ok[s] ? H[k * n + j] : 0.0f;
			b[s][k] = 0.0f;
		}
	}

	for (i64 i = r0 + warp; i < r1; i += DENSE_WARPS) {
		float w[D];
		float a[D];
#pragma unroll
		for (int k = 0; k < D; k++) {
			w[k] = W[i * D + k];
			a[k] = 0.0f;
		}
		const float *row = M + i * n + c0 + lane;
#pragma unroll
		for (int s = 0; s < DENSE_S; s++) {
			const float x = ok[s] ? row[32 * s] : 0.0f;
#pragma unroll
			for (int k = 0; k < D; k++) {
				a[k] += x * h[s][k];
				b[s][k] += w[k] * x;
			}
		}
#pragma unroll
		for (int k = 0; k < D; k++) {
			a[k] = k_warp_sum(a[k]);
		}
		if (lane == 0) {
			float *dst = Apart + (cb * m + i) * D;
#pragma unroll
			for (int k = 0; k < D; k++) dst[k] = a[k];
		}
	}

#pragma unroll
	for (int s = 0; s < DENSE_S; s++) {
#pragma unroll
		for (int k = 0; k < D; k++) sb[warp][k][lane + 32 * s] = b[s][k];
	}
	k_sync();
	// Thread t now owns column c0 + t of the tile.
	const i64 j = c0 + tid;
	if (j < n) {
#pragma unroll
		for (int k = 0; k < D; k++) {
			float v = sb[0][k][tid];
#pragma unroll
			for (int q = 1; q < DENSE_WARPS; q++) v += sb[q][k][tid];
			Bpart[(rb * D + k) * n + j] = v;
		}
	}
}

// ---------------------------------------------------------------------------
// Pass over a CSR M (and the CSR of Mᵀ, so no atomics are needed).
//
// 128 threads (4 warps) a block; global warp g = 4·block + warp.
// g < m:      A[g][k]   = Σ_p data[p]·H[k, indices[p]]   over row g of M
// m ≤ g < m+n: B[k][g−m] = Σ_p tdata[p]·W[tindices[p], k] over row g−m of Mᵀ
// Lane l takes the entries p = start + l, start + l + 32, ...; then the warp
// tree sum.
// ---------------------------------------------------------------------------
template <int D>
static __device__ void csr_pass(const int *indptr, const int *indices, const float *data,
                                const int *tindptr, const int *tindices, const float *tdata,
                                const float *W, const float *H, float *A, float *B,
                                i64 m, i64 n) {
	const int lane = (int)k_tid_x() & 31;
	const i64 g = (i64)k_bid_x() * DENSE_WARPS + ((int)k_tid_x() >> 5);
	float acc[D];
#pragma unroll
	for (int k = 0; k < D; k++) acc[k] = 0.0f;
	if (g < m) {
		const int p1 = indptr[g + 1];
		for (int p = indptr[g] + lane; p < p1; p += 32) {
			const float v = data[p];
			const i64 j = indices[p];
#pragma unroll
			for (int k = 0; k < D; k++) acc[k] += v * H[k * n + j];
		}
#pragma unroll
		for (int k = 0; k < D; k++) acc[k] = k_warp_sum(acc[k]);
		if (lane == 0) {
#pragma unroll
			for (int k = 0; k < D; k++) A[g * D + k] = acc[k];
		}
	} else if (g < m + n) {
		const i64 j = g - m;
		const int p1 = tindptr[j + 1];
		for (int p = tindptr[j] + lane; p < p1; p += 32) {
			const float v = tdata[p];
			const i64 i = tindices[p];
#pragma unroll
			for (int k = 0; k < D; k++) acc[k] += v * W[i * D + k];
		}
#pragma unroll
		for (int k = 0; k < D; k++) acc[k] = k_warp_sum(acc[k]);
		if (lane == 0) {
#pragma unroll
			for (int k = 0; k < D; k++) B[k * n + j] = acc[k];
		}
	}
}

// ---------------------------------------------------------------------------
// Gram products of the D "columns" of X: X(t, k) = X[t·st + k·sk], t < T.
// W (m×d): T = m, st = d, sk = 1 gives WᵀW.  H (d×n): T = n, st = 1, sk = n
// gives HHᵀ.
//
// gram_partial: grid G, 256 threads. Thread (b, t0) sums t = 256·b + t0,
// t + 256·G, ... in order, for the pairs k ≤ l (row-major upper triangle);
// then a shared-memory tree (stride 128, 64, ..., 1) per pair.
//   part[b][p] for p < D(D+1)/2.
// gram_finish: 1 block of ≥ D(D+1)/2 threads; out[k][l] = out[l][k] =
// Σ_b part[b][p] in order b = 0..G−1.
// ---------------------------------------------------------------------------
template <int D>
static __device__ void gram_partial(const float *X, i64 T, i64 st, i64 sk, float *part) {
	const int P = D * (D + 1) / 2;
	__shared__ float red[RED_THREADS];
	const int tid = (int)k_tid_x();
	float acc[P];
#pragma unroll
	for (int p = 0; p < P; p++) acc[p] = 0.0f;
	const i64 stride = (i64)RED_THREADS * k_gdim_x();
	for (i64 t = (i64)k_bid_x() * RED_THREADS + tid; t < T; t += stride) {
		float x[D];
#pragma unroll
		for (int k = 0; k < D; k++) x[k] = X[t * st + k * sk];
		int p = 0;
#pragma unroll
		for (int k = 0; k < D; k++) {
#pragma unroll
			for (int l = k; l < D; l++) {
				acc[p] += x[k] * x[l];
				p++;
			}
		}
	}
	for (int p = 0; p < P; p++) {
		red[tid] = acc[p];
		k_sync();
		for (int s = RED_THREADS / 2; s > 0; s >>= 1) {
			if (tid < s) red[tid] += red[tid + s];
			k_sync();
		}
		if (tid == 0) part[(i64)k_bid_x() * P + p] = red[0];
		k_sync();
	}
}

template <int D>
static __device__ void gram_finish(const float *part, i64 G, float *out) {
	const int P = D * (D + 1) / 2;
	const int tid = (int)k_tid_x();
	if (tid >= P) return;
	int k = 0, rem = tid;
	while (rem >= D - k) {
		rem -= D - k;
		k++;
	}
	const int l = k + rem;
	float v = 0.0f;
	for (i64 b = 0; b < G; b++) v += part[b * P + tid];
	out[k * D + l] = v;
	out[l * D + k] = v;
}

// ---------------------------------------------------------------------------
// SGD updates, in place. One thread owns a whole row of W (or column of H), so
// every gradient entry is computed from the old values before any is written.
//   ∇W[i,k] = Σ_l W[i,l]·GH[l,k] − A[i,k] + λ·pen(W[i,k]);  W[i,k] −= lr·∇W[i,k]
//   ∇H[k,j] = Σ_l GW[k,l]·H[l,j] − B[k,j] + λ·pen(H[k,j]);  H[k,j] −= lr·∇H[k,j]
// pen(x) = x − μ when x < μ, else 0.  lr, λ, μ are rounded to float32 first.
// grad, when not null, receives ∇ (for tests).
// ---------------------------------------------------------------------------
KINLINE float pen_mu(float x, float mu) { return x < mu ? x - mu : 0.0f; }

template <int D>
static __device__ void sgd_update_w(float *W, const float *A, const float *GH, float *grad,
                                    i64 m, double lr, double lam, double mu) {
	const i64 i = (i64)k_bid_x() * k_bdim_x() + k_tid_x();
	if (i >= m) return;
	const float flr = (float)lr, flam = (float)lam, fmu = (float)mu;
	float w[D];
#pragma unroll
	for (int k = 0; k < D; k++) w[k] = W[i * D + k];
#pragma unroll
	for (int k = 0; k < D; k++) {
		float g = 0.0f;
#pragma unroll
		for (int l = 0; l < D; l++) g += w[l] * GH[l * D + k];
		g = g - A[i * D + k] + flam * pen_mu(w[k], fmu);
		if (grad) grad[i * D + k] = g;
		W[i * D + k] = w[k] - flr * g;
	}
}

template <int D>
static __device__ void sgd_update_h(float *H, const float *B, const float *GW, float *grad,
                                    i64 n, double lr, double lam, double mu) {
	const i64 j = (i64)k_bid_x() * k_bdim_x() + k_tid_x();
	if (j >= n) return;
	const float flr = (float)lr, flam = (float)lam, fmu = (float)mu;
	float h[D];
#pragma unroll
	for (int k = 0; k < D; k++) h[k] = H[k * n + j];
#pragma unroll
	for (int k = 0; k < D; k++) {
		float g = 0.0f;
#pragma unroll
		for (int l = 0; l < D; l++) g += GW[k * D + l] * h[l];
		g = g - B[k * n + j] + flam * pen_mu(h[k], fmu);
		if (grad) grad[k * n + j] = g;
		H[k * n + j] = h[k] - flr * g;
	}
}

// ---------------------------------------------------------------------------
// Adam on the lesson's autograd loss
//     L = ‖M − WH‖ + λ·(mean(min(W,0)²) + mean(min(H,0)²))
//     ∂L/∂W = (W·GH − A)/‖M − WH‖ + 2λ·min(W,0)/(m·d)
//     ∂L/∂H = (GW·H − B)/‖M − WH‖ + 2λ·min(H,0)/(d·n)
// with PyTorch's Adam (no weight decay, no amsgrad):
//     m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²
//     p ← p − step·m / (√v / sqrtBias2 + ε),  step = lr/(1−β1ᵗ), sqrtBias2 = √(1−β2ᵗ)
// nrm points at the device double ‖M − WH‖ written by loss_finish.
// ---------------------------------------------------------------------------
KINLINE float adam_step(float p, float g, float *mom, float *vel, float b1, float b2,
                        float step, float sqrtBias2, float eps) {
	const float m1 = b1 * (*mom) + (1.0f - b1) * g;
	const float v1 = b2 * (*vel) + (1.0f - b2) * g * g;
	*mom = m1;
	*vel = v1;
	return p - step * m1 / (k_sqrtf(v1) / sqrtBias2 + eps);
}

template <int D>
static __device__ void adam_w(float *W, const float *A, const float *GH, float *mW, float *vW,
                              float *grad, const double *nrm, i64 m, double lam, double step,
                              double sqrtBias2, double b1, double b2, double eps) {
	const i64 i = (i64)k_bid_x() * k_bdim_x() + k_tid_x();
	if (i >= m) return;
	const float inv = (float)(1.0 / nrm[1]);
	const float pc = (float)(2.0 * lam / ((double)m * D));
	float w[D];
#pragma unroll
	for (int k = 0; k < D; k++) w[k] = W[i * D + k];
#pragma unroll
	for (int k = 0; k < D; k++) {
		float g = 0.0f;
#pragma unroll
		for (int l = 0; l < D; l++) g += w[l] * GH[l * D + k];
		g = (g - A[i * D + k]) * inv + pc * (w[k] < 0.0f ? w[k] : 0.0f);
		if (grad) grad[i * D + k] = g;
		const i64 e = i * D + k;
		float mo = mW[e], ve = vW[e];
		W[e] = adam_step(w[k], g, &mo, &ve, (float)b1, (float)b2, (float)step,
		                 (float)sqrtBias2, (float)eps);
		mW[e] = mo;
		vW[e] = ve;
	}
}

template <int D>
static __device__ void adam_h(float *H, const float *B, const float *GW, float *mH, float *vH,
                              float *grad, const double *nrm, i64 n, double lam, double step,
                              double sqrtBias2, double b1, double b2, double eps) {
	const i64 j = (i64)k_bid_x() * k_bdim_x() + k_tid_x();
	if (j >= n) return;
	const float inv = (float)(1.0 / nrm[1]);
	const float pc = (float)(2.0 * lam / ((double)n * D));
	float h[D];
#pragma unroll
	for (int k = 0; k < D; k++) h[k] = H[k * n + j];
#pragma unroll
	for (int k = 0; k < D; k++) {
		float g = 0.0f;
#pragma unroll
		for (int l = 0; l < D; l++) g += GW[k * D + l] * h[l];
		g = (g - B[k * n + j]) * inv + pc * (h[k] < 0.0f ? h[k] : 0.0f);
		const i64 e = k * n + j;
		if (grad) grad[e] = g;
		float mo = mH[e], ve = vH[e];
		H[e] = adam_step(h[k], g, &mo, &ve, (float)b1, (float)b2, (float)step,
		                 (float)sqrtBias2, (float)eps);
		mH[e] = mo;
		vH[e] = ve;
	}
}

// ---------------------------------------------------------------------------
// Rank-independent kernels.
// ---------------------------------------------------------------------------
extern "C" {

// sum_partials: out[x] = Σ_p parts[p·len + x] for p = 0..nparts−1 in order.
// Grid ceil(len/256), 256 threads.
__global__ void nmf_sum_partials(const float *parts, i64 nparts, i64 len, float *out) {
	const i64 x = (i64)k_bid_x() * k_bdim_x() + k_tid_x();
	if (x >= len) return;
	float v = parts[x];
	for (i64 p = 1; p < nparts; p++) v += parts[p * len + x];
	out[x] = v;
}

// dot_partial: part[b] = Σ x[t]·y[t] in double over the block's grid-stride
// share (thread order, then a shared-memory tree). Grid G, 256 threads.
__global__ void nmf_dot_partial(const float *x, const float *y, i64 len, double *part) {
	__shared__ double red[RED_THREADS];
	const int tid = (int)k_tid_x();
	double acc = 0.0;
	const i64 stride = (i64)RED_THREADS * k_gdim_x();
	for (i64 t = (i64)k_bid_x() * RED_THREADS + tid; t < len; t += stride) {
		acc += (double)x[t] * (double)y[t];
	}
	red[tid] = acc;
	k_sync();
	for (int s = RED_THREADS / 2; s > 0; s >>= 1) {
		if (tid < s) red[tid] += red[tid + s];
		k_sync();
	}
	if (tid == 0) part[k_bid_x()] = red[0];
}

// loss_finish: one thread.
//   out[0] = ‖M‖² − 2·Σ_b dotPart[b] + Σ_kl GW[k,l]·GH[k,l]   (= ‖M − WH‖²)
//   out[1] = √max(out[0], 0)
__global__ void nmf_loss_finish(const double *dotPart, i64 G, const float *GW, const float *GH,
                                i64 d, double normM2, double *out) {
	if (k_tid_x() != 0 || k_bid_x() != 0) return;
	double dot = 0.0;
	for (i64 b = 0; b < G; b++) dot += dotPart[b];
	double gg = 0.0;
	for (i64 e = 0; e < d * d; e++) gg += (double)GW[e] * (double)GH[e];
	const double r2 = normM2 - 2.0 * dot + gg;
	out[0] = r2;
	out[1] = k_sqrt(r2 > 0.0 ? r2 : 0.0);
}

// stats_partial: part[2b] = min over the block's share of x (+Inf if empty),
// part[2b+1] = how many of them are < 0 (exact in a double). Grid G, 256 threads.
__global__ void nmf_stats_partial(const float *x, i64 len, double *part) {
	__shared__ double rmin[RED_THREADS];
	__shared__ double rneg[RED_THREADS];
	const int tid = (int)k_tid_x();
	double mn = __builtin_inf();
	double neg = 0.0;
	const i64 stride = (i64)RED_THREADS * k_gdim_x();
	for (i64 t = (i64)k_bid_x() * RED_THREADS + tid; t < len; t += stride) {
		const double v = x[t];
		if (v < mn || v != v) mn = v;
		if (v < 0.0) neg += 1.0;
	}
	rmin[tid] = mn;
	rneg[tid] = neg;
	k_sync();
	for (int s = RED_THREADS / 2; s > 0; s >>= 1) {
		if (tid < s) {
			const double o = rmin[tid + s];
			if (o < rmin[tid] || o != o) rmin[tid] = o;
			rneg[tid] += rneg[tid + s];
		}
		k_sync();
	}
	if (tid == 0) {
		part[2 * (i64)k_bid_x()] = rmin[0];
		part[2 * (i64)k_bid_x() + 1] = rneg[0];
	}
}

// fill: x[t] = v for t < len. Grid ceil(len/256), 256 threads.
__global__ void nmf_fill(float *x, i64 len, double v) {
	const i64 t = (i64)k_bid_x() * k_bdim_x() + k_tid_x();
	if (t < len) x[t] = (float)v;
}

} // extern "C"

// ---------------------------------------------------------------------------
// Rank-specific entry points, d = 1 … 16.
// ---------------------------------------------------------------------------
#define NMF_INSTANTIATE(D)                                                                      \
	extern "C" __global__ void nmf_dense_pass_d##D(const float *M, const float *W,              \
	                                               const float *H, float *Apart, float *Bpart,  \
	                                               i64 m, i64 n, i64 rowsPerChunk) {            \
		dense_pass<D>(M, W, H, Apart, Bpart, m, n, rowsPerChunk);                             \
	}                                                                                           \
	extern "C" __global__ void nmf_csr_pass_d##D(                                               \
	    const int *indptr, const int *indices, const float *data, const int *tindptr,          \
	    const int *tindices, const float *tdata, const float *W, const float *H, float *A,     \
	    float *B, i64 m, i64 n) {                                                               \
		csr_pass<D>(indptr, indices, data, tindptr, tindices, tdata, W, H, A, B, m, n);       \
	}                                                                                           \
	extern "C" __global__ void nmf_gram_partial_d##D(const float *X, i64 T, i64 st, i64 sk,    \
	                                                 float *part) {                             \
		gram_partial<D>(X, T, st, sk, part);                                                  \
	}                                                                                           \
	extern "C" __global__ void nmf_gram_finish_d##D(const float *part, i64 G, float *out) {    \
		gram_finish<D>(part, G, out);                                                         \
	}                                                                                           \
	extern "C" __global__ void nmf_sgd_update_w_d##D(float *W, const float *A,                  \
	                                                 const float *GH, float *grad, i64 m,      \
	                                                 double lr, double lam, double mu) {       \
		sgd_update_w<D>(W, A, GH, grad, m, lr, lam, mu);                                      \
	}                                                                                           \
	extern "C" __global__ void nmf_sgd_update_h_d##D(float *H, const float *B,                  \
	                                                 const float *GW, float *grad, i64 n,      \
	                                                 double lr, double lam, double mu) {       \
		sgd_update_h<D>(H, B, GW, grad, n, lr, lam, mu);                                      \
	}                                                                                           \
	extern "C" __global__ void nmf_adam_w_d##D(                                                 \
	    float *W, const float *A, const float *GH, float *mW, float *vW, float *grad,          \
	    const double *nrm, i64 m, double lam, double step, double sqrtBias2, double b1,        \
	    double b2, double eps) {                                                                \
		adam_w<D>(W, A, GH, mW, vW, grad, nrm, m, lam, step, sqrtBias2, b1, b2, eps);         \
	}                                                                                           \
	extern "C" __global__ void nmf_adam_h_d##D(                                                 \
	    float *H, const float *B, const float *GW, float *mH, float *vH, float *grad,          \
	    const double *nrm, i64 n, double lam, double step, double sqrtBias2, double b1,        \
	    double b2, double eps) {                                                                \
		adam_h<D>(H, B, GW, mH, vH, grad, nrm, n, lam, step, sqrtBias2, b1, b2, eps);         \
	}

NMF_INSTANTIATE(1)
NMF_INSTANTIATE(2)
NMF_INSTANTIATE(3)
NMF_INSTANTIATE(4)
NMF_INSTANTIATE(5)
NMF_INSTANTIATE(6)
NMF_INSTANTIATE(7)
NMF_INSTANTIATE(8)
NMF_INSTANTIATE(9)
NMF_INSTANTIATE(10)
NMF_INSTANTIATE(11)
NMF_INSTANTIATE(12)
NMF_INSTANTIATE(13)
NMF_INSTANTIATE(14)
NMF_INSTANTIATE(15)
NMF_INSTANTIATE(16)
