#!/usr/bin/env bash
# check_fma.sh keeps the rule that makes the Go kernels portable: Go may
# fuse x*y + z into one multiply-add (it does on arm64, ppc64le, s390x,
# riscv64 and loong64, and on amd64 with GOAMD64=v3), which rounds once
# where amd64 rounds twice, so every product that feeds a sum in the
# module's numeric code is written float64(x*y) (or float32), which Go may
# not fuse. The check compiles every package for linux/arm64 with -S and
# fails when a fused instruction (FMADD, FMSUB, FNMADD, FNMSUB) comes from a
# non-test Go file of the module other than those exempted below, unless its
# source line calls math.FMA (a fused multiply-add asked for by name). It is
# exact (the compiler's own decisions, inlined code included) and costs one
# arm64 compile of the module (replayed from the build cache after that).
#
# Exempt, where the bits need not match another machine: lib/check and
# lib/check/exercise (tolerance tests and grading), lib/plots (drawing).
#
#   bash scripts/check_fma.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

mapfile -t pkgs < <(go list ./... | grep -v -e '/notebooks' -e '/scripts/browsertest')
asm="$(mktemp)"
trap 'rm -f "$asm"' EXIT
CGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build -gcflags=-S -o /dev/null "${pkgs[@]}" >"$asm" 2>&1 || {
	cat "$asm" >&2
	exit 1
}
# "(/abs/path/file.go:123)	FMADDD	..." → "file.go:123 FMADDD", the module's files only.
mapfile -t sites < <(sed -nE 's/.*\(([^()]+\.go):([0-9]+)\)[[:space:]]+(F(N?MADD|N?MSUB)[SD])[[:space:]].*/\1:\2 \3/p' "$asm" |
	grep "^$root/" | sed "s|^$root/||" | sort -u)
bad=0
fma=0
for s in "${sites[@]}"; do
	loc="${s%% *}"
	file="${loc%:*}"
	line="${loc##*:}"
	if grep -q 'math\.FMA(' <(sed -n "${line}p" "$file"); then
		fma=$((fma + 1))
		continue
	fi
	case "$file" in
	*_test.go | lib/check/* | lib/plots/*) continue ;;
	esac
	echo "check_fma: $loc: ${s##* } (a fused multiply-add): write the product as float64(a*b)" >&2
	sed -n "${line}p" "$file" | sed 's/^[[:space:]]*/	/' >&2
	bad=$((bad + 1))
done
# lib/nprand's log asks for math.FMA by name: seeing it proves the listing
# was read (a change in the compiler's -S format would otherwise pass
# silently).
if [ "$fma" -eq 0 ]; then
	echo "check_fma: no math.FMA found in the arm64 listing; cannot read the compiler's -S output" >&2
	exit 1
fi
if [ "$bad" -gt 0 ]; then
	echo "check_fma: $bad fused multiply-add(s) in the module's numeric code" >&2
	exit 1
fi
echo "check_fma: no fused multiply-add in the module's numeric code for linux/arm64 (${#pkgs[@]} packages; $fma explicit math.FMA sites)"
