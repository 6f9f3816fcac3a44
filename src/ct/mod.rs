//! The constant-time primitives: every function in this module's files runs
//! in time that depends on lengths only, never on the bytes of a secret.
//!
//! The rule a reviewer checks here: no branch, no early exit and no memory
//! index computed from a secret byte. The files that carry it:
//!
//! | file | what |
//! |---|---|
//! | `base64url.rs` | the branch-free base64url encoder |
//! | `s256.rs` | SHA-256 of a verifier, padded on the stack, then encoded |
//! | `syntax.rs` | the branch-free alphabet scan of RFC 7636 §4.1 |
//! | `secret.rs` | the fixed-capacity buffer that holds a secret: wipe, constant-time equality |
//!
//! Each secret-dependent result ends in a [`subtle::Choice`], and the rest
//! of the crate turns one into a branch only through [`declassify`]: the
//! single place where a decision on a secret becomes public, which the
//! constant-time harness (`constant-time/` in the repository) recognises.

pub(crate) mod base64url;
pub(crate) mod s256;
pub(crate) mod secret;
pub(crate) mod syntax;

// How much of the stack [`scrubbed`] overwrites after each operation. On
// x86_64 each size is the depth at which the operation's dead-stack test in
// `tests/hygiene.rs` still finds a copy of the secret (release build; the
// figures are in BENCHMARKS.md), plus at least 64 bytes, rounded up to 128:
// that test fails when its scrub is too shallow, and with half of each
// size. Other targets, not measured, keep 1024 bytes, the size used
// before, over twice the deepest x86_64 figure.

/// `x86_64`, the size measured there; on other targets, 1024.
const fn measured(x86_64: usize) -> usize {
    if cfg!(target_arch = "x86_64") {
        x86_64
    } else {
        1024
    }
}

/// `generate`, `try_generate` and `generate_with`, of a verifier and of a
/// client's `state`: 32 random bytes and their encoding.
pub(crate) const SCRUB_GENERATE: usize = measured(256);
/// `generate_len` and `generate_len_with`: up to 96 random bytes and 128
/// characters.
pub(crate) const SCRUB_GENERATE_LEN: usize = measured(512);
/// Parsing a verifier: what the compiler spills of the copy's words, which
/// it keeps in registers and stores where the verifier is returned
/// (`SecretBuf::copied`).
pub(crate) const SCRUB_PARSE: usize = measured(128);
/// Parsing a challenge, a secret when `plain`: the checked copy, moved out
/// through the frames of the parse and its diagnosis.
pub(crate) const SCRUB_PARSE_CHALLENGE: usize = measured(384);
/// Making a `plain` challenge, a copy of the verifier.
pub(crate) const SCRUB_PLAIN: usize = measured(256);
/// After hashing a verifier where sha2 runs its portable code, whose
/// message schedule lives in memory: see [`scrub_after_compression`]. Not
/// measured, since the probe finds schedule words only in pairs, and a
/// compiler spills them one by one: the size used before.
const SCRUB_HASH_IN_MEMORY: usize = 2048;
/// After deserializing: the format's frames and a visitor.
#[cfg(feature = "serde")]
pub(crate) const SCRUB_SERDE: usize = 4096;
/// After making or consuming a client's pending-authorization record, about
/// a kilobyte, which moves through several frames.
pub(crate) const SCRUB_RECORD: usize = 8192;

/// Overwrites what sha2's compression function left below the caller, where
/// it keeps the message schedule in memory: its portable code, whose
/// schedule words give back the block they came from. On SHA-NI the state
/// and the schedule stay in registers, the padded block (which `s256`
/// wipes) is the only copy in memory, and there is nothing to overwrite:
/// the dead-stack tests of deriving and verifying pass there with no scrub.
///
/// Called inside the hash, right after the compression, rather than around
/// the public call: there the only live value is the state, so the
/// compiler keeps building the challenge where it is returned, which a
/// call after the whole operation would prevent.
#[inline(always)]
pub(crate) fn scrub_after_compression() {
    if !hash_in_registers() {
        scrub_stack::<SCRUB_HASH_IN_MEMORY>();
    }
}

