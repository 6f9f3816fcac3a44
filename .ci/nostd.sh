#!/usr/bin/env bash
# no_std: the crate builds for a bare-metal target, which has no `std` at
# all, so an accidental `std` path (through a dependency's default feature,
# say) fails here, where a host build without default features would not.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh

target=thumbv7em-none-eabihf
rustup_add target "$target" || skip_or_fail no_std "rustup could not add the $target target"

for features in "" serde seal; do
    echo "no_std build for $target, features: ${features:-none}"
    cargo build --lib --no-default-features ${features:+--features "$features"} --target "$target"
done
