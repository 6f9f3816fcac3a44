#!/usr/bin/env bash
# no_std: the crate builds for a bare-metal target, which has no `std` at
# all, so an accidental `std` path (through a dependency's default feature,
# say) fails here, where a host build without default features would not.
set -euo pipefail
cd "$(dirname "$0")/.."

target=thumbv7em-none-eabihf

if ! rustup target list --installed 2>/dev/null | grep -qx "$target"; then
    if ! command -v rustup >/dev/null 2>&1; then
        echo "SKIP no_std: rustup is not installed, so the $target target cannot be added"
        exit 0
    fi
    if ! rustup target add "$target"; then
        echo "SKIP no_std: rustup could not add the $target target"
        exit 0
    fi
fi

for features in "" serde; do
    echo "no_std build for $target, features: ${features:-none}"
    cargo build --lib --no-default-features ${features:+--features "$features"} --target "$target"
done
