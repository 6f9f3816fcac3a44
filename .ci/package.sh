#!/usr/bin/env bash
# The crate as published: `cargo package` makes the tarball crates.io would
# get (what `include` in Cargo.toml lists), and its own tests run from the
# unpacked tarball, outside the workspace, with none of the repository's
# other files: tests, examples and the docs' doctests must build from what
# ships. The benchmarks do not ship (they compare with peers through the
# workspace's test-support crate), and cargo leaves them out of the package.
set -euo pipefail
cd "$(dirname "$0")/.."

# The tree as committed: `--allow-dirty` only where a developer runs it with
# changes of their own (CI's clone is clean, and there it is not given).
dirty=()
[ "${CI:-}" = true ] || dirty=(--allow-dirty)
cargo package --locked --no-verify "${dirty[@]}"

version=$(cargo metadata --no-deps --format-version 1 |
    python3 -c 'import json, sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "oauth-pkce"))')
unpacked=target/package/unpacked
rm -rf "$unpacked"
mkdir -p "$unpacked"
tar xzf "target/package/oauth-pkce-$version.crate" -C "$unpacked"
echo "package: $(find "$unpacked" -type f | wc -l) files in oauth-pkce-$version.crate"

# The same target directory as the workspace: the dependencies built for it
# are reused; the package itself builds apart, as its path differs.
export CARGO_TARGET_DIR="$PWD/target"
(cd "$unpacked/oauth-pkce-$version" && cargo test --locked --all-features)
