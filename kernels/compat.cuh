// compat.cuh lets the kernels compile with NVIDIA's nvcc, with a plain clang
// (Debian's clang-14) that has no CUDA headers at all (-nocudainc, selected by
// -DKERNELS_NOCUDAINC in scripts/build_kernels.sh), and with g++ for the CPU
// (-DKERNELS_HOST, package internal/hostrun, which runs them in tests).
//
// Every kernel parameter in this directory is exactly 8 bytes wide: device
// pointers, and scalars declared as long long or double. gorgonia.org/cu's
// Function.Launch copies 8 bytes from each argument pointer, so the Go side
// passes every scalar in an int64 or float64 variable and the two sides agree
// byte for byte. Never declare an int or float kernel parameter here.
#ifndef KERNELS_COMPAT_CUH
#define KERNELS_COMPAT_CUH

#if defined(KERNELS_NOCUDAINC)
#define __global__ __attribute__((global))
#define __device__ __attribute__((device))
#define __shared__ __attribute__((shared))
#define KINLINE static __device__ __inline__ __attribute__((always_inline))
KINLINE unsigned k_tid_x(void) { return __nvvm_read_ptx_sreg_tid_x(); }
KINLINE unsigned k_tid_y(void) { return __nvvm_read_ptx_sreg_tid_y(); }
KINLINE unsigned k_bid_x(void) { return __nvvm_read_ptx_sreg_ctaid_x(); }
KINLINE unsigned k_bid_y(void) { return __nvvm_read_ptx_sreg_ctaid_y(); }
KINLINE unsigned k_bdim_x(void) { return __nvvm_read_ptx_sreg_ntid_x(); }
KINLINE unsigned k_gdim_x(void) { return __nvvm_read_ptx_sreg_nctaid_x(); }
KINLINE void k_sync(void) { __syncthreads(); }
KINLINE float k_shfl_down(float v, int delta) {
	return __nvvm_shfl_sync_down_f32(0xffffffffu, v, delta, 0x1f);
}
KINLINE float k_sqrtf(float x) { return __nvvm_sqrt_rn_f(x); }
KINLINE double k_sqrt(double x) { return __nvvm_sqrt_rn_d(x); }
#elif defined(KERNELS_HOST)
// Host build (package internal/hostrun): the same sources compiled by g++ for
// the CPU, where every CUDA thread of a block is a fiber and __syncthreads and
// the warp shuffle are cooperative barriers (see internal/hostrun/hostrun.cc).
// Shared arrays become static: blocks run one after another.
#include <cmath>
#define __global__
#define __device__
#define __shared__ static
#define KINLINE static inline
struct k_host_thread {
	unsigned tid[3], bid[3], bdim[3], gdim[3];
};
extern thread_local const k_host_thread *k_host_cur;
void k_host_sync(void);
float k_host_shfl_down(float v, int delta);
KINLINE unsigned k_tid_x(void) { return k_host_cur->tid[0]; }
KINLINE unsigned k_tid_y(void) { return k_host_cur->tid[1]; }
KINLINE unsigned k_bid_x(void) { return k_host_cur->bid[0]; }
KINLINE unsigned k_bid_y(void) { return k_host_cur->bid[1]; }
KINLINE unsigned k_bdim_x(void) { return k_host_cur->bdim[0]; }
KINLINE unsigned k_gdim_x(void) { return k_host_cur->gdim[0]; }
KINLINE void k_sync(void) { k_host_sync(); }
KINLINE float k_shfl_down(float v, int delta) { return k_host_shfl_down(v, delta); }
KINLINE float k_sqrtf(float x) { return std::sqrt(x); }
KINLINE double k_sqrt(double x) { return std::sqrt(x); }
#else
#define KINLINE static __device__ __forceinline__
KINLINE unsigned k_tid_x(void) { return threadIdx.x; }
KINLINE unsigned k_tid_y(void) { return threadIdx.y; }
KINLINE unsigned k_bid_x(void) { return blockIdx.x; }
KINLINE unsigned k_bid_y(void) { return blockIdx.y; }
KINLINE unsigned k_bdim_x(void) { return blockDim.x; }
KINLINE unsigned k_gdim_x(void) { return gridDim.x; }
KINLINE void k_sync(void) { __syncthreads(); }
KINLINE float k_shfl_down(float v, int delta) {
	return __shfl_down_sync(0xffffffffu, v, delta);
}
KINLINE float k_sqrtf(float x) { return __fsqrt_rn(x); }
KINLINE double k_sqrt(double x) { return __dsqrt_rn(x); }
#endif

// k_warp_sum returns, in lane 0, the sum of v over the 32 lanes of a warp,
// added as a tree: lane l adds lane l+16, then l+8, l+4, l+2, l+1.
KINLINE float k_warp_sum(float v) {
	for (int off = 16; off > 0; off >>= 1) {
		v += k_shfl_down(v, off);
	}
	return v;
}

#endif
