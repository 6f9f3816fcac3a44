//! The references our operations are measured against, shared by the
//! benchmarks (`benches/pkce.rs`) and the allocation count (`tests/alloc.rs`)
//! so that both measure the same code.
//!
//! Generation has two lower bounds: from the operating system's CSPRNG
//! (`*_os`, what `CodeVerifier::generate` is measured against: one
//! `getrandom` call and the encoding) and from a user-space thread RNG
//! (what `generate_with(rand::rng())` is measured against).
//!
//! The lower bound is what the straightforward, allocation-free use of the
//! standard crates costs: `sha2`'s digest API, `base64`'s table encoder into
//! a stack buffer, and the thread RNG. It does no syntax check, no constant-
//! time comparison and no wiping, so matching it is already a good result for
//! code that does all three.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::{Rng, TryRng};
use sha2::{Digest, Sha256};

/// RFC 7636 Appendix B: the 43-character verifier and its challenge.
pub const VERIFIER_43: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
pub const CHALLENGE_43: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
/// The same verifier with its last character changed: well formed, but it
/// does not match, so a mismatch runs the whole check too.
pub const WRONG_43: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK";

/// A 128-character verifier, the longest RFC 7636 allows: its padded
/// message takes three SHA-256 blocks instead of one.
pub const VERIFIER_128: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk\
                                 ~abcdefghijklmnopqrstuvwxyz.ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789_\
                                 0123456789abcdefghi";
/// [`VERIFIER_128`] with its last character changed.
pub const WRONG_128: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk\
                              ~abcdefghijklmnopqrstuvwxyz.ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789_\
                              0123456789abcdefghI";

/// Lower bound of S256 derive: `Sha256::digest` + `encode_slice` into a
/// stack buffer.
pub fn derive(verifier: &[u8]) -> [u8; 43] {
    let digest = Sha256::digest(verifier);
    let mut out = [0u8; 43];
    let _ = URL_SAFE_NO_PAD.encode_slice(digest, &mut out);
    out
}

/// Lower bound of verify: the derive lower bound and an ordinary (early
/// exit, not constant-time) comparison.
pub fn verify(challenge: &[u8; 43], verifier: &str) -> bool {
    derive(verifier.as_bytes()) == *challenge
}

/// Lower bound of generate: 32 bytes from the thread RNG, encoded into a
/// stack buffer.
pub fn generate() -> [u8; 43] {
    generate_with(&mut rand::rng())
}

/// [`generate`] from an RNG the caller holds.
pub fn generate_with<R: Rng + ?Sized>(rng: &mut R) -> [u8; 43] {
    let mut entropy = [0u8; 32];
    rng.fill_bytes(&mut entropy);
    let mut out = [0u8; 43];
    let _ = URL_SAFE_NO_PAD.encode_slice(entropy, &mut out);
    out
}

/// Lower bound of `generate_len(128)`: 96 bytes from the thread RNG,
/// encoded into a stack buffer.
pub fn generate_128() -> [u8; 128] {
    let mut entropy = [0u8; 96];
    rand::rng().fill_bytes(&mut entropy);
    let mut out = [0u8; 128];
    let _ = URL_SAFE_NO_PAD.encode_slice(entropy, &mut out);
    out
}

/// Lower bound of `generate`: 32 bytes straight from the operating system's
/// CSPRNG, encoded into a stack buffer.
pub fn generate_os() -> [u8; 43] {
    let mut entropy = [0u8; 32];
    let _ = rand::rngs::SysRng.try_fill_bytes(&mut entropy);
    let mut out = [0u8; 43];
    let _ = URL_SAFE_NO_PAD.encode_slice(entropy, &mut out);
    out
}

/// Lower bound of `generate_len(128)`: 96 bytes straight from the operating
/// system's CSPRNG, encoded into a stack buffer.
pub fn generate_os_128() -> [u8; 128] {
    let mut entropy = [0u8; 96];
    let _ = rand::rngs::SysRng.try_fill_bytes(&mut entropy);
    let mut out = [0u8; 128];
    let _ = URL_SAFE_NO_PAD.encode_slice(entropy, &mut out);
    out
}

/// Lower bound of generate + challenge: the two lower bounds in sequence,
/// generation from the operating system.
pub fn generate_and_derive() -> ([u8; 43], [u8; 43]) {
    let verifier = generate_os();
    let challenge = derive(&verifier);
    (verifier, challenge)
}

/// A plain, early-exit check of `43*128unreserved`: what a parser without
/// the constant-time requirement would do.
pub fn naive_check_verifier(s: &str) -> bool {
    (43..=128).contains(&s.len())
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~'))
}

/// A plain, early-exit check of an S256 challenge: 43 base64url characters.
pub fn naive_check_challenge(s: &str) -> bool {
    s.len() == 43
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_'))
}
