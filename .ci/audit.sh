#!/usr/bin/env bash
# The PKCE audit tool (audit/) against servers no one here wrote: node
# oidc-provider configured strictly (.ci/audit/oidc_provider.mjs, the
# oidc-provider pinned in .ci/oidc-provider/), a server on Authlib and one
# on oauthlib (.ci/audit/*_server.py, pinned in .ci/audit/requirements.txt,
# installed into .ci/audit/venv/), and the crate's example server under each
# policy. Each is started on 127.0.0.1 and stopped after; the tests in
# audit/tests/servers.rs assert every verdict.
#
# Under CI=true, anything that keeps it from running fails the script;
# otherwise it prints SKIP.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh

# The example server's part can be left out (AUDIT_EXAMPLE_SERVER=off) where
# only the third-party servers are wanted; its tests then say SKIP.
example_server=${AUDIT_EXAMPLE_SERVER:-on}

dir=.ci/audit
cannot_run() { skip_or_fail "audit" "$@"; }

command -v python3 >/dev/null || cannot_run "python3 is not installed"
command -v node >/dev/null || cannot_run "node is not installed"
command -v npm >/dev/null || cannot_run "npm is not installed"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || cannot_run "node $node_major is older than 20"

if [ ! -f .ci/oidc-provider/node_modules/oidc-provider/package.json ]; then
    echo "installing oidc-provider from the npm registry (.ci/oidc-provider/package-lock.json)"
    (cd .ci/oidc-provider && npm ci --no-audit --no-fund --loglevel=error) || cannot_run "npm ci failed"
fi

# The venv is rebuilt when the pins change.
venv=$dir/venv
if ! cmp -s "$dir/requirements.txt" "$venv/installed-requirements.txt" 2>/dev/null; then
    echo "installing Authlib and oauthlib from PyPI (.ci/audit/requirements.txt)"
    rm -rf "$venv"
    python3 -m venv "$venv" || { apt_install python3-venv && python3 -m venv "$venv"; } ||
        cannot_run "python3 -m venv failed"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$dir/requirements.txt" ||
        cannot_run "pip install failed"
    cp "$dir/requirements.txt" "$venv/installed-requirements.txt"
fi

# Built before any server starts, so that no code expires during a compile.
cargo build -p oauth-pkce-audit
cargo test -p oauth-pkce-audit --no-run
if [ "$example_server" = on ]; then
    cargo build -p oauth-pkce-example-server
fi

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

# Starts a server that prints `listening URL` once ready; sets $url.
# Usage: start <name> <command>...
start() {
    local name=$1
    shift
    local log=$dir/$name.log
    # Emptied here, not by the background job's redirection, which may come
    # after the first read below and leave a previous run's address.
    : >"$log"
    "$@" >"$log" 2>"$dir/$name.err.log" &
    pids+=($!)
    url=
    for _ in $(seq 1 100); do
        url=$(sed -n 's/^listening //p' "$log" 2>/dev/null | head -n 1)
        [ -n "$url" ] && return 0
        kill -0 "${pids[-1]}" 2>/dev/null || break
        sleep 0.1
    done
    cat "$log" "$dir/$name.err.log" >&2 || true
    cannot_run "$name did not start"
}

start oidc-provider node "$dir/oidc_provider.mjs"
export AUDIT_OIDC_PROVIDER_ISSUER=$url
start authlib "$venv/bin/python" "$dir/authlib_server.py"
export AUDIT_AUTHLIB_ISSUER=$url
start oauthlib "$venv/bin/python" "$dir/oauthlib_server.py"
export AUDIT_OAUTHLIB_ISSUER=$url
echo "oidc-provider at $AUDIT_OIDC_PROVIDER_ISSUER, Authlib at $AUDIT_AUTHLIB_ISSUER, oauthlib at $AUDIT_OAUTHLIB_ISSUER"

export AUDIT_EXAMPLE_SERVER=$example_server
if [ "$example_server" != on ]; then
    echo "the example server's part is off (example_server in .ci/audit.sh): its test says SKIP"
else
    for policy in strict rfc7636 oauth21 fapi2; do
        start "example-server-$policy" target/debug/oauth-pkce-example-server --addr 127.0.0.1:0 --policy "$policy"
        export "AUDIT_EXAMPLE_SERVER_${policy^^}=$url"
    done
fi

# One full audit, timed, in the log: the figure docs/AUDIT.md reports.
start_s=$EPOCHREALTIME
target/debug/oauth-pkce-audit --issuer "$AUDIT_OIDC_PROVIDER_ISSUER" --client-id audit-public --scope openid \
    --quiet --browser-cmd "python3 $dir/browser.py --jar $dir/timing.jar" >/dev/null
awk -v a="$start_s" -v b="$EPOCHREALTIME" 'BEGIN { printf "a full audit of oidc-provider took %.1f s\n", b - a }'
rm -f "$dir/timing.jar"

cargo test -p oauth-pkce-audit
