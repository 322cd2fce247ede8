// libcuda.cc: a fake CUDA driver (libcuda.so.1) that runs the project's
// kernels on the CPU through internal/hostrun, so that the cuda-tagged build
// of lib/gpu (gorgonia.org/cu, the argument marshalling, context handling,
// error checks) and its tests run on a machine without a GPU.
// scripts/test_fakecuda.sh builds it with hostrun.cc and stubs for the
// driver functions it does not implement, and runs the tests against it.
//
// It is strict where a real driver would be lenient or fail later: memory
// calls and launches need a current context on the calling thread, copies
// must stay inside one allocation, every PTX entry must be a kernel hostrun
// knows with the same parameter count, and the PTX must target a virtual
// architecture and ISA this "device" (compute 9.0, driver 13.0) accepts.
// Set FAKECUDA_REVERSE=1 to run blocks and threads in reverse order.
#include <cuda.h>

#include "../hostrun.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <string>
#include <vector>

#define API extern "C" __attribute__((visibility("default")))

namespace {

std::mutex mu;
std::set<CUctx_st *> contexts;
thread_local CUctx_st *current;

struct Module {
	std::map<std::string, int> entries; // name → parameter count
};
struct Function {
	std::string name;
	int arity;
};
std::set<Module *> modules;

std::map<std::string, int> hostEntries() {
	std::map<std::string, int> out;
	const char *s = hr_entries();
	while (*s) {
		const char *nl = std::strchr(s, '\n');
		std::string line(s, nl ? nl - s : std::strlen(s));
		auto sp = line.find(' ');
		out[line.substr(0, sp)] = std::atoi(line.c_str() + sp + 1);
		s = nl ? nl + 1 : s + line.size();
	}
	return out;
}

CUresult fail(CUresult r, const std::string &msg) {
	std::fprintf(stderr, "fakecuda: %s\n", msg.c_str());
	return r;
}

CUresult needContext(const char *call) {
	if (current == nullptr) {
		return fail(CUDA_ERROR_INVALID_CONTEXT, std::string(call) + " with no current context on this thread");
	}
	return CUDA_SUCCESS;
}

} // namespace

