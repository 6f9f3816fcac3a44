//! The S256 transformation, `BASE64URL-ENCODE(SHA256(ASCII(code_verifier)))`
//! (RFC 7636 §4.2), with no allocation and no digest-API buffering.
//!
//! A verifier is at most 128 bytes, so its SHA-256 padding (FIPS 180-4
//! §5.1.1) fits three 64-byte blocks, and one block up to 55 bytes, which
//! covers the default 43-character verifier. We pad on the stack and hand the
//! blocks straight to sha2's compression function, then wipe the blocks,
//! which held the verifier.

use crate::base64url;
use crate::secret::wipe;

/// The length of an S256 challenge: 32 digest bytes in base64url.
pub(crate) const CHALLENGE_LEN: usize = base64url::encoded_len(32);

/// SHA-256's initial hash value (FIPS 180-4 §5.3.3).
const IV: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// The most blocks a padded verifier of up to 128 bytes takes.
const MAX_BLOCKS: usize = (crate::syntax::MAX_LEN + 9).div_ceil(64);

/// SHA-256 of `msg`, which the caller has checked is at most 128 bytes.
fn sha256(msg: &[u8]) -> [u8; 32] {
    let len = msg.len();
    // The message, the 0x80 marker and the 8-byte bit length.
    let n = (len + 9).div_ceil(64).min(MAX_BLOCKS);
    let mut blocks = [[0u8; 64]; MAX_BLOCKS];
    {
        let flat = blocks.as_flattened_mut();
        for (d, s) in flat.iter_mut().zip(msg) {
            *d = *s;
        }
        if let Some(marker) = flat.get_mut(len) {
            *marker = 0x80;
        }
    }
    let bit_len = (len as u64 * 8).to_be_bytes();
    let mut state = IV;
    if let Some(used) = blocks.get_mut(..n) {
        if let Some(last) = used.last_mut() {
            last[56..].copy_from_slice(&bit_len);
        }
        sha2::block_api::compress256(&mut state, used);
    }
    wipe(blocks.as_flattened_mut());
    let mut digest = [0u8; 32];
    for (out, word) in digest.chunks_exact_mut(4).zip(state) {
        out.copy_from_slice(&word.to_be_bytes());
    }
    digest
}

/// The S256 challenge of a verifier the caller has checked, as 43 ASCII
/// bytes.
pub(crate) fn challenge(verifier: &[u8]) -> [u8; CHALLENGE_LEN] {
    let digest = sha256(verifier);
    let mut out = [0u8; CHALLENGE_LEN];
    base64url::encode(&digest, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b() {
        let c = challenge(b"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_eq!(&c, b"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    #[test]
    fn padding_boundaries_match_sha2_digest() {
        use sha2::Digest;
        // 55/56 and 119/120 are where the padding spills into another block.
        for len in 0..=128usize {
            let msg: [u8; 128] = core::array::from_fn(|i| b'a' + (i % 26) as u8);
            let expected: [u8; 32] = sha2::Sha256::digest(&msg[..len]).into();
            assert_eq!(sha256(&msg[..len]), expected, "length {len}");
        }
    }
}
