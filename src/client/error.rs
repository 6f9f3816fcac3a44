//! What a client's record and callback check refuse.
//!
//! Nothing here is sent to anyone: a client that refuses a response shows
//! the user an error page and starts again. So these errors have a stable
//! [`kind`](Error::kind) for logs and metrics, and no OAuth code or HTTP
//! status. None of them carries or prints a verifier, a `state` or a code.

use crate::client::ReceivedError;

/// Why a client refused to make a pending authorization or to accept an
/// authorization response.
///
/// ```
/// use oauth_pkce::client::{CallbackParams, Error};
///
/// let err = CallbackParams::from_pairs([("state", "a"), ("state", "b")]).unwrap_err();
/// assert_eq!(err, Error::RepeatedParameter { name: "state" });
/// assert_eq!(err.kind(), "repeated_parameter");
/// assert_eq!(err.to_string(), "the authorization response repeats its state parameter");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The PKCE core refused the record's verifier or `state`: a verifier
    /// length outside 43..=128 ([`crate::Error::LengthOutOfRange`]), the
    /// operating system's random number generator
    /// ([`crate::Error::RngFailure`]), or a malformed verifier in a stored
    /// record.
    #[error(transparent)]
    Pkce(crate::Error),
    /// The redirect URI is longer than a record holds (RFC 6749 §3.1.2).
    #[error("redirect_uri is {len} bytes long; a pending authorization holds at most {max}")]
    RedirectUriTooLong {
        /// Its length in bytes.
        len: usize,
        /// The most a record holds.
        max: usize,
    },
    /// The redirect URI is empty or has a byte outside visible ASCII, which
    /// a URI as sent never has (RFC 3986 §2, RFC 6749 §3.1.2).
    #[error("redirect_uri is empty or has a character outside visible ASCII")]
    RedirectUriInvalid,
    /// The issuer identifier is longer than a record holds (RFC 8414 §2).
    #[error("issuer is {len} bytes long; a pending authorization holds at most {max}")]
    IssuerTooLong {
        /// Its length in bytes.
        len: usize,
        /// The most a record holds.
        max: usize,
    },
    /// The issuer identifier is empty or has a byte outside visible ASCII
    /// (RFC 8414 §2, RFC 3986 §2).
    #[error("issuer is empty or has a character outside visible ASCII")]
    IssuerInvalid,
    /// The authorization response has no `state` (RFC 6749 §4.1.2, §10.12).
    #[error("the authorization response has no state")]
    MissingState,
    /// The authorization response's `state` is not the request's: it
    /// answers a request this user agent did not make, a cross-site request
    /// forgery (RFC 6749 §10.12, RFC 9700 §4.7), or one already answered.
    #[error("the authorization response's state does not match the request's")]
    StateMismatch,
    /// The authorization response's `iss` is not the expected issuer: a
    /// mix-up attack (RFC 9207 §2.4, RFC 9700 §4.4).
    #[error("the authorization response's iss is not the expected issuer")]
    IssuerMismatch,
    /// The authorization response has no `iss`, from a server that says it
    /// sends one (RFC 9207 §2.4, §3).
    #[error("the authorization response has no iss, which its server says it sends")]
    MissingIssuer,
    /// The authorization response came after its pending authorization
    /// expired.
    #[error("the authorization response came after the request expired")]
    AuthorizationExpired,
    /// The authorization response is an error response (RFC 6749
    /// §4.1.2.1), with the server's code. Its `error_description` and
    /// `error_uri` stay in the callback's parameters, never in this message.
    #[error("the authorization server returned {0}")]
    ErrorResponse(ReceivedError),
    /// The authorization response has neither `code` nor `error`
    /// (RFC 6749 §4.1.2).
    #[error("the authorization response has no code")]
    MissingCode,
    /// A parameter of the authorization response appears more than once
    /// (RFC 6749 §3.1): which of two `state` or `code` values to believe is
    /// exactly what an attacker who can add one would like the client to
    /// guess.
    #[error("the authorization response repeats its {name} parameter")]
    RepeatedParameter {
        /// The parameter's name, one of the six a response may carry.
        name: &'static str,
    },
}

impl Error {
    /// A stable identifier per cause, for metrics labels and structured
    /// logs; a wrapped cause's is its own ([`crate::Error::kind`]). It never
    /// changes for a cause once released.
    ///
    /// ```
    /// use oauth_pkce::client::Error;
    /// assert_eq!(Error::StateMismatch.kind(), "state_mismatch");
    /// ```
    #[must_use]
    pub const fn kind(&self) -> &'static str {
        match self {
            Self::Pkce(cause) => cause.kind(),
            Self::RedirectUriTooLong { .. } => "redirect_uri_too_long",
            Self::RedirectUriInvalid => "redirect_uri_invalid",
            Self::IssuerTooLong { .. } => "issuer_too_long",
            Self::IssuerInvalid => "issuer_invalid",
            Self::MissingState => "missing_state",
            Self::StateMismatch => "state_mismatch",
            Self::IssuerMismatch => "issuer_mismatch",
            Self::MissingIssuer => "missing_issuer",
            Self::AuthorizationExpired => "authorization_expired",
            Self::ErrorResponse(_) => "error_response",
            Self::MissingCode => "missing_code",
            Self::RepeatedParameter { .. } => "repeated_parameter",
        }
    }
}

impl From<crate::Error> for Error {
    /// The core's refusal of the record's verifier or `state`.
    fn from(cause: crate::Error) -> Self {
        Self::Pkce(cause)
    }
}
