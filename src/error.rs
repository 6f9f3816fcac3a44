//! Errors, and the OAuth 2.0 error code each one maps to.
//!
//! Every refusal this crate makes is one [`Error`] variant: a distinct cause
//! that a caller can act on. None of them carries, or prints, a verifier or
//! a challenge: a message is safe to log and [`Error::error_description`] is
//! safe to send to the client.

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
/// # Ok::<(), oauth_pkce::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `invalid_request`: a parameter is missing, malformed, repeated or not
    /// expected (RFC 6749 §4.1.2.1, §5.2; RFC 7636 §4.4.1).
    InvalidRequest,
    /// `invalid_grant`: the `code_verifier` does not match the
    /// `code_challenge` bound to the code (RFC 7636 §4.6).
    InvalidGrant,
    /// `server_error`: the server could not do its part, here because the
    /// operating system's random number generator failed (RFC 6749 §4.1.2.1).
    ServerError,
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
/// assert_eq!(err.error_code().as_str(), "invalid_request");
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
    /// The `code_challenge_method` is neither `S256` nor `plain`. Method names
    /// are case-sensitive (RFC 7636 §4.3, §6.2.1).
    #[error("code_challenge_method is not supported; use S256")]
    UnsupportedMethod,
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
    /// The `code_verifier` is well formed but does not match the
    /// `code_challenge` (RFC 7636 §4.6).
    #[error("code_verifier does not match the code_challenge")]
    VerifierMismatch,
    /// A requested verifier length is outside 43..=128 (RFC 7636 §4.1).
    #[error("a code_verifier must be 43 to 128 characters long, not {len}")]
    LengthOutOfRange {
        /// The requested length.
        len: usize,
    },
    /// The operating system's random number generator failed.
    #[error("the operating system's random number generator failed")]
    RngFailure,
}

impl Error {
    /// The OAuth 2.0 `error` code for this error (RFC 6749 §4.1.2.1, §5.2).
    ///
    /// `invalid_grant` for a verifier that does not match, `server_error`
    /// for a failed random number generator, and `invalid_request` for every
    /// malformed, missing or unexpected parameter.
    ///
    /// ```
    /// use oauth_pkce::{Error, ErrorCode};
    /// assert_eq!(Error::VerifierMismatch.error_code(), ErrorCode::InvalidGrant);
    /// assert_eq!(Error::MissingVerifier.error_code(), ErrorCode::InvalidRequest);
    /// ```
    #[must_use]
    pub const fn error_code(&self) -> ErrorCode {
        match self {
            Self::VerifierMismatch => ErrorCode::InvalidGrant,
            Self::RngFailure => ErrorCode::ServerError,
            _ => ErrorCode::InvalidRequest,
        }
    }

    /// A short, fixed text that is safe to send as `error_description` and to
    /// log: it names no value the client sent.
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
        match self {
            Self::VerifierTooShort { .. } => "code_verifier shorter than 43 characters",
            Self::VerifierTooLong { .. } => "code_verifier longer than 128 characters",
            Self::VerifierInvalidCharacter { .. } => "code_verifier has an invalid character",
            Self::ChallengeTooShort { .. } => "code_challenge too short",
            Self::ChallengeTooLong { .. } => "code_challenge too long",
            Self::ChallengeInvalidCharacter { .. } => "code_challenge has an invalid character",
            Self::ChallengeNotCanonical => "code_challenge is not a base64url SHA-256 digest",
            Self::UnsupportedMethod => "code_challenge_method not supported",
            Self::PlainNotAllowed => "code_challenge_method plain not allowed",
            Self::MissingChallenge => "code_challenge required",
            Self::MethodWithoutChallenge => "code_challenge_method without code_challenge",
            Self::MissingVerifier => "code_verifier required",
            Self::UnexpectedVerifier => {
                "code_verifier sent for a code issued without code_challenge"
            }
            Self::VerifierMismatch => "code_verifier does not match code_challenge",
            Self::LengthOutOfRange { .. } => "code_verifier length must be 43 to 128",
            Self::RngFailure => "random number generator failed",
        }
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
        match self {
            Self::VerifierTooShort { .. } => "verifier_too_short",
            Self::VerifierTooLong { .. } => "verifier_too_long",
            Self::VerifierInvalidCharacter { .. } => "verifier_invalid_character",
            Self::ChallengeTooShort { .. } => "challenge_too_short",
            Self::ChallengeTooLong { .. } => "challenge_too_long",
            Self::ChallengeInvalidCharacter { .. } => "challenge_invalid_character",
            Self::ChallengeNotCanonical => "challenge_not_canonical",
            Self::UnsupportedMethod => "unsupported_method",
            Self::PlainNotAllowed => "plain_not_allowed",
            Self::MissingChallenge => "missing_challenge",
            Self::MethodWithoutChallenge => "method_without_challenge",
            Self::MissingVerifier => "missing_verifier",
            Self::UnexpectedVerifier => "unexpected_verifier",
            Self::VerifierMismatch => "verifier_mismatch",
            Self::LengthOutOfRange { .. } => "length_out_of_range",
            Self::RngFailure => "rng_failure",
        }
    }
}
