//! Errors, and the OAuth 2.0 error code each one maps to.
//!
//! Every refusal this crate makes is one [`Error`] variant: a distinct cause
//! that a caller can act on. None of them carries, or prints, a verifier or
//! a challenge: a message is safe to log and [`Error::error_description`] is
//! safe to send to the client.
//!
//! Each variant is described once, in [`Error::info`]'s table: its stable
//! [`kind`](Error::kind), its [`ErrorCode`] and its `error_description`.
//! The code follows the endpoint where the cause is found: what is wrong with
//! a `code_verifier`, or with redeeming a code, is `invalid_grant` (the token
//! endpoint, RFC 6749 §5.2, RFC 7636 §4.6); what is wrong with a
//! `code_challenge` or its method is `invalid_request` (the authorization
//! endpoint, RFC 6749 §4.1.2.1, RFC 7636 §4.4.1); a failure of the server's
//! own is `server_error`.

/// An OAuth 2.0 `error` code (RFC 6749 §4.1.2.1 and §5.2).
///
/// ```
/// use oauth_pkce::{CodeChallenge, CodeVerifier, ErrorCode};
///
/// let verifier = CodeVerifier::parse("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")?;
/// let challenge = verifier.challenge();
/// let err = challenge
///     .verify("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXX")
///     .unwrap_err();
/// assert_eq!(err.error_code(), ErrorCode::InvalidGrant);
/// assert_eq!(err.error_code().as_str(), "invalid_grant");
/// assert_eq!(err.error_code().http_status(), 400);
/// # Ok::<(), oauth_pkce::Error>(())
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
    /// `server_error`: the server could not do its part, here because the
    /// operating system's random number generator failed (RFC 6749 §4.1.2.1).
    ServerError,
    /// `access_denied`: the resource owner or the authorization server
    /// refused the request. Received by a client in an authorization
    /// response (RFC 6749 §4.1.2.1); see [`Error::ErrorResponse`].
    AccessDenied,
    /// `unauthorized_client`: the client may not use this grant type.
    /// Received by a client (RFC 6749 §4.1.2.1).
    UnauthorizedClient,
    /// `unsupported_response_type`: the server does not issue codes this
    /// way. Received by a client (RFC 6749 §4.1.2.1).
    UnsupportedResponseType,
    /// `invalid_scope`: the requested scope is invalid, unknown or
    /// malformed. Received by a client (RFC 6749 §4.1.2.1).
    InvalidScope,
    /// `temporarily_unavailable`: the server is overloaded or down for
    /// maintenance. Received by a client (RFC 6749 §4.1.2.1).
    TemporarilyUnavailable,
}

impl ErrorCode {
    /// The code as it goes in the `error` parameter of an OAuth response.
    ///
    /// ```
    /// assert_eq!(oauth_pkce::ErrorCode::InvalidRequest.as_str(), "invalid_request");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InvalidRequest => "invalid_request",
            Self::InvalidGrant => "invalid_grant",
            Self::ServerError => "server_error",
            Self::AccessDenied => "access_denied",
            Self::UnauthorizedClient => "unauthorized_client",
            Self::UnsupportedResponseType => "unsupported_response_type",
            Self::InvalidScope => "invalid_scope",
            Self::TemporarilyUnavailable => "temporarily_unavailable",
        }
    }

    /// The HTTP status of a JSON error response with this code, from the
    /// token endpoint (RFC 6749 §5.2) or the pushed authorization request
    /// endpoint (RFC 9126 §2.3): `400 Bad Request` for `invalid_request` and
    /// `invalid_grant`, `500 Internal Server Error` for `server_error`, which
    /// §5.2 does not list because it is no fault of the request.
    ///
    /// At the authorization endpoint an error goes back on a `302` redirect
    /// instead (RFC 6749 §4.1.2.1): see [`ErrorRedirect`](crate::ErrorRedirect).
    ///
    /// ```
    /// use oauth_pkce::ErrorCode;
    /// assert_eq!(ErrorCode::InvalidGrant.http_status(), 400);
    /// assert_eq!(ErrorCode::ServerError.http_status(), 500);
    /// ```
    #[must_use]
    pub const fn http_status(self) -> u16 {
        match self {
            Self::InvalidRequest | Self::InvalidGrant => 400,
            Self::ServerError => 500,
            // The codes a client receives in an authorization response, as
            // a JSON error response would carry them: RFC 6749 §5.2's 400
            // for the request's own faults, 403 for a refusal, 503 for a
            // server that is down (RFC 9110 §15.5.4, §15.6.4).
            Self::UnauthorizedClient | Self::UnsupportedResponseType | Self::InvalidScope => 400,
            Self::AccessDenied => 403,
            Self::TemporarilyUnavailable => 503,
        }
    }
}

