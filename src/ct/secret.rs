//! The fixed-capacity buffer that holds a secret: a verifier, a `plain`
//! challenge, a `state`. Construction, reading, wiping and constant-time
//! equality in one place.

use subtle::{Choice, ConstantTimeEq};

/// Overwrites `buf` with zeros in a way the optimiser may not remove.
///
/// A plain `fill(0)` lets the compiler use wide stores; `zeroize`'s
/// optimisation barrier then forces those stores to happen, since the bytes
/// count as observed afterwards. This is the pattern `zeroize` recommends
/// for flat data, and much faster than a volatile write per byte.
#[inline]
pub(crate) fn wipe(buf: &mut [u8]) {
    buf.fill(0);
    zeroize::optimization_barrier(buf);
}

/// The bytes of `src` from `start` to its end, fewer than 16, then zeros:
/// `src`'s final 16 bytes, shifted towards index 0 past those that lie
/// before `start` (a right shift of the little-endian number they make),
/// which brings zeros in at the end. A `src` shorter than 16 bytes is one
/// word, at `start` 0, copied as it is.
#[inline(always)]
fn last_word(src: &[u8], start: usize) -> [u8; 16] {
    let mut word = [0u8; 16];
    match src.last_chunk::<16>() {
        Some(last) => {
            let before = (start + 16).saturating_sub(src.len()).min(15);
            word = (u128::from_le_bytes(*last) >> (before * 8)).to_le_bytes();
        }
        None => {
            if let Some(dst) = word.get_mut(..src.len()) {
                dst.copy_from_slice(src);
            }
        }
    }
    word
}

/// Up to `N` bytes of a secret, zero past `len`.
///
/// Zeros past the end let two buffers compare as whole fixed-size arrays,
/// so the comparison's time depends on `N` only. `len` is public: RFC 7636
/// does not treat a verifier's length as secret.
///
/// It has no `Drop` of its own: the owner decides, since an `S256`
/// challenge is public and wiping it would cost every derivation; every
/// owner of a secret calls [`wipe`](Self::wipe) from its `Drop`.
///
/// `repr(C, align(16))`, the characters first at a 16-byte boundary, also
/// inside an owner and a `Result`: the compiler then builds a value in the
/// caller's slot instead of in a temporary it copies there, which both
/// leaves no copy of the secret behind and avoids a store-forwarding stall
/// when the copy is read in 16-byte words.
///
/// No padding: `N` is a whole number of 16-byte words (checked when the
/// buffer is made), and the 15 bytes after `len` are a field, always zero.
/// Padding would be the compiler's to fill, with whatever a register held
/// as it stored a word: a secret's bytes included, which no wipe reaches.
#[derive(Clone)]
#[repr(C, align(16))]
pub(crate) struct SecretBuf<const N: usize> {
    bytes: [u8; N],
    len: u8,
    zero: [u8; 15],
}

impl<const N: usize> SecretBuf<N> {
    /// Refuses, at compile time, a capacity that would leave padding.
    const WHOLE_WORDS: () = assert!(
        N.is_multiple_of(16),
        "a SecretBuf holds whole 16-byte words"
    );

    /// An empty buffer, for an encoder to fill where it lies.
    #[inline(always)]
    pub(crate) const fn new() -> Self {
        let () = Self::WHOLE_WORDS;
        Self {
            bytes: [0u8; N],
            len: 0,
            zero: [0u8; 15],
        }
    }

    /// A buffer holding `src`, at most `N` bytes (checked by the caller; a
    /// longer `src` is cut at `N`, never a panic), built as a value.
    ///
    /// Each 16-byte word of the storage is computed from `src`: a whole
    /// word of it; the word the end falls in, which is the last 16 bytes of
    /// `src` shifted down (bringing in zeros past the end); or zeros. With
    /// no write at an offset known only at run time, the compiler keeps the
    /// words in registers and stores them where the buffer is returned,
    /// rather than building it in a temporary, copying that with `memcpy`,
    /// and leaving the temporary behind.
    #[inline(always)]
    pub(crate) fn copied(src: &[u8]) -> Self {
        let () = Self::WHOLE_WORDS;
        let n = src.len().min(N);
        let src = src.get(..n).unwrap_or_default();
        let mut bytes = [0u8; N];
        let (words, _) = bytes.as_chunks_mut::<16>();
        for (k, word) in words.iter_mut().enumerate() {
            let start = k * 16;
            if let Some(whole) = src.get(start..).and_then(<[u8]>::first_chunk::<16>) {
                *word = *whole;
            } else if start < n {
                *word = last_word(src, start);
            }
        }
        Self {
            bytes,
            len: u8::try_from(n).unwrap_or(u8::MAX),
            zero: [0u8; 15],
        }
    }

