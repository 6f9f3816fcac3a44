//! `code_challenge_method` (RFC 7636 §4.2, §4.3).

use core::fmt;
use core::str::FromStr;

use crate::Error;

/// How a `code_challenge` is derived from a `code_verifier` (RFC 7636 §4.2).
///
/// `S256` is the default and the only method a client should use: a `plain`
/// challenge is the verifier itself, so anyone who sees the authorization
/// request can redeem the code. RFC 7636 §4.2 allows `plain` only for clients
/// that cannot compute SHA-256, and RFC 9700 §2.1.1 says not to use it.
///
/// Names are case-sensitive (RFC 7636 §4.3, §6.2.1): only `"S256"` and
/// `"plain"` parse.
///
/// ```
/// use oauth_pkce::Method;
///
/// assert_eq!("S256".parse::<Method>()?, Method::S256);
/// assert_eq!(Method::default(), Method::S256);
/// assert_eq!(Method::Plain.as_str(), "plain");
/// assert!("s256".parse::<Method>().is_err());
/// # Ok::<(), oauth_pkce::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Method {
    /// `code_challenge = BASE64URL-ENCODE(SHA256(ASCII(code_verifier)))`.
    #[default]
    S256,
    /// `code_challenge = code_verifier`. Opt-in only.
    Plain,
}

impl Method {
    /// The method's registered name (RFC 7636 §6.2.2), as it goes in
    /// `code_challenge_method`.
    ///
    /// ```
    /// assert_eq!(oauth_pkce::Method::S256.as_str(), "S256");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::S256 => "S256",
            Self::Plain => "plain",
        }
    }

    /// Parses a method name, exactly and case-sensitively.
    ///
    /// ```
    /// use oauth_pkce::{Error, Method};
    /// assert_eq!(Method::parse("plain"), Ok(Method::Plain));
    /// assert_eq!(Method::parse("PLAIN"), Err(Error::UnsupportedMethod));
    /// ```
    pub const fn parse(s: &str) -> Result<Self, Error> {
        match s.as_bytes() {
            b"S256" => Ok(Self::S256),
            b"plain" => Ok(Self::Plain),
            _ => Err(Error::UnsupportedMethod),
        }
    }
}

impl FromStr for Method {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for Method {
    type Error = Error;

    fn try_from(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

impl AsRef<str> for Method {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    use core::cell::Cell;
    use core::fmt;

    use serde::de::{self, Deserialize, Deserializer, Visitor};
    use serde::ser::{Serialize, Serializer};

    use super::Method;
    use crate::Error;
    use crate::serialization::{refuse, without_echo};

    impl Serialize for Method {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_str(self.as_str())
        }
    }

    impl<'de> Deserialize<'de> for Method {
        /// A name other than the two is [`Error::UnsupportedMethod`]'s
        /// message; any other refusal is one fixed message, since a format's
        /// own message could quote the input.
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct MethodVisitor<'a> {
                ours: &'a Cell<Option<Error>>,
            }
            impl Visitor<'_> for MethodVisitor<'_> {
                type Value = Method;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str(r#""S256" or "plain""#)
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Method, E> {
                    Method::parse(v).map_err(|e| refuse(self.ours, e))
                }
            }
            without_echo(
                deserializer,
                "expected a code_challenge_method as a string",
                |d, ours| d.deserialize_str(MethodVisitor { ours }),
            )
        }
    }
}
