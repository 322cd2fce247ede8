#!/usr/bin/env bash
# test_notebooks.sh executes every lesson notebook headless (jupyter nbconvert
# --execute with the GoNB kernel) and checks their outputs, plus the saved
# outputs of the committed notebooks and that they match their source
# (go test ./notebooks). With --setup it first runs scripts/setup.sh.
# Under CI=true a missing Jupyter or GoNB fails the test instead of skipping.
#
# Usage: scripts/test_notebooks.sh [--setup] [go test flags...]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
if [ "${1:-}" = "--setup" ]; then
	shift
	scripts/setup.sh --quiet
fi
gobin="$(go env GOBIN)"
[ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
export PATH="$gobin:$(go env GOROOT)/bin:$PATH"
exec go test -count=1 -timeout 60m "$@" ./notebooks/
