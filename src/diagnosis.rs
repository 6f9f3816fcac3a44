//! Naming the usual client mistakes in an `S256` `code_challenge` and in a
//! `code_challenge_method`, once they have been refused.
//!
//! Client libraries get the encoding of RFC 7636 §4.2 wrong in a handful of
//! recurring ways: base64 with its `=` padding, that padding percent-encoded
//! as `%3D`, the standard alphabet's `+` and `/`, the digest in hex, or the
//! hex text run through base64url. Each gets its own [`Error`] so that the
//! client's developer reads what to fix rather than "invalid character".
//!
//! Only refused values reach this module, so a well-formed request never
//! pays for it. It reads the characters of an `S256` challenge, which is
//! public: it is sent in the clear in the authorization request. It never
//! sees a `plain` challenge or a verifier, which are secrets checked in
//! constant time.

use crate::{Error, Method};

/// The characters of an `S256` challenge (RFC 7636 §4.2): base64url
/// without padding, 256 bits in 43 characters.
const S256_LEN: usize = 43;

/// The length of a SHA-256 digest written in hex.
const HEX_DIGEST_LEN: usize = 64;

/// The length of those 64 hex characters in unpadded base64url.
const BASE64_HEX_DIGEST_LEN: usize = 86;

/// The mistake behind a refused `S256` challenge, if it is one of the usual
/// ones; `None` leaves the refusal as the syntax check made it.
pub(crate) fn s256_mistake(challenge: &[u8]) -> Option<Error> {
    let (body, padding) = match challenge {
        [body @ .., b'='] => (body, Some(Error::ChallengePadded)),
        [body @ .., b'%', b'3', b'D' | b'd'] => (body, Some(Error::ChallengePercentEncodedPadding)),
        _ => (challenge, None),
    };
    if body.len() == S256_LEN {
        // The standard alphabet explains padding too, so it comes first.
        let standard = body.iter().all(|&c| is_base64url(c) || is_standard_only(c))
            && body.iter().any(|&c| is_standard_only(c));
        if standard {
            return Some(Error::ChallengeStandardBase64);
        }
        if body.iter().all(|&c| is_base64url(c)) {
            return padding;
        }
        return None;
    }
    if challenge.len() == HEX_DIGEST_LEN && challenge.iter().all(u8::is_ascii_hexdigit) {
        return Some(Error::ChallengeHexDigest);
    }
    let unpadded = challenge.strip_suffix(b"==").unwrap_or(challenge);
    if unpadded.len() == BASE64_HEX_DIGEST_LEN && decodes_to_hex(unpadded) {
        return Some(Error::ChallengeBase64HexDigest);
    }
    None
}

/// The error for a `code_challenge_method` that `Method::from_str` refused:
/// [`Error::MethodWrongCase`] when it names a method in the wrong case
/// (RFC 7636 §4.3, §6.2.1: names are case-sensitive), otherwise
/// [`Error::UnsupportedMethod`].
pub(crate) fn method_mistake(name: &str) -> Error {
    let wrong_case = [Method::S256, Method::Plain]
        .iter()
        .any(|m| name.eq_ignore_ascii_case(m.as_str()));
    if wrong_case {
        Error::MethodWrongCase
    } else {
        Error::UnsupportedMethod
    }
}

fn is_base64url(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_'
}

/// The two characters of the standard base64 alphabet that base64url
/// replaces (RFC 4648 §4, §5).
fn is_standard_only(c: u8) -> bool {
    c == b'+' || c == b'/'
}

/// The 6-bit value of a base64 or base64url character.
fn sextet(c: u8) -> Option<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' | b'+' => 62,
        b'_' | b'/' => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

/// Whether `text` is base64 (either alphabet, unpadded) of exactly 64 hex
/// digits: a hex digest encoded once more.
fn decodes_to_hex(text: &[u8]) -> bool {
    let mut acc = 0u32;
    let mut bits = 0u32;
    let mut bytes = 0usize;
    for &c in text {
        let Some(v) = sextet(c) else {
            return false;
        };
        acc = (acc << 6) + v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            let byte = (acc >> bits) as u8;
            acc &= (1 << bits) - 1;
            if !byte.is_ascii_hexdigit() {
                return false;
            }
            bytes += 1;
        }
    }
    bytes == HEX_DIGEST_LEN
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::string::{String, ToString};

    use super::{decodes_to_hex, sextet};

    /// RFC 4648 §4 and §5: both alphabets, each character its own value.
    #[test]
    fn sextets_of_both_base64_alphabets() {
        let url = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let standard = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (value, (&u, &s)) in (0u32..).zip(url.iter().zip(standard)) {
            assert_eq!(sextet(u), Some(value), "{}", u as char);
            assert_eq!(sextet(s), Some(value), "{}", s as char);
        }
        for c in [b'=', b'.', b'~', b' ', b'%', 0x80] {
            assert_eq!(sextet(c), None, "{c:#04x}");
        }
    }

    /// 64 hex digits in base64 (86 characters), with `-`, `_`, `+` and `/`
    /// in places where a digit's bits put them: none of those decode to a
    /// hex digit, so each such string is refused.
    #[test]
    fn only_64_hex_digits_decode() {
        // "0123456789abcdef" four times, in unpadded base64url.
        let hex64 = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZg";
        assert!(decodes_to_hex(hex64.as_bytes()));
        for bad in ['-', '_', '+', '/'] {
            let mut s = String::from(hex64);
            s.replace_range(0..1, &bad.to_string());
            assert!(!decodes_to_hex(s.as_bytes()), "{bad}");
        }
        let short = hex64.get(..84).unwrap_or_default();
        assert!(!decodes_to_hex(short.as_bytes()));
    }
}
