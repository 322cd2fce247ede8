#!/usr/bin/env bash
# Runs every test of the project: the Go packages (against scikit-learn's
# reference figures in ../shared/reference when present) and, when Jupyter and
# GoNB are set up (scripts/setup.sh; always under CI), the notebooks executed
# headless.
#
#   bash scripts/test.sh            # everything
#   SKIP_NOTEBOOKS=1 bash scripts/test.sh   # Go packages only
#   FAKECUDA=1 bash scripts/test.sh         # also the cuda-tagged tests on a fake driver (always under CI)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v go >/dev/null || { echo "test.sh: Go is not installed; get it from https://go.dev/dl/" >&2; exit 1; }
echo "== $(go version)"

# The corpus: tests look for ../shared/datasets/20news-bydate.tar.gz beside the
# repository; TOPICMODEL_ARCHIVE points elsewhere if you keep it somewhere else.
if [ -z "${TOPICMODEL_ARCHIVE:-}" ] && [ -f ../shared/datasets/20news-bydate.tar.gz ]; then
  export TOPICMODEL_ARCHIVE="$(cd ../shared/datasets && pwd)/20news-bydate.tar.gz"
fi
# Caches written by the tests go to a throw-away folder, so a run never
# trusts a cache left by an older build.
export TOPICMODEL_DATA_HOME="${TOPICMODEL_DATA_HOME:-$(mktemp -d)/topicmodel}"

if [ "${CI:-}" = "true" ] && [ -z "${SKIP_NOTEBOOKS:-}" ]; then
  bash scripts/setup.sh
fi

cxx="$(go env CXX)"
if [ "$(go env CGO_ENABLED)" = 1 ] && ! command -v "${cxx%% *}" >/dev/null 2>&1; then
  echo "test.sh: no C++ compiler ($cxx): the tests run the CUDA kernels on the CPU through kernels/hostrun (cgo)." >&2
  echo "         Install one (apt-get install g++, or bash scripts/setup.sh), or run with CGO_ENABLED=0 to skip those tests." >&2
  exit 1
fi

echo "== go vet"
go vet ./...
echo "== go test"
go test -count=1 -timeout 40m ./...

# The cuda-tagged build of lib/gpu and its GPU tests, run against a fake CUDA
# driver that executes the kernels' CUDA sources on the CPU (no GPU needed;
# fetches CUDA 11.8's headers from Debian on first use). Always under CI;
# elsewhere with FAKECUDA=1.
if { [ "${CI:-}" = "true" ] || [ -n "${FAKECUDA:-}" ]; } && [ -z "${SKIP_FAKECUDA:-}" ]; then
  echo "== cuda-tagged tests against the fake driver (scripts/test_fakecuda.sh)"
  bash scripts/test_fakecuda.sh
fi