impl core::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything that can go wrong when making, parsing or checking PKCE values.
///
/// Messages (`Display`) name lengths and byte offsets, never the characters
/// of a verifier or a challenge, so they can go to a log as they are.
///
/// ```
/// use oauth_pkce::{CodeVerifier, Error};
///
/// let err = CodeVerifier::parse("too-short").unwrap_err();
/// assert_eq!(err, Error::VerifierTooShort { len: 9 });
/// assert_eq!(err.kind(), "verifier_too_short");
/// assert_eq!(err.error_code().as_str(), "invalid_grant");
/// assert_eq!(err.to_string(), "code_verifier is 9 characters long; RFC 7636 §4.1 requires at least 43");
/// # Ok::<(), oauth_pkce::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The `code_verifier` is shorter than 43 characters (RFC 7636 §4.1).
    #[error("code_verifier is {len} characters long; RFC 7636 §4.1 requires at least 43")]
    VerifierTooShort {
        /// Its length in bytes.
        len: usize,
    },
    /// The `code_verifier` is longer than 128 characters (RFC 7636 §4.1).
    #[error("code_verifier is {len} characters long; RFC 7636 §4.1 allows at most 128")]
    VerifierTooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// The `code_verifier` holds a byte outside `A-Z a-z 0-9 - . _ ~`
    /// (RFC 7636 §4.1). Non-ASCII input fails here at its first byte.
    #[error("code_verifier has a character outside A-Z a-z 0-9 - . _ ~ at byte {index}")]
    VerifierInvalidCharacter {
        /// The byte offset of the first such byte.
        index: usize,
    },
    /// The `code_challenge` is too short for its method: 43 characters for
    /// both `S256` and `plain` (RFC 7636 §4.2).
    #[error("code_challenge is {len} characters long; its method requires at least 43")]
    ChallengeTooShort {
        /// Its length in bytes.
        len: usize,
    },
    /// The `code_challenge` is too long for its method: an `S256` challenge
    /// is exactly 43 characters, a `plain` one at most 128 (RFC 7636 §4.2).
    #[error("code_challenge is {len} characters long; its method allows at most {max}")]
    ChallengeTooLong {
        /// Its length in bytes.
        len: usize,
        /// The longest the method allows.
        max: usize,
    },
    /// The `code_challenge` holds a byte its method does not allow: for
    /// `S256` the base64url alphabet `A-Z a-z 0-9 - _`, for `plain` the
    /// verifier's alphabet `A-Z a-z 0-9 - . _ ~` (RFC 7636 §4.2).
    #[error("code_challenge has a character its method does not allow at byte {index}")]
    ChallengeInvalidCharacter {
        /// The byte offset of the first such byte.
        index: usize,
    },
    /// The `S256` challenge is 43 base64url characters, but its last one
    /// carries bits beyond the 256 of a SHA-256 digest, so no verifier can
    /// ever match it (RFC 7636 §4.2, RFC 4648 §3.5).
    #[error("code_challenge is not the canonical base64url encoding of a SHA-256 digest")]
    ChallengeNotCanonical,
    /// The `S256` challenge is a digest in base64url with its `=` padding:
    /// 44 characters ending in `=`. RFC 7636 §4.2 and Appendix A encode
    /// without padding.
    #[error("code_challenge has base64 padding; S256 is unpadded base64url (RFC 7636 Appendix A)")]
    ChallengePadded,
    /// The `S256` challenge ends in `%3D`: its padding was percent-encoded
    /// twice, or encoded and never decoded (RFC 7636 Appendix A; RFC 3986
    /// §2.1).
    #[error(
        "code_challenge ends in percent-encoded padding; S256 is unpadded base64url (RFC 7636 Appendix A)"
    )]
    ChallengePercentEncodedPadding,
    /// The `S256` challenge is in the standard base64 alphabet, with `+` or
    /// `/` where base64url has `-` and `_` (RFC 4648 §4 rather than §5;
    /// RFC 7636 §4.2).
    #[error("code_challenge uses the standard base64 alphabet; S256 is base64url (RFC 4648 §5)")]
    ChallengeStandardBase64,
    /// The `S256` challenge is the SHA-256 digest in hex (64 hex digits)
    /// rather than its 32 bytes in base64url (RFC 7636 §4.2).
    #[error("code_challenge is a hex SHA-256 digest; S256 is the base64url of the raw digest")]
    ChallengeHexDigest,
    /// The `S256` challenge is the base64url of the digest's hex text (86
    /// characters) rather than of its 32 bytes (RFC 7636 §4.2).
    #[error(
        "code_challenge encodes the hex text of a digest; S256 is the base64url of the raw digest"
    )]
    ChallengeBase64HexDigest,
    /// The `code_challenge_method` is neither `S256` nor `plain`. Method names
    /// are case-sensitive (RFC 7636 §4.3, §6.2.1).
    #[error("code_challenge_method is not supported; use S256")]
    UnsupportedMethod,
    /// The `code_challenge_method` is `S256` or `plain` in the wrong case
    /// (`s256`, `PLAIN`): method names are case-sensitive (RFC 7636 §4.3,
    /// §6.2.1), so it is refused, with this cause.
    #[error("code_challenge_method names are case-sensitive; use S256")]
    MethodWrongCase,
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
    /// The `code_verifier` is well formed but does not match the
    /// `code_challenge` (RFC 7636 §4.6).
    #[error("code_verifier does not match the code_challenge")]
    VerifierMismatch,
    /// A requested verifier length is outside 43..=128 (RFC 7636 §4.1): a
    /// mistake in the caller's own code, never in a request it received.
    #[error("a code_verifier must be 43 to 128 characters long, not {len}")]
    LengthOutOfRange {
        /// The requested length.
        len: usize,
    },
    /// The operating system's random number generator failed.
    #[error("the operating system's random number generator failed")]
    RngFailure,
    /// The redirect URI given to a [`PendingAuthorization`] is longer than
    /// it holds (RFC 6749 §3.1.2).
    ///
    /// [`PendingAuthorization`]: crate::PendingAuthorization
    #[error("redirect_uri is {len} bytes long; a pending authorization holds at most {max}")]
    RedirectUriTooLong {
        /// Its length in bytes.
        len: usize,
        /// The most a record holds.
        max: usize,
    },
    /// The redirect URI given to a [`PendingAuthorization`] is empty or has
    /// a byte outside visible ASCII, which a URI as sent never has
    /// (RFC 3986 §2, RFC 6749 §3.1.2).
    ///
    /// [`PendingAuthorization`]: crate::PendingAuthorization
    #[error("redirect_uri is empty or has a character outside visible ASCII")]
    RedirectUriInvalid,
    /// The issuer identifier given to a [`PendingAuthorization`] is longer
    /// than it holds (RFC 8414 §2).
    ///
    /// [`PendingAuthorization`]: crate::PendingAuthorization
    #[error("issuer is {len} bytes long; a pending authorization holds at most {max}")]
    IssuerTooLong {
        /// Its length in bytes.
        len: usize,
        /// The most a record holds.
        max: usize,
    },
    /// The issuer identifier given to a [`PendingAuthorization`] is empty or
    /// has a byte outside visible ASCII (RFC 8414 §2, RFC 3986 §2).
    ///
    /// [`PendingAuthorization`]: crate::PendingAuthorization
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
    /// The authorization response is an error response with one of
    /// RFC 6749 §4.1.2.1's codes. The server's `error_description` and
    /// `error_uri` stay in [`CallbackParams`], never in this message.
    ///
    /// [`CallbackParams`]: crate::CallbackParams
    #[error("the authorization server returned {error}")]
    ErrorResponse {
        /// The server's `error`, which is also this error's
        /// [`error_code`](Error::error_code).
        error: ErrorCode,
    },
    /// The authorization response is an error response with a code RFC 6749
    /// §4.1.2.1 does not define: an extension's (§8.5), such as OpenID
    /// Connect's `login_required`. Read it from [`CallbackParams::error`];
    /// [`error_code`](Error::error_code) reports it as `access_denied`,
    /// since the request was refused.
    ///
    /// [`CallbackParams::error`]: crate::CallbackParams::error
    #[error("the authorization server returned an extension error code")]
    ExtensionErrorResponse,
    /// The authorization response has neither `code` nor `error`
    /// (RFC 6749 §4.1.2).
    #[error("the authorization response has no code")]
    MissingCode,
    /// A parameter of the authorization response appears more than once
    /// (RFC 6749 §3.1).
    #[error("a parameter of the authorization response is repeated")]
    CallbackParameterRepeated,
}

