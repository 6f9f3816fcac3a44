# Shared by the scripts in .ci/: sourced, not run.
#
# The rule every check follows: under CI=true a check that cannot run FAILS
# (it installs what it needs first, only when missing); on a developer's
# machine it prints SKIP and succeeds.

# Ends the calling script: a failure under CI=true, a SKIP elsewhere.
# Usage: skip_or_fail <check> <reason>
skip_or_fail() {
    local check=$1
    shift
    if [ "${CI:-}" = true ]; then
        echo "FAILED $check: $* (under CI=true a check that cannot run fails)" >&2
        exit 1
    fi
    echo "SKIP $check: $*"
    exit 0
}

# Installs Debian packages that are missing, running `apt-get update` once.
# Usage: apt_install <package>...
apt_install() {
    local missing=()
    local p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    echo "installing ${missing[*]}"
    if [ -z "${CI_APT_UPDATED:-}" ]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
        export CI_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Adds a rustup target or component to a toolchain when missing.
# Usage: rustup_add target|component <name> [toolchain]
rustup_add() {
    local kind=$1 name=$2 toolchain=${3:-}
    local list=(rustup "$kind" list --installed ${toolchain:+--toolchain "$toolchain"})
    "${list[@]}" 2>/dev/null | grep -qx "$name" && return 0
    command -v rustup >/dev/null 2>&1 || return 1
    rustup "$kind" add ${toolchain:+--toolchain "$toolchain"} "$name"
}
