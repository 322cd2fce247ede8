//go:build cgo

// hostrun.cc runs the CUDA C kernels of package kernels (nmf.cu, matmul.cu)
// on the CPU, from the very same source files, so that the default build can
// test the code the GPU runs.
//
// The .cu files are compiled by g++ with -DKERNELS_HOST (see compat.cuh).
// The files nmf_cu.h, matmul_cu.h and compat_cuh.h in this directory are
// symbolic links to them, so that the go command notices when they change.
//
// One launch runs the grid's blocks one after another. Within a block, every
// CUDA thread is a fiber (ucontext) with its own stack; a fiber runs until it
// returns, reaches __syncthreads (k_sync) or a warp shuffle. When every
// thread of the block waits at __syncthreads, they all go on; when the 32
// lanes of a warp wait at a shuffle, the warp goes on. Anything else is an
// error the launch reports: __syncthreads reached by some threads only
// (the others returned), threads stuck at different barriers, a shuffle in a
// partial warp.
//
// Fibers switch only at barriers, so a kernel that reads shared or global
// memory another thread writes without a barrier in between gets a result
// that depends on the order threads run in. hr_launch can run blocks and
// threads in reverse order; tests compare the two orders to find such races.
//
// Floating point is IEEE single/double without contraction
// (fp-contract=off): each a·b + c is rounded twice, as in the Go mirror of
// the kernels (lib/gpu/emulator_test.go), where the GPU would use one fused
// multiply-add.

// No fused multiply-add, whatever -march the build uses (cgo does not accept
// -ffp-contract=off among CXXFLAGS).
#pragma GCC optimize("fp-contract=off")

// _longjmp between fiber stacks is what the scheduler does; the fortified
// longjmp some compilers enable by default rejects it.
#undef _FORTIFY_SOURCE

#include "compat_cuh.h"
#include "nmf_cu.h"
#include "matmul_cu.h"
#include "testkernels.h"

#include "hostrun.h"

#include <setjmp.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

thread_local const k_host_thread *k_host_cur;

