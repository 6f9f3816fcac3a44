//! The rules of RFC 7636 and of `Policy`, written the obvious way
//! (branches, early exits, look-ups), since nothing here is secret and the
//! point is a second, independent statement of the same rules. The property
//! tests and the fuzz targets hold the library to them.

use oauth_pkce::client::{self, ExtensionCode, ReceivedError};
use oauth_pkce::server::{self, ClientType, Requirement};
use oauth_pkce::{CodeChallenge, Error, Method};

use super::vectors::{BASE64URL, is_base64url, is_unreserved};

/// What `CodeVerifier::parse(s)` must return: `43*128unreserved`.
pub fn verifier_model(s: &str) -> Result<(), Error> {
    let len = s.len();
    if len < 43 {
        return Err(Error::VerifierTooShort { len });
    }
    if len > 128 {
        return Err(Error::VerifierTooLong { len });
    }
    match s.bytes().position(|c| !is_unreserved(c)) {
        Some(index) => Err(Error::VerifierInvalidCharacter { index }),
        None => Ok(()),
    }
}

/// What `CodeChallenge::parse(s, method)` must return: for S256 the 43
/// characters of a base64url-encoded SHA-256 digest, whose last character
/// carries 4 bits and two zero bits; for plain, a verifier. A refused S256
/// value that is one of the usual encoding mistakes is named as such.
pub fn challenge_model(s: &str, method: Method) -> Result<(), Error> {
    match (challenge_grammar(s, method), method) {
        (Err(e), Method::S256) => Err(s256_mistake_model(s).unwrap_or(e)),
        (r, _) => r,
    }
}

/// RFC 7636 §4.2's grammar alone.
fn challenge_grammar(s: &str, method: Method) -> Result<(), Error> {
    let len = s.len();
    let (max, allowed): (usize, fn(u8) -> bool) = match method {
        Method::S256 => (43, is_base64url),
        Method::Plain => (128, is_unreserved),
    };
    if len < 43 {
        return Err(Error::ChallengeTooShort { len });
    }
    if len > max {
        return Err(Error::ChallengeTooLong { len, max });
    }
    if let Some(index) = s.bytes().position(|c| !allowed(c)) {
        return Err(Error::ChallengeInvalidCharacter { index });
    }
    if method == Method::S256 {
        let last = s.as_bytes()[42];
        let value = BASE64URL.iter().position(|&c| c == last);
        if value.is_none_or(|v| v % 4 != 0) {
            return Err(Error::ChallengeNotCanonical);
        }
    }
    Ok(())
}

/// The encoding mistakes client libraries make in an S256 challenge, as
/// docs/SERVER.md lists them: base64 `=` padding, the padding
/// percent-encoded, the standard alphabet, a hex digest, base64 of the hex
/// digest.
fn s256_mistake_model(s: &str) -> Option<Error> {
    use base64::Engine;

    let standard_only = |c: u8| c == b'+' || c == b'/';
    let (body, padding) = if let Some(body) = s.strip_suffix('=') {
        (body, Some(Error::ChallengePadded))
    } else if let Some(body) = s.strip_suffix("%3D").or_else(|| s.strip_suffix("%3d")) {
        (body, Some(Error::ChallengePercentEncodedPadding))
    } else {
        (s, None)
    };
    if body.len() == 43 {
        let alphabet_ok = body.bytes().all(|c| is_base64url(c) || standard_only(c));
        if alphabet_ok && body.bytes().any(standard_only) {
            return Some(Error::ChallengeStandardBase64);
        }
        return if body.bytes().all(is_base64url) {
            padding
        } else {
            None
        };
    }
    if s.len() == 64 && s.bytes().all(|c| c.is_ascii_hexdigit()) {
        return Some(Error::ChallengeHexDigest);
    }
    let unpadded = s.strip_suffix("==").unwrap_or(s);
    let url: String = unpadded.replace('+', "-").replace('/', "_");
    let decoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(&url);
    match decoded {
        Ok(hex)
            if unpadded.len() == 86 && hex.len() == 64 && hex.iter().all(u8::is_ascii_hexdigit) =>
        {
            Some(Error::ChallengeBase64HexDigest)
        }
        _ => None,
    }
}

/// What `s.parse::<Method>()` must return: the two registered names,
/// exactly; one of them in the wrong case is named as such.
pub fn method_model(s: &str) -> Result<Method, Error> {
    match s {
        "S256" => Ok(Method::S256),
        "plain" => Ok(Method::Plain),
        _ if s.eq_ignore_ascii_case("S256") || s.eq_ignore_ascii_case("plain") => {
            Err(Error::MethodWrongCase)
        }
        _ => Err(Error::UnsupportedMethod),
    }
}

