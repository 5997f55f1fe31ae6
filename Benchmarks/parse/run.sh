#!/usr/bin/env bash
# Parse benchmark: RecordReader over FILE in release, against `cat FILE > /dev/null`.
#
#   Benchmarks/parse/run.sh FILE                          benchmark (best of $RUNS, default 3)
#   Benchmarks/parse/run.sh --synthesize PERSONS OUT [lines|fixed]   make a synthetic extract
#
# Builds a scratch package in $PARSE_BENCH_PKG (default /tmp/cprd-parse-bench) that
# symlinks Sources/CPRFormat and this directory's executable, so the main package
# (and its dependencies) are not built. Never commit the data files it makes.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
pkg=${PARSE_BENCH_PKG:-/tmp/cprd-parse-bench}
runs=${RUNS:-3}

mkdir -p "$pkg/Sources"
ln -sfn "$repo/Sources/CPRFormat" "$pkg/Sources/CPRFormat"
ln -sfn "$here/Sources/parse-bench" "$pkg/Sources/parse-bench"
cat > "$pkg/Package.swift" <<'MANIFEST'
// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "parse-bench",
    targets: [
        .target(name: "CPRFormat"),
        .executableTarget(name: "parse-bench", dependencies: ["CPRFormat"]),
    ],
    swiftLanguageModes: [.v6]
)
MANIFEST

swift build -c release --package-path "$pkg" --product parse-bench >&2
bin="$(swift build -c release --package-path "$pkg" --show-bin-path)/parse-bench"

if [[ ${1:-} == --synthesize ]]; then
    shift
    exec "$bin" --synthesize "$@"
fi

file=${1:?usage: run.sh FILE | run.sh --synthesize PERSONS OUT [lines|fixed]}
[[ -r $file ]] || { echo "cannot read $file" >&2; exit 1; }

now() { date +%s.%N; }
cat "$file" > /dev/null  # warm the page cache

best_cat=
for _ in $(seq "$runs"); do
    t0=$(now); cat "$file" > /dev/null; t1=$(now)
    t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
    best_cat=$(awk -v x="$t" -v y="${best_cat:-$t}" 'BEGIN { print (x < y ? x : y) }')
done

best_out= best_seconds=
for _ in $(seq "$runs"); do
    out=$("$bin" "$file")
    s=$(awk '$1 == "seconds" { print $2 }' <<<"$out")
    if [[ -z $best_seconds ]] || awk -v x="$s" -v y="$best_seconds" 'BEGIN { exit !(x < y) }'; then
        best_seconds=$s best_out=$out
    fi
done

bytes=$(awk '$1 == "bytes" { print $2 }' <<<"$best_out")
echo "$best_out"
awk -v b="$bytes" -v c="$best_cat" -v p="$best_seconds" 'BEGIN {
    printf "cat         %.3f s, %.1f MB/s\n", c, b / 1e6 / c
    printf "ratio       %.2fx the time of cat\n", p / c
}'