/// What [`Error`] says about one of its variants: one row of the table in
/// [`Error::info`].
struct Info {
    kind: &'static str,
    code: ErrorCode,
    description: &'static str,
}

/// A row of the table, short enough to read as one.
const fn row(kind: &'static str, code: ErrorCode, description: &'static str) -> Info {
    Info {
        kind,
        code,
        description,
    }
}

use ErrorCode::{AccessDenied, InvalidGrant, InvalidRequest, ServerError};

impl Error {
    /// Every variant's kind, code and description, in one table.
    ///
    /// Descriptions stay within RFC 6749 §5.2's charset for
    /// `error_description` (%x20-21 / %x23-5B / %x5D-7E: printable ASCII
    /// without `"` and `\`), so they go out as they are: in a JSON string
    /// with no escaping, in a query with only the encoding every value gets.
    const fn info(&self) -> Info {
        match self {
            Self::VerifierTooShort { .. } => row(
                "verifier_too_short",
                InvalidGrant,
                "code_verifier shorter than 43 characters",
            ),
            Self::VerifierTooLong { .. } => row(
                "verifier_too_long",
                InvalidGrant,
                "code_verifier longer than 128 characters",
            ),
            Self::VerifierInvalidCharacter { .. } => row(
                "verifier_invalid_character",
                InvalidGrant,
                "code_verifier has an invalid character",
            ),
            Self::ChallengeTooShort { .. } => row(
                "challenge_too_short",
                InvalidRequest,
                "code_challenge too short",
            ),
            Self::ChallengeTooLong { .. } => row(
                "challenge_too_long",
                InvalidRequest,
                "code_challenge too long",
            ),
            Self::ChallengeInvalidCharacter { .. } => row(
                "challenge_invalid_character",
                InvalidRequest,
                "code_challenge has an invalid character",
            ),
            Self::ChallengeNotCanonical => row(
                "challenge_not_canonical",
                InvalidRequest,
                "code_challenge is not a base64url SHA-256 digest",
            ),
            Self::ChallengePadded => row(
                "challenge_padded",
                InvalidRequest,
                "code_challenge has = padding; S256 needs unpadded base64url",
            ),
            Self::ChallengePercentEncodedPadding => row(
                "challenge_percent_encoded_padding",
                InvalidRequest,
                "code_challenge ends in percent-encoded padding (%3D); S256 needs unpadded base64url",
            ),
            Self::ChallengeStandardBase64 => row(
                "challenge_standard_base64",
                InvalidRequest,
                "code_challenge uses the base64 alphabet (+ /); S256 needs base64url (- _)",
            ),
            Self::ChallengeHexDigest => row(
                "challenge_hex_digest",
                InvalidRequest,
                "code_challenge is a hex digest; S256 needs base64url of the raw SHA-256 digest",
            ),
            Self::ChallengeBase64HexDigest => row(
                "challenge_base64_hex_digest",
                InvalidRequest,
                "code_challenge encodes a hex digest; S256 needs base64url of the raw SHA-256 digest",
            ),
            Self::UnsupportedMethod => row(
                "unsupported_method",
                InvalidRequest,
                "code_challenge_method not supported",
            ),
            Self::MethodWrongCase => row(
                "method_wrong_case",
                InvalidRequest,
                "code_challenge_method names are case-sensitive: use S256",
            ),
            Self::PlainNotAllowed => row(
                "plain_not_allowed",
                InvalidRequest,
                "code_challenge_method plain not allowed",
            ),
            Self::MissingChallenge => row(
                "missing_challenge",
                InvalidRequest,
                "code_challenge required",
            ),
            Self::MethodWithoutChallenge => row(
                "method_without_challenge",
                InvalidRequest,
                "code_challenge_method without code_challenge",
            ),
            Self::MissingVerifier => {
                row("missing_verifier", InvalidGrant, "code_verifier required")
            }
            Self::UnexpectedVerifier => row(
                "unexpected_verifier",
                InvalidGrant,
                "code_verifier sent for a code issued without code_challenge",
            ),
            Self::PkceRequiredAtRedemption => row(
                "pkce_required_at_redemption",
                InvalidGrant,
                "code issued without code_challenge; PKCE is required",
            ),
            Self::BoundMethodNotAllowed => row(
                "bound_method_not_allowed",
                InvalidGrant,
                "code issued with code_challenge_method plain, no longer allowed",
            ),
            Self::VerifierMismatch => row(
                "verifier_mismatch",
                InvalidGrant,
                "code_verifier does not match code_challenge",
            ),
            Self::LengthOutOfRange { .. } => row(
                "length_out_of_range",
                ServerError,
                "code_verifier length must be 43 to 128",
            ),
            Self::RngFailure => row("rng_failure", ServerError, "random number generator failed"),
            // A client's own: nothing goes back to a server. The code is the
            // one its redirect endpoint would answer with.
            Self::RedirectUriTooLong { .. } => row(
                "redirect_uri_too_long",
                InvalidRequest,
                "redirect_uri too long for a pending authorization",
            ),
            Self::RedirectUriInvalid => row(
                "redirect_uri_invalid",
                InvalidRequest,
                "redirect_uri empty or not visible ASCII",
            ),
            Self::IssuerTooLong { .. } => row(
                "issuer_too_long",
                InvalidRequest,
                "issuer too long for a pending authorization",
            ),
            Self::IssuerInvalid => row(
                "issuer_invalid",
                InvalidRequest,
                "issuer empty or not visible ASCII",
            ),
            Self::MissingState => row("missing_state", InvalidRequest, "state required"),
            Self::StateMismatch => row(
                "state_mismatch",
                InvalidRequest,
                "state does not match the authorization request",
            ),
            Self::IssuerMismatch => row(
                "issuer_mismatch",
                InvalidRequest,
                "iss does not match the expected issuer",
            ),
            Self::MissingIssuer => row("missing_issuer", InvalidRequest, "iss required"),
            Self::AuthorizationExpired => row(
                "authorization_expired",
                InvalidRequest,
                "authorization request expired",
            ),
            Self::ErrorResponse { error } => row(
                "error_response",
                *error,
                "the authorization server returned an error",
            ),
            Self::ExtensionErrorResponse => row(
                "extension_error_response",
                AccessDenied,
                "the authorization server returned an extension error",
            ),
            Self::MissingCode => row("missing_code", InvalidRequest, "code required"),
            Self::CallbackParameterRepeated => row(
                "callback_parameter_repeated",
                InvalidRequest,
                "authorization response parameter repeated",
            ),
        }
    }

