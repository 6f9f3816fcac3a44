#!/usr/bin/env bash
# Miri: the unit and integration tests under the interpreter, which reports
# undefined behaviour, out-of-bounds and uninitialised reads, data races and
# leaks in this crate and in the dependencies it calls (sha2, subtle,
# zeroize, rand). Tests that draw thousands of values cut their counts under
# `cfg(miri)`; the doctests are left out (they repeat the API tour, slowly).
#
# Installs the nightly toolchain with Miri only if it is missing; if it
# cannot, fails under CI=true and prints SKIP elsewhere (.ci/lib.sh).
#
# Usage: bash .ci/miri.sh [--setup]
#   --setup  only install Miri and build its sysroot (what .ci/run does in
#            the foreground before it runs the tests in the background)
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh

skip() {
    skip_or_fail miri "$@"
}

if ! cargo +nightly miri --version >/dev/null 2>&1; then
    command -v rustup >/dev/null 2>&1 || skip "rustup is not installed, so nightly Miri cannot be"
    if rustup toolchain list | grep -q '^nightly'; then
        # Add the components to the nightly that is there rather than
        # updating it.
        rustup component add --toolchain nightly miri rust-src ||
            skip "this nightly has no miri component (rustup component add failed)"
    else
        rustup toolchain install nightly --profile minimal --component miri,rust-src ||
            skip "rustup could not install nightly with miri"
    fi
fi

# Builds Miri's sysroot the first time (it fetches the standard library's
# dependencies from crates.io); quiet when it is already there.
cargo +nightly miri setup >/dev/null ||
    skip "cargo miri setup could not build the sysroot"
[ "${1:-}" = --setup ] && exit 0

# The default isolation stays on: a test that reached for the file system
# or the network fails here. Randomness comes from Miri's own seeded
# `getrandom` shim, so a run is reproducible.
time cargo +nightly miri test --all-features --lib --tests
