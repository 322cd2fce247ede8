#!/usr/bin/env bash
# Runs every fuzz target of the packages below briefly: first the seed
# corpus (f.Add seeds and testdata/fuzz/<Target>/), then FUZZTIME (default
# 5s) of new inputs, minimising a failure for at most 5s. A failing input is
# written to the package's testdata/fuzz/<Target>/ by go test; add it to the
# repository as a regression seed.
#
#   bash scripts/fuzz_brief.sh            # all packages with fuzz targets
#   FUZZTIME=30s bash scripts/fuzz_brief.sh ./lib/text
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-5s}
pkgs=("$@")
if [ ${#pkgs[@]} -eq 0 ]; then
	pkgs=(./datasets/newsgroups ./datasets/files ./lib/text ./lib/nb)
fi
status=0
for pkg in "${pkgs[@]}"; do
	# go test -list prints the matching names, then "ok  <pkg> …".
	targets=$(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true)
	for target in $targets; do
		echo "== $pkg $target ($fuzztime)"
		if ! nice go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" \
			-fuzzminimizetime 5s -parallel 2 "$pkg"; then
			status=1
		fi
	done
done
exit $status