    /// The OAuth 2.0 `error` code for this error (RFC 6749 §4.1.2.1, §5.2).
    ///
    /// `invalid_grant` for everything found at the token endpoint (a
    /// malformed, missing, unexpected or mismatched `code_verifier`, and a
    /// code whose PKCE the policy no longer accepts), as the OpenID
    /// conformance suite and the major servers answer; `invalid_request` for
    /// everything found at the authorization endpoint (the `code_challenge`
    /// and its method); `server_error` for the server's own failures.
    ///
    /// ```
    /// use oauth_pkce::{Error, ErrorCode};
    /// assert_eq!(Error::VerifierMismatch.error_code(), ErrorCode::InvalidGrant);
    /// assert_eq!(Error::MissingVerifier.error_code(), ErrorCode::InvalidGrant);
    /// assert_eq!(Error::MissingChallenge.error_code(), ErrorCode::InvalidRequest);
    /// ```
    #[must_use]
    pub const fn error_code(&self) -> ErrorCode {
        self.info().code
    }

    /// The HTTP status for this error in a JSON error response: that of its
    /// [`error_code`](Self::error_code) (RFC 6749 §5.2).
    ///
    /// ```
    /// use oauth_pkce::Error;
    /// assert_eq!(Error::VerifierMismatch.http_status(), 400);
    /// assert_eq!(Error::RngFailure.http_status(), 500);
    /// ```
    #[must_use]
    pub const fn http_status(&self) -> u16 {
        self.error_code().http_status()
    }

