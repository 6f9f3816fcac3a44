#!/usr/bin/env bash
# Other CPUs: the library's unit tests and its integration tests on
# s390x (big-endian, 64-bit) and aarch64 (64-bit ARM), cross-compiled and
# run under qemu-user. SHA-256, the base64url encoder and the constant-time
# comparisons load and store multi-byte words: a byte-order assumption shows
# up on s390x and nowhere on x86_64 or ARM. On aarch64 sha2 takes its ARMv8
# SHA-2 instruction path (qemu's default CPU has the extension), code that
# no x86_64 run executes.
#
#   bash .ci/cross.sh                 both targets
#   bash .ci/cross.sh s390x           one (s390x or aarch64)
#
# Installs what is missing: the rustup targets, Debian's qemu-user and the
# cross C toolchains (gcc as the linker, the target's libc to link against).
# Under CI=true anything that cannot be installed or run fails the script;
# elsewhere it prints SKIP and succeeds.
#
# Left out, by test binary or module, and why:
#   loopback (tests/client/loopback.rs): real HTTP servers and clients on
#     127.0.0.1; what it checks (the flow) does not depend on the CPU, and
#     it would be most of the emulated run time.
#   python_diff (tests/core/python_diff.rs): runs the host's python3 as a
#     reference; the S256 vectors and the sha2 reference in the property
#     tests check the same on these targets.
#   hygiene_heap: scans every live heap block, minutes under qemu, and
#     asserts only in a release build (.ci/run runs it so on the host). Its
#     positive control also assumes little-endian: it looks for the thread
#     RNG's output as bytes in the RNG's block, which holds it as u32 words,
#     so on s390x the bytes lie in another order and the control fails.
# Everything else in tests/ runs, with proptest at PROPTEST_CASES (64 here
# unless set) cases per property: qemu emulates each instruction, and the
# properties are the same ones the host runs at full count.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh

skip() { skip_or_fail cross "$@"; }

# triple, Debian's name for the CPU (gcc, libc), qemu's
declare -A gnu=([s390x]=s390x-linux-gnu [aarch64]=aarch64-linux-gnu)
declare -A deb=([s390x]=s390x [aarch64]=arm64)
declare -A qemu=([s390x]=qemu-s390x [aarch64]=qemu-aarch64)
# Test binaries left out whole, and modules of the others left out by name.
excluded_binaries=(hygiene_heap)
excluded_modules=(loopback python_diff)

arches=("$@")
[ "${#arches[@]}" -gt 0 ] || arches=(s390x aarch64)

for arch in "${arches[@]}"; do
    [ -n "${gnu[$arch]:-}" ] || { echo "unknown target $arch (s390x or aarch64)" >&2; exit 2; }
    triple="$arch-unknown-linux-gnu"
    rustup_add target "$triple" || skip "rustup could not add $triple"
    packages=()
    command -v "${qemu[$arch]}" >/dev/null || packages+=(qemu-user)
    command -v "${gnu[$arch]}-gcc" >/dev/null || packages+=("gcc-${gnu[$arch]}")
    [ -e "/usr/${gnu[$arch]}/lib/libc.so" ] || packages+=("libc6-dev-${deb[$arch]}-cross")
    if [ "${#packages[@]}" -gt 0 ]; then
        apt_install "${packages[@]}" || skip "apt-get could not install ${packages[*]}"
    fi
done

# The integration test binaries to run: each file or folder in tests/ but
# the support module and the excluded ones; and the modules to skip.
tests=()
for f in tests/*.rs tests/*/main.rs; do
    name=$(basename "$f" .rs)
    [ "$name" = main ] && name=$(basename "$(dirname "$f")")
    for x in "${excluded_binaries[@]}"; do
        [ "$name" = "$x" ] && continue 2
    done
    tests+=(--test "$name")
done
skips=()
for m in "${excluded_modules[@]}"; do
    skips+=(--skip "$m::")
done

# Its own target dir, so that the host's artefacts in target/ stay as they
# are; no debug info, which only slows the link and qemu's loading, and no
# incremental build, which a build from scratch does not use.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}/cross"
export CARGO_PROFILE_DEV_DEBUG=0
export CARGO_PROFILE_TEST_DEBUG=0
export CARGO_INCREMENTAL=0
export PROPTEST_CASES="${PROPTEST_CASES:-64}"

for arch in "${arches[@]}"; do
    triple="$arch-unknown-linux-gnu"
    upper=$(echo "$triple" | tr 'a-z-' 'A-Z_')
    export "CARGO_TARGET_${upper}_LINKER=${gnu[$arch]}-gcc"
    # -L: where qemu finds the target's dynamic loader and libc.
    export "CARGO_TARGET_${upper}_RUNNER=${qemu[$arch]} -L /usr/${gnu[$arch]}"

    echo "==> $triple under ${qemu[$arch]}: unit tests and $((${#tests[@]} / 2)) integration test binaries"
    start=$SECONDS
    cargo test --all-features --target "$triple" --lib "${tests[@]}" --no-run
    echo "built in $((SECONDS - start)) s"
    start=$SECONDS
    cargo test --all-features --target "$triple" --lib "${tests[@]}" -- "${skips[@]}"
    echo "$triple: tests ran in $((SECONDS - start)) s"
done
