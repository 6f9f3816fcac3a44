//! base64url without padding (RFC 4648 §5, as RFC 7636 Appendix A uses it),
//! encoded without branches or table look-ups.
//!
//! The verifier is made by encoding secret random bytes, so the usual
//! table-driven encoder would index memory by secret data, which a cache
//! timing attack can read. Here each 6-bit value becomes its character by
//! arithmetic alone, eight characters at a time in one 64-bit register. The
//! same encoder serves the public S256 challenge, where it is also faster
//! than a table.
//!
//! The technique, adding a correction per range of the alphabet where the
//! value is above the range's start, is Steve "Sc00bz" Thomas's
//! constant-time base64 (as in his `ConstTimeEncoding` and RustCrypto's
//! `base64ct`, whose range constants for the URL-safe alphabet these are);
//! doing eight lanes at once in a `u64` (SWAR) is ours.

use super::secret::wipe;

/// Eight byte lanes of a `u64`, each set to 1.
const LANE_ONES: u64 = 0x0101_0101_0101_0101;

/// The base64url characters of eight 6-bit values, one per byte lane of
/// `v`, without a branch or a look-up: eight lanes in one register.
///
/// Starting from `'A' + v`, each range boundary adds its correction where
/// `v > k`. That test is the top bit of `v + 127 - k`, which stays below 256
/// for `v <= 63`, so no lane carries into the next; `t | (t - (t >> 7))`
/// spreads the bit to the whole lane. The sums do not carry either: every
/// lane ends between `'-'` and `'z'`, and is never below what is subtracted.
/// Masks rather than multiplications keep this to shifts, adds and ANDs.
#[inline(always)]
fn encode_lanes(v: u64) -> u64 {
    let above = |k: u64| {
        let t = (v + (127 - k) * LANE_ONES) & (0x80 * LANE_ONES);
        t | (t - (t >> 7))
    };
    (v + u64::from(b'A') * LANE_ONES
        + (above(25) & (6 * LANE_ONES)) // 26..=51: 'a' - 26
        + (above(62) & (49 * LANE_ONES))) // 63: '_'
        - ((above(51) & (75 * LANE_ONES)) // 52..=61: '0' - 52
            + (above(61) & (13 * LANE_ONES))) // 62: '-'
}

/// The base64url character of a 6-bit value.
#[cfg(test)]
fn encode_6bits(v: u8) -> u8 {
    encode_lanes(u64::from(v & 63)) as u8
}

/// The 48 low bits of `bits` as eight 6-bit values, in three halving steps:
/// 24-bit halves into 32-bit lanes, 12-bit quarters into 16-bit lanes, 6-bit
/// values into bytes. Lanes are little-endian, first value first.
#[inline(always)]
fn split_group(bits: u64) -> u64 {
    let l32 = ((bits >> 24) & 0xff_ffff) | ((bits & 0xff_ffff) << 32);
    let l16 = ((l32 >> 12) & 0x0000_0fff_0000_0fff) | ((l32 & 0x0000_0fff_0000_0fff) << 16);
    ((l16 >> 6) & 0x003f_003f_003f_003f) | ((l16 & 0x003f_003f_003f_003f) << 8)
}

/// The eight characters of the six bytes in the 48 low bits of `bits`.
#[inline(always)]
fn encode_group(bits: u64) -> [u8; 8] {
    encode_lanes(split_group(bits)).to_le_bytes()
}

/// How many characters encoding `n` bytes takes, without padding.
#[must_use]
pub(crate) const fn encoded_len(n: usize) -> usize {
    (n * 4).div_ceil(3)
}