    /// A short, fixed text that is safe to send as `error_description` and to
    /// log: it names the mistake and no value the client sent, and stays
    /// within RFC 6749 §5.2's charset (%x20-21 / %x23-5B / %x5D-7E).
    ///
    /// ```
    /// use oauth_pkce::Error;
    /// assert_eq!(
    ///     Error::UnexpectedVerifier.error_description(),
    ///     "code_verifier sent for a code issued without code_challenge",
    /// );
    /// ```
    #[must_use]
    pub const fn error_description(&self) -> &'static str {
        self.info().description
    }

    /// A stable identifier per variant, for metrics labels and structured
    /// logs. It never changes for a variant once released.
    ///
    /// ```
    /// use oauth_pkce::Error;
    /// assert_eq!(Error::VerifierMismatch.kind(), "verifier_mismatch");
    /// ```
    #[must_use]
    pub const fn kind(&self) -> &'static str {
        self.info().kind
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "in a test a panic is the failure report"
)]
mod tests {
    extern crate std;
    use std::string::ToString;

    use super::{Error, ErrorCode};

    /// Every variant once, with the code it must have. [`position`] matches
    /// them all with no wildcard, so a new variant does not compile until it
    /// is listed here too.
    const ALL: [(Error, ErrorCode); 38] = {
        use ErrorCode::{AccessDenied, InvalidGrant, InvalidRequest, ServerError};
        [
            // The token endpoint: RFC 6749 §5.2, RFC 7636 §4.6, the OpenID
            // conformance suite.
            (Error::VerifierTooShort { len: 42 }, InvalidGrant),
            (Error::VerifierTooLong { len: 129 }, InvalidGrant),
            (Error::VerifierInvalidCharacter { index: 7 }, InvalidGrant),
            (Error::MissingVerifier, InvalidGrant),
            (Error::UnexpectedVerifier, InvalidGrant),
            (Error::PkceRequiredAtRedemption, InvalidGrant),
            (Error::BoundMethodNotAllowed, InvalidGrant),
            (Error::VerifierMismatch, InvalidGrant),
            // The authorization endpoint: RFC 6749 §4.1.2.1, RFC 7636 §4.4.1.
            (Error::ChallengeTooShort { len: 42 }, InvalidRequest),
            (Error::ChallengeTooLong { len: 44, max: 43 }, InvalidRequest),
            (
                Error::ChallengeInvalidCharacter { index: 7 },
                InvalidRequest,
            ),
            (Error::ChallengeNotCanonical, InvalidRequest),
            (Error::ChallengePadded, InvalidRequest),
            (Error::ChallengePercentEncodedPadding, InvalidRequest),
            (Error::ChallengeStandardBase64, InvalidRequest),
            (Error::ChallengeHexDigest, InvalidRequest),
            (Error::ChallengeBase64HexDigest, InvalidRequest),
            (Error::UnsupportedMethod, InvalidRequest),
            (Error::MethodWrongCase, InvalidRequest),
            (Error::PlainNotAllowed, InvalidRequest),
            (Error::MissingChallenge, InvalidRequest),
            (Error::MethodWithoutChallenge, InvalidRequest),
            // The caller's own failures.
            (Error::LengthOutOfRange { len: 5 }, ServerError),
            (Error::RngFailure, ServerError),
            // The client's callback validation.
            (Error::RedirectUriTooLong { len: 9, max: 8 }, InvalidRequest),
            (Error::RedirectUriInvalid, InvalidRequest),
            (Error::IssuerTooLong { len: 9, max: 8 }, InvalidRequest),
            (Error::IssuerInvalid, InvalidRequest),
            (Error::MissingState, InvalidRequest),
            (Error::StateMismatch, InvalidRequest),
            (Error::IssuerMismatch, InvalidRequest),
            (Error::MissingIssuer, InvalidRequest),
            (Error::AuthorizationExpired, InvalidRequest),
            (
                Error::ErrorResponse {
                    error: AccessDenied,
                },
                AccessDenied,
            ),
            (Error::ExtensionErrorResponse, AccessDenied),
            (Error::MissingCode, InvalidRequest),
            (Error::CallbackParameterRepeated, InvalidRequest),
            // Again, with other field values: kind, code and description do
            // not depend on them.
            (Error::VerifierTooShort { len: 0 }, InvalidGrant),
        ]
    };

