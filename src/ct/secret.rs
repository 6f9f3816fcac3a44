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
#[derive(Clone)]
#[repr(C, align(16))]
pub(crate) struct SecretBuf<const N: usize> {
    bytes: [u8; N],
    len: u8,
}

impl<const N: usize> SecretBuf<N> {
    /// An empty buffer, to be filled where it lies.
    #[inline(always)]
    pub(crate) const fn new() -> Self {
        Self {
            bytes: [0u8; N],
            len: 0,
        }
    }

    /// A buffer holding `src`, which the caller has checked fits; a longer
    /// `src` is cut at `N`, never a panic.
    #[cfg(feature = "serde")]
    #[inline(always)]
    pub(crate) fn from_slice(src: &[u8]) -> Self {
        let mut buf = Self::new();
        buf.fill_from(src);
        buf
    }

    /// Copies `src` (at most `N` bytes, checked by the caller) into this
    /// empty buffer, where it lies.
    #[inline(always)]
    pub(crate) fn fill_from(&mut self, src: &[u8]) {
        let n = src.len().min(N);
        if let (Some(dst), Some(src)) = (self.bytes.get_mut(..n), src.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.len = u8::try_from(n).unwrap_or(u8::MAX);
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
