//! What an authorization server refuses, and the OAuth 2.0 error code and
//! HTTP status each refusal goes back with.
//!
//! Each variant is described once, in [`Error::info`]'s table: its stable
//! [`kind`](Error::kind), its [`ErrorCode`], its `error_description` and
//! the clause it enforces. The code follows the endpoint where the cause is
//! found: every refusal at the authorization endpoint is `invalid_request`
//! (RFC 6749 §4.1.2.1, RFC 7636 §4.4.1), every refusal at the token
//! endpoint `invalid_grant` (RFC 6749 §5.2, RFC 7636 §4.6), as the OpenID
//! conformance suite expects and as fosite, Keycloak, Spring Authorization
//! Server and node-oidc-provider answer.

use crate::error::{Info, row};

/// An OAuth 2.0 `error` code that an authorization server sends
/// (RFC 6749 §4.1.2.1 and §5.2).
///
/// ```
/// use oauth_pkce::server::{ClientType, ErrorCode, Policy};
///
/// let err = Policy::strict()
///     .check_token_request(ClientType::Public, None, Some("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
///     .unwrap_err();
/// assert_eq!(err.error_code(), ErrorCode::InvalidGrant);
/// assert_eq!(err.error_code().as_str(), "invalid_grant");
/// assert_eq!(err.error_code().http_status(), 400);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `invalid_request`: a parameter of the authorization request is
    /// missing, malformed or not allowed (RFC 6749 §4.1.2.1; RFC 7636
    /// §4.4.1).
    InvalidRequest,
    /// `invalid_grant`: the authorization code cannot be redeemed with this
    /// token request, here because of its `code_verifier` or of the PKCE
    /// bound to it (RFC 6749 §5.2; RFC 7636 §4.6).
    InvalidGrant,
    /// `server_error`: the server could not do its part (RFC 6749
    /// §4.1.2.1), such as when the operating system's random number
    /// generator or the server's own store fails.
    ServerError,
}

impl ErrorCode {
    /// The code as it goes in the `error` parameter of an OAuth response.
    ///
    /// ```
    /// assert_eq!(oauth_pkce::server::ErrorCode::InvalidRequest.as_str(), "invalid_request");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InvalidRequest => "invalid_request",
            Self::InvalidGrant => "invalid_grant",
            Self::ServerError => "server_error",
        }
    }

    /// The HTTP status of a JSON error response with this code, from the
    /// token endpoint (RFC 6749 §5.2) or the pushed authorization request
    /// endpoint (RFC 9126 §2.3): `400 Bad Request` for `invalid_request` and
    /// `invalid_grant`, `500 Internal Server Error` for `server_error`, which
    /// §5.2 does not list because it is no fault of the request.
    ///
    /// At the authorization endpoint an error goes back on a `302` redirect
    /// instead (RFC 6749 §4.1.2.1): see
    /// [`ErrorRedirect`](crate::server::ErrorRedirect).
    ///
    /// ```
    /// use oauth_pkce::server::ErrorCode;
    /// assert_eq!(ErrorCode::InvalidGrant.http_status(), 400);
    /// assert_eq!(ErrorCode::ServerError.http_status(), 500);
    /// ```
    #[must_use]
    pub const fn http_status(self) -> u16 {
        match self {
            Self::InvalidRequest | Self::InvalidGrant => 400,
            Self::ServerError => 500,
        }
    }
}