    const VARIANTS: usize = 37;

    fn position(e: &Error) -> usize {
        match e {
            Error::VerifierTooShort { .. } => 0,
            Error::VerifierTooLong { .. } => 1,
            Error::VerifierInvalidCharacter { .. } => 2,
            Error::MissingVerifier => 3,
            Error::UnexpectedVerifier => 4,
            Error::PkceRequiredAtRedemption => 5,
            Error::BoundMethodNotAllowed => 6,
            Error::VerifierMismatch => 7,
            Error::ChallengeTooShort { .. } => 8,
            Error::ChallengeTooLong { .. } => 9,
            Error::ChallengeInvalidCharacter { .. } => 10,
            Error::ChallengeNotCanonical => 11,
            Error::ChallengePadded => 12,
            Error::ChallengePercentEncodedPadding => 13,
            Error::ChallengeStandardBase64 => 14,
            Error::ChallengeHexDigest => 15,
            Error::ChallengeBase64HexDigest => 16,
            Error::UnsupportedMethod => 17,
            Error::MethodWrongCase => 18,
            Error::PlainNotAllowed => 19,
            Error::MissingChallenge => 20,
            Error::MethodWithoutChallenge => 21,
            Error::LengthOutOfRange { .. } => 22,
            Error::RngFailure => 23,
            Error::RedirectUriTooLong { .. } => 24,
            Error::RedirectUriInvalid => 25,
            Error::IssuerTooLong { .. } => 26,
            Error::IssuerInvalid => 27,
            Error::MissingState => 28,
            Error::StateMismatch => 29,
            Error::IssuerMismatch => 30,
            Error::MissingIssuer => 31,
            Error::AuthorizationExpired => 32,
            Error::ErrorResponse { .. } => 33,
            Error::ExtensionErrorResponse => 34,
            Error::MissingCode => 35,
            Error::CallbackParameterRepeated => 36,
        }
    }

