//! Sending an [`Error`] back over HTTP, with no web framework: the JSON
//! error response of the token endpoint (RFC 6749 §5.2) and of the pushed
//! authorization request endpoint (RFC 9126 §2.3), and the error parameters
//! of the authorization endpoint's redirect (RFC 6749 §4.1.2.1, RFC 9207
//! §2). Nothing here allocates.

use core::fmt;

use crate::server::{Error, ErrorCode};

/// The JSON error response of the token endpoint (RFC 6749 §5.2), also that
/// of a pushed authorization request endpoint (RFC 9126 §2.3):
/// `{"error":"...","error_description":"..."}` with its status and headers.
///
/// Write the body with [`write_json`](Self::write_json) (or `Display`, or
/// `serde` under the `serde` feature) and send it with
/// [`status`](Self::status) and every header of [`HEADERS`](Self::HEADERS).
///
/// ```
/// use oauth_pkce::server::{ClientType, JsonErrorResponse, Policy};
///
/// let err = Policy::strict().check_token_request(ClientType::Public, None, Some("x")).unwrap_err();
/// let response = JsonErrorResponse::new(&err);
///
/// let mut body = String::new(); // or any `core::fmt::Write`, such as a fixed buffer
/// response.write_json(&mut body)?;
/// assert_eq!(
///     body,
///     r#"{"error":"invalid_grant","error_description":"code_verifier sent for a code issued without code_challenge"}"#,
/// );
/// assert_eq!(response.status(), 400);
/// assert_eq!(
///     JsonErrorResponse::HEADERS,
///     [("Content-Type", "application/json"), ("Cache-Control", "no-store"), ("Pragma", "no-cache")],
/// );
/// # Ok::<(), core::fmt::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct JsonErrorResponse {
    code: ErrorCode,
    description: &'static str,
}

impl JsonErrorResponse {
    /// The headers every JSON error response carries: its media type, and no
    /// caching, which RFC 6749 §5.1 requires of every token endpoint answer
    /// and the OpenID conformance suite checks on errors too.
    pub const HEADERS: [(&'static str, &'static str); 3] = [
        ("Content-Type", "application/json"),
        ("Cache-Control", "no-store"),
        ("Pragma", "no-cache"),
    ];

    /// The response for `error`.
    ///
    /// ```
    /// use oauth_pkce::server::{Error, JsonErrorResponse};
    /// assert_eq!(JsonErrorResponse::new(&Error::MissingVerifier).error(), "invalid_grant");
    /// ```
    #[must_use]
    pub const fn new(error: &Error) -> Self {
        Self {
            code: error.error_code(),
            description: error.error_description(),
        }
    }

    /// The HTTP status: that of the error's code, `400` for every refusal
    /// (RFC 6749 §5.2; see [`ErrorCode::http_status`]).
    ///
    /// ```
    /// use oauth_pkce::server::{Error, JsonErrorResponse};
    /// assert_eq!(JsonErrorResponse::new(&Error::MissingVerifier).status(), 400);
    /// ```
    #[must_use]
    pub const fn status(&self) -> u16 {
        self.code.http_status()
    }

    /// The `error` member.
    ///
    /// ```
    /// use oauth_pkce::server::{Error, JsonErrorResponse};
    /// assert_eq!(JsonErrorResponse::new(&Error::MissingChallenge).error(), "invalid_request");
    /// ```
    #[must_use]
    pub const fn error(&self) -> &'static str {
        self.code.as_str()
    }

    /// The `error_description` member: [`Error::error_description`].
    ///
    /// ```
    /// use oauth_pkce::server::{Error, JsonErrorResponse};
    /// assert_eq!(
    ///     JsonErrorResponse::new(&Error::MissingVerifier).error_description(),
    ///     "code_verifier required",
    /// );
    /// ```
    #[must_use]
    pub const fn error_description(&self) -> &'static str {
        self.description
    }

    /// Writes the JSON body into `out`, with no allocation.
    ///
    /// Both members are fixed strings of this crate, printable ASCII without
    /// `"` or `\` (RFC 6749 §5.2's charset), so they need no escaping.
    ///
    /// ```
    /// use core::fmt::Write;
    /// use oauth_pkce::server::{Error, JsonErrorResponse};
    ///
    /// // A fixed buffer on the stack, for `no_std`.
    /// struct Buf { bytes: [u8; 256], len: usize }
    /// impl Write for Buf {
    ///     fn write_str(&mut self, s: &str) -> core::fmt::Result {
    ///         let end = self.len + s.len();
    ///         self.bytes.get_mut(self.len..end).ok_or(core::fmt::Error)?.copy_from_slice(s.as_bytes());
    ///         self.len = end;
    ///         Ok(())
    ///     }
    /// }
    /// let mut buf = Buf { bytes: [0; 256], len: 0 };
    /// JsonErrorResponse::new(&Error::MissingVerifier).write_json(&mut buf)?;
    /// assert_eq!(
    ///     &buf.bytes[..buf.len],
    ///     br#"{"error":"invalid_grant","error_description":"code_verifier required"}"#,
    /// );
    /// # Ok::<(), core::fmt::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Whatever `out` returns.
    pub fn write_json(&self, out: &mut impl fmt::Write) -> fmt::Result {
        out.write_str("{\"error\":\"")?;
        out.write_str(self.error())?;
        out.write_str("\",\"error_description\":\"")?;
        out.write_str(self.description)?;
        out.write_str("\"}")
    }
}

impl From<Error> for JsonErrorResponse {
    fn from(error: Error) -> Self {
        Self::new(&error)
    }
}

