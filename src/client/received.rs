//! The `error` an authorization server sends back in an authorization
//! response (RFC 6749 §4.1.2.1), kept with its code.

use core::fmt;

/// The longest extension error code kept, in bytes. Registered codes are at
/// most 25; OpenID Connect's longest is 26 (`account_selection_required`).
pub const EXTENSION_CODE_MAX_LEN: usize = 64;

/// The `error` of an authorization response: one of RFC 6749 §4.1.2.1's
/// codes, or an extension's (RFC 6749 §8.5, such as OpenID Connect's
/// `login_required`), kept as it came.
///
/// The server's `error_description` and `error_uri` are not kept here:
/// they are the server's free text, which this crate never puts in an
/// error or a log line; read them from the callback's parameters.
///
/// ```
/// use oauth_pkce::client::ReceivedError;
///
/// assert_eq!(ReceivedError::parse("access_denied"), ReceivedError::AccessDenied);
/// let ext = ReceivedError::parse("login_required");
/// assert_eq!(ext.as_str(), "login_required");
/// assert!(matches!(ext, ReceivedError::Extension(_)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReceivedError {
    /// `invalid_request` (RFC 6749 §4.1.2.1).
    InvalidRequest,
    /// `unauthorized_client` (RFC 6749 §4.1.2.1).
    UnauthorizedClient,
    /// `access_denied`: the resource owner or the server refused
    /// (RFC 6749 §4.1.2.1).
    AccessDenied,
    /// `unsupported_response_type` (RFC 6749 §4.1.2.1).
    UnsupportedResponseType,
    /// `invalid_scope` (RFC 6749 §4.1.2.1).
    InvalidScope,
    /// `server_error` (RFC 6749 §4.1.2.1).
    ServerError,
    /// `temporarily_unavailable` (RFC 6749 §4.1.2.1).
    TemporarilyUnavailable,
    /// Another code, within RFC 6749's syntax for `error` (%x20-21 /
    /// %x23-5B / %x5D-7E) and at most [`EXTENSION_CODE_MAX_LEN`] bytes.
    Extension(ExtensionCode),
    /// A code outside RFC 6749's syntax for `error`, or longer than
    /// [`EXTENSION_CODE_MAX_LEN`] bytes: not kept.
    Malformed,
}

impl ReceivedError {
    /// The error for an `error` parameter's value, exactly as received.
    ///
    /// See [`ReceivedError`] for an example.
    #[must_use]
    pub fn parse(code: &str) -> Self {
        match code {
            "invalid_request" => Self::InvalidRequest,
            "unauthorized_client" => Self::UnauthorizedClient,
            "access_denied" => Self::AccessDenied,
            "unsupported_response_type" => Self::UnsupportedResponseType,
            "invalid_scope" => Self::InvalidScope,
            "server_error" => Self::ServerError,
            "temporarily_unavailable" => Self::TemporarilyUnavailable,
            other => ExtensionCode::new(other).map_or(Self::Malformed, Self::Extension),
        }
    }

    /// The code as it came in the `error` parameter; `"malformed"` for
    /// [`Malformed`](Self::Malformed), whose value is not kept.
    ///
    /// ```
    /// use oauth_pkce::client::ReceivedError;
    /// assert_eq!(ReceivedError::parse("invalid_scope").as_str(), "invalid_scope");
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::InvalidRequest => "invalid_request",
            Self::UnauthorizedClient => "unauthorized_client",
            Self::AccessDenied => "access_denied",
            Self::UnsupportedResponseType => "unsupported_response_type",
            Self::InvalidScope => "invalid_scope",
            Self::ServerError => "server_error",
            Self::TemporarilyUnavailable => "temporarily_unavailable",
            Self::Extension(code) => code.as_str(),
            Self::Malformed => "malformed",
        }
    }
}

impl fmt::Display for ReceivedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An extension error code (RFC 6749 §8.5), held inline: at most
/// [`EXTENSION_CODE_MAX_LEN`] bytes of RFC 6749's `error` syntax.
///
/// ```
/// use oauth_pkce::client::ExtensionCode;
/// assert_eq!(ExtensionCode::new("consent_required").map(|c| c.len()), Some(16));
/// assert!(ExtensionCode::new("has\"quote").is_none());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExtensionCode {
    bytes: [u8; EXTENSION_CODE_MAX_LEN],
    len: u8,
}

impl ExtensionCode {
    /// The code, if it is 1 to [`EXTENSION_CODE_MAX_LEN`] bytes of
    /// %x20-21 / %x23-5B / %x5D-7E (RFC 6749 §4.1.2.1).
    #[must_use]
    pub fn new(code: &str) -> Option<Self> {
        let in_syntax = |b: &u8| matches!(b, 0x20..=0x21 | 0x23..=0x5B | 0x5D..=0x7E);
        if code.is_empty() || !code.bytes().all(|b| in_syntax(&b)) {
            return None;
        }
        let mut bytes = [0; EXTENSION_CODE_MAX_LEN];
        bytes
            .get_mut(..code.len())?
            .copy_from_slice(code.as_bytes());
        Some(Self {
            bytes,
            len: u8::try_from(code.len()).ok()?,
        })
    }

    /// The code.
    #[must_use]
    pub fn as_str(&self) -> &str {
        let bytes = self.bytes.get(..usize::from(self.len)).unwrap_or_default();
        // Always valid: `new` copied ASCII in.
        core::str::from_utf8(bytes).unwrap_or_default()
    }

    /// Its length in bytes.
    #[must_use]
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Always `false`: a code is at least one byte. For clippy's
    /// `len_without_is_empty`.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl fmt::Debug for ExtensionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ExtensionCode")
            .field(&self.as_str())
            .finish()
    }
}
