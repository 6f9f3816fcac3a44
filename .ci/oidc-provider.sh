#!/usr/bin/env bash
# The client flow against a certified OpenID provider: node's
# `oidc-provider`, pinned in .ci/oidc-provider/package.json and
# package-lock.json, installed with `npm ci` into .ci/oidc-provider/
# node_modules (not in git) only when missing, and started on 127.0.0.1
# with PKCE required, `iss` in responses and one public client
# (.ci/oidc-provider/provider.mjs). Then tests/client/oidc_provider.rs
# drives the authorization code flow through it with this crate's
# PendingAuthorization, callback validation and verifier.
#
# Under CI=true, anything that keeps it from running (no node, no npm, the
# install or the provider failing) fails the script; otherwise it prints
# SKIP.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh

dir=.ci/oidc-provider

cannot_run() { skip_or_fail "oidc-provider interop" "$@"; }

command -v node >/dev/null || cannot_run "node is not installed"
command -v npm >/dev/null || cannot_run "npm is not installed"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || cannot_run "node $node_major is older than 20"

if [ ! -f "$dir/node_modules/oidc-provider/package.json" ]; then
    echo "installing oidc-provider from the npm registry (package-lock.json)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || cannot_run "npm ci failed"
fi

# Built before the provider starts, so that its in-memory state does not
# wait on a compile.
cargo test --all-features --test client --no-run

log="$dir/provider.log"
# Its warnings (development keys, in-memory storage: both meant here) go to
# stderr, apart from the JSON line on stdout.
node "$dir/provider.mjs" >"$log" 2>"$dir/provider.err" &
provider=$!
trap 'kill "$provider" 2>/dev/null || true' EXIT

# The provider prints one JSON line with its address once it listens.
config=
for _ in $(seq 1 100); do
    config=$(head -n 1 "$log" 2>/dev/null || true)
    case "$config" in
        '{'*) break ;;
    esac
    kill -0 "$provider" 2>/dev/null || break
    sleep 0.1
done
case "$config" in
    '{'*) ;;
    *)
        cat "$log" "$dir/provider.err" >&2 || true
        cannot_run "the provider did not start"
        ;;
esac
field() { node -e 'process.stdout.write(JSON.parse(process.argv[1])[process.argv[2]])' "$config" "$1"; }
OIDC_PROVIDER_ISSUER=$(field issuer)
OIDC_PROVIDER_CLIENT_ID=$(field client_id)
OIDC_PROVIDER_REDIRECT_URI=$(field redirect_uri)
export OIDC_PROVIDER_ISSUER OIDC_PROVIDER_CLIENT_ID OIDC_PROVIDER_REDIRECT_URI
echo "oidc-provider $(node -p 'require("./'"$dir"'/node_modules/oidc-provider/package.json").version') at $OIDC_PROVIDER_ISSUER"

cargo test --all-features --test client oidc_provider:: -- --ignored --test-threads=1
