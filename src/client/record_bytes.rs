//! The binary form of a pending authorization, which sealing encrypts
//! (feature `seal`): versioned, every variable field length-prefixed, read
//! back strictly.
//!
//! | bytes | field |
//! |---|---|
//! | 1 | form version, `1` |
//! | 1 | flags: bit 0 set when `iss` is required (RFC 9207 §2.4); the other bits zero |
//! | 8 | `expires_at`, seconds since the Unix epoch, big-endian |
//! | 1 + 43..=128 | the code verifier's length, then its characters (RFC 7636 §4.1) |
//! | 43 | the `state`'s characters |
//! | 2 + 1..=512 | the redirect URI's length, big-endian, then its characters |
//! | 2 + 0..=256 | the issuer's length, big-endian, then its characters; length 0 when none is expected |
//!
//! Reading refuses another version, a flag outside bit 0, a length out of
//! its field's range, and every field the record itself would refuse
//! (through [`PendingAuthorization::from_parts`]): the seal authenticates
//! the bytes, and this keeps a bug or a leaked key from turning into a
//! record that could not have been made.

use crate::client::PendingAuthorization;
use crate::client::bounded::{ISSUER_MAX_LEN, REDIRECT_URI_MAX_LEN};
use crate::client::record::RecordParts;

/// The form's version, its first byte.
const VERSION: u8 = 1;

/// Flag bit: the record requires `iss` in the response.
const REQUIRE_ISS: u8 = 1;

/// The state's length in characters.
const STATE_LEN: usize = crate::client::state::STATE_LEN;

/// The longest verifier (RFC 7636 §4.1).
const VERIFIER_MAX_LEN: usize = 128;

/// The longest encoded record: every field at its maximum.
pub(crate) const MAX_LEN: usize =
    1 + 1 + 8 + 1 + VERIFIER_MAX_LEN + STATE_LEN + 2 + REDIRECT_URI_MAX_LEN + 2 + ISSUER_MAX_LEN;

/// Bytes written front to back into a caller's buffer.
pub(crate) struct Writer<'a> {
    out: &'a mut [u8],
    pos: usize,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(out: &'a mut [u8]) -> Self {
        Self { out, pos: 0 }
    }

    /// Appends `bytes`; `None` when they do not fit.
    pub(crate) fn put(&mut self, bytes: &[u8]) -> Option<()> {
        let end = self.pos.checked_add(bytes.len())?;
        self.out.get_mut(self.pos..end)?.copy_from_slice(bytes);
        self.pos = end;
        Some(())
    }

    /// How many bytes have been written.
    pub(crate) fn len(&self) -> usize {
        self.pos
    }
}

/// Bytes read front to back.
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(input: &'a [u8]) -> Self {
        Self { rest: input }
    }

    /// The next `n` bytes; `None` when fewer are left.
    pub(crate) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.rest.split_at_checked(n)?;
        self.rest = rest;
        Some(head)
    }

    pub(crate) fn u8(&mut self) -> Option<u8> {
        let (&b, rest) = self.rest.split_first()?;
        self.rest = rest;
        Some(b)
    }

    pub(crate) fn u16(&mut self) -> Option<u16> {
        let (bytes, rest) = self.rest.split_first_chunk::<2>()?;
        self.rest = rest;
        Some(u16::from_be_bytes(*bytes))
    }

    pub(crate) fn u32(&mut self) -> Option<u32> {
        let (bytes, rest) = self.rest.split_first_chunk::<4>()?;
        self.rest = rest;
        Some(u32::from_be_bytes(*bytes))
    }

    pub(crate) fn u64(&mut self) -> Option<u64> {
        let (bytes, rest) = self.rest.split_first_chunk::<8>()?;
        self.rest = rest;
        Some(u64::from_be_bytes(*bytes))
    }

    /// Whether everything has been read.
    pub(crate) fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// Text of `len` bytes whose length lies in `range`.
    fn text(&mut self, len: usize, range: core::ops::RangeInclusive<usize>) -> Option<&'a str> {
        if !range.contains(&len) {
            return None;
        }
        core::str::from_utf8(self.take(len)?).ok()
    }
}

/// How many bytes `record` takes in the binary form.
pub(crate) fn encoded_len(record: &PendingAuthorization) -> usize {
    let p = record.parts();
    1 + 1
        + 8
        + 1
        + p.verifier.len()
        + STATE_LEN
        + 2
        + p.redirect_uri.len()
        + 2
        + p.issuer.map_or(0, str::len)
}

/// Writes `record` in the binary form; `None` when `out` has no room.
pub(crate) fn write(record: &PendingAuthorization, out: &mut Writer<'_>) -> Option<()> {
    let p = record.parts();
    let issuer = p.issuer.unwrap_or("");
    out.put(&[VERSION, if p.require_iss { REQUIRE_ISS } else { 0 }])?;
    out.put(&p.expires_at.to_be_bytes())?;
    out.put(&[u8::try_from(p.verifier.len()).ok()?])?;
    out.put(p.verifier.as_bytes())?;
    out.put(p.state.as_bytes())?;
    out.put(&u16::try_from(p.redirect_uri.len()).ok()?.to_be_bytes())?;
    out.put(p.redirect_uri.as_bytes())?;
    out.put(&u16::try_from(issuer.len()).ok()?.to_be_bytes())?;
    out.put(issuer.as_bytes())
}