impl fmt::Display for JsonErrorResponse {
    /// The JSON body, as [`write_json`](Self::write_json) writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_json(f)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for JsonErrorResponse {
    /// The two members, for a framework's JSON response type.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("JsonErrorResponse", 2)?;
        s.serialize_field("error", self.error())?;
        s.serialize_field("error_description", self.description)?;
        s.end()
    }
}

/// The error parameters of the authorization endpoint's redirect back to the
/// client (RFC 6749 §4.1.2.1): `error`, `error_description`, the request's
/// `state` if it had one, and the server's issuer identifier `iss`
/// (RFC 9207 §2) if the server sends it.
///
/// The caller percent-encodes each pair into the redirect URI's query, as
/// every value there is encoded (RFC 6749 Appendix B), and redirects with
/// `302 Found`. Only after the client and its redirect URI are known to be
/// valid: otherwise the error goes to the user, not to the URI (RFC 6749
/// §4.1.2.1).
///
/// ```
/// use oauth_pkce::server::{ClientType, ErrorRedirect, Policy};
///
/// let err = Policy::strict().check_authorization_request(ClientType::Public, None, None).unwrap_err();
/// let redirect = ErrorRedirect::new(&err)
///     .state(Some("af0ifjsldkj"))
///     .issuer(Some("https://server.example"));
/// let pairs: Vec<(&str, &str)> = redirect.pairs().collect();
/// assert_eq!(
///     pairs,
///     [
///         ("error", "invalid_request"),
///         ("error_description", "code_challenge required"),
///         ("state", "af0ifjsldkj"),
///         ("iss", "https://server.example"),
///     ],
/// );
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ErrorRedirect<'a> {
    code: ErrorCode,
    description: &'static str,
    state: Option<&'a str>,
    issuer: Option<&'a str>,
}

impl<'a> ErrorRedirect<'a> {
    /// The redirect's parameters for `error`, without `state` or `iss`.
    ///
    /// ```
    /// use oauth_pkce::server::{Error, ErrorRedirect};
    /// let pairs: Vec<_> = ErrorRedirect::new(&Error::PlainNotAllowed).pairs().collect();
    /// assert_eq!(pairs.len(), 2);
    /// ```
    #[must_use]
    pub const fn new(error: &Error) -> Self {
        Self {
            code: error.error_code(),
            description: error.error_description(),
            state: None,
            issuer: None,
        }
    }

    /// With the authorization request's `state`, echoed exactly as received
    /// (RFC 6749 §4.1.2.1: "REQUIRED if a state parameter was present").
    /// An empty `state` counts as absent (RFC 6749 §3.1).
    ///
    /// ```
    /// use oauth_pkce::server::{Error, ErrorRedirect};
    /// let redirect = ErrorRedirect::new(&Error::MissingChallenge).state(Some("xyz"));
    /// assert!(redirect.pairs().any(|p| p == ("state", "xyz")));
    /// ```
    #[must_use]
    pub const fn state(self, state: Option<&'a str>) -> Self {
        Self { state, ..self }
    }

    /// With the server's issuer identifier as `iss` (RFC 9207 §2), which lets
    /// a client that talks to several servers tell which one answered (the
    /// mix-up attack, RFC 9700 §4.4).
    ///
    /// ```
    /// use oauth_pkce::server::{Error, ErrorRedirect};
    /// let redirect = ErrorRedirect::new(&Error::MissingChallenge).issuer(Some("https://as.example"));
    /// assert!(redirect.pairs().any(|p| p == ("iss", "https://as.example")));
    /// ```
    #[must_use]
    pub const fn issuer(self, issuer: Option<&'a str>) -> Self {
        Self { issuer, ..self }
    }

    /// The `(name, value)` pairs, in order: `error`, `error_description`,
    /// then `state` and `iss` where present and not empty. Values are not
    /// encoded.
    ///
    /// ```
    /// use oauth_pkce::server::{Error, ErrorRedirect};
    /// let mut pairs = ErrorRedirect::new(&Error::MissingChallenge).state(Some("")).pairs();
    /// assert_eq!(pairs.next(), Some(("error", "invalid_request")));
    /// assert_eq!(pairs.next().map(|p| p.0), Some("error_description"));
    /// assert_eq!(pairs.next(), None);
    /// ```
    pub fn pairs(&self) -> impl Iterator<Item = (&'static str, &'a str)> + use<'a> {
        redirect_pairs(
            [
                ("error", self.code.as_str()),
                ("error_description", self.description),
            ],
            self.state,
            self.issuer,
        )
    }
}

/// A redirect's parameters: `head`, then `state` and `iss` where present
/// and not empty (RFC 6749 §3.1).
pub(super) fn redirect_pairs<'a, const N: usize>(
    head: [(&'static str, &'a str); N],
    state: Option<&'a str>,
    issuer: Option<&'a str>,
) -> impl Iterator<Item = (&'static str, &'a str)> + use<'a, N> {
    let present = |value: Option<&'a str>| value.filter(|v| !v.is_empty());
    head.into_iter().chain(
        [
            present(state).map(|v| ("state", v)),
            present(issuer).map(|v| ("iss", v)),
        ]
        .into_iter()
        .flatten(),
    )
}

impl fmt::Debug for ErrorRedirect<'_> {
    /// `state` is redacted: it ties the browser's session to the request
    /// (RFC 6749 §10.12), and does not belong in a log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorRedirect")
            .field("error", &self.code)
            .field("error_description", &self.description)
            .field("state", &self.state.map(|_| "<redacted>"))
            .field("issuer", &self.issuer)
            .finish()
    }
}
