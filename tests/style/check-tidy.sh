#!/bin/sh
# Fails when clang-tidy (.clang-tidy: few checks, each exclusion explained there) finds
# anything in placard's own sources, and prints what it found. Run from the clang build,
# whose compile_commands.json has the flags clang-tidy 14 understands:
#   tests/style/check-tidy.sh build/clang
# To silence a finding that is wrong, write why on the line before it:
#   // NOLINTNEXTLINE(check-name): the reason
set -eu
build=${1:?usage: check-tidy.sh BUILD_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
for tool in clang-tidy run-clang-tidy; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "check-tidy: $tool is missing; run toolchains/install-deps.sh (package clang-tidy)" >&2
        exit 1
    fi
done
if [ ! -f "$build/compile_commands.json" ]; then
    echo "check-tidy: no $build/compile_commands.json: configure that build first" >&2
    exit 1
fi
jobs=$(nproc 2>/dev/null || echo 2)
log=$build/tidy.log
status=0
# The sources under firmware/; their headers come in through HeaderFilterRegex.
run-clang-tidy -quiet -p "$build" -j "$jobs" "$root/firmware/" >"$log" 2>&1 || status=$?
findings=$(grep -c -E ': (warning|error): ' "$log" || true)
if [ "$status" -ne 0 ] || [ "$findings" -ne 0 ]; then
    grep -E -A 3 ': (warning|error): ' "$log" | head -n 200
    echo "check-tidy: $findings findings (the whole output: $log)"
    exit 1
fi
echo "check-tidy: $(grep -c 'clang-tidy' "$log" || true) files, no findings"