namespace {

// ---------------------------------------------------------------------------
// Memory with a guard page after each buffer.

struct Mapping {
	void *base;
	size_t len;
};

std::mutex memMu;
std::map<void *, Mapping> mappings;

size_t pageSize() { return (size_t)sysconf(_SC_PAGESIZE); }

// ---------------------------------------------------------------------------
// Entry points: every kernel, called with its arguments decoded from 8-byte
// words. A parameter of any other width does not compile.

template <class T>
T fromBits(uint64_t b) {
	static_assert(sizeof(T) == 8, "every kernel parameter must be 8 bytes wide (see compat.cuh)");
	if constexpr (std::is_pointer_v<T>) {
		return reinterpret_cast<T>(static_cast<uintptr_t>(b));
	} else if constexpr (std::is_floating_point_v<T>) {
		T v;
		std::memcpy(&v, &b, sizeof v);
		return v;
	} else {
		return static_cast<T>(b);
	}
}

template <class... P, size_t... I>
void callSeq(void (*f)(P...), const uint64_t *a, std::index_sequence<I...>) {
	f(fromBits<P>(a[I])...);
}

template <class... P>
constexpr int arity(void (*)(P...)) {
	return sizeof...(P);
}

template <class... P>
void call(void (*f)(P...), const uint64_t *a) {
	callSeq(f, a, std::index_sequence_for<P...>{});
}

struct Entry {
	int arity;
	void (*run)(const uint64_t *);
};

#define HR_ENTRY(f) {#f, Entry{arity(f), [](const uint64_t *a) { call(f, a); }}}
#define HR_RANKED(D)                                                                           \
	HR_ENTRY(nmf_dense_pass_d##D), HR_ENTRY(nmf_csr_pass_d##D),                                \
	    HR_ENTRY(nmf_gram_partial_d##D), HR_ENTRY(nmf_gram_finish_d##D),                       \
	    HR_ENTRY(nmf_sgd_update_w_d##D), HR_ENTRY(nmf_sgd_update_h_d##D),                      \
	    HR_ENTRY(nmf_adam_w_d##D), HR_ENTRY(nmf_adam_h_d##D)

const std::map<std::string, Entry> &entries() {
	static const std::map<std::string, Entry> table = {
	    HR_RANKED(1),  HR_RANKED(2),  HR_RANKED(3),  HR_RANKED(4),
	    HR_RANKED(5),  HR_RANKED(6),  HR_RANKED(7),  HR_RANKED(8),
	    HR_RANKED(9),  HR_RANKED(10), HR_RANKED(11), HR_RANKED(12),
	    HR_RANKED(13), HR_RANKED(14), HR_RANKED(15), HR_RANKED(16),
	    HR_ENTRY(nmf_sum_partials), HR_ENTRY(nmf_dot_partial),
	    HR_ENTRY(nmf_loss_finish), HR_ENTRY(nmf_stats_partial),
	    HR_ENTRY(nmf_fill), HR_ENTRY(matmul_tiled),
	    HR_ENTRY(hr_test_race), HR_ENTRY(hr_test_divergent_sync),
	    HR_ENTRY(hr_test_warp_sum), HR_ENTRY(hr_test_block_ids),
	};
	return table;
}

// ---------------------------------------------------------------------------
// The fiber scheduler.
//
// A launch makes one fiber per thread of a block and reuses them for every
// block. Each fiber is entered once through setcontext; after that, switches
// use _setjmp/_longjmp, which do not save the signal mask (swapcontext makes
// two system calls per switch, and reductions switch hundreds of thousands of
// times).

enum State { kRun, kAtSync, kAtWarp, kDone };

struct Fiber {
	ucontext_t ctx;
	jmp_buf jb;
	bool started;
	k_host_thread t;
	int linear; // x + y·bdim.x + z·bdim.x·bdim.y
	State st;
};

constexpr size_t kStack = 64 << 10;

// Fiber stacks, kept from launch to launch (launches are serialised by the
// Go side); fresh zeroed stacks for every launch cost more than the kernels.
std::unique_ptr<char[]> stackPool;
size_t stackPoolSize;

struct Launch {
	void (*run)(const uint64_t *);
	const uint64_t *args;
	jmp_buf sched;
	Fiber *cur;
	std::vector<Fiber> fibers;
	std::vector<float> shfl; // one slot per thread
};

// The launch running on this OS thread (a launch never leaves its thread).
thread_local Launch *L;

// yield suspends the running fiber and returns to the scheduler.
void yield() {
	Fiber *f = L->cur;
	if (_setjmp(f->jb) == 0) _longjmp(L->sched, 1);
}

// fiberMain runs the kernel once for each block the fiber is resumed for.
void fiberMain() {
	for (;;) {
		Fiber *f = L->cur;
		L->run(L->args);
		f->st = kDone;
		yield();
	}
}

// resume runs fiber f until it yields.
void resume(Launch &l, Fiber &f) {
	l.cur = &f;
	k_host_cur = &f.t;
	if (_setjmp(l.sched) == 0) {
		if (!f.started) {
			f.started = true;
			setcontext(&f.ctx);
		}
		_longjmp(f.jb, 1);
	}
}

// runBlock runs one block to completion; it returns an empty string or what
// went wrong.
std::string runBlock(Launch &l, const unsigned bid[3], const unsigned bdim[3],
                     const unsigned gdim[3], bool reverse) {
	const int n = (int)(bdim[0] * bdim[1] * bdim[2]);
	for (int i = 0; i < n; i++) {
		Fiber &f = l.fibers[i];
		f.linear = i;
		f.t.tid[0] = (unsigned)i % bdim[0];
		f.t.tid[1] = (unsigned)i / bdim[0] % bdim[1];
		f.t.tid[2] = (unsigned)i / (bdim[0] * bdim[1]);
		for (int d = 0; d < 3; d++) {
			f.t.bid[d] = bid[d];
			f.t.bdim[d] = bdim[d];
			f.t.gdim[d] = gdim[d];
		}
		f.st = kRun;
	}
	const int nwarps = (n + 31) / 32;
	std::vector<int> atWarp(nwarps);
	for (;;) {
		for (int k = 0; k < n; k++) {
			Fiber &f = l.fibers[reverse ? n - 1 - k : k];
			if (f.st == kRun) resume(l, f);
		}
		int done = 0, atSync = 0;
		std::fill(atWarp.begin(), atWarp.end(), 0);
		for (int i = 0; i < n; i++) {
			switch (l.fibers[i].st) {
			case kDone: done++; break;
			case kAtSync: atSync++; break;
			case kAtWarp: atWarp[i / 32]++; break;
			case kRun: break;
			}
		}
		if (done == n) return "";
		bool released = false;
		for (int w = 0; w < nwarps; w++) {
			const int lanes = std::min(32, n - 32 * w);
			if (atWarp[w] == 0) continue;
			if (lanes != 32) {
				return "warp shuffle in a partial warp of " + std::to_string(lanes) +
				       " threads (block size must be a multiple of 32)";
			}
			if (atWarp[w] == 32) {
				for (int i = 32 * w; i < 32 * w + 32; i++) l.fibers[i].st = kRun;
				released = true;
			}
		}
		if (released) continue;
		if (atSync > 0 && atSync + done == n) {
			if (done > 0) {
				return "__syncthreads reached by " + std::to_string(atSync) + " of " +
				       std::to_string(n) + " threads; the other " + std::to_string(done) +
				       " had returned";
			}
			for (int i = 0; i < n; i++) l.fibers[i].st = kRun;
			continue;
		}
		int warpWaiting = 0;
		for (int w = 0; w < nwarps; w++) warpWaiting += atWarp[w];
		return "threads wait at different barriers: " + std::to_string(atSync) +
		       " at __syncthreads, " + std::to_string(warpWaiting) + " at a warp shuffle, " +
		       std::to_string(done) + " returned";
	}
}

} // namespace

void k_host_sync(void) {
	L->cur->st = kAtSync;
	yield();
}

float k_host_shfl_down(float v, int delta) {
	Fiber *f = L->cur;
	const int lane = f->linear & 31;
	float *warp = L->shfl.data() + (f->linear - lane);
	warp[lane] = v;
	f->st = kAtWarp;
	yield();
	// __shfl_down_sync returns the caller's own value when lane+delta is
	// outside the warp.
	const float r = lane + delta < 32 ? warp[lane + delta] : v;
	f->st = kAtWarp;
	yield();
	return r;
}

extern "C" {

void *hr_alloc(size_t bytes) {
	const size_t pg = pageSize();
	const size_t body = (bytes + pg - 1) / pg * pg;
	const size_t len = body + pg;
	void *base = mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED) return nullptr;
	if (mprotect((char *)base + body, pg, PROT_NONE) != 0) {
		munmap(base, len);
		return nullptr;
	}
	void *p = (char *)base + (body - bytes);
	std::memset(p, 0xFF, bytes);
	std::lock_guard<std::mutex> g(memMu);
	mappings[p] = Mapping{base, len};
	return p;
}

int hr_free(void *p) {
	std::lock_guard<std::mutex> g(memMu);
	auto it = mappings.find(p);
	if (it == mappings.end()) return -1;
	munmap(it->second.base, it->second.len);
	mappings.erase(it);
	return 0;
}

int hr_check(const void *p, size_t bytes) {
	std::lock_guard<std::mutex> g(memMu);
	auto it = mappings.upper_bound(const_cast<void *>(p));
	if (it == mappings.begin()) return -1;
	--it;
	const char *start = (const char *)it->first;
	const char *end = (const char *)it->second.base + it->second.len - pageSize();
	const char *q = (const char *)p;
	return q >= start && bytes <= (size_t)(end - q) ? 0 : -1;
}

int hr_launch(const char *name, const int64_t *grid, const int64_t *block, const uint64_t *args,
              int64_t nargs, int64_t reverse, char *err, size_t errlen) {
	auto fail = [&](const std::string &msg) {
		std::snprintf(err, errlen, "%s: %s", name, msg.c_str());
		return -1;
	};
	const auto &tab = entries();
	auto it = tab.find(name);
	if (it == tab.end()) return fail("no such kernel");
	if (it->second.arity != nargs) {
		return fail("takes " + std::to_string(it->second.arity) + " arguments, call passes " +
		            std::to_string(nargs));
	}
	unsigned gdim[3], bdim[3];
	for (int d = 0; d < 3; d++) {
		if (grid[d] < 1 || block[d] < 1 || grid[d] > (1LL << 31) - 1) {
			return fail("empty or oversized grid or block");
		}
		gdim[d] = (unsigned)grid[d];
		bdim[d] = (unsigned)block[d];
	}
	const int64_t n = block[0] * block[1] * block[2];
	if (n > 1024) return fail("more than 1024 threads in a block");
	Launch l;
	l.run = it->second.run;
	l.args = args;
	l.fibers.resize(n);
	if (stackPoolSize < (size_t)n * kStack) {
		stackPool.reset(new char[(size_t)n * kStack]);
		stackPoolSize = (size_t)n * kStack;
	}
	l.shfl.assign((n + 31) / 32 * 32, 0.0f);
	for (int64_t i = 0; i < n; i++) {
		Fiber &f = l.fibers[i];
		f.started = false;
		getcontext(&f.ctx);
		f.ctx.uc_stack.ss_sp = stackPool.get() + i * kStack;
		f.ctx.uc_stack.ss_size = kStack;
		f.ctx.uc_link = nullptr; // fiberMain never returns
		makecontext(&f.ctx, fiberMain, 0);
	}
	Launch *saved = L;
	L = &l;
	std::string msg;
	const int64_t blocks = grid[0] * grid[1] * grid[2];
	for (int64_t b = 0; b < blocks && msg.empty(); b++) {
		const int64_t q = reverse ? blocks - 1 - b : b;
		const unsigned bid[3] = {(unsigned)(q % grid[0]), (unsigned)(q / grid[0] % grid[1]),
		                         (unsigned)(q / (grid[0] * grid[1]))};
		msg = runBlock(l, bid, bdim, gdim, reverse != 0);
	}
	L = saved;
	k_host_cur = nullptr;
	if (!msg.empty()) return fail(msg);
	return 0;
}

const char *hr_entries(void) {
	static const std::string list = [] {
		std::string s;
		for (const auto &e : entries()) s += e.first + " " + std::to_string(e.second.arity) + "\n";
		return s;
	}();
	return list.c_str();
}

} // extern "C"
