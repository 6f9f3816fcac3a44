#!/usr/bin/env bash
# The example authorization server (example-server/) end to end: its unit
# tests, its default store (SQLite) over HTTP, and two instances on one
# PostgreSQL, started here from Debian's packages on 127.0.0.1 and a port of
# its own, in a data directory of its own, and stopped after.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(pg_bin)" ]; then
    apt_install postgresql || skip_or_fail server "PostgreSQL could not be installed"
fi
bin=$(pg_bin)
[ -x "$bin/initdb" ] || skip_or_fail server "no initdb under /usr/lib/postgresql"

# A free port: nothing answers on it.
port=
for p in $(seq 54320 54399); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
        port=$p
        break
    fi
done
[ -n "$port" ] || skip_or_fail server "no free port in 54320-54399"

# PostgreSQL refuses to run as root: as root, it runs as user postgres.
work=$(mktemp -d)
chmod 755 "$work"
data=$work/data
as_db_user=()
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || skip_or_fail server "running as root and there is no user postgres"
    install -d -o postgres -m 700 "$data"
    as_db_user=(runuser -u postgres --)
fi
stop() {
    "${as_db_user[@]}" "$bin/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap stop EXIT

"${as_db_user[@]}" "$bin/initdb" -D "$data" -U postgres -A trust --no-sync >/dev/null
"${as_db_user[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off" start >/dev/null

export OAUTH_PKCE_TEST_POSTGRES="postgresql://postgres@127.0.0.1:$port/postgres"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
# Unit tests; SQLite end to end (tests/sqlite.rs); two instances on the
# shared store, 64 concurrent redemptions of one code (tests/shared_store.rs).
cargo test -p oauth-pkce-example-server
