// matmul.cu: a shared-memory tiled product for the general products the NMF
// code needs outside its fused step (e.g. W·H for a reconstruction):
//
//     C = α·op(A)·op(B) + β·C,   op(A) rows×inner, op(B) inner×cols,
//
// float32, row-major. transA ≠ 0 means A is stored inner×rows (op(A) = Aᵀ),
// likewise transB: B stored cols×inner. When β = 0, C is not read, so a C
// full of NaN is overwritten cleanly.
//
// Grid (ceil(cols/16), ceil(rows/16)), block (16, 16). Each thread owns one
// C entry and accumulates in float32 over the inner dimension in 16-wide
// tiles, in increasing inner index.
//
// Every parameter is 8 bytes wide (see compat.cuh).
#include "compat.cuh"

#define TILE 16

typedef long long i64;

extern "C" __global__ void matmul_tiled(const float *A, const float *B, float *C, i64 rows,
                                        i64 cols, i64 inner, i64 transA, i64 transB,
                                        double alpha, double beta) {
	__shared__ float sa[TILE][TILE];
	__shared__ float sb[TILE][TILE + 1];
	const int tx = (int)k_tid_x();
	const int ty = (int)k_tid_y();
	const i64 r = (i64)k_bid_y() * TILE + ty;
	const i64 c = (i64)k_bid_x() * TILE + tx;
	float acc = 0.0f;
	for (i64 t0 = 0; t0 < inner; t0 += TILE) {
		// sa[ty][tx] = op(A)[r][t0+tx];  sb[ty][tx] = op(B)[t0+ty][c]
		const i64 ka = t0 + tx;
		float va = 0.0f;
		if (r < rows && ka < inner) va = transA ? A[ka * rows + r] : A[r * inner + ka];
		sa[ty][tx] = va;
		const i64 kb = t0 + ty;
		float vb = 0.0f;
		if (kb < inner && c < cols) vb = transB ? B[c * inner + kb] : B[kb * cols + c];
		sb[ty][tx] = vb;
		k_sync();
#pragma unroll
		for (int q = 0; q < TILE; q++) acc += sa[ty][q] * sb[q][tx];
		k_sync();
	}
	if (r < rows && c < cols) {
		const float v = (float)alpha * acc;
		C[r * cols + c] = beta == 0.0 ? v : v + (float)beta * C[r * cols + c];
	}
}