/// Whether sha2's SHA-256 runs on SHA-NI: the check its own dispatch makes
/// (`sha` and `sse4.1`, through cpufeatures), at compile time where the
/// target has them, or else read from the CPU by `std` (cached after the
/// first call). Without `std`, on other targets, or when sha2 is built with
/// its portable code (`--cfg sha2_backend="soft"`), the answer is no.
#[inline(always)]
fn hash_in_registers() -> bool {
    #[cfg(all(
        any(target_arch = "x86_64", target_arch = "x86"),
        not(any(sha2_backend = "soft", sha2_256_backend = "soft")),
        target_feature = "sha",
        target_feature = "sse4.1",
    ))]
    return true;
    #[cfg(all(
        feature = "std",
        any(target_arch = "x86_64", target_arch = "x86"),
        not(any(sha2_backend = "soft", sha2_256_backend = "soft")),
        not(all(target_feature = "sha", target_feature = "sse4.1")),
    ))]
    return std::arch::is_x86_feature_detected!("sha")
        && std::arch::is_x86_feature_detected!("sse4.1");
    #[allow(unreachable_code, reason = "the fallback of the cfgs above")]
    false
}

/// Runs `work` in a frame of its own, then overwrites the stack that frame
/// and the calls it made used, and returns what `work` returned.
///
/// Every public operation on a secret is written as `scrubbed(|| ...)`.
/// This function is always inlined, so the value comes back in the caller's
/// own slot; the work runs in [`in_own_frame`], never inlined, below the
/// caller; and the scrub runs when `_scrub` is dropped, which is after the
/// tail expression has put the result in place, so no copy is left between.
#[inline(always)]
pub(crate) fn scrubbed<const BYTES: usize, T>(work: impl FnOnce() -> T) -> T {
    let _scrub = ScrubOnDrop::<BYTES>;
    in_own_frame(work)
}

/// The frame [`scrubbed`] runs its work in.
#[inline(never)]
fn in_own_frame<T>(work: impl FnOnce() -> T) -> T {
    work()
}

/// Calls [`scrub_stack`] when dropped.
struct ScrubOnDrop<const BYTES: usize>;

impl<const BYTES: usize> Drop for ScrubOnDrop<BYTES> {
    #[inline(always)]
    fn drop(&mut self) {
        scrub_stack::<BYTES>();
    }
}

/// Overwrites the stack just below the caller's frame with zeros.
///
/// A call that handled a secret leaves its frames, dead but unwiped, below
/// its caller: locals, spills, a value built in a temporary and then moved
/// out (Rust gives no way to build a value in the slot it is returned in,
/// nor to wipe a moved-from place), and the frames of the functions it
/// called, sha2's among them. Each public operation on a secret runs in a
/// frame of its own and then calls this, whose one local covers the same
/// region.
///
/// A zeroed array and a barrier compile to a `memset` (or, for small sizes,
/// a run of vector stores): the cheapest way to clear every byte that the
/// optimiser cannot drop. `zeroize` on the array would write it byte by
/// byte through volatile stores.
#[inline(never)]
fn scrub_stack<const BYTES: usize>() {
    let zeros = [0u8; BYTES];
    // The barrier counts as reading the array, so its stores must happen.
    zeroize::optimization_barrier(&zeros);
}

/// Turns a decision on a secret into a `bool` the caller branches on.
///
/// The library takes exactly two such decisions: whether a secret is well
/// formed and whether it matches. Both go through here.
#[cfg(not(oauth_pkce_ct))]
#[inline(always)]
pub(crate) fn declassify(choice: subtle::Choice) -> bool {
    bool::from(choice)
}

#[cfg(oauth_pkce_ct)]
mod harness;
#[cfg(oauth_pkce_ct)]
pub(crate) use harness::{DECLASSIFIED, declassify};

#[cfg(all(
    test,
    feature = "std",
    any(target_arch = "x86_64", target_arch = "x86")
))]
mod tests {
    /// The scrub after the hash is left out exactly where sha2 takes its
    /// SHA-NI path: where cpufeatures finds `sha` and `sse4.1` and sha2 is
    /// not built with its portable code (sha2's `sha256.rs`).
    #[test]
    fn hash_in_registers_exactly_where_sha2_uses_sha_ni() {
        let sha_ni = std::arch::is_x86_feature_detected!("sha")
            && std::arch::is_x86_feature_detected!("sse4.1")
            && !cfg!(any(sha2_backend = "soft", sha2_256_backend = "soft"));
        assert_eq!(super::hash_in_registers(), sha_ni);
    }
}