impl core::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an authorization server refuses a request's PKCE: the cause, with
/// the OAuth error code, description and clause that go with it.
///
/// Messages (`Display`) name lengths and byte offsets, never a verifier or
/// a challenge: they can go to a log as they are, and
/// [`error_description`](Self::error_description) can go to the client.
///
/// ```
/// use oauth_pkce::server::{ClientType, Error, Policy};
///
/// let err = Policy::strict()
///     .check_token_request(ClientType::Public, None, Some("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
///     .unwrap_err();
/// assert_eq!(err, Error::UnexpectedVerifier);
/// assert_eq!(err.kind(), "unexpected_verifier");
/// assert_eq!(err.error_code().as_str(), "invalid_grant");
/// assert_eq!(err.rfc(), "RFC 9700 §4.8.2");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The `code_challenge` or `code_challenge_method` of an authorization
    /// request is malformed: the cause, as parsing found it (RFC 7636 §4.2,
    /// §4.3).
    #[error(transparent)]
    Challenge(crate::Error),
    /// The method is `plain` (named, or implied by an absent
    /// `code_challenge_method`, RFC 7636 §4.3) and the policy allows only
    /// `S256`.
    #[error("code_challenge_method plain is not allowed; use S256")]
    PlainNotAllowed,
    /// The authorization request has no `code_challenge` and the policy
    /// requires PKCE for this client (RFC 7636 §4.4.1, RFC 9700 §2.1.1).
    #[error("code_challenge is required")]
    MissingChallenge,
    /// The authorization request names a `code_challenge_method` but has no
    /// `code_challenge` (RFC 7636 §4.3).
    #[error("code_challenge_method was sent without a code_challenge")]
    MethodWithoutChallenge,
    /// The `code_verifier` of a token request is malformed or does not
    /// match: the cause, as verifying found it (RFC 7636 §4.1, §4.6).
    #[error(transparent)]
    Verifier(crate::Error),
    /// The token request has no `code_verifier`, but the code was issued with
    /// a `code_challenge` (RFC 7636 §4.5, RFC 9700 §2.1.1).
    #[error("code_verifier is required")]
    MissingVerifier,
    /// The token request has a `code_verifier`, but the code was issued
    /// without a `code_challenge`: the PKCE downgrade (RFC 9700 §4.8.2).
    #[error("code_verifier was sent but the authorization request had no code_challenge")]
    UnexpectedVerifier,
    /// The code was issued without a `code_challenge`, and the policy, as it
    /// stands at redemption, requires PKCE for this client (RFC 9700 §2.1.1).
    /// A policy tightened after the code was issued applies to it.
    #[error("the code was issued without PKCE, which the policy now requires for this client")]
    PkceRequiredAtRedemption,
    /// The code was issued with a `plain` challenge, and the policy, as it
    /// stands at redemption, no longer allows `plain` (RFC 9700 §2.1.1).
    #[error(
        "the code was issued with code_challenge_method plain, which the policy no longer allows"
    )]
    BoundMethodNotAllowed,
    /// The authorization code is unknown, has expired, or was presented
    /// before (RFC 6749 §4.1.2, §5.2). The crate never sees a code: the
    /// server answers this when its store has no usable code for the
    /// request, so that every server sends the same refusal.
    #[error("the authorization code is unknown, expired or already used")]
    UnusableCode,
    /// The client sent a `code_challenge` it had sent before, which a
    /// [`ChallengeDetector`](super::ChallengeDetector) that refuses caught
    /// (RFC 9700 §2.1.1).
    #[error("code_challenge was used before; use a fresh code_verifier for each request")]
    RepeatedChallenge,
}

/// A server-side row: the code, then what every row has.
struct ServerInfo {
    code: ErrorCode,
    info: Info,
}

const fn at(code: ErrorCode, info: Info) -> ServerInfo {
    ServerInfo { code, info }
}

use ErrorCode::{InvalidGrant, InvalidRequest};

