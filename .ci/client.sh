#!/usr/bin/env bash
# The client flow end to end: its examples, with and without `serde` (the
# record stored and restored across the redirect), then the authorization
# code flow against node's oidc-provider (.ci/oidc-provider.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo run --example client
cargo run --features serde --example client
cargo run --example client_two_flows
cargo run --features serde --example loopback

bash .ci/oidc-provider.sh