/// A policy as the model sees it.
#[derive(Clone, Copy, Debug)]
pub struct PolicyModel {
    pub requirement: Requirement,
    pub allow_plain: bool,
}

/// A present-but-empty parameter is absent (RFC 6749 §3.1).
fn present(p: Option<&str>) -> Option<&str> {
    match p {
        Some("") | None => None,
        Some(s) => Some(s),
    }
}

impl PolicyModel {
    fn requires(&self, client: ClientType) -> bool {
        match self.requirement {
            Requirement::AllClients => true,
            Requirement::PublicClients => client == ClientType::Public,
            Requirement::Optional => false,
        }
    }

    /// What `check_authorization_request` must return, with the bound
    /// challenge as its method and text.
    pub fn authorization(
        &self,
        client: ClientType,
        challenge: Option<&str>,
        method: Option<&str>,
    ) -> Result<Option<(Method, String)>, server::Error> {
        let (challenge, method) = (present(challenge), present(method));
        let Some(challenge) = challenge else {
            if method.is_some() {
                return Err(server::Error::MethodWithoutChallenge);
            }
            if self.requires(client) {
                return Err(server::Error::MissingChallenge);
            }
            return Ok(None);
        };
        // No method means plain (RFC 7636 §4.3), never S256; names are
        // case-sensitive, and one in the wrong case is named as such.
        let method = match method {
            None => Method::Plain,
            Some(name) => method_model(name).map_err(server::Error::Challenge)?,
        };
        if method == Method::Plain && !self.allow_plain {
            return Err(server::Error::PlainNotAllowed);
        }
        challenge_model(challenge, method).map_err(server::Error::Challenge)?;
        Ok(Some((method, challenge.to_owned())))
    }

    /// What `check_token_request` must return: the policy applied again at
    /// redemption, then the verifier checked, with S256 worked out by the
    /// reference `sha2` digest and `base64` encoder rather than the crate's
    /// own.
    pub fn token(
        &self,
        client: ClientType,
        bound: Option<&CodeChallenge>,
        verifier: Option<&str>,
    ) -> Result<(), server::Error> {
        use base64::Engine;
        use sha2::Digest;

        let verifier = present(verifier);
        let Some(bound) = bound else {
            return match (verifier, self.requires(client)) {
                (Some(_), _) => Err(server::Error::UnexpectedVerifier),
                (None, true) => Err(server::Error::PkceRequiredAtRedemption),
                (None, false) => Ok(()),
            };
        };
        if bound.method() == Method::Plain && !self.allow_plain {
            return Err(server::Error::BoundMethodNotAllowed);
        }
        let Some(v) = verifier else {
            return Err(server::Error::MissingVerifier);
        };
        verifier_model(v).map_err(server::Error::Verifier)?;
        let derived = match bound.method() {
            Method::Plain => v.to_owned(),
            Method::S256 => base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(sha2::Sha256::digest(v.as_bytes())),
        };
        if derived == bound.as_str() {
            Ok(())
        } else {
            Err(server::Error::Verifier(Error::VerifierMismatch))
        }
    }
}

/// The error codes RFC 6749 §4.1.2.1 registers for the authorization
/// response, with their names written out here, so that the model and the
/// library (which matches names to codes) are independent statements of
/// the rule. `invalid_grant` is not among them: only the token endpoint
/// sends it.
pub const REGISTERED_CODES: [(&str, ReceivedError); 7] = [
    ("invalid_request", ReceivedError::InvalidRequest),
    ("unauthorized_client", ReceivedError::UnauthorizedClient),
    ("access_denied", ReceivedError::AccessDenied),
    (
        "unsupported_response_type",
        ReceivedError::UnsupportedResponseType,
    ),
    ("invalid_scope", ReceivedError::InvalidScope),
    ("server_error", ReceivedError::ServerError),
    (
        "temporarily_unavailable",
        ReceivedError::TemporarilyUnavailable,
    ),
];

/// What a callback's `error` parameter becomes (RFC 6749 §4.1.2.1, §8.5):
/// one of [`REGISTERED_CODES`], an extension code kept as it came when it is
/// within RFC 6749's syntax for `error` (%x20-21 / %x23-5B / %x5D-7E) and at
/// most 64 bytes, or else malformed.
pub fn error_response_model(error: &str) -> client::Error {
    let in_syntax = !error.is_empty()
        && error.len() <= 64
        && error
            .bytes()
            .all(|b| matches!(b, 0x20..=0x21 | 0x23..=0x5B | 0x5D..=0x7E));
    let received = match REGISTERED_CODES.iter().find(|(name, _)| *name == error) {
        Some((_, code)) => *code,
        None if in_syntax => {
            ExtensionCode::new(error).map_or(ReceivedError::Malformed, ReceivedError::Extension)
        }
        None => ReceivedError::Malformed,
    };
    client::Error::ErrorResponse(received)
}