    #[test]
    fn every_variant_is_listed() {
        let mut seen = [false; VARIANTS];
        for (e, _) in &ALL {
            if let Some(s) = seen.get_mut(position(e)) {
                *s = true;
            }
        }
        assert!(seen.iter().all(|&s| s), "{seen:?}");
    }

    /// RFC 6749 §4.1.2.1 and §5.2: `error_description` is
    /// %x20-21 / %x23-5B / %x5D-7E, so no `"`, no `\`, nothing outside
    /// printable ASCII (and so no section sign).
    #[test]
    fn rfc6749_5_2_every_description_is_within_the_charset() {
        for (e, _) in &ALL {
            let d = e.error_description();
            assert!(!d.is_empty(), "{e:?}");
            for c in d.bytes() {
                let allowed = matches!(c, 0x20..=0x21 | 0x23..=0x5B | 0x5D..=0x7E);
                assert!(allowed, "{e:?}: byte {c:#04x} in {d:?}");
            }
        }
    }

    /// Each variant has its own kind, and each PKCE variant its own
    /// description: a log, a metric or a client developer can tell every
    /// cause apart.
    #[test]
    fn kinds_and_pkce_descriptions_are_distinct_per_variant() {
        for (a, _) in &ALL {
            for (b, _) in &ALL {
                let same = position(a) == position(b);
                assert_eq!(a.kind() == b.kind(), same, "{a:?} {b:?}");
                if position(a) < 24 && position(b) < 24 {
                    let same_text = a.error_description() == b.error_description();
                    assert_eq!(same_text, same, "{a:?} {b:?}");
                }
            }
            let stable = a
                .kind()
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_');
            assert!(stable, "{a:?}");
        }
    }

    /// Verifier and redemption causes are found at the token endpoint:
    /// `invalid_grant`, HTTP 400. Challenge and method causes at the
    /// authorization endpoint: `invalid_request`. The server's own
    /// failures: `server_error`, HTTP 500.
    #[test]
    fn each_variant_has_the_code_of_its_endpoint() {
        for (e, code) in &ALL {
            assert_eq!(e.error_code(), *code, "{e:?}");
            assert_eq!(e.http_status(), code.http_status(), "{e:?}");
        }
        assert_eq!(Error::VerifierMismatch.http_status(), 400);
        assert_eq!(Error::MissingChallenge.http_status(), 400);
        assert_eq!(Error::RngFailure.http_status(), 500);
    }

    /// `Display` names the rule and numbers only: the variants hold no
    /// string, so no value a caller passed can reach a message.
    #[test]
    fn messages_name_the_rule_and_numbers_only() {
        assert_eq!(
            Error::VerifierTooShort { len: 42 }.to_string(),
            "code_verifier is 42 characters long; RFC 7636 §4.1 requires at least 43"
        );
        for (e, _) in &ALL {
            let m = e.to_string();
            assert!(!m.is_empty(), "{e:?}");
            assert!(!m.contains('"'), "{e:?}: {m}");
        }
    }
}
