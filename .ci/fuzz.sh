#!/usr/bin/env bash
# Fuzzing: builds the libFuzzer targets in fuzz/ with the
# instrumentation cargo-fuzz would add, then runs each one for
# FUZZ_SECONDS (default 30) seconds. Any crash, panic or sanitizer report
# fails the script; the input that caused it is kept in
# fuzz/artifacts/<target>/ and belongs in tests/ as a regression test.
#
# cargo-fuzz itself is not installed: building it from source costs minutes
# on 2 cores, and all it would add here is these flags. They follow
# cargo-fuzz's own defaults (src/project.rs): release mode with debug
# assertions, 8-bit counters, PC table, compare tracing, AddressSanitizer,
# and `--target` so that build scripts are not instrumented. Two defaults
# are left out to keep the build near a minute: `-Ccodegen-units=1` (a
# faster fuzzer, a slower build) and `-Clink-dead-code` (only for coverage
# reports).
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh

seconds="${FUZZ_SECONDS:-30}"
targets=(verifier_parse challenge_parse policy_requests serde_deserialize callback_validate seal_open)
triple=x86_64-unknown-linux-gnu

skip() {
    skip_or_fail fuzz "$@"
}

[ "$(uname -s -m)" = "Linux x86_64" ] || skip "libFuzzer with AddressSanitizer is set up here for x86_64 Linux only"
command -v c++ >/dev/null || apt_install g++ || skip "libfuzzer-sys compiles libFuzzer's C++ sources and there is no C++ compiler"

# -Zsanitizer needs a nightly compiler. Install one only when missing; if
# that fails, the stable compiler with RUSTC_BOOTSTRAP=1 accepts the same
# unstable flags, which keeps the fuzzers running on a machine that can
# reach no toolchain server.
toolchain=nightly
bootstrap=
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    echo "no nightly toolchain: installing one (minimal profile)"
    if ! timeout 600 rustup toolchain install nightly --profile minimal; then
        toolchain=stable
        bootstrap=1
        echo "nightly could not be installed: using $(rustc --version) with RUSTC_BOOTSTRAP=1"
    fi
fi

target_dir="${CARGO_TARGET_DIR:-$PWD/fuzz/target}"
flags=(
    -Cpasses=sancov-module
    -Cllvm-args=-sanitizer-coverage-level=4
    -Cllvm-args=-sanitizer-coverage-inline-8bit-counters
    -Cllvm-args=-sanitizer-coverage-pc-table
    -Cllvm-args=-sanitizer-coverage-trace-compares
    -Cllvm-args=-sanitizer-coverage-stack-depth
    -Cllvm-args=-simplifycfg-branch-fold-threshold=0
    --cfg fuzzing
    -Zsanitizer=address
    -Cdebug-assertions
)

echo "==> clippy on the fuzz targets, warnings denied (an ordinary build)"
CARGO_TARGET_DIR="$target_dir" cargo clippy --manifest-path fuzz/Cargo.toml --bins -- -D warnings

echo "==> building ${#targets[@]} fuzz targets ($toolchain)"
start=$SECONDS
if ! RUSTC_BOOTSTRAP="$bootstrap" RUSTFLAGS="${flags[*]}" CARGO_TARGET_DIR="$target_dir" \
    cargo "+$toolchain" build --release --config profile.release.debug=true \
    --manifest-path fuzz/Cargo.toml --target "$triple" --bins; then
    if [ -n "$bootstrap" ]; then
        skip "no nightly toolchain, and the stable compiler could not build the instrumented targets"
    fi
    echo "FAILED: the fuzz targets do not build" >&2
    exit 1
fi
echo "built in $((SECONDS - start)) s"

export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_odr_violation=0"

# One fuzzer per core (FUZZ_JOBS to change it): each target still gets its
# full 30 s of one core, and on CI's 2 cores the four take one minute, not
# two.
jobs="${FUZZ_JOBS:-$(nproc)}"

fuzz_one() {
    local t=$1
    local artifacts="fuzz/artifacts/$t"
    local corpus="fuzz/corpus/$t"
    mkdir -p "$corpus" "$artifacts"
    # The corpus grows in fuzz/corpus (not in git); fuzz/seeds holds a few
    # hand-written valid inputs, read only, so that every run starts from
    # the accepting paths too. -timeout catches hangs and -rss_limit_mb
    # runaway memory; both count as crashes and keep their input.
    local seeds=()
    [ -d "fuzz/seeds/$t" ] && seeds=("fuzz/seeds/$t")
    local rc=0
    "$target_dir/$triple/release/$t" "$corpus" "${seeds[@]}" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$artifacts/" -print_final_stats=1 \
        >"fuzz/artifacts/$t.log" 2>&1 || rc=$?
    echo "$rc" >"fuzz/artifacts/$t.rc"
}

echo "==> fuzzing ${targets[*]}: $seconds s each, $jobs at a time"
for t in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
        wait -n || true
    done
    fuzz_one "$t" &
done
wait

failed=()
for t in "${targets[@]}"; do
    if [ "$(cat "fuzz/artifacts/$t.rc")" = 0 ]; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "fuzz/artifacts/$t.log")
        echo "$t: ${runs:-?} inputs, no crash"
    else
        echo "FAILED: $t crashed; the input is in fuzz/artifacts/$t/. From its log:" >&2
        awk '/panicked at|ERROR: (libFuzzer|AddressSanitizer)/ { p = 1 } p && n++ < 60' \
            "fuzz/artifacts/$t.log" >&2
        failed+=("$t")
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz: ${#failed[@]} of ${#targets[@]} targets crashed: ${failed[*]}" >&2
    exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${seconds} s each, no crash"
