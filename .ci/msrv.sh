#!/usr/bin/env bash
# The minimum supported Rust version: the `rust-version` that Cargo.toml
# declares builds the library and passes its tests, with the workspace's one
# Cargo.lock as it is (`--locked`: the MSRV cargo must not want to change
# it; edition 2024's resolver already picks versions that this compiler
# supports, where there are any).
#
# What runs with the old compiler: the library's unit tests, every
# integration test and the doctests, with all features (the dev-dependencies
# build with it too); and the library alone without default features (the
# no_std core). The benches, the fuzz targets and the other workspace
# members are left to the current compiler.
#
# Installs the toolchain (minimal profile) only when it is missing. Under
# CI=true a toolchain that cannot be installed fails the script; elsewhere
# it prints SKIP and succeeds.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh

skip() { skip_or_fail msrv "$@"; }

msrv=$(sed -n 's/^rust-version = "\([0-9.]*\)".*/\1/p' Cargo.toml | head -n 1)
[ -n "$msrv" ] || { echo "FAILED msrv: no rust-version in Cargo.toml" >&2; exit 1; }

if ! rustup run "$msrv" rustc --version >/dev/null 2>&1; then
    command -v rustup >/dev/null 2>&1 || skip "rustup is not installed, so Rust $msrv cannot be"
    rustup toolchain install "$msrv" --profile minimal || skip "rustup could not install Rust $msrv"
fi
echo "MSRV $msrv: $(rustup run "$msrv" rustc --version)"

# Its own target dir: another compiler's artefacts would only crowd the
# host's in target/.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}/msrv"

start=$SECONDS
cargo "+$msrv" build --locked --lib --no-default-features
cargo "+$msrv" test --locked --all-features --lib --tests
cargo "+$msrv" test --locked --all-features --doc
echo "msrv: Rust $msrv built and tested the library in $((SECONDS - start)) s"
