#!/bin/sh
# Builds the fuzz targets (cmake preset "fuzz": clang, libFuzzer, ASan, UBSan, in
# build/fuzz) and runs each for SECONDS_PER_TARGET (default 60), one after the other.
#
#   tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     e.g. tests/fuzz/run.sh 300 rss
#   tests/fuzz/run.sh --runs N [SECONDS_PER_TARGET] [TARGET...]
#
# With --runs, each target stops after N executions, or after SECONDS_PER_TARGET when that
# comes first (the long campaign: --runs 1000000 3600, see the README).
#
# Seeds are read in place from the folders tests/fuzz/CMakeLists.txt names; what the
# fuzzer adds goes to a scratch folder, $PLACARD_FUZZ_DIR (default build/fuzz/runs),
# kept between runs so that the next run starts where this one stopped; nothing is
# written outside it and build/fuzz. Prints, per target, the executions and the slowest
# input's seconds (libFuzzer's final stats) and whether it broke; exits 1 when any target
# broke (a crash, a leak, a sanitizer's report, an input slower than 10 s, a broken
# promise of fuzz_check.hpp).
# A broken target's input is in $PLACARD_FUZZ_DIR/<target>/artifacts: fix the parser,
# copy the input to tests/data/fuzz-regressions/<target>/, and the ordinary build's
# fuzz_replay_<target> test replays it from then on.
set -eu

runs=-1
if [ "${1:-}" = "--runs" ]; then
    runs=${2:-}
    case $runs in
        '' | *[!0-9]*) echo "run.sh: --runs takes a whole number of executions, not '$runs'" >&2; exit 2 ;;
    esac
    shift 2
fi
seconds=${1:-60}
[ $# -gt 0 ] && shift
case $seconds in
    '' | *[!0-9]*) echo "run.sh: SECONDS_PER_TARGET must be a whole number, not '$seconds'" >&2; exit 2 ;;
esac
root=$(cd "$(dirname "$0")/../.." && pwd)
scratch=${PLACARD_FUZZ_DIR:-$root/build/fuzz/runs}

cd "$root"
mkdir -p "$root/build/fuzz"
cmake --preset fuzz >"$root/build/fuzz/configure.log" 2>&1 ||
    { cat "$root/build/fuzz/configure.log" >&2; exit 2; }
targets_file=$root/build/fuzz/tests/fuzz/fuzz-targets.tsv
tab=$(printf '\t')

# The targets asked for (all when none is named), checked before the build.
wanted=" $* "
programs=""
known=""
while IFS=$tab read -r name program dict seeds; do
    known="$known $name"
    case $wanted in "  " | *" $name "*) programs="$programs $(basename "$program")" ;; esac
done <"$targets_file"
for name in $wanted; do
    case "$known " in *" $name "*) ;; *) echo "run.sh: no target '$name'; the targets are:$known" >&2; exit 2 ;; esac
done
# All of them: the whole build, every core library with it, which proves that the core builds
# without SDL (CI's only such build). Some: those alone.
if [ "$wanted" = "  " ]; then
    cmake --build --preset fuzz
else
    # shellcheck disable=SC2086
    cmake --build --preset fuzz --target $programs
fi

broken=0
summary=""
while IFS=$tab read -r name program dict seeds; do
    case $wanted in "  " | *" $name "*) ;; *) continue ;; esac
    dir=$scratch/$name
    mkdir -p "$dir/corpus" "$dir/artifacts"
    log=$dir/last-run.log
    # The first folder receives new inputs; the seed folders after it are only read.
    old_ifs=$IFS
    IFS=:
    # shellcheck disable=SC2086
    set -- $seeds
    IFS=$old_ifs
    if [ "$runs" -ge 0 ]; then
        echo "fuzz: $name for $runs executions or ${seconds}s, log $log ..."
    else
        echo "fuzz: $name for ${seconds}s, log $log ..."
    fi
    started=$(date +%s)
    status=0
    # -timeout: the seconds one input may take; -rss_limit_mb: the memory a run may use.
    "$program" -max_total_time="$seconds" -runs="$runs" -rss_limit_mb=1024 -timeout=10 -print_final_stats=1 \
        ${dict:+"-dict=$dict"} "-artifact_prefix=$dir/artifacts/" "$dir/corpus" "$@" </dev/null >"$log" 2>&1 ||
        status=$?
    took=$(($(date +%s) - started))
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    slowest=$(sed -n 's/^stat::slowest_unit_time_sec: *//p' "$log" | tail -n 1)
    if [ "$status" -eq 0 ]; then
        result="ok"
    else
        broken=1
        what=$(grep -a -m 1 -o -E 'ERROR: libFuzzer: [a-z -]+|ERROR: (Address|Leak)Sanitizer: [a-z-]+|runtime error: .*|fuzz: broken promise: .*' "$log" || true)
        artifact=$(sed -n 's/.*Test unit written to //p' "$log" | tail -n 1)
        result="BROKEN (${what:-exit $status}), input: ${artifact:-none}, log: $log"
    fi
    summary="$summary$(printf 'fuzz: %-10s %10s executions in %ss, slowest input %ss  %s' "$name" "${executions:-?}" \
        "$took" "${slowest:-?}" "$result")
"
done <"$targets_file"

printf '\n%s' "$summary"
[ "$broken" -eq 0 ] || echo "fuzz: what broke a target is in $scratch/<target>/artifacts/; see the top of $0"
exit $broken