/// Reads one record in the binary form from `input`, strictly; `None` for
/// anything the form or the record refuses.
pub(crate) fn read(input: &mut Reader<'_>) -> Option<PendingAuthorization> {
    if input.u8()? != VERSION {
        return None;
    }
    let flags = input.u8()?;
    if flags & !REQUIRE_ISS != 0 {
        return None;
    }
    let expires_at = input.u64()?;
    let verifier_len = usize::from(input.u8()?);
    let verifier = input.text(verifier_len, 43..=VERIFIER_MAX_LEN)?;
    let state = input.text(STATE_LEN, STATE_LEN..=STATE_LEN)?;
    let redirect_len = usize::from(input.u16()?);
    let redirect_uri = input.text(redirect_len, 1..=REDIRECT_URI_MAX_LEN)?;
    let issuer_len = usize::from(input.u16()?);
    let issuer = input.text(issuer_len, 0..=ISSUER_MAX_LEN)?;
    PendingAuthorization::from_parts(&RecordParts {
        verifier,
        state,
        redirect_uri,
        issuer: (!issuer.is_empty()).then_some(issuer),
        require_iss: flags & REQUIRE_ISS != 0,
        expires_at,
    })
}

#[cfg(all(test, feature = "std"))]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use std::format;

    fn record(verifier_len: usize, issuer: Option<&str>, require: bool) -> PendingAuthorization {
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        let b = PendingAuthorization::builder("https://app.example/cb").verifier_len(verifier_len);
        let b = match (issuer, require) {
            (Some(i), true) => b.issuer_requiring_iss(i),
            (Some(i), false) => b.issuer(i),
            (None, _) => b,
        };
        b.build_with(1_700_000_000, &mut rng).unwrap()
    }

    fn encode(r: &PendingAuthorization) -> ([u8; MAX_LEN], usize) {
        let mut buf = [0u8; MAX_LEN];
        let mut w = Writer::new(&mut buf);
        write(r, &mut w).unwrap();
        let n = w.len();
        (buf, n)
    }

    #[test]
    fn round_trips_every_field() {
        for (len, issuer, require) in [
            (43, None, false),
            (128, Some("https://as.example"), false),
            (60, Some("https://as.example"), true),
        ] {
            let r = record(len, issuer, require);
            let (buf, n) = encode(&r);
            let mut input = Reader::new(&buf[..n]);
            let back = read(&mut input).unwrap();
            assert!(input.is_empty());
            assert_eq!(back.parts().verifier, r.parts().verifier);
            assert!(back.state().matches(r.state().secret()));
            assert_eq!(back.redirect_uri(), r.redirect_uri());
            assert_eq!(back.issuer(), r.issuer());
            assert_eq!(back.parts().require_iss, require);
            assert_eq!(back.expires_at(), r.expires_at());
        }
    }

    #[test]
    fn the_longest_record_fits_max_len() {
        let long_uri = format!("https://app.example/{}", "a".repeat(512 - 20));
        let long_issuer = format!("https://as.example/{}", "b".repeat(256 - 19));
        let mut rng = rand::rngs::StdRng::seed_from_u64(4);
        let r = PendingAuthorization::builder(&long_uri)
            .issuer_requiring_iss(&long_issuer)
            .verifier_len(128)
            .build_with(0, &mut rng)
            .unwrap();
        assert_eq!(encode(&r).1, MAX_LEN);
    }

    #[test]
    fn every_truncation_and_trailing_byte_is_refused() {
        let r = record(43, Some("https://as.example"), true);
        let (buf, n) = encode(&r);
        for cut in 0..n {
            assert!(
                read(&mut Reader::new(&buf[..cut])).is_none(),
                "cut at {cut}"
            );
        }
        // One record read leaves a trailing byte for the caller to refuse.
        let mut input = Reader::new(&buf[..n + 1]);
        assert!(read(&mut input).is_some());
        assert!(!input.is_empty());
    }

    #[test]
    fn another_version_unknown_flags_or_invalid_fields_are_refused() {
        let r = record(43, Some("https://as.example"), false);
        let (good, n) = encode(&r);
        let refused = |at: usize, value: u8| {
            let mut buf = good;
            buf[at] = value;
            read(&mut Reader::new(&buf[..n])).is_none()
        };
        assert!(refused(0, 2), "version");
        assert!(refused(1, 2), "unknown flag");
        assert!(refused(10, 42), "verifier length below 43 (RFC 7636 §4.1)");
        assert!(
            refused(11, b'+'),
            "a verifier character outside RFC 7636 §4.1"
        );
        assert!(
            refused(11 + 43, b'='),
            "a state character outside base64url"
        );
        assert!(
            refused(11 + 43 + 43 + 2, b' '),
            "a space in the redirect URI"
        );
        // require_iss without an issuer: the record cannot be made so.
        let r = record(43, None, false);
        let (mut buf, n) = encode(&r);
        buf[1] = REQUIRE_ISS;
        assert!(read(&mut Reader::new(&buf[..n])).is_none());
    }
}
