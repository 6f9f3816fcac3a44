//! base64url without padding (RFC 4648 §5) in place, for sealed values
//! (feature `seal`): the bytes become their text in the same buffer and
//! back, so that sealing and opening need no second buffer.
//!
//! What passes through here is ciphertext, which is not secret, so a table
//! look-up is fine; the verifier's own encoder (`crate::ct::base64url`) is
//! the constant-time one.

/// The alphabet of RFC 4648 §5.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// How many characters `n` bytes take, without padding.
pub(crate) const fn encoded_len(n: usize) -> usize {
    (n * 4).div_ceil(3)
}

fn char_of(six_bits: u8) -> u8 {
    ALPHABET
        .get(usize::from(six_bits & 63))
        .copied()
        .unwrap_or(b'A')
}

fn value_of(c: u8) -> Option<u8> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    })
}

/// Encodes the first `len` bytes of `buf` into text at its start, and
/// returns the text's length; 0 when `buf` is shorter than the text.
///
/// The bytes first move to the end of the text's span; the text is then
/// written from the front. Group `k` reads bytes from `start + 3k` and
/// writes characters up to `4k + 4`, where `start` is `ceil(len / 3)`, so a
/// write never reaches a byte not yet read.
pub(crate) fn encode_in_place(buf: &mut [u8], len: usize) -> usize {
    let text_len = encoded_len(len);
    let Some(buf) = buf.get_mut(..text_len) else {
        return 0;
    };
    let start = text_len - len;
    buf.copy_within(..len, start);
    let mut k = 0;
    while k * 3 < len {
        let from = start + k * 3;
        let mut group = [0u8; 3];
        let n = (len - k * 3).min(3);
        for (i, g) in group.iter_mut().enumerate().take(n) {
            *g = buf.get(from + i).copied().unwrap_or(0);
        }
        let bits = u32::from_be_bytes([0, group[0], group[1], group[2]]);
        for i in 0..=n {
            if let Some(slot) = buf.get_mut(k * 4 + i) {
                *slot = char_of((bits >> (18 - 6 * i)) as u8);
            }
        }
        k += 1;
    }
    text_len
}

/// Decodes the base64url text filling `buf` into bytes at its start, and
/// returns how many; `None` for a character outside the alphabet, a length
/// no encoding has, or bits set past the last byte (a second spelling of
/// the same bytes).
pub(crate) fn decode_in_place(buf: &mut [u8]) -> Option<usize> {
    let text_len = buf.len();
    if text_len % 4 == 1 {
        return None;
    }
    let mut out = 0;
    for start in (0..text_len).step_by(4) {
        let chunk = buf.get(start..text_len.min(start + 4))?;
        let mut bits = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            bits |= u32::from(value_of(c)?) << (18 - 6 * i);
        }
        let bytes = bits.to_be_bytes();
        let n = chunk.len() - 1;
        // The bits of a partial group past its last byte must be zero.
        if chunk.len() < 4 && bits & (0x00ff_ffff >> (8 * n)) != 0 {
            return None;
        }
        for (i, &b) in bytes.iter().skip(1).take(n).enumerate() {
            *buf.get_mut(out + i)? = b;
        }
        out += n;
    }
    Some(out)
}

#[cfg(all(test, feature = "std"))]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    #[test]
    fn matches_the_base64_crate_both_ways_at_every_length_rfc4648_section_5() {
        let data: std::vec::Vec<u8> = (0..=255u8).rev().chain(0..=255).collect();
        for len in 0..200 {
            let bytes = &data[len..len * 2];
            let expected = URL_SAFE_NO_PAD.encode(bytes);
            let mut buf = std::vec![0u8; encoded_len(len) + 3];
            buf[..len].copy_from_slice(bytes);
            let n = encode_in_place(&mut buf, len);
            assert_eq!(&buf[..n], expected.as_bytes(), "len {len}");
            let mut text = expected.into_bytes();
            let back = decode_in_place(&mut text).unwrap();
            assert_eq!(&text[..back], bytes, "len {len}");
        }
    }

    #[test]
    fn refuses_what_is_not_canonical_base64url() {
        for bad in ["A", "AB=", "AB+/", "AB C", "AB\u{e9}", "AF", "AAB"] {
            let mut text = bad.as_bytes().to_vec();
            assert_eq!(decode_in_place(&mut text), None, "{bad:?}");
        }
        assert_eq!(
            encode_in_place(&mut [0u8; 3], 3),
            0,
            "no room for 4 characters"
        );
    }
}
