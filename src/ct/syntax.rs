//! The alphabets of RFC 7636 §4.1 and §4.2, checked without branching on
//! the bytes.
//!
//! A verifier is a secret, and so is a `plain` challenge. Checking which
//! characters they hold must not leak them through timing: every byte is
//! classified with arithmetic masks, and the scan keeps going to the end. Only
//! the length, which the RFC does not treat as secret, decides how long the
//! loop runs. The result is a [`subtle::Choice`], the one value callers branch
//! on.

use subtle::{Choice, ConstantTimeEq};

/// 0 if `lo <= c <= hi`, else how far outside: `c - lo` wraps round for
/// `c < lo`, and the saturating subtraction leaves a remainder for
/// `c > hi`. A wrapping and a saturating subtraction per range, which SSE2
/// does 16 bytes at a time (`psubb`, `psubusb`), with no comparison.
#[inline(always)]
fn outside(c: u8, lo: u8, hi: u8) -> u8 {
    c.wrapping_sub(lo).saturating_sub(hi.wrapping_sub(lo))
}

/// 0 for a base64url character, `A-Z a-z 0-9 - _` (RFC 4648 §5), else not.
///
/// Setting bit 5 folds `A-Z` onto `a-z` and moves no other byte into that
/// range; `^` is 0 only for its own character; the minimum (`pminub`) is 0
/// when any test is.
#[inline(always)]
fn base64url_distance(c: u8) -> u8 {
    outside(c | 0x20, b'a', b'z')
        .min(outside(c, b'0', b'9'))
        .min((c ^ b'-').min(c ^ b'_'))
}

/// 0 for an `unreserved` character, `A-Z a-z 0-9 - . _ ~`, else not.
#[inline(always)]
fn unreserved_distance(c: u8) -> u8 {
    outside(c | 0x20, b'a', b'z')
        .min(outside(c, b'0', b'9'))
        .min(outside(c, b'-', b'.'))
        .min((c ^ b'_').min(c ^ b'~'))
}

/// `u32::MAX` for a distance of 0, else 0.
#[inline(always)]
fn mask(distance: u8) -> u32 {
    u32::from(distance.min(1)).wrapping_sub(1)
}

/// `u32::MAX` for a base64url character, `A-Z a-z 0-9 - _` (RFC 4648 §5),
/// else 0, with no branch.
#[inline(always)]
pub(crate) fn base64url_mask(c: u8) -> u32 {
    mask(base64url_distance(c))
}

/// `u32::MAX` for an `unreserved` character, `A-Z a-z 0-9 - . _ ~`
/// (RFC 7636 §4.1, RFC 3986 §2.3), else 0, with no branch.
#[inline(always)]
pub(crate) fn unreserved_mask(c: u8) -> u32 {
    mask(unreserved_distance(c))
}

/// The outcome of a constant-time scan.
pub(crate) struct Scan {
    /// Set when every byte is in the alphabet.
    pub(crate) valid: Choice,
    /// The offset of the first byte outside it; meaningless when `valid`.
    pub(crate) first_invalid: usize,
}

/// The bytes one step of the scan classifies: an SSE2 register's worth.
const LANES: usize = 16;

/// Classifies every byte of `bytes` with `allowed`, in time that depends only
/// on `bytes.len()`, which the caller has checked is within
/// [`MIN_LEN`]`..=`[`MAX_LEN`]: every verifier and challenge.
///
/// The first invalid offset is a minimum: each byte offers its offset if it
/// is invalid and `MAX` if not (`offset | mask`). A minimum, unlike a "first
/// seen" flag, has no dependency from one byte to the next, so the compiler
/// keeps 16 running minima in one register (`pminub`) and reduces them once
/// at the end. The bytes go in whole 16-byte chunks, the last one
/// overlapping the one before, which a minimum does not mind; offsets fit a
/// byte, with 255 meaning none, since a checked length is below 255.
#[inline(always)]
pub(crate) fn scan(bytes: &[u8], allowed: impl Fn(u8) -> u32) -> Scan {
    let (chunks, _) = bytes.as_chunks::<LANES>();
    let mut minima = [u8::MAX; LANES];
    for (i, chunk) in chunks.iter().enumerate() {
        minima = lane_min(minima, offsets((i * LANES) as u8, chunk, &allowed));
    }
    if let Some(last) = bytes.last_chunk::<LANES>() {
        let last_start = bytes.len().saturating_sub(LANES) as u8;
        minima = lane_min(minima, offsets(last_start, last, &allowed));
    }
    let first = minima.iter().fold(u8::MAX, |a, &m| a.min(m));
    Scan {
        valid: first.ct_eq(&u8::MAX),
        first_invalid: usize::from(first),
    }
}

