//! What parsing, deriving, verifying and generating refuse.
//!
//! Every cause is one [`Error`] variant. None of them carries, or prints, a
//! verifier or a challenge: a message names lengths and byte offsets only,
//! so it can go to a log as it is.
//!
//! This error has no OAuth `error` code: a code belongs to the endpoint
//! that sends it. An authorization server gets these causes wrapped in a
//! [`server::Error`](crate::server::Error), which adds the code of the
//! endpoint where they were found; a client never sends them.

/// Everything that can go wrong when making, parsing or verifying PKCE
/// values (RFC 7636 §4.1 to §4.6).
///
/// ```
/// use oauth_pkce::{CodeVerifier, Error};
///
/// let err = CodeVerifier::parse("too-short").unwrap_err();
/// assert_eq!(err, Error::VerifierTooShort { len: 9 });
/// assert_eq!(err.kind(), "verifier_too_short");
/// assert_eq!(err.to_string(), "code_verifier is 9 characters long; RFC 7636 §4.1 requires at least 43");
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
    /// The `code_verifier` is well formed but does not match the
    /// `code_challenge` (RFC 7636 §4.6).
    #[error("code_verifier does not match the code_challenge")]
    VerifierMismatch,
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
    /// The `code_challenge_method` is neither `S256` nor `plain` in any case
    /// (RFC 7636 §4.3, §6.2.2).
    #[error("code_challenge_method is not supported; use S256")]
    UnsupportedMethod,
    /// The `code_challenge_method` is `S256` or `plain` in the wrong case
    /// (`s256`, `PLAIN`): method names are case-sensitive (RFC 7636 §4.3,
    /// §6.2.1), so it is refused, with this cause.
    #[error("code_challenge_method names are case-sensitive; use S256")]
    MethodWrongCase,
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
}

/// One row of [`Error::info`]'s table.
pub(crate) struct Info {
    /// The stable identifier, [`Error::kind`].
    pub(crate) kind: &'static str,
    /// A short fixed text, safe to send as `error_description`.
    pub(crate) description: &'static str,
    /// The clause that makes it a refusal.
    pub(crate) rfc: &'static str,
}

/// A row of a table, short enough to read as one.
pub(crate) const fn row(kind: &'static str, description: &'static str, rfc: &'static str) -> Info {
    Info {
        kind,
        description,
        rfc,
    }
}

impl Error {
    /// Every variant's kind, description and clause, in one table.
    ///
    /// Descriptions stay within RFC 6749 §5.2's charset for
    /// `error_description` (%x20-21 / %x23-5B / %x5D-7E: printable ASCII
    /// without `"` and `\`), so that a server sends them as they are.
    pub(crate) const fn info(&self) -> Info {
        match self {
            Self::VerifierTooShort { .. } => row(
                "verifier_too_short",
                "code_verifier shorter than 43 characters",
                "RFC 7636 §4.1",
            ),
            Self::VerifierTooLong { .. } => row(
                "verifier_too_long",
                "code_verifier longer than 128 characters",
                "RFC 7636 §4.1",
            ),
            Self::VerifierInvalidCharacter { .. } => row(
                "verifier_invalid_character",
                "code_verifier has an invalid character",
                "RFC 7636 §4.1",
            ),
            Self::VerifierMismatch => row(
                "verifier_mismatch",
                "code_verifier does not match code_challenge",
                "RFC 7636 §4.6",
            ),
            Self::ChallengeTooShort { .. } => row(
                "challenge_too_short",
                "code_challenge too short",
                "RFC 7636 §4.2",
            ),
            Self::ChallengeTooLong { .. } => row(
                "challenge_too_long",
                "code_challenge too long",
                "RFC 7636 §4.2",
            ),
            Self::ChallengeInvalidCharacter { .. } => row(
                "challenge_invalid_character",
                "code_challenge has an invalid character",
                "RFC 7636 §4.2",
            ),
            Self::ChallengeNotCanonical => row(
                "challenge_not_canonical",
                "code_challenge is not a base64url SHA-256 digest",
                "RFC 7636 §4.2, RFC 4648 §3.5",
            ),
            Self::ChallengePadded => row(
                "challenge_padded",
                "code_challenge has = padding; S256 needs unpadded base64url",
                "RFC 7636 Appendix A",
            ),
            Self::ChallengePercentEncodedPadding => row(
                "challenge_percent_encoded_padding",
                "code_challenge ends in percent-encoded padding (%3D); S256 needs unpadded base64url",
                "RFC 7636 Appendix A",
            ),
            Self::ChallengeStandardBase64 => row(
                "challenge_standard_base64",
                "code_challenge uses the base64 alphabet (+ /); S256 needs base64url (- _)",
                "RFC 7636 §4.2, RFC 4648 §5",
            ),
            Self::ChallengeHexDigest => row(
                "challenge_hex_digest",
                "code_challenge is a hex digest; S256 needs base64url of the raw SHA-256 digest",
                "RFC 7636 §4.2",
            ),
            Self::ChallengeBase64HexDigest => row(
                "challenge_base64_hex_digest",
                "code_challenge encodes a hex digest; S256 needs base64url of the raw SHA-256 digest",
                "RFC 7636 §4.2",
            ),
            Self::UnsupportedMethod => row(
                "unsupported_method",
                "code_challenge_method not supported",
                "RFC 7636 §4.3",
            ),
            Self::MethodWrongCase => row(
                "method_wrong_case",
                "code_challenge_method names are case-sensitive: use S256",
                "RFC 7636 §4.3, §6.2.1",
            ),
            Self::LengthOutOfRange { .. } => row(
                "length_out_of_range",
                "code_verifier length must be 43 to 128",
                "RFC 7636 §4.1",
            ),
            Self::RngFailure => row(
                "rng_failure",
                "random number generator failed",
                "RFC 7636 §7.1",
            ),
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
        self.info().kind
    }
}
