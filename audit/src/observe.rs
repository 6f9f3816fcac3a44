//! What the audit saw, reduced to what a verdict needs: HTTP statuses,
//! OAuth error codes, whether a code or a token came back, whether `iss`
//! matched. Never a code, verifier, challenge, token or
//! `error_description`: a server may echo a value it received in its
//! description, so only the `error` code is kept, and only when it is a
//! short string of RFC 6749's charset.

use std::collections::BTreeMap;

/// The kind of client the run audits: confidential when a secret is given
/// (RFC 6749 §2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientKind {
    /// No secret: PKCE is its only protection of the code (RFC 9700 §2.1.1).
    Public,
    /// Authenticates at the token endpoint.
    Confidential,
}

impl ClientKind {
    /// The name in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Confidential => "confidential",
        }
    }
}

/// The PKCE facts of the server's metadata (RFC 8414 §2, RFC 9207 §3).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetadataFacts {
    /// `code_challenge_methods_supported`, if present.
    pub methods: Option<Vec<String>>,
    /// `authorization_response_iss_parameter_supported` is `true`.
    pub iss_supported: bool,
}

/// The `iss` of an authorization response compared with the issuer
/// (RFC 9207 §2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Iss {
    /// No `iss` parameter.
    Absent,
    /// Exactly the issuer.
    Same,
    /// Another value.
    Other,
    /// Present, but no issuer to compare with (endpoints given directly).
    Unchecked,
}

/// The authorization requests the audit makes, one per property.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AuthzProbe {
    /// A well-formed S256 request: the baseline.
    S256,
    /// No `code_challenge` at all.
    NoChallenge,
    /// `code_challenge_method=plain`.
    Plain,
    /// A challenge without `code_challenge_method`.
    MissingMethod,
    /// `code_challenge_method=s256`.
    LowercaseMethod,
    /// `code_challenge_method=S512`, which no registry defines.
    UnknownMethod,
    /// An S256 challenge of 42 characters.
    Challenge42,
    /// An S256 challenge of 129 characters.
    Challenge129,
    /// An S256 challenge with base64 padding (`=`).
    PaddedChallenge,
}

impl AuthzProbe {
    /// The id of the check that judges this probe.
    pub fn id(self) -> &'static str {
        match self {
            Self::S256 => "authz.s256",
            Self::NoChallenge => "authz.no_challenge",
            Self::Plain => "authz.plain",
            Self::MissingMethod => "authz.missing_method",
            Self::LowercaseMethod => "authz.method_case",
            Self::UnknownMethod => "authz.unknown_method",
            Self::Challenge42 => "authz.challenge_42",
            Self::Challenge129 => "authz.challenge_129",
            Self::PaddedChallenge => "authz.padded_challenge",
        }
    }
}

/// How an authorization request was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthzOutcome {
    /// A redirect with a `code`.
    Code {
        /// Its `iss`.
        iss: Iss,
    },
    /// A redirect with an `error`.
    ErrorRedirect {
        /// The `error` code (`None`: absent or not RFC 6749's charset).
        error: Option<String>,
        /// Its `iss`.
        iss: Iss,
    },
    /// An error page: the browser command reported a page instead of a
    /// redirect, with its HTTP status when known.
    Page {
        /// The page's HTTP status.
        status: Option<u16>,
    },
    /// No redirect arrived within the timeout: in a real browser, the
    /// server showed a page.
    NoRedirect,
}

impl AuthzOutcome {
    /// The server issued a code.
    pub fn accepted(&self) -> bool {
        matches!(self, Self::Code { .. })
    }

    /// How it reads in a report.
    pub fn describe(&self) -> &'static str {
        match self {
            Self::Code { .. } => "code issued",
            Self::ErrorRedirect { .. } => "error redirect",
            Self::Page { .. } => "error page",
            Self::NoRedirect => "no redirect (timeout)",
        }
    }

    /// The `error` code of an error redirect.
    pub fn error(&self) -> Option<&str> {
        match self {
            Self::ErrorRedirect { error, .. } => error.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status of an error page.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Page { status } => *status,
            _ => None,
        }
    }
}

