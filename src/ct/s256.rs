//! The S256 transformation, `BASE64URL-ENCODE(SHA256(ASCII(code_verifier)))`
//! (RFC 7636 §4.2), with no allocation and no digest-API buffering.
//!
//! A verifier is at most 128 bytes, so its SHA-256 padding (FIPS 180-4
//! §5.1.1) fits three 64-byte blocks, and one block up to 55 bytes, which
//! covers the default 43-character verifier. We pad on the stack and hand the
//! blocks straight to sha2's compression function, then wipe the blocks,
//! which held the verifier.

use super::base64url;
use super::secret::wipe;

/// The length of an S256 challenge: 32 digest bytes in base64url.
pub(crate) const CHALLENGE_LEN: usize = base64url::encoded_len(32);

/// SHA-256's initial hash value (FIPS 180-4 §5.3.3).
pub(crate) const IV: [u32; 8] = [
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
const MAX_BLOCKS: usize = (super::syntax::MAX_LEN + 9).div_ceil(64);

/// The longest message whose padding fits one block.
const ONE_BLOCK_MAX: usize = 64 - 9;

/// The SHA-256 state after hashing `msg`, which the caller has checked is
/// at most 128 bytes: the digest as eight big-endian words.
///
/// The length is public, so it may choose the path: up to 55 bytes, which
/// covers the default 43-character verifier, one 64-byte block is padded,
/// compressed and wiped, rather than three.
fn sha256(msg: &[u8]) -> [u32; 8] {
    let len = msg.len();
    let bit_len = (len as u64 * 8).to_be_bytes();
    let mut state = IV;
    if len <= ONE_BLOCK_MAX {
        let mut block = [0u8; 64];
        copy_message(&mut block, msg);
        pad(&mut block, msg, &bit_len);
        sha2::block_api::compress256(&mut state, core::slice::from_ref(&block));
        wipe(&mut block);
        super::scrub_after_compression();
    } else {
        // The message, the 0x80 marker and the 8-byte bit length.
        let n = (len + 9).div_ceil(64).min(MAX_BLOCKS);
        let mut blocks = [[0u8; 64]; MAX_BLOCKS];
        if let Some(used) = blocks.get_mut(..n) {
            let padded = used.as_flattened_mut();
            copy_message(padded, msg);
            pad(padded, msg, &bit_len);
            sha2::block_api::compress256(&mut state, used);
        }
        wipe(blocks.as_flattened_mut());
        super::scrub_after_compression();
    }
    state
}

/// Copies `msg`, at most 128 bytes, to the start of `padded`: its whole
/// 16-byte pieces as such, then the rest byte by byte.
///
/// SHA-NI loads each block 16 bytes at a time, and a load over several
/// narrower stores cannot be forwarded from them: it waits for them to reach
/// the cache, which measured as costly as the rest of the padding when
/// `memcpy` or 8-byte moves wrote the first pieces. The narrow stores are
/// left to the last piece, which only the later rounds need. Fixed trip
/// counts keep the compiler from turning the loops back into `memcpy`; the
/// length they test is public.
#[inline(always)]
fn copy_message(padded: &mut [u8], msg: &[u8]) {
    let (pieces, rest) = msg.as_chunks::<16>();
    let (slots, _) = padded.as_chunks_mut::<16>();
    for i in 0..super::syntax::MAX_LEN / 16 {
        if let (Some(slot), Some(piece)) = (slots.get_mut(i), pieces.get(i)) {
            *slot = *piece;
        }
    }
    let done = pieces.len() * 16;
    for i in 0..15 {
        if let (Some(d), Some(s)) = (padded.get_mut(done + i), rest.get(i)) {
            *d = *s;
        }
    }
}

/// Writes the 0x80 marker after `msg`, which is already in place, and the
/// bit length at the end of `padded`, a whole number of blocks long with
/// room for both.
#[inline(always)]
fn pad(padded: &mut [u8], msg: &[u8], bit_len: &[u8; 8]) {
    if let Some(marker) = padded.get_mut(msg.len()) {
        *marker = 0x80;
    }
    if let Some(tail) = padded.last_chunk_mut::<8>() {
        *tail = *bit_len;
    }
}

/// Writes the S256 challenge of a verifier the caller has checked, 43
/// ASCII bytes, into `out`, where the caller keeps it.
///
/// The state goes to the encoder as words, never as digest bytes: no store
/// and reload in between.
#[inline(always)]
pub(crate) fn challenge_into(verifier: &[u8], out: &mut [u8; CHALLENGE_LEN]) {
    let state = sha256(verifier);
    let mut words = [0u64; 4];
    for (w, &[hi, lo]) in words.iter_mut().zip(state.as_chunks::<2>().0) {
        *w = (u64::from(hi) << 32) | u64::from(lo);
    }
    base64url::encode_256(words, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b() {
        let mut c = [0u8; CHALLENGE_LEN];
        challenge_into(b"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", &mut c);
        assert_eq!(&c, b"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    #[test]
    fn padding_boundaries_match_sha2_digest() {
        use sha2::Digest;
        // 55/56 and 119/120 are where the padding spills into another block.
        // Miri, where one block takes a tenth of a second, takes only those
        // and the ends.
        for len in 0..=128usize {
            if cfg!(miri) && ![0, 1, 55, 56, 64, 119, 120, 128].contains(&len) {
                continue;
            }
            let msg: [u8; 128] = core::array::from_fn(|i| b'a' + (i % 26) as u8);
            let expected: [u8; 32] = sha2::Sha256::digest(&msg[..len]).into();
            let state = sha256(&msg[..len]);
            let digest: [u8; 32] = core::array::from_fn(|i| state[i / 4].to_be_bytes()[i % 4]);
            assert_eq!(digest, expected, "length {len}");
        }
    }
}
