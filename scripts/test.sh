#!/usr/bin/env bash
# Runs every test of the project: the Go packages against scikit-learn's
# reference figures (datasets/reference/testdata) on the real corpus, and, when
# Jupyter and GoNB are set up (scripts/setup.sh; always under CI), the
# notebooks executed headless and the lesson in a real browser. Under CI it
# also installs clang-14 (the PTX check), checks that no multiply-add is
# fused in the numeric Go code, runs every package's test binary for
# linux/arm64 under qemu, the fuzz targets briefly, and the cuda-tagged tests
# on a fake driver. Its last line says whether any fidelity check skipped.
#
#   bash scripts/test.sh            # everything
#   SKIP_NOTEBOOKS=1 bash scripts/test.sh   # Go packages only
#   FAKECUDA=1 bash scripts/test.sh         # also the cuda-tagged tests on a fake driver (always under CI)
#   BROWSER=1 bash scripts/test.sh          # also the browser test (always under CI)
#   SKIP_BEAM=1 bash scripts/test.sh        # without the nested module lib/beam (Beam pipelines)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v go >/dev/null || { echo "test.sh: Go is not installed; get it from https://go.dev/dl/" >&2; exit 1; }
echo "== $(go version)"

# The corpus: $TOPICMODEL_ARCHIVE, else ../shared/datasets beside the
# repository, else (outside CI) downloaded once into the data home, SHA-256
# checked; failing all, one line says how to get it.
if [ -z "${TOPICMODEL_ARCHIVE:-}" ]; then
  TOPICMODEL_ARCHIVE="$(go run ./internal/testenv/fidelity corpus)" || exit 1
  export TOPICMODEL_ARCHIVE
fi
# Tests that skip a fidelity check (outside CI only) record it here.
export TOPICMODEL_SKIPLOG="$(mktemp)"
# Caches written by the tests go to a throw-away folder, so a run never
# trusts a cache left by an older build.
export TOPICMODEL_DATA_HOME="${TOPICMODEL_DATA_HOME:-$(mktemp -d)/topicmodel}"

if [ "${CI:-}" = "true" ] && [ -z "${SKIP_NOTEBOOKS:-}" ]; then
  bash scripts/setup.sh
fi
if [ "${CI:-}" = "true" ]; then
  bash scripts/setup_clang.sh                                 # clang-14: the checked-in PTX against the .cu sources
  eval "$(bash scripts/setup_cuda.sh --env-only --toolkit)"   # ptxas 11.8 for TestPTXAssembles
fi

cxx="$(go env CXX)"
if [ "$(go env CGO_ENABLED)" = 1 ] && ! command -v "${cxx%% *}" >/dev/null 2>&1; then
  echo "test.sh: no C++ compiler ($cxx): the tests run the CUDA kernels on the CPU through internal/hostrun (cgo)." >&2
  echo "         Install one (apt-get install g++, or bash scripts/setup.sh), or run with CGO_ENABLED=0 to skip those tests." >&2
  exit 1
fi

echo "== go vet"
go vet ./...
echo "== go test"
go test -count=1 -timeout 40m ./...

# lib/beam is a nested module (Apache Beam's Go SDK and its dependency tree
# stay out of the notebooks' module): its pipelines run on Beam's Prism
# runner inside the test process. SKIP_BEAM=1 leaves it out.
if [ -z "${SKIP_BEAM:-}" ]; then
  echo "== lib/beam (nested module: the Beam pipelines on Prism)"
  (cd lib/beam && GOWORK=off go vet ./... && GOWORK=off go test -count=1 -timeout 20m ./...)
fi

if [ "${CI:-}" = "true" ]; then
  echo "== no fused multiply-add in the numeric Go code (scripts/check_fma.sh)"
  bash scripts/check_fma.sh
  echo "== the test binaries for linux/arm64 under qemu (Go fuses multiply-adds there)"
  bash scripts/test_arm64.sh
  echo "== every fuzz target, briefly"
  bash scripts/fuzz_brief.sh
fi

# The English lesson in a real browser (headless Chromium): no error output,
# every figure rendered, the progress bar updated; screenshots in out/browser/.
if { [ "${CI:-}" = "true" ] || [ -n "${BROWSER:-}" ]; } && [ -z "${SKIP_NOTEBOOKS:-}" ] && [ -z "${SKIP_BROWSER:-}" ]; then
  echo "== the lesson in a real browser (scripts/test_browser.sh)"
  bash scripts/test_browser.sh
fi

# The cuda-tagged build of lib/gpu and its GPU tests, run against a fake CUDA
# driver that executes the kernels' CUDA sources on the CPU (no GPU needed;
# fetches CUDA 11.8's headers from Debian on first use). Always under CI;
# elsewhere with FAKECUDA=1.
if { [ "${CI:-}" = "true" ] || [ -n "${FAKECUDA:-}" ]; } && [ -z "${SKIP_FAKECUDA:-}" ]; then
  echo "== cuda-tagged tests against the fake driver (scripts/test_fakecuda.sh)"
  bash scripts/test_fakecuda.sh
fi

go run ./internal/testenv/fidelity skips "$TOPICMODEL_SKIPLOG"
rm -f "$TOPICMODEL_SKIPLOG"