/// The token requests the audit makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TokenProbe {
    /// An S256 code redeemed without `code_verifier`.
    NoVerifier,
    /// The same code then redeemed with its correct verifier.
    AfterFailure,
    /// An S256 code redeemed with its correct verifier (the happy path).
    Correct,
    /// A code already redeemed, presented again with its verifier.
    Redeemed,
    /// An S256 code redeemed with another well-formed verifier.
    WrongVerifier,
    /// A 42-character verifier whose S256 challenge was sent.
    Verifier42,
    /// A 129-character verifier whose S256 challenge was sent.
    Verifier129,
    /// An S256 code redeemed with its challenge as the verifier (what a
    /// `plain` client would send).
    ChallengeAsVerifier,
    /// A code issued without a challenge, redeemed with a verifier.
    Downgrade,
    /// A code issued without a challenge, redeemed without a verifier.
    NoPkce,
}

impl TokenProbe {
    /// The id of the check that judges this probe.
    pub fn id(self) -> &'static str {
        match self {
            Self::NoVerifier => "token.no_verifier",
            Self::AfterFailure => "token.reuse_after_failure",
            Self::Correct => "token.s256",
            Self::Redeemed => "token.redeemed_reuse",
            Self::WrongVerifier => "token.wrong_verifier",
            Self::Verifier42 => "token.verifier_42",
            Self::Verifier129 => "token.verifier_129",
            Self::ChallengeAsVerifier => "token.challenge_as_verifier",
            Self::Downgrade => "token.downgrade",
            Self::NoPkce => "token.no_pkce",
        }
    }
}

/// How a token request was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenOutcome {
    /// The HTTP status.
    pub status: u16,
    /// A 200 with an `access_token`.
    pub issued: bool,
    /// The `error` code of a refusal (`None`: absent or not RFC 6749's
    /// charset).
    pub error: Option<String>,
    /// `Cache-Control` includes `no-store` (RFC 6749 §5.1).
    pub no_store: bool,
}

/// Everything one run observed.
#[derive(Debug, Clone)]
pub struct Observations {
    /// The audited client's kind.
    pub client: ClientKind,
    /// The metadata's facts, when metadata was read.
    pub metadata: Option<MetadataFacts>,
    /// Each authorization probe's answer.
    pub authz: BTreeMap<AuthzProbe, AuthzOutcome>,
    /// Each token probe's answer.
    pub token: BTreeMap<TokenProbe, TokenOutcome>,
}

impl Observations {
    /// An empty record for `client`.
    pub fn new(client: ClientKind) -> Self {
        Self {
            client,
            metadata: None,
            authz: BTreeMap::new(),
            token: BTreeMap::new(),
        }
    }
}

/// An OAuth `error` code as the audit keeps it: at most 64 characters of
/// RFC 6749's `error` charset (%x20-21 / %x23-5B / %x5D-7E); anything else
/// is dropped, since it is not a code and might be a value sent back.
pub fn error_code(raw: Option<&str>) -> Option<String> {
    let raw = raw?;
    let ok = !raw.is_empty()
        && raw.len() <= 64
        && raw
            .bytes()
            .all(|b| matches!(b, 0x20..=0x21 | 0x23..=0x5B | 0x5D..=0x7E));
    ok.then(|| raw.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6749 §5.2: `error` is a code of a restricted charset; a value
    /// outside it, or a long one, is never kept.
    #[test]
    fn error_codes_are_kept_only_within_rfc6749_charset() {
        assert_eq!(
            error_code(Some("invalid_grant")).as_deref(),
            Some("invalid_grant")
        );
        assert_eq!(error_code(Some("bad\"quote")), None);
        assert_eq!(error_code(Some("back\\slash")), None);
        assert_eq!(error_code(Some("")), None);
        assert_eq!(error_code(Some(&"a".repeat(65))), None);
        assert_eq!(error_code(None), None);
    }
}
