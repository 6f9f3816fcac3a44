//! Test vectors and the alphabets of RFC 7636.

/// The code verifier of RFC 7636 Appendix B.
pub const APPENDIX_B_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
/// Its S256 challenge, RFC 7636 Appendix B.
pub const APPENDIX_B_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// `unreserved` (RFC 3986 §2.3): every character a verifier may hold
/// (RFC 7636 §4.1).
pub const UNRESERVED: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

/// The base64url alphabet (RFC 4648 §5), in value order.
pub const BASE64URL: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Whether `c` is `unreserved` (RFC 3986 §2.3).
#[must_use]
pub fn is_unreserved(c: u8) -> bool {
    UNRESERVED.contains(&c)
}

/// Whether `c` is in the base64url alphabet (RFC 4648 §5).
#[must_use]
pub fn is_base64url(c: u8) -> bool {
    BASE64URL.contains(&c)
}

/// A valid verifier of `len` characters that walks the whole alphabet.
#[must_use]
pub fn verifier_of_len(len: usize) -> String {
    (0..len)
        .map(|i| UNRESERVED[(i * 7) % UNRESERVED.len()] as char)
        .collect()
}

/// `text` with the character at `index` replaced by another unreserved one:
/// a wrong but well-formed verifier.
#[must_use]
pub fn flip(text: &str, index: usize) -> String {
    let mut b = text.as_bytes().to_vec();
    b[index] = if b[index] == b'A' { b'B' } else { b'A' };
    String::from_utf8(b).expect("ASCII in, ASCII out")
}

/// The verifier lengths to loop over: all of 43..=128 natively. Under Miri,
/// where one SHA-256 block takes about a tenth of a second, the ends and the
/// lengths where the S256 padding grows by a block (55/56, 119/120).
#[must_use]
pub fn verifier_lengths() -> Vec<usize> {
    if cfg!(miri) {
        vec![43, 55, 56, 119, 120, 128]
    } else {
        (43..=128).collect()
    }
}

/// Every item natively; under Miri, every eighth. The loops that walk an
/// alphabet, every byte value or every position are there to cover values,
/// which the native run does; Miri looks for undefined behaviour along the
/// code paths, which a sample walks as well as the whole loop.
pub fn miri_sample<I: IntoIterator>(items: I) -> impl Iterator<Item = I::Item> {
    items.into_iter().step_by(if cfg!(miri) { 8 } else { 1 })
}