impl Error {
    /// Every variant's code, kind, description and clause, in one table.
    /// A wrapped cause keeps its own kind, description and clause, and
    /// takes the code of the endpoint it was found at.
    ///
    /// Descriptions stay within RFC 6749 §5.2's charset for
    /// `error_description` (%x20-21 / %x23-5B / %x5D-7E: printable ASCII
    /// without `"` and `\`), so they go out as they are: in a JSON string
    /// with no escaping, in a query with only the encoding every value gets.
    const fn info(&self) -> ServerInfo {
        match self {
            Self::Challenge(cause) => at(InvalidRequest, cause.info()),
            Self::PlainNotAllowed => at(
                InvalidRequest,
                row(
                    "plain_not_allowed",
                    "code_challenge_method plain not allowed",
                    "RFC 9700 §2.1.1",
                ),
            ),
            Self::MissingChallenge => at(
                InvalidRequest,
                row(
                    "missing_challenge",
                    "code_challenge required",
                    "RFC 7636 §4.4.1",
                ),
            ),
            Self::MethodWithoutChallenge => at(
                InvalidRequest,
                row(
                    "method_without_challenge",
                    "code_challenge_method without code_challenge",
                    "RFC 7636 §4.3",
                ),
            ),
            Self::Verifier(cause) => at(InvalidGrant, cause.info()),
            Self::MissingVerifier => at(
                InvalidGrant,
                row(
                    "missing_verifier",
                    "code_verifier required",
                    "RFC 7636 §4.5",
                ),
            ),
            Self::UnexpectedVerifier => at(
                InvalidGrant,
                row(
                    "unexpected_verifier",
                    "code_verifier sent for a code issued without code_challenge",
                    "RFC 9700 §4.8.2",
                ),
            ),
            Self::PkceRequiredAtRedemption => at(
                InvalidGrant,
                row(
                    "pkce_required_at_redemption",
                    "code issued without code_challenge; PKCE is required",
                    "RFC 9700 §2.1.1",
                ),
            ),
            Self::BoundMethodNotAllowed => at(
                InvalidGrant,
                row(
                    "bound_method_not_allowed",
                    "code issued with code_challenge_method plain, no longer allowed",
                    "RFC 9700 §2.1.1",
                ),
            ),
            Self::UnusableCode => at(
                InvalidGrant,
                row(
                    "unusable_code",
                    "authorization code unknown, expired or already used",
                    "RFC 6749 §4.1.2",
                ),
            ),
            Self::RepeatedChallenge => at(
                InvalidRequest,
                row(
                    "repeated_challenge",
                    "code_challenge used before: use a fresh code_verifier",
                    "RFC 9700 §2.1.1",
                ),
            ),
        }
    }

    /// The OAuth 2.0 `error` code to send: `invalid_request` for a refusal
    /// at the authorization endpoint, `invalid_grant` at the token endpoint.
    /// Its [`http_status`](ErrorCode::http_status) is the status of a JSON
    /// error response.
    ///
    /// ```
    /// use oauth_pkce::server::{Error, ErrorCode};
    /// assert_eq!(Error::MissingVerifier.error_code(), ErrorCode::InvalidGrant);
    /// assert_eq!(Error::MissingChallenge.error_code(), ErrorCode::InvalidRequest);
    /// assert_eq!(Error::Verifier(oauth_pkce::Error::VerifierMismatch).error_code(), ErrorCode::InvalidGrant);
    /// ```
    #[must_use]
    pub const fn error_code(&self) -> ErrorCode {
        self.info().code
    }

    /// A short, fixed text that is safe to send as `error_description` and to
    /// log: it names the mistake and no value the client sent, and stays
    /// within RFC 6749 §5.2's charset (%x20-21 / %x23-5B / %x5D-7E).
    ///
    /// ```
    /// use oauth_pkce::server::Error;
    /// assert_eq!(
    ///     Error::UnexpectedVerifier.error_description(),
    ///     "code_verifier sent for a code issued without code_challenge",
    /// );
    /// ```
    #[must_use]
    pub const fn error_description(&self) -> &'static str {
        self.info().info.description
    }

    /// A stable identifier per cause, for metrics labels and structured
    /// logs; a wrapped cause's is its own ([`crate::Error::kind`]). It never
    /// changes for a cause once released.
    ///
    /// ```
    /// use oauth_pkce::server::Error;
    /// assert_eq!(Error::Verifier(oauth_pkce::Error::VerifierMismatch).kind(), "verifier_mismatch");
    /// assert_eq!(Error::MissingChallenge.kind(), "missing_challenge");
    /// ```
    #[must_use]
    pub const fn kind(&self) -> &'static str {
        self.info().info.kind
    }

    /// The clause of the RFC that makes this a refusal, for logs and
    /// reports.
    ///
    /// ```
    /// use oauth_pkce::server::Error;
    /// assert_eq!(Error::MissingChallenge.rfc(), "RFC 7636 §4.4.1");
    /// ```
    #[must_use]
    pub const fn rfc(&self) -> &'static str {
        self.info().info.rfc
    }
}
