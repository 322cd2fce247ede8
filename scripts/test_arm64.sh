#!/usr/bin/env bash
# test_arm64.sh builds every package's test binary for linux/arm64 and runs
# each under Debian's qemu-user (qemu-aarch64-static, installed from
# qemu-user-static when missing), with -test.short and a time limit per
# package. It checks that the Go statement of each kernel gives amd64's bits
# where the Go compiler fuses multiply-adds (it does on arm64, and on amd64
# with GOAMD64=v3; scripts/check_fma.sh checks the statements themselves),
# and that the purego fallbacks of lib/sparse, lib/svd and lib/nmf pass the
# same tests as the amd64 assembly. scripts/test.sh calls it under CI.
#
# The module is compiled as Go compiles it by default (fusion on); its
# dependencies gonum and GoMLX are compiled with fusion off
# (-d=fmahash=qn): their Go code is what arm64 runs in place of their amd64
# assembly (gonum's f64 kernels) or what computes the autograd examples
# (GoMLX's simplego backend), and nothing in this module can keep the
# compiler from fusing it. With it fused, lib/internal/small
# TestMulMatchesDgemm, lib/svd TestSparseMulToMatchesAxpy (gonum's axpy
# against the module's unfused kernels), lib/nmf/sgd ExampleUpd (gonum's
# Dgemm) and lib/nmf/autograd ExampleTrainer_Run (GoMLX) differ on arm64.
#
# CGO is off: qemu-user has no aarch64 C++ toolchain here, so
# internal/hostrun and lib/gpu's TestHost* (C++ through cgo) skip with a
# reason; they run natively in the same CI. A test that re-executes its own
# binary (datasets/newsgroups TestSignalRemovesTemporary) skips, since
# without binfmt_misc the child cannot start under qemu.
#
#   bash scripts/test_arm64.sh [PACKAGE...]    # default: ./... less notebooks/ and scripts/browsertest
#
# ARM64_TIMEOUT: seconds per package (default 1200); ARM64_RUN: a -test.run filter.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v qemu-aarch64-static >/dev/null 2>&1; then
	command -v apt-get >/dev/null 2>&1 && [ -r /etc/debian_version ] || {
		echo "test_arm64: qemu-aarch64-static is missing; install qemu-user-static" >&2
		exit 1
	}
	sudo=""
	[ "$(id -u)" = 0 ] || sudo="sudo"
	echo "test_arm64: installing qemu-user-static"
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends qemu-user-static >/dev/null ||
		{ $sudo apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends qemu-user-static >/dev/null; }
fi

limit="${ARM64_TIMEOUT:-1200}"
if [ $# -gt 0 ]; then
	pkgs=("$@")
else
	mapfile -t pkgs < <(go list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}' ./... |
		grep -v -e '/notebooks' -e '/scripts/browsertest')
fi
bin="$(mktemp -d)"
trap 'rm -rf "$bin"' EXIT
module="$(go list -m)"
# Fusion off in the dependencies that compute results (see above), on (the
# default) in the module.
gcflags=(-gcflags=gonum.org/v1/gonum/...=-d=fmahash=qn -gcflags=github.com/gomlx/...=-d=fmahash=qn)
failed=()
begin=$SECONDS
for p in "${pkgs[@]}"; do
	dir="$(go list -f '{{.Dir}}' "$p")"
	name="${p#"$module"/}"
	out="$bin/$(echo "$name" | tr / _).test"
	if ! CGO_ENABLED=0 GOOS=linux GOARCH=arm64 go test -c -o "$out" "${gcflags[@]}" "$p"; then
		failed+=("$name (build)")
		continue
	fi
	[ -f "$out" ] || continue # no tests for this platform
	start=$SECONDS
	args=(-test.short -test.timeout "${limit}s")
	[ -n "${ARM64_RUN:-}" ] && args+=(-test.run "$ARM64_RUN")
	if (cd "$dir" && timeout -k 10 "$((limit + 30))" qemu-aarch64-static "$out" "${args[@]}" >"$out.log" 2>&1); then
		echo "ok   $name ($((SECONDS - start)) s under qemu-aarch64)"
	else
		echo "FAIL $name ($((SECONDS - start)) s under qemu-aarch64):"
		tail -n 40 "$out.log"
		failed+=("$name")
	fi
done
if [ ${#failed[@]} -gt 0 ]; then
	echo "test_arm64: ${#failed[@]} package(s) failed on linux/arm64: ${failed[*]}" >&2
	exit 1
fi
echo "test_arm64: ${#pkgs[@]} packages pass on linux/arm64 under qemu ($((SECONDS - begin)) s)"
