//! The alphabets of RFC 7636 §4.1 and §4.2, checked without branching on
//! the bytes.
//!
//! A verifier is a secret, and so is a `plain` challenge. Checking which
//! characters they hold must not leak them through timing: every byte is
//! classified with arithmetic masks, and the scan keeps going to the end. Only
//! the length, which the RFC does not treat as secret, decides how long the
//! loop runs. The result is a [`subtle::Choice`], the one value callers branch
//! on.

use subtle::Choice;

/// `u32::MAX` if `lo <= c <= hi`, else 0, with no branch.
///
/// `lo - 1 - c` is negative exactly when `c >= lo` and `c - hi - 1` exactly
/// when `c <= hi`; the arithmetic shift spreads the joint sign bit.
#[inline(always)]
const fn range_mask(c: u8, lo: u8, hi: u8) -> u32 {
    let c = c as i32;
    (((lo as i32 - 1 - c) & (c - hi as i32 - 1)) >> 31) as u32
}

/// `u32::MAX` for a base64url character, `A-Z a-z 0-9 - _` (RFC 4648 §5).
#[inline(always)]
pub(crate) const fn base64url_mask(c: u8) -> u32 {
    range_mask(c, b'A', b'Z')
        | range_mask(c, b'a', b'z')
        | range_mask(c, b'0', b'9')
        | range_mask(c, b'-', b'-')
        | range_mask(c, b'_', b'_')
}

/// `u32::MAX` for an `unreserved` character, `A-Z a-z 0-9 - . _ ~`
/// (RFC 7636 §4.1, RFC 3986 §2.3).
#[inline(always)]
pub(crate) const fn unreserved_mask(c: u8) -> u32 {
    base64url_mask(c) | range_mask(c, b'.', b'.') | range_mask(c, b'~', b'~')
}

/// The outcome of a constant-time scan.
pub(crate) struct Scan {
    /// Set when every byte is in the alphabet.
    pub(crate) valid: Choice,
    /// The offset of the first byte outside it; meaningless when `valid`.
    pub(crate) first_invalid: usize,
}

/// Classifies every byte of `bytes` with `allowed`, in time that depends only
/// on `bytes.len()`.
#[inline(always)]
pub(crate) fn scan(bytes: &[u8], allowed: impl Fn(u8) -> u32) -> Scan {
    let mut seen_invalid = 0u32;
    let mut first_invalid = 0u32;
    for (i, &c) in (0u32..).zip(bytes) {
        let invalid = !allowed(c);
        // Record the offset only for the first invalid byte, by mask.
        first_invalid |= i & invalid & !seen_invalid;
        seen_invalid |= invalid;
    }
    Scan {
        valid: Choice::from(((seen_invalid & 1) ^ 1) as u8),
        first_invalid: first_invalid as usize,
    }
}

/// The shortest verifier, and `plain` challenge, RFC 7636 §4.1 allows.
pub(crate) const MIN_LEN: usize = 43;
/// The longest verifier, and `plain` challenge, RFC 7636 §4.1 allows.
pub(crate) const MAX_LEN: usize = 128;

/// Checks `code-verifier = 43*128unreserved` (RFC 7636 §4.1): the length,
/// which may leak, then every byte, which may not.
pub(crate) fn check_verifier(bytes: &[u8]) -> Result<(), crate::Error> {
    let len = bytes.len();
    if len < MIN_LEN {
        return Err(crate::Error::VerifierTooShort { len });
    }
    if len > MAX_LEN {
        return Err(crate::Error::VerifierTooLong { len });
    }
    let scan = scan(bytes, unreserved_mask);
    if bool::from(scan.valid) {
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
    fn scan_reports_the_first_invalid_offset() {
        let s = scan(b"abc def ghi", unreserved_mask);
        assert!(!bool::from(s.valid));
        assert_eq!(s.first_invalid, 3);
        let s = scan(b"abcdef", unreserved_mask);
        assert!(bool::from(s.valid));
        let s = scan(b"", unreserved_mask);
        assert!(bool::from(s.valid));
    }
}
