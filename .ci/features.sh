#!/usr/bin/env bash
# Every feature combination builds, passes clippy and passes its tests, so
# that a `cfg` mistake in the crate or in a test cannot hide behind the
# default features.
#
# The combinations: none, std, serde, std+serde. `.ci/run` already tests
# std+serde (`cargo test --all-features`), so only the other three run here;
# `.ci/features.sh --all` runs all four.
set -euo pipefail
cd "$(dirname "$0")/.."

combinations=("--no-default-features" "" "--no-default-features --features serde")
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
