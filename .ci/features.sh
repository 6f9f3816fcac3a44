#!/usr/bin/env bash
# Every feature combination builds, passes clippy and passes its tests, so
# that a `cfg` mistake in the crate or in a test cannot hide behind the
# default features.
#
# The combinations: none, std (the default), serde, seal, http, tracing
# without std, and all of them. `.ci/run` already tests all of them
# (`cargo test --all-features`), so only the others run here;
# `.ci/features.sh --all` runs every one.
set -euo pipefail
cd "$(dirname "$0")/.."

combinations=("--no-default-features" "" "--no-default-features --features serde"
    "--no-default-features --features seal" "--features http" "--no-default-features --features tracing")
if [[ "${1:-}" == "--all" ]]; then
    combinations+=("--all-features")
fi

for flags in "${combinations[@]}"; do
    echo "==> features: ${flags:-default (std)}"
    # shellcheck disable=SC2086 # the flags are words on purpose
    cargo clippy --all-targets $flags -- -D warnings
    # shellcheck disable=SC2086
    cargo test $flags
done
