// Package gpu runs the lesson's GPU cells — SGD non-negative matrix
// factorisation with hand-written gradients, then the autograd + Adam
// variant — on an NVIDIA GPU through the CUDA driver API
// (gorgonia.org/cu), with the project's own kernels from package kernels.
//
// # Use
//
//	dev, err := gpu.Open(0)            // ErrNoCUDA without -tags cuda
//	defer dev.Close()
//	res, err := dev.SGD(M, W0, H0, gpu.LessonSGD())   // the lesson's 1000 steps
//	res, err = dev.Adam(M, W0, H0, gpu.LessonAdam())  // the autograd + Adam cells
//
// or step by step, as the lesson's cells do, with a Factorization kept on
// the device (NewFactorization, SGDStep, AdamStep, Report, Factors). M may
// be a *sparse.CSR (kept sparse) or any mat.Matrix (stored dense, like the
// lesson's t_vectors); W0 and H0 come from the caller (lib/nmf/sgd.Init
// gives the lesson's start).
//
// # Build tags
//
// gorgonia.org/cu initialises the driver when the program starts and exits
// if there is none, so everything that imports it is behind the cuda build
// tag. The default build keeps the same API, and every entry point returns
// ErrNoCUDA. To build with CUDA on a machine without NVIDIA's toolkit, fetch
// the CUDA 11.8 headers and link stub (cu needs headers from CUDA ≤ 12):
//
//	eval "$(scripts/setup_cuda.sh --env-only)"
//	go test -c -tags cuda -o gpu.test ./lib/gpu/
//
// and run gpu.test where a driver and a GPU are.
//
// # The step
//
// For M ≈ W·H (M m×n, W m×d, H d×n, float32 on the device) one SGD step is
//
//	A = M·Hᵀ, B = Wᵀ·M                 one pass over M (dense or CSR)
//	GW = WᵀW, GH = HHᵀ                 d×d Gram products
//	W ← W − lr·(W·GH − A + λ·pen(W))   = W − lr·((WH − M)Hᵀ + λ·pen(W))
//	H ← H − lr·(GW·H − B + λ·pen(H))   = H − lr·(Wᵀ(WH − M) + λ·pen(H))
//
// with pen(x) = min(x − μ, 0). The dense residual WH − M is never formed,
// so a step costs one read of M plus O((m+n)·d²), where the lesson's
// PyTorch loop forms and reads the m×n residual several times. The loss
// comes from the same pieces: ‖M − WH‖² = ‖M‖² − 2⟨A, W⟩ + ⟨GW, GH⟩.
//
// # Testing without a GPU
//
// The engine that plans kernel launches is independent of the backend.
// The default build's tests run the plans on an emulator: Go functions
// that repeat each kernel's arithmetic thread by thread (same float32
// types, same order of additions, warp and shared-memory trees included)
// and check every launch's arguments against the PTX's parameter lists.
// Those results are compared with a float64 statement of the lesson's
// formulas. The same plans also run on the CUDA sources themselves,
// compiled for the CPU by package internal/hostrun (every CUDA thread a
// fiber, barriers real), which must give the emulator's results bit for bit
// with blocks and threads run in either order. The cuda-tagged tests then
// compare the GPU with the emulator and the float64 reference.
package gpu
