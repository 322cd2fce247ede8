// testkernels.h: small kernels that exercise the host scheduler itself
// (hostrun_test.go), written with the same compat.cuh primitives as the real
// kernels. Two of them break CUDA's rules on purpose.
#ifndef KERNELS_HOSTRUN_TESTKERNELS_H
#define KERNELS_HOSTRUN_TESTKERNELS_H

extern "C" {

// hr_test_race: out[t] = the value thread t+1 wrote to shared memory, read
// without __syncthreads in between: a race, whose result depends on the order
// the threads run in. One block of at most 256 threads.
__global__ void hr_test_race(float *out) {
	__shared__ float s[257];
	const int t = (int)k_tid_x();
	s[t + 1] = (float)(t + 1);
	out[t] = s[t + 1 < (int)k_bdim_x() ? t + 2 : 0];
}

// hr_test_divergent_sync: only the first half of the block reaches
// __syncthreads, which CUDA does not allow.
__global__ void hr_test_divergent_sync(float *out) {
	const int t = (int)k_tid_x();
	if (t < (int)k_bdim_x() / 2) {
		k_sync();
	}
	out[t] = (float)t;
}

// hr_test_warp_sum: out[w] = k_warp_sum over warp w's 32 values of x.
__global__ void hr_test_warp_sum(const float *x, float *out) {
	const long long g = (long long)k_bid_x() * k_bdim_x() + k_tid_x();
	const float s = k_warp_sum(x[g]);
	if ((k_tid_x() & 31) == 0) out[g / 32] = s;
}

// hr_test_block_ids: for every thread of a 2-D grid of 2-D blocks, writes
// its linear index into out at its global 2-D position (width = gridDim.x ·
// blockDim.x), after a __syncthreads with a shared-memory exchange that
// reverses the thread order within the block.
__global__ void hr_test_block_ids(float *out, long long width) {
	__shared__ float s[1024];
	const unsigned tx = k_tid_x(), ty = k_tid_y();
	const unsigned bx = k_bdim_x();
	const unsigned n = bx * 16; // blocks are (bx, 16)
	const unsigned lin = tx + ty * bx;
	s[lin] = (float)lin;
	k_sync();
	const long long x = (long long)k_bid_x() * bx + tx;
	const long long y = (long long)k_bid_y() * 16 + ty;
	out[y * width + x] = s[n - 1 - lin];
}

} // extern "C"

#endif
