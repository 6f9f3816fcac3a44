//! A redirect's raw query string, read as the WHATWG URL standard's
//! `application/x-www-form-urlencoded` parser reads it (split on `&`, then
//! on the first `=`, `+` as a space, `%XX` as a byte), without allocating:
//! values stay as the slices they are in the query and are decoded when
//! compared or written. Reading the raw string, rather than a framework's
//! decoded map, is what lets a repeated parameter be seen at all.

use core::fmt;

/// A parameter's value as it appears in the query, decoded on demand.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct QueryValue<'q> {
    raw: &'q str,
    /// Whether `raw` is still percent-encoded; `false` for a value the
    /// caller's framework has already decoded.
    encoded: bool,
}

impl<'q> QueryValue<'q> {
    /// A value already decoded.
    pub(crate) fn decoded(value: &'q str) -> Self {
        Self {
            raw: value,
            encoded: false,
        }
    }

    /// Whether the value is empty (RFC 6749 §3.1 counts it as absent).
    pub(crate) fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The value's bytes, decoded.
    pub(crate) fn bytes(&self) -> Decode<'q> {
        Decode {
            rest: self.raw.as_bytes(),
            encoded: self.encoded,
        }
    }

    /// Whether the decoded value is `expected`, byte for byte. Not in
    /// constant time: for public values (`iss`, an `error` code).
    pub(crate) fn is(&self, expected: &str) -> bool {
        self.bytes().eq(expected.bytes())
    }

    /// The decoded value in `buf`, if it fits and is UTF-8.
    pub(crate) fn decode_into<'b>(&self, buf: &'b mut [u8]) -> Option<&'b str> {
        let mut len = 0;
        for b in self.bytes() {
            *buf.get_mut(len)? = b;
            len += 1;
        }
        core::str::from_utf8(buf.get(..len)?).ok()
    }
}

impl fmt::Display for QueryValue<'_> {
    /// The decoded value; bytes that are not UTF-8 as U+FFFD.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut chunk = [0u8; 64];
        let mut bytes = self.bytes().peekable();
        let mut carry = 0;
        while bytes.peek().is_some() {
            let mut len = carry;
            for slot in chunk.iter_mut().skip(carry) {
                match bytes.next() {
                    Some(b) => *slot = b,
                    None => break,
                }
                len += 1;
            }
            carry = 0;
            let last = bytes.peek().is_none();
            let filled = chunk.get(..len).unwrap_or_default();
            let mut chunks = filled.utf8_chunks().peekable();
            while let Some(c) = chunks.next() {
                f.write_str(c.valid())?;
                let invalid = c.invalid().len();
                // What is cut off at the end of a chunk may be the start
                // of a character the next chunk completes: carry it over.
                if chunks.peek().is_none() && !last {
                    carry = invalid;
                } else if invalid > 0 {
                    f.write_str("\u{fffd}")?;
                }
            }
            chunk.copy_within(len - carry..len, 0);
        }
        if carry > 0 {
            f.write_str("\u{fffd}")?;
        }
        Ok(())
    }
}

/// The decoded bytes of a value.
pub(crate) struct Decode<'q> {
    rest: &'q [u8],
    encoded: bool,
}

impl Iterator for Decode<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        let (&b, rest) = self.rest.split_first()?;
        self.rest = rest;
        if !self.encoded {
            return Some(b);
        }
        match b {
            b'+' => Some(b' '),
            b'%' => {
                let hex = |c: u8| char::from(c).to_digit(16);
                match *rest {
                    [h, l, ..] if hex(h).is_some() && hex(l).is_some() => {
                        self.rest = rest.get(2..).unwrap_or_default();
                        let value = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                        Some(u8::try_from(value).unwrap_or(0))
                    }
                    // A `%` not followed by two hex digits stays itself.
                    _ => Some(b'%'),
                }
            }
            _ => Some(b),
        }
    }
}

/// Each `(name, value)` of a raw query string (a leading `?` allowed),
/// empty segments skipped, both still encoded.
pub(crate) fn pairs(query: &str) -> impl Iterator<Item = (QueryValue<'_>, QueryValue<'_>)> {
    let query = query.strip_prefix('?').unwrap_or(query);
    query.split('&').filter(|s| !s.is_empty()).map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let encoded = |raw| QueryValue { raw, encoded: true };
        (encoded(name), encoded(value))
    })
}

#[cfg(all(test, feature = "std"))]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use std::string::ToString;
    use std::vec::Vec;

    /// What the url crate's form_urlencoded parser (WHATWG) decodes.
    fn reference(query: &str) -> Vec<(std::string::String, std::string::String)> {
        url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect()
    }

    #[test]
    fn decodes_as_the_whatwg_urlencoded_parser_does() {
        for query in [
            "code=abc&state=x%2By+z",
            "iss=https%3A%2F%2Fas.example%2F&&code=",
            "a=%zz&b=%4&c=%41%42&d=100%",
            "st%61te=1&state=2",
            "name_only&=value_only&x==y",
            "e=z%C3%B6e&f=%FF%FE&g=caf%C3",
        ] {
            let ours: Vec<_> = pairs(query)
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect();
            assert_eq!(ours, reference(query), "{query}");
        }
    }

    #[test]
    fn compares_and_copies_the_decoded_bytes() {
        let (_, v) = pairs("iss=https%3A%2F%2Fas.example").next().unwrap();
        assert!(v.is("https://as.example"));
        assert!(!v.is("https%3A%2F%2Fas.example"));
        let mut buf = [0u8; 32];
        assert_eq!(v.decode_into(&mut buf), Some("https://as.example"));
        assert_eq!(
            v.decode_into(&mut [0u8; 4]),
            None,
            "too long for the buffer"
        );
        assert!(
            QueryValue::decoded("a+b").is("a+b"),
            "already decoded: '+' stays"
        );
        let long = "%C3%A9".repeat(40);
        let (_, v) = pairs(&long).next().map(|(n, _)| (n, n)).unwrap();
        assert_eq!(
            v.to_string(),
            "é".repeat(40),
            "characters across chunk ends"
        );
    }
}