/// Writes the 43 characters of 32 bytes given as four big-endian words: a
/// SHA-256 state, or the randomness of a default verifier.
///
/// Everything stays in registers until each group's characters are stored
/// where they belong: a scratch buffer in between, with wide loads over
/// narrow stores, stalls store-to-load forwarding and cost more than the
/// encoding.
#[inline(always)]
pub(crate) fn encode_256(w: [u64; 4], out: &mut [u8; 43]) {
    const LOW48: u64 = (1 << 48) - 1;
    let [w0, w1, w2, w3] = w;
    let groups = [
        w0 >> 16,
        ((w0 << 32) | (w1 >> 32)) & LOW48,
        ((w1 << 16) | (w2 >> 48)) & LOW48,
        w2 & LOW48,
        w3 >> 16,
    ];
    let (slots, tail) = out.as_chunks_mut::<8>();
    for (slot, group) in slots.iter_mut().zip(groups) {
        *slot = encode_group(group);
    }
    // The last two bytes make three characters.
    let last = encode_group((w3 << 32) & LOW48);
    for (d, c) in tail.iter_mut().zip(last) {
        *d = c;
    }
}

/// Encodes `src` into `dst`, which should be `encoded_len(src.len())` long;
/// a shorter `dst` receives a prefix of the encoding, and never a panic.
///
/// Six bytes at a time become eight characters in one 64-bit register. 32
/// bytes into 43 characters, a default verifier, take [`encode_256`]; other
/// lengths go group by group, with a zero-padded copy of the last bytes.
pub(crate) fn encode(src: &[u8], dst: &mut [u8]) {
    if let (Ok(src), Ok(dst)) = (
        <&[u8; 32]>::try_from(src),
        <&mut [u8; 43]>::try_from(&mut *dst),
    ) {
        let (words, _) = src.as_chunks::<8>();
        let mut w = [0u64; 4];
        for (w, word) in w.iter_mut().zip(words) {
            *w = u64::from_be_bytes(*word);
        }
        encode_256(w, dst);
        return;
    }
    let (groups, _) = src.as_chunks::<6>();
    let (slots, _) = dst.as_chunks_mut::<8>();
    let mut done = 0;
    for (group, slot) in groups.iter().zip(slots) {
        let [b0, b1, b2, b3, b4, b5] = *group;
        *slot = encode_group(u64::from_be_bytes([0, 0, b0, b1, b2, b3, b4, b5]));
        done += 1;
    }
    // A partial group, or a whole one that `dst` has no room to take whole.
    let (Some(rest), Some(out)) = (src.get(done * 6..), dst.get_mut(done * 8..)) else {
        return;
    };
    if rest.is_empty() {
        return;
    }
    // Zero-padded at the end, as base64 pads a partial group.
    let mut bits = [0u8; 8];
    for (d, s) in bits.iter_mut().skip(2).zip(rest) {
        *d = *s;
    }
    let chars = encode_group(u64::from_be_bytes(bits));
    for (d, c) in out.iter_mut().zip(chars) {
        *d = c;
    }
    wipe(&mut bits);
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

    #[test]
    fn equals_the_base64_crate_for_every_byte_value_and_length() {
        use base64::Engine;
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        // Every byte value in every position of a 3-byte group, and every
        // length up to the 96 bytes a 128-character verifier is made from.
        // Miri, a thousand times slower, takes every eighth value.
        for v in (0..=u8::MAX).step_by(if cfg!(miri) { 8 } else { 1 }) {
            for pos in 0..3 {
                let mut src = [0x5au8; 3];
                src[pos] = v;
                for n in 1..=3 {
                    let mut out = [0u8; 4];
                    encode(&src[..n], &mut out[..encoded_len(n)]);
                    assert_eq!(&out[..encoded_len(n)], engine.encode(&src[..n]).as_bytes());
                }
            }
        }
        let src: [u8; 96] = core::array::from_fn(|i| (i as u8).wrapping_mul(151).wrapping_add(7));
        for n in 0..=96 {
            let mut out = [0u8; 128];
            encode(&src[..n], &mut out[..encoded_len(n)]);
            assert_eq!(
                &out[..encoded_len(n)],
                engine.encode(&src[..n]).as_bytes(),
                "length {n}"
            );
        }
    }
}
