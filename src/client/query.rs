//! A redirect's raw query string, read as the WHATWG URL standard's
//! `application/x-www-form-urlencoded` parser reads it (split on `&`, then
//! on the first `=`, `+` as a space, `%XX` as a byte), without allocating:
//! values stay as the slices they are in the query and are decoded when
//! compared or written. Reading the raw string, rather than a framework's
//! decoded map, is what lets a repeated parameter be seen at all.

/// A name or value as it appears in the query, decoded on demand.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct QueryValue<'q> {
    raw: &'q str,
}

impl<'q> QueryValue<'q> {
    /// The value itself when decoding would not change it: no `%`, no
    /// `+`.
    pub(crate) fn unescaped(&self) -> Option<&'q str> {
        (!self.raw.bytes().any(|b| b == b'%' || b == b'+')).then_some(self.raw)
    }

    /// The value's bytes, decoded.
    pub(crate) fn bytes(&self) -> Decode<'q> {
        Decode {
            rest: self.raw.as_bytes(),
        }
    }

    /// Whether the decoded value is `expected`, byte for byte. Not in
    /// constant time: for public values (a parameter's name).
    pub(crate) fn is(&self, expected: &str) -> bool {
        self.bytes().eq(expected.bytes())
    }
}

/// The decoded bytes of a value.
pub(crate) struct Decode<'q> {
    rest: &'q [u8],
}

impl Iterator for Decode<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        let (&b, rest) = self.rest.split_first()?;
        self.rest = rest;
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
        (QueryValue { raw: name }, QueryValue { raw: value })
    })
}

#[cfg(all(test, feature = "std"))]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use std::string::String;
    use std::vec::Vec;

    /// What the url crate's form_urlencoded parser (WHATWG) decodes.
    fn reference(query: &str) -> Vec<(String, String)> {
        url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect()
    }

    fn text(v: QueryValue<'_>) -> String {
        String::from_utf8_lossy(&v.bytes().collect::<Vec<u8>>()).into_owned()
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
            let ours: Vec<_> = pairs(query).map(|(n, v)| (text(n), text(v))).collect();
            assert_eq!(ours, reference(query), "{query}");
        }
    }

    #[test]
    fn compares_the_decoded_bytes_and_borrows_what_needs_no_decoding() {
        let (name, v) = pairs("st%61te=https%3A%2F%2Fas.example").next().unwrap();
        assert!(name.is("state"));
        assert!(v.is("https://as.example"));
        assert!(!v.is("https%3A%2F%2Fas.example"));
        assert_eq!(v.unescaped(), None);
        let (_, v) = pairs("code=a+b").next().unwrap();
        assert_eq!(v.unescaped(), None, "'+' is a space");
        let (_, v) = pairs("code=SplxlOBeZQQYbYS6WxSbIA").next().unwrap();
        assert_eq!(v.unescaped(), Some("SplxlOBeZQQYbYS6WxSbIA"));
    }
}
