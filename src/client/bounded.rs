//! A short public text held inline, for the redirect URI and the issuer a
//! pending authorization keeps: no heap, so the record is built and checked
//! without allocating, and `no_std` keeps it.

/// The longest redirect URI a record holds, in bytes.
pub(crate) const REDIRECT_URI_MAX_LEN: usize = 512;

/// The longest issuer identifier a record holds, in bytes.
pub(crate) const ISSUER_MAX_LEN: usize = 256;

/// Up to `N` bytes of visible ASCII (%x21-7E), the characters a URI may hold
/// as it is sent (RFC 3986 §2): no spaces, no controls, nothing to decode.
///
/// Not a secret: it is neither wiped nor compared in constant time.
#[derive(Clone, Copy)]
pub(crate) struct BoundedStr<const N: usize> {
    bytes: [u8; N],
    len: u16,
}

/// Why a text does not fit a [`BoundedStr`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Longer than `N` bytes.
    TooLong,
    /// Empty, or with a byte outside %x21-7E.
    Invalid,
}

impl<const N: usize> BoundedStr<N> {
    /// Nothing: for an absent value.
    pub(crate) const EMPTY: Self = Self {
        bytes: [0u8; N],
        len: 0,
    };

    /// The text `s`, if it is 1 to `N` bytes of visible ASCII.
    pub(crate) fn new(s: &str) -> Result<Self, Refusal> {
        let bytes = s.as_bytes();
        if bytes.len() > N || bytes.len() > usize::from(u16::MAX) {
            return Err(Refusal::TooLong);
        }
        if bytes.is_empty() || !bytes.iter().all(|b| (0x21..=0x7e).contains(b)) {
            return Err(Refusal::Invalid);
        }
        let mut out = Self::EMPTY;
        if let Some(dst) = out.bytes.get_mut(..bytes.len()) {
            dst.copy_from_slice(bytes);
        }
        out.len = u16::try_from(bytes.len()).unwrap_or(0);
        Ok(out)
    }

    /// The text; empty for [`EMPTY`](Self::EMPTY).
    pub(crate) fn as_str(&self) -> &str {
        // Every constructor stores ASCII, so this never falls back.
        core::str::from_utf8(self.bytes.get(..usize::from(self.len)).unwrap_or_default())
            .unwrap_or_default()
    }

    /// Whether this is [`EMPTY`](Self::EMPTY).
    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_visible_ascii_up_to_its_capacity_rfc3986_section_2() {
        assert_eq!(BoundedStr::<8>::new("https://").map(|b| b.len), Ok(8));
        assert_eq!(
            BoundedStr::<8>::new("https://a").err(),
            Some(Refusal::TooLong)
        );
        for bad in ["", " ", "a b", "a\n", "é", "a\u{7f}"] {
            assert_eq!(
                BoundedStr::<8>::new(bad).err(),
                Some(Refusal::Invalid),
                "{bad:?}"
            );
        }
        let b = BoundedStr::<16>::new("http://x/cb?a=1").unwrap();
        assert_eq!(b.as_str(), "http://x/cb?a=1");
        assert!(!b.is_empty());
        assert!(BoundedStr::<16>::EMPTY.is_empty());
        assert_eq!(BoundedStr::<16>::EMPTY.as_str(), "");
    }
}
