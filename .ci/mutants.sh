#!/usr/bin/env bash
# Mutation testing of the library code the last commit changed: cargo-mutants
# makes its small changes (an operator swapped, a body replaced by a default,
# a match arm deleted) in the lines of src/ that differ from BASE, and every
# one must make a test fail. Which tests run, the timeouts and the mutants
# excluded with their reasons are in .cargo/mutants.toml; SECURITY.md
# ("Mutation testing") has the full run over src/ and how to repeat it.
#
# Usage: bash .ci/mutants.sh [BASE]     BASE defaults to HEAD~1.
#
# The diff is BASE against the working tree, so that a developer's own
# uncommitted changes are tested too; in CI's fresh clone the working tree is
# HEAD, so it is BASE..HEAD. A diff that touches no line of src/ (docs,
# tests, CI) has nothing to mutate, and passes.
#
# Installs cargo-mutants only if it is missing; under CI=true, a tool that
# cannot be installed fails the step, elsewhere it is a SKIP.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh

skip() { skip_or_fail mutants "$@"; }

# 27.0 is the first release that reads `exclude_re` from the configuration
# together with the command line's, as .cargo/mutants.toml expects.
version=$(cargo mutants --version 2>/dev/null | awk '{print $2}') || version=""
if [[ -z "$version" || "${version%%.*}" -lt 27 ]]; then
    cargo install --locked cargo-mutants ||
        skip "cargo-mutants ${version:-is not installed} and cargo install failed"
fi

base="${1:-HEAD~1}"
if [[ "$(git rev-parse --is-shallow-repository)" == "true" ]] &&
    ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
    skip "a shallow clone without $base: fetch more history (git fetch --deepen=1)"
fi
if [[ $# -eq 0 ]] && ! git rev-parse --verify --quiet HEAD~1 >/dev/null; then
    # The first commit: everything in it is new, so every mutant is tested.
    base=$(git hash-object -t tree /dev/null)
fi
git rev-parse --verify --quiet "$base^{tree}" >/dev/null || {
    echo "FAIL mutants: $base is not a commit" >&2
    exit 1
}

# Every exclusion in .cargo/mutants.toml names one mutant by its file, line
# and column: when the code around it moves, the name no longer matches, and
# the mutant would be tested (and missed) by the next full run. So each
# pattern must match exactly one of the mutants cargo-mutants lists for src/
# without the configuration's exclusions.
all_mutants=$(cargo mutants --no-config --all-features -f 'src/**/*.rs' --list)
stale=0
while IFS= read -r pattern; do
    matches=$(grep -cE -- "$pattern" <<<"$all_mutants" || true)
    if [[ "$matches" -ne 1 ]]; then
        echo "FAIL mutants: exclusion matches $matches mutants, not 1: $pattern" >&2
        stale=1
    fi
done < <(sed -n "s/^ *'''\(.*\)''',\{0,1\}$/\1/p" .cargo/mutants.toml)
if [[ "$stale" -ne 0 ]]; then
    echo "FAIL mutants: update the line and column of each exclusion above" >&2
    echo "(cargo mutants --list names them), after checking its reason still holds" >&2
    exit 1
fi
echo "mutants: each of the $(grep -c "^ *'''" .cargo/mutants.toml) exclusions names exactly one mutant"

diff_file=$(mktemp)
trap 'rm -f "$diff_file"' EXIT
git diff --no-ext-diff --no-color "$base" -- src/ >"$diff_file"
if [[ ! -s "$diff_file" ]]; then
    echo "mutants: no line of src/ differs from $base: nothing to mutate, nothing to test"
    exit 0
fi
echo "mutants: $(git diff --numstat "$base" -- src/ | wc -l) file(s) of src/ differ from $base"

# cargo-mutants builds in a copy of the tree, here with a target directory
# of its own under target/, kept between runs, so that a later run rebuilds
# only this crate and its tests (`--copy-target` would copy gigabytes).
#
# Not target/ itself: cargo names a workspace member's artifacts the same
# whatever directory it is built from, and judges them fresh by modification
# times, so the last mutant's build, left in target/, would look up to date
# to every `cargo test` after this step, and the steps after it would test
# a mutant instead of the code. For the same reason, one job: two jobs
# sharing one target directory would each test the other's build. (A run
# over all of src/ uses cargo-mutants' own directories, one per job; see
# SECURITY.md.)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}/mutants"
list_status=0
listed=$(cargo mutants --in-diff "$diff_file" --list) || list_status=$?
if [[ "$list_status" -ne 0 ]]; then
    echo "FAIL mutants: cargo mutants --list exited with $list_status" >&2
    exit "$list_status"
fi
count=$(grep -c . <<<"$listed" || true)
if [[ "$count" -eq 0 ]]; then
    echo "mutants: the changed lines of src/ hold no code to mutate (comments, attributes, declarations)"
    exit 0
fi
echo "mutants: $count mutant(s) in the changed lines"
status=0
cargo mutants --in-diff "$diff_file" --jobs 1 --no-shuffle \
    --output "$CARGO_TARGET_DIR" || status=$?

out="$CARGO_TARGET_DIR/mutants.out"
case "$status" in
0) echo "mutants: every mutant of the changed lines was caught (or unviable)" ;;
2)
    echo "FAIL mutants: these survived; add a test that catches each, or, if no" >&2
    echo "test can (an equivalent mutant), exclude it by name with the reason in" >&2
    echo ".cargo/mutants.toml:" >&2
    cat "$out/missed.txt" >&2
    ;;
3)
    echo "FAIL mutants: these timed out; a mutant that can only hang must be" >&2
    echo "excluded by name with the reason in .cargo/mutants.toml:" >&2
    cat "$out/timeout.txt" >&2
    ;;
4) echo "FAIL mutants: the tests fail without any mutation (see $out/log)" >&2 ;;
5) echo "FAIL mutants: the diff does not match the tree" >&2 ;;
*) echo "FAIL mutants: cargo mutants exited with $status (see $out)" >&2 ;;
esac
exit "$status"
