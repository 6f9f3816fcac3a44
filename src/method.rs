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
}

impl FromStr for Method {
    type Err = Error;

    /// Parses a method name, exactly and case-sensitively (RFC 7636 §4.3,
    /// §6.2.1): `S256` or `plain`. `s256` or `PLAIN` is
    /// [`Error::MethodWrongCase`], anything else
    /// [`Error::UnsupportedMethod`], the same diagnosis a server's policy
    /// gives.
    ///
    /// ```
    /// use oauth_pkce::{Error, Method};
    /// assert_eq!("plain".parse(), Ok(Method::Plain));
    /// assert_eq!("s256".parse::<Method>(), Err(Error::MethodWrongCase));
    /// assert_eq!("S512".parse::<Method>(), Err(Error::UnsupportedMethod));
    /// ```
    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "S256" => Ok(Self::S256),
            "plain" => Ok(Self::Plain),
            other => Err(crate::diagnosis::method_mistake(other)),
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