/// Each byte's offset, `start` plus its lane, if `allowed` refuses it, and
/// 0xff if not.
#[inline(always)]
fn offsets(start: u8, chunk: &[u8; LANES], allowed: &impl Fn(u8) -> u32) -> [u8; LANES] {
    let mut out = [0u8; LANES];
    for ((o, &c), lane) in out.iter_mut().zip(chunk).zip(0u8..) {
        // The mask's low byte: 0xff for an allowed byte.
        *o = start.wrapping_add(lane) | allowed(c) as u8;
    }
    out
}

/// The lane-wise minimum, `pminub`.
#[inline(always)]
fn lane_min(a: [u8; LANES], b: [u8; LANES]) -> [u8; LANES] {
    let mut out = a;
    for (o, b) in out.iter_mut().zip(b) {
        *o = (*o).min(b);
    }
    out
}

/// The shortest verifier, and `plain` challenge, RFC 7636 §4.1 allows.
pub(crate) const MIN_LEN: usize = 43;
/// The longest verifier, and `plain` challenge, RFC 7636 §4.1 allows.
pub(crate) const MAX_LEN: usize = 128;

/// Checks `code-verifier = 43*128unreserved` (RFC 7636 §4.1): the length,
/// which may leak, then every byte, which may not.
///
/// The one decision taken on the secret, whether every byte is in the
/// alphabet, goes through [`declassify`](super::declassify).
#[inline(always)]
pub(crate) fn check_verifier(bytes: &[u8]) -> Result<(), crate::Error> {
    let len = bytes.len();
    if len < MIN_LEN {
        return Err(crate::Error::VerifierTooShort { len });
    }
    if len > MAX_LEN {
        return Err(crate::Error::VerifierTooLong { len });
    }
    let scan = scan(bytes, unreserved_mask);
    if super::declassify(scan.valid) {
        Ok(())
    } else {
        Err(crate::Error::VerifierInvalidCharacter {
            index: scan.first_invalid,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_agree_with_a_plain_definition_for_every_byte() {
        for c in 0..=u8::MAX {
            let b64 = c.is_ascii_alphanumeric() || c == b'-' || c == b'_';
            let unreserved = b64 || c == b'.' || c == b'~';
            assert_eq!(base64url_mask(c) == u32::MAX, b64, "byte {c}");
            assert_eq!(base64url_mask(c) == 0, !b64, "byte {c}");
            assert_eq!(unreserved_mask(c) == u32::MAX, unreserved, "byte {c}");
            assert_eq!(unreserved_mask(c) == 0, !unreserved, "byte {c}");
        }
    }

    #[test]
    fn chunked_scan_finds_the_first_invalid_offset_at_every_checked_length() {
        // Every length a caller passes (43 to 128): whole chunks and the
        // overlapping last chunk, with one or two bad bytes anywhere. Miri,
        // a thousand times slower, takes the ends and the chunk edges and
        // every fifth offset.
        let offset_step = if cfg!(miri) { 5 } else { 1 };
        for len in MIN_LEN..=MAX_LEN {
            if cfg!(miri) && ![43, 47, 48, 49, 64, 128].contains(&len) {
                continue;
            }
            let mut buf = [b'a'; MAX_LEN];
            let bytes = &mut buf[..len];
            assert!(
                bool::from(scan(bytes, unreserved_mask).valid),
                "length {len}"
            );
            for bad in (0..len).step_by(offset_step) {
                bytes[bad] = b'/';
                if let Some(later) = bytes.get_mut(bad + 7) {
                    *later = 0xff;
                }
                let s = scan(bytes, unreserved_mask);
                assert!(!bool::from(s.valid), "length {len}, bad {bad}");
                assert_eq!(s.first_invalid, bad, "length {len}");
                bytes.fill(b'a');
            }
        }
    }
}
