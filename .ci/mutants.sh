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

# Every exclusion in .cargo/mutants.toml names its mutants by file, function
# and mutation, not by line and column, so moving code leaves it valid, and
# states how many mutants it matches: `'''REGEX''', # N`, one line each, 1
# where no number is written. Each count is checked against the mutants
# cargo-mutants lists for src/ without the configuration, matched by
# cargo-mutants itself (`--exclude-re`, its own regex dialect): an entry
# whose code changed or vanished matches fewer, a new look-alike mutant in
# the same function makes it match more, and either would otherwise be
# tested and missed, or excluded unreviewed, by the next run.
mutants_list() { cargo mutants --all-features -f 'src/**/*.rs' --list "$@"; }
count_lines() { grep -c . <<<"$1" || true; }
total=$(count_lines "$(mutants_list --no-config)")
config=.cargo/mutants.toml
entry_re="^ *'''(.*)''',? *(# *([0-9]+))? *$"
stale=0 entries=0 excluded=0 in_list=0
while IFS= read -r line; do
    if [[ "$in_list" -eq 0 ]]; then
        [[ "$line" =~ ^exclude_re\ *=\ *\[\ *$ ]] && in_list=1
        continue
    fi
    [[ "$line" =~ ^\ *\]\ *$ ]] && { in_list=2; break; }
    [[ "$line" =~ ^\ *(#.*)?$ ]] && continue
    if ! [[ "$line" =~ $entry_re ]]; then
        echo "FAIL mutants: not an exclusion of the form '''REGEX''', # N: $line" >&2
        stale=1
        continue
    fi
    pattern=${BASH_REMATCH[1]} want=${BASH_REMATCH[3]:-1}
    entries=$((entries + 1))
    excluded=$((excluded + want))
    if ! left=$(mutants_list --no-config --exclude-re "$pattern"); then
        echo "FAIL mutants: cargo mutants refused the exclusion (not a regex?): $pattern" >&2
        stale=1
        continue
    fi
    matches=$((total - $(count_lines "$left")))
    if [[ "$matches" -ne "$want" ]]; then
        echo "FAIL mutants: exclusion matches $matches mutants, not $want: $pattern" >&2
        stale=1
    fi
done <"$config"
if grep -q '^exclude_re' "$config" && [[ "$in_list" -ne 2 ]]; then
    echo "FAIL mutants: $config has exclude_re, but not as a list of one entry a line" >&2
    stale=1
fi
# The configuration as cargo-mutants reads it must exclude what the counts
# add up to: otherwise two entries match the same mutant, or an entry is in a
# form the loop above does not read.
if [[ "$stale" -eq 0 ]]; then
    configured=$((total - $(count_lines "$(mutants_list)")))
    if [[ "$configured" -ne "$excluded" ]]; then
        echo "FAIL mutants: $config excludes $configured mutants, but its entries'" >&2
        echo "counts add up to $excluded: two entries match one mutant, or one is not" >&2
        echo "written as '''REGEX''', # N on a line of its own" >&2
        stale=1
    fi
fi
if [[ "$stale" -ne 0 ]]; then
    echo "FAIL mutants: review each exclusion above against the mutants" >&2
    echo "  cargo mutants --no-config --all-features -f 'src/**/*.rs' --list" >&2
    echo "lists (moved code still matches: a count that differs means the function" >&2
    echo "or its mutants changed), check its reason still holds, then fix the" >&2
    echo "pattern or its count, or catch the new mutant with a test" >&2
    exit 1
fi
echo "mutants: $entries exclusions name $excluded of the $total mutants of src/, each as many as it states"

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