API CUresult cuInit(unsigned int flags) {
	return flags == 0 ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

API CUresult cuDriverGetVersion(int *v) {
	*v = 13000;
	return CUDA_SUCCESS;
}

API CUresult cuDeviceGetCount(int *n) {
	*n = 1;
	return CUDA_SUCCESS;
}

API CUresult cuDeviceGet(CUdevice *d, int ordinal) {
	if (ordinal != 0) return CUDA_ERROR_INVALID_DEVICE;
	*d = 0;
	return CUDA_SUCCESS;
}

API CUresult cuDeviceGetName(char *name, int len, CUdevice d) {
	if (d != 0) return CUDA_ERROR_INVALID_DEVICE;
	std::snprintf(name, len, "fakecuda (internal/hostrun on the CPU)");
	return CUDA_SUCCESS;
}

API CUresult cuDeviceGetAttribute(int *v, CUdevice_attribute a, CUdevice d) {
	if (d != 0) return CUDA_ERROR_INVALID_DEVICE;
	switch (a) {
	case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR: *v = 9; break;
	case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR: *v = 0; break;
	case CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK: *v = 1024; break;
	case CU_DEVICE_ATTRIBUTE_WARP_SIZE: *v = 32; break;
	default: return fail(CUDA_ERROR_NOT_SUPPORTED, "cuDeviceGetAttribute(" + std::to_string(a) + ") not implemented");
	}
	return CUDA_SUCCESS;
}

API CUresult cuCtxCreate_v2(CUcontext *c, unsigned int, CUdevice d) {
	if (d != 0) return CUDA_ERROR_INVALID_DEVICE;
	std::lock_guard<std::mutex> g(mu);
	CUctx_st *ctx = reinterpret_cast<CUctx_st *>(new char[1]);
	contexts.insert(ctx);
	current = ctx;
	*c = ctx;
	return CUDA_SUCCESS;
}

API CUresult cuCtxSetCurrent(CUcontext c) {
	std::lock_guard<std::mutex> g(mu);
	if (c != nullptr && !contexts.count(c)) return fail(CUDA_ERROR_INVALID_CONTEXT, "cuCtxSetCurrent of a destroyed context");
	current = c;
	return CUDA_SUCCESS;
}

API CUresult cuCtxDestroy_v2(CUcontext c) {
	std::lock_guard<std::mutex> g(mu);
	if (!contexts.erase(c)) return fail(CUDA_ERROR_INVALID_CONTEXT, "cuCtxDestroy of an unknown context");
	if (current == c) current = nullptr;
	delete[] reinterpret_cast<char *>(c);
	return CUDA_SUCCESS;
}

API CUresult cuCtxSynchronize(void) { return needContext("cuCtxSynchronize"); }

API CUresult cuModuleLoadData(CUmodule *m, const void *image) {
	if (CUresult r = needContext("cuModuleLoadData")) return r;
	const std::string ptx(static_cast<const char *>(image));
	std::smatch v;
	if (!std::regex_search(ptx, v, std::regex(R"(\.version (\d+)\.(\d+))")) ||
	    std::stoi(v[1]) > 9) {
		return fail(CUDA_ERROR_UNSUPPORTED_PTX_VERSION, "PTX ISA missing or newer than 9.x");
	}
	std::smatch t;
	if (!std::regex_search(ptx, t, std::regex(R"(\.target sm_(\d+))")) || std::stoi(t[1]) > 90) {
		return fail(CUDA_ERROR_NO_BINARY_FOR_GPU, "PTX .target missing or newer than sm_90");
	}
	const auto host = hostEntries();
	auto *mod = new Module;
	const std::regex entry(R"(\.visible \.entry (\w+)\(([^)]*)\))");
	const std::regex param(R"(\.param \.(\w+) )");
	for (auto it = std::sregex_iterator(ptx.begin(), ptx.end(), entry); it != std::sregex_iterator(); ++it) {
		const std::string name = (*it)[1];
		const std::string params = (*it)[2];
		int n = 0;
		for (auto p = std::sregex_iterator(params.begin(), params.end(), param); p != std::sregex_iterator(); ++p) {
			const std::string ty = (*p)[1];
			if (ty != "u64" && ty != "b64" && ty != "s64" && ty != "f64") {
				delete mod;
				return fail(CUDA_ERROR_INVALID_PTX, name + " has a ." + ty + " parameter; every parameter must be 8 bytes wide");
			}
			n++;
		}
		auto h = host.find(name);
		if (h == host.end() || h->second != n) {
			delete mod;
			return fail(CUDA_ERROR_INVALID_PTX, "PTX entry " + name + " (" + std::to_string(n) +
			                                        " parameters) is not a kernel of the host build with that many");
		}
		mod->entries[name] = n;
	}
	if (mod->entries.empty()) {
		delete mod;
		return fail(CUDA_ERROR_INVALID_PTX, "PTX without entries");
	}
	std::lock_guard<std::mutex> g(mu);
	modules.insert(mod);
	*m = reinterpret_cast<CUmodule>(mod);
	return CUDA_SUCCESS;
}

API CUresult cuModuleGetFunction(CUfunction *f, CUmodule m, const char *name) {
	if (CUresult r = needContext("cuModuleGetFunction")) return r;
	auto *mod = reinterpret_cast<Module *>(m);
	std::lock_guard<std::mutex> g(mu);
	if (!modules.count(mod)) return fail(CUDA_ERROR_INVALID_HANDLE, "cuModuleGetFunction on an unknown module");
	auto it = mod->entries.find(name);
	if (it == mod->entries.end()) return CUDA_ERROR_NOT_FOUND;
	*f = reinterpret_cast<CUfunction>(new Function{name, it->second});
	return CUDA_SUCCESS;
}

API CUresult cuModuleUnload(CUmodule m) {
	std::lock_guard<std::mutex> g(mu);
	auto *mod = reinterpret_cast<Module *>(m);
	if (!modules.erase(mod)) return fail(CUDA_ERROR_INVALID_HANDLE, "cuModuleUnload of an unknown module");
	delete mod;
	return CUDA_SUCCESS;
}

API CUresult cuMemAlloc_v2(CUdeviceptr *p, size_t bytes) {
	if (CUresult r = needContext("cuMemAlloc")) return r;
	if (bytes == 0) return CUDA_ERROR_INVALID_VALUE;
	void *q = hr_alloc(bytes);
	if (q == nullptr) return CUDA_ERROR_OUT_OF_MEMORY;
	*p = reinterpret_cast<CUdeviceptr>(q);
	return CUDA_SUCCESS;
}

API CUresult cuMemFree_v2(CUdeviceptr p) {
	if (CUresult r = needContext("cuMemFree")) return r;
	return hr_free(reinterpret_cast<void *>(p)) == 0 ? CUDA_SUCCESS : fail(CUDA_ERROR_INVALID_VALUE, "cuMemFree of an unknown pointer");
}

API CUresult cuMemsetD32_v2(CUdeviceptr p, unsigned int v, size_t n) {
	if (CUresult r = needContext("cuMemsetD32")) return r;
	if (hr_check(reinterpret_cast<void *>(p), n * 4) != 0) return fail(CUDA_ERROR_INVALID_VALUE, "cuMemsetD32 outside an allocation");
	auto *q = reinterpret_cast<unsigned int *>(p);
	for (size_t i = 0; i < n; i++) q[i] = v;
	return CUDA_SUCCESS;
}

API CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void *src, size_t bytes) {
	if (CUresult r = needContext("cuMemcpyHtoD")) return r;
	if (hr_check(reinterpret_cast<void *>(dst), bytes) != 0) return fail(CUDA_ERROR_INVALID_VALUE, "cuMemcpyHtoD outside an allocation");
	std::memcpy(reinterpret_cast<void *>(dst), src, bytes);
	return CUDA_SUCCESS;
}

