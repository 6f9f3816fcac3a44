#!/usr/bin/env bash
# Browsers: the library on wasm32-unknown-unknown.
#
# 1. Builds: without default features (the no_std core; `generate_with` and
#    the caller's RNG, no getrandom and no wasm-bindgen), with `serde`, and
#    with `wasm_js` alone; clippy on the `wasm_js` build and on the tests.
# 2. The browser tests (wasm-tests/tests/suite/) in headless Chromium
#    through wasm-bindgen-test-runner and chromedriver, in a page, a
#    dedicated worker and a service worker, as a browser app takes the crate
#    (default features plus `wasm_js`); then in a page with `wasm_js` alone.
# 3. The browser benchmarks (wasm-tests/benches/s256.rs) are checked by
#    clippy, not run; `bash .ci/wasm.sh --bench` runs them too (figures in
#    BENCHMARKS.md).
#
# Installs what is missing: the rustup target, Debian's chromium and
# chromium-driver, and wasm-bindgen-cli at exactly the wasm-bindgen version
# in Cargo.lock (the runner refuses a module built by another version).
# Under CI=true anything that cannot be installed or run fails the script;
# elsewhere it prints SKIP and succeeds.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh

bench=
[ "${1:-}" = --bench ] && bench=1

skip() { skip_or_fail wasm "$@"; }

target=wasm32-unknown-unknown
rustup_add target "$target" || skip "rustup could not add $target"

packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
[ -x /usr/bin/chromedriver ] || packages+=(chromium-driver)
if [ "${#packages[@]}" -gt 0 ]; then
    apt_install "${packages[@]}" || skip "apt-get could not install ${packages[*]}"
fi

# The runner must be the very version of the wasm-bindgen the tests link.
version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$version" ] || { echo "FAILED wasm: no wasm-bindgen in Cargo.lock" >&2; exit 1; }
runner_version() { wasm-bindgen-test-runner --version 2>/dev/null | awk '{ print $2 }'; }
if [ "$(runner_version)" != "$version" ]; then
    echo "installing wasm-bindgen-cli $version"
    start=$SECONDS
    # With its own lockfile first; if the registry no longer has a version
    # it names (a yanked or withdrawn dependency), a fresh resolution
    # instead. Without default features, that is without a TLS stack: the
    # runner talks plain HTTP to the local chromedriver, and rustls is most
    # of the build.
    cargo install --quiet --locked --no-default-features wasm-bindgen-cli --version "=$version" ||
        cargo install --quiet --no-default-features wasm-bindgen-cli --version "=$version" ||
        skip "cargo install wasm-bindgen-cli $version failed"
    echo "installed in $((SECONDS - start)) s"
    [ "$(runner_version)" = "$version" ] ||
        skip "wasm-bindgen-test-runner on PATH is not $version (is ~/.cargo/bin first on PATH?)"
fi

export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
# chromedriver and the Chromium it starts. Other drivers' variables would
# take precedence, so they go. wasm-tests/webdriver.json holds Chromium's
# flags: headless, and without the sandbox (CI runs as root), the GPU, and
# the background traffic (QUIC, component updates, sync) that this machine's
# network refuses. chromedriver gives each session a fresh profile.
unset GECKODRIVER GECKODRIVER_REMOTE SAFARIDRIVER SAFARIDRIVER_REMOTE CHROMEDRIVER_REMOTE \
    MSEDGEDRIVER MSEDGEDRIVER_REMOTE
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/wasm-tests/webdriver.json"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
echo "$(/usr/bin/chromium --version 2>/dev/null), $(chromedriver --version | cut -d' ' -f1-2)"

step() { printf '\n--> wasm: %s\n' "$*"; }

step "library builds for $target"
for features in "" serde wasm_js; do
    echo "features: ${features:-none}"
    cargo build --lib --no-default-features ${features:+--features "$features"} --target "$target"
done
# Without `wasm_js` nothing JavaScript is linked in: a WebAssembly host
# without JavaScript can take the crate.
if cargo tree -p oauth-pkce --no-default-features --features serde --target "$target" \
    -e normal --prefix none | grep -E '^(getrandom|wasm-bindgen|js-sys) '; then
    echo "FAILED wasm: the build without wasm_js depends on the crates above" >&2
    exit 1
fi

step "fmt and clippy: the wasm_js build and the browser tests"
cargo fmt --check -p oauth-pkce-wasm-tests
cargo clippy --lib --features wasm_js --target "$target" -- -D warnings
cargo clippy -p oauth-pkce-wasm-tests --all-targets --target "$target" -- -D warnings

step "browser tests in headless Chromium (page, worker, service worker): default features + wasm_js"
start=$SECONDS
cargo test -p oauth-pkce-wasm-tests --target "$target"
echo "ran in $((SECONDS - start)) s"

step "browser tests in headless Chromium (page): wasm_js alone (no std feature)"
start=$SECONDS
cargo test -p oauth-pkce-wasm-tests --no-default-features --target "$target" --test browser
echo "ran in $((SECONDS - start)) s"

# The benchmarks are type-checked by the clippy step above (all targets);
# running them takes minutes, so only on request.
if [ -n "$bench" ]; then
    step "browser benchmarks"
    cargo bench -p oauth-pkce-wasm-tests --target "$target"
fi
