//! base64url without padding (RFC 4648 §5, as RFC 7636 Appendix A uses it),
//! encoded without branches or table look-ups.
//!
//! The verifier is made by encoding secret random bytes, so the usual
//! table-driven encoder would index memory by secret data, which a cache
//! timing attack can read. Here each 6-bit value becomes its character by
//! arithmetic alone. The same encoder serves the public S256 challenge, where
//! it is also faster than a table: the mapping vectorises.

/// The base64url character of a 6-bit value, without a branch or a look-up.
///
/// Starting from `'A' + v`, each range boundary adds its correction under a
/// mask made from the sign of `k - v` (`v` is at most 63, so `k - v` fits an
/// `i8` and its sign says `v > k`).
#[inline(always)]
fn encode_6bits(v: u8) -> u8 {
    let above = |k: u8| ((k.wrapping_sub(v) as i8) >> 7) as u8;
    let diff = b'A'
        .wrapping_add(above(25) & 6) // 26..=51: 'a' - 26
        .wrapping_sub(above(51) & 75) // 52..=61: '0' - 52
        .wrapping_sub(above(61) & 13) // 62: '-'
        .wrapping_add(above(62) & 49); // 63: '_'
    v.wrapping_add(diff)
}

/// How many characters encoding `n` bytes takes, without padding.
#[must_use]
pub(crate) const fn encoded_len(n: usize) -> usize {
    (n * 4).div_ceil(3)
}

/// Encodes `src` into `dst`, which should be `encoded_len(src.len())` long;
/// a shorter `dst` receives a prefix of the encoding, and never a panic.
///
/// Two passes: splitting into 6-bit values (shifts only), then mapping them
/// to characters in place, which the compiler vectorises.
pub(crate) fn encode(src: &[u8], dst: &mut [u8]) {
    for (group, out) in src.chunks(3).zip(dst.chunks_mut(4)) {
        let mut b = [0u8; 3];
        for (d, s) in b.iter_mut().zip(group) {
            *d = *s;
        }
        let sextets = [
            b[0] >> 2,
            ((b[0] << 4) | (b[1] >> 4)) & 63,
            ((b[1] << 2) | (b[2] >> 6)) & 63,
            b[2] & 63,
        ];
        for (d, s) in out.iter_mut().zip(sextets) {
            *d = s;
        }
    }
    for c in dst.iter_mut() {
        *c = encode_6bits(*c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_6bit_value_maps_to_its_rfc4648_character() {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (v, &c) in (0u8..64).zip(ALPHABET) {
            assert_eq!(encode_6bits(v), c, "value {v}");
        }
    }

    #[test]
    fn encoded_lengths() {
        assert_eq!(encoded_len(32), 43);
        assert_eq!(encoded_len(96), 128);
        assert_eq!(encoded_len(0), 0);
        assert_eq!(encoded_len(1), 2);
        assert_eq!(encoded_len(2), 3);
    }
}