API CUresult cuMemcpyDtoH_v2(void *dst, CUdeviceptr src, size_t bytes) {
	if (CUresult r = needContext("cuMemcpyDtoH")) return r;
	if (hr_check(reinterpret_cast<void *>(src), bytes) != 0) return fail(CUDA_ERROR_INVALID_VALUE, "cuMemcpyDtoH outside an allocation");
	std::memcpy(dst, reinterpret_cast<void *>(src), bytes);
	return CUDA_SUCCESS;
}

API CUresult cuLaunchKernel(CUfunction f, unsigned int gx, unsigned int gy, unsigned int gz,
                            unsigned int bx, unsigned int by, unsigned int bz, unsigned int shared,
                            CUstream stream, void **params, void **extra) {
	if (CUresult r = needContext("cuLaunchKernel")) return r;
	const auto *fn = reinterpret_cast<const Function *>(f);
	if (shared != 0 || stream != nullptr || extra != nullptr) {
		return fail(CUDA_ERROR_NOT_SUPPORTED, fn->name + ": dynamic shared memory, streams and extra are not implemented");
	}
	std::vector<uint64_t> words(fn->arity);
	for (int i = 0; i < fn->arity; i++) std::memcpy(&words[i], params[i], 8);
	const int64_t grid[3] = {gx, gy, gz}, block[3] = {bx, by, bz};
	const char *rev = std::getenv("FAKECUDA_REVERSE");
	char err[512];
	std::lock_guard<std::mutex> g(mu);
	if (hr_launch(fn->name.c_str(), grid, block, words.data(), fn->arity, rev && *rev == '1', err, sizeof err) != 0) {
		return fail(CUDA_ERROR_LAUNCH_FAILED, err);
	}
	return CUDA_SUCCESS;
}
