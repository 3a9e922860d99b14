#!/bin/sh
# Fails when a C++ file of placard is not as clang-format (.clang-format, clang-format 14 as in
# Debian 12) would write it, and prints what differs. To fix, from the top of the tree:
#   git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
if ! command -v clang-format >/dev/null 2>&1; then
    echo "check-format: clang-format is missing; run toolchains/install-deps.sh (package clang-format)" >&2
    exit 1
fi
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    files=$(git ls-files '*.cpp' '*.hpp')
else  # a source tarball: every C++ file but the test data's
    files=$(find firmware tests -path tests/data -prune -o \( -name '*.cpp' -o -name '*.hpp' \) -print)
fi
status=0
for f in $files; do
    if ! clang-format --style=file "$f" | diff -u "$f" - >/dev/null; then
        echo "check-format: $f is not formatted; what clang-format would change:"
        clang-format --style=file "$f" | diff -u "$f" - | head -n 40 || true
        status=1
    fi
done
[ "$status" -eq 0 ] && echo "check-format: $(echo "$files" | wc -w) files as clang-format writes them"
exit $status