    /// The whole storage, for an encoder to write into; `set_len` then says
    /// how much of it is the value.
    #[inline(always)]
    pub(crate) fn storage_mut(&mut self) -> &mut [u8; N] {
        &mut self.bytes
    }

    /// Sets the length after writing through [`storage_mut`](Self::storage_mut)
    /// no further than `len`.
    #[inline(always)]
    pub(crate) fn set_len(&mut self, len: usize) {
        self.len = u8::try_from(len.min(N)).unwrap_or(u8::MAX);
    }

    /// Sets the length after writing through [`storage_mut`](Self::storage_mut),
    /// and wipes what was written past it: whole encoded groups may run past
    /// the length, and those characters are secret too.
    #[inline(always)]
    pub(crate) fn truncate(&mut self, len: usize) {
        let len = len.min(N);
        if let Some(rest) = self.bytes.get_mut(len..) {
            wipe(rest);
        }
        self.set_len(len);
    }

    /// The value's bytes.
    #[inline(always)]
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or_default()
    }

    /// The value as text. Every constructor stores ASCII, so this never
    /// falls back to the empty string.
    #[inline]
    pub(crate) fn as_str(&self) -> &str {
        core::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }

    /// The value's length.
    #[inline(always)]
    pub(crate) fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Zeros every byte and the length.
    #[inline]
    pub(crate) fn wipe(&mut self) {
        wipe(&mut self.bytes);
        self.len = 0;
    }

    /// Whether this buffer holds exactly `other`, in time that depends on
    /// `other.len()` only: XORs of 8-byte words ORed together, and one test
    /// at the end, with no early exit.
    ///
    /// Only the first `other.len()` bytes need comparing: when the lengths
    /// are equal, everything past them is zero here and absent there.
    #[inline(always)]
    pub(crate) fn ct_eq_bytes(&self, other: &[u8]) -> Choice {
        let mine = self.bytes.get(..other.len()).unwrap_or(&self.bytes);
        let theirs = other.get(..mine.len()).unwrap_or_default();
        let (a_words, a_rest) = mine.as_chunks::<8>();
        let (b_words, b_rest) = theirs.as_chunks::<8>();
        let mut diff = 0u64;
        for (x, y) in a_words.iter().zip(b_words) {
            diff |= u64::from_ne_bytes(*x) ^ u64::from_ne_bytes(*y);
        }
        for (x, y) in a_rest.iter().zip(b_rest) {
            diff |= u64::from(x ^ y);
        }
        diff.ct_eq(&0) & self.len().ct_eq(&other.len())
    }
}

impl<const N: usize> ConstantTimeEq for SecretBuf<N> {
    #[inline]
    fn ct_eq(&self, other: &Self) -> Choice {
        self.ct_eq_bytes(other.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::SecretBuf;

    /// `copied` holds exactly `src`, zeros after it, at every length a
    /// buffer takes: each whole word, the word the end falls in (every
    /// offset in it) and the words past the end, in a buffer of one word,
    /// a `state`'s of three and a verifier's of eight.
    fn holds_exactly<const N: usize>() {
        let text: [u8; N] = core::array::from_fn(|i| b'A' + (i % 26) as u8);
        for n in 0..=N {
            let buf = SecretBuf::<N>::copied(&text[..n]);
            assert_eq!(buf.as_bytes(), &text[..n], "length {n}");
            assert!(buf.bytes[n..].iter().all(|&b| b == 0), "length {n}");
            assert_eq!(buf.zero, [0; 15], "length {n}");
        }
    }

    #[test]
    fn copied_holds_the_source_then_zeros_at_every_length() {
        holds_exactly::<16>();
        holds_exactly::<48>();
        holds_exactly::<128>();
    }

    #[test]
    fn copied_cuts_a_longer_source_at_the_capacity() {
        let long = [b'x'; 200];
        let buf = SecretBuf::<128>::copied(&long);
        assert_eq!(buf.as_bytes(), &long[..128]);
    }
}
