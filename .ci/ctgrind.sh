#!/usr/bin/env bash
# Constant time under valgrind, the ctgrind technique:
# constant-time/src/ctgrind.rs marks every secret byte undefined with memcheck client
# requests and runs generation, parsing, verification and the token-request
# check on them. memcheck then reports any conditional jump or memory
# address computed from a secret.
#
# Two runs: `cases` must produce no report at all, and `controls`, code
# known to leak, must have every one of its cases reported, or the marking
# is broken and the clean run proves nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

source .ci/lib.sh
apt_install valgrind libclang-dev || skip_or_fail ctgrind "valgrind and libclang-dev could not be installed"

# valgrind (3.19 here) cannot execute the SHA-NI instructions that sha2
# picks at run time on CPUs that have them. It hides them from CPUID, so
# sha2 would fall back on its own; forcing the portable backend makes that
# explicit, and keeps the build correct under valgrind even where sha2
# might be compiled for SHA-NI. What is checked is therefore the portable
# SHA-256; SHA-NI is fixed-latency hardware.
# `oauth_pkce_ct` builds the library's one declassification point as a
# separate branching function, which declassify.supp names (see
# constant-time/README.md).
export RUSTFLAGS='--cfg sha2_backend="soft" --cfg oauth_pkce_ct'
target_dir="${CARGO_TARGET_DIR:-$PWD/target}/ct"
# memcheck's reports name file and line only with debug info.
release=(--release --config profile.release.debug=true -p oauth-pkce-constant-time)

# clippy over the harness and the library as the harness builds it; this
# also keeps the dudect timing bench, run by hand (SECURITY.md), compiling.
CARGO_TARGET_DIR="$target_dir" cargo clippy "${release[@]}" --all-targets --all-features -- -D warnings
start=$SECONDS
CARGO_TARGET_DIR="$target_dir" cargo build "${release[@]}" --features ctgrind --bin ctgrind
echo "built in $((SECONDS - start)) s"
bin="$target_dir/release/ctgrind"
log=$(mktemp -d)
memcheck=(valgrind --tool=memcheck --error-exitcode=99 --track-origins=yes --num-callers=30)

echo "==> ctgrind cases: no branch or memory index may depend on a secret"
if ! "${memcheck[@]}" --suppressions=constant-time/declassify.supp -v \
    --log-file="$log/cases.log" "$bin" cases; then
    echo "FAILED: memcheck found secret-dependent control flow or indexing (first reports):" >&2
    # Library frames left out; awk rather than `grep | head`, which would
    # die of SIGPIPE under pipefail.
    awk '!(/ by 0x/ && /(std::|core::|\(library\/|rt\.rs)/) && n++ < 120' "$log/cases.log" >&2
    grep 'ERROR SUMMARY' "$log/cases.log" >&2 || true
    exit 1
fi

# The suppression must have been used, or the decisions were never reached
# with secret inputs (and the per-case counts say how often).
used=$(sed -n 's/.*used_suppression: *\([0-9]*\) oauth-pkce-declassify.*/\1/p' "$log/cases.log")
echo "declassification points reached with secret inputs: ${used:-0}"
if [ "${used:-0}" -eq 0 ]; then
    echo "FAILED: no decision on a secret reached the declassification point" >&2
    exit 1
fi

echo "==> ctgrind controls: each leak must be reported"
rc=0
"${memcheck[@]}" --log-file="$log/controls.log" "$bin" controls >"$log/controls.out" || rc=$?
cat "$log/controls.out"
# 99 is memcheck's verdict (errors found); the binary's own line says each
# control case was reported, not just one of them.
if [ "$rc" -ne 99 ] || ! grep -q '^ctgrind controls: [0-9]* passed, 0 failed' "$log/controls.out" \
    || ! grep -q 'Conditional jump or move depends on uninitialised value' "$log/controls.log" \
    || ! grep -q 'Use of uninitialised value of size' "$log/controls.log"; then
    echo "FAILED: a known leak went unreported (exit $rc), so the check above proves nothing" >&2
    head -n 120 "$log/controls.log" >&2
    exit 1
fi
rm -rf "$log"
echo "ctgrind: secret-independent control flow and memory access confirmed, controls flagged"
