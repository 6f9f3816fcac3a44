//! The rules of RFC 7636 and of `Policy`, written the obvious way
//! (branches, early exits, look-ups), since nothing here is secret and the
//! point is a second, independent statement of the same rules. The property
//! tests and the fuzz targets hold the library to them.

use oauth_pkce::{ClientType, CodeChallenge, CodeVerifier, Error, Method, Requirement};

use crate::vectors::{BASE64URL, is_base64url, is_unreserved};

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
/// carries 4 bits and two zero bits; for plain, a verifier.
pub fn challenge_model(s: &str, method: Method) -> Result<(), Error> {
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

/// What `Method::parse(s)` must return: the two registered names, exactly.
pub fn method_model(s: &str) -> Result<Method, Error> {
    match s {
        "S256" => Ok(Method::S256),
        "plain" => Ok(Method::Plain),
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
    ) -> Result<Option<(Method, String)>, Error> {
        let (challenge, method) = (present(challenge), present(method));
        let Some(challenge) = challenge else {
            if method.is_some() {
                return Err(Error::MethodWithoutChallenge);
            }
            if self.requires(client) {
                return Err(Error::MissingChallenge);
            }
            return Ok(None);
        };
        // No method means plain (RFC 7636 §4.3), never S256.
        let method = match method {
            None => Method::Plain,
            Some(name) => method_model(name)?,
        };
        if method == Method::Plain && !self.allow_plain {
            return Err(Error::PlainNotAllowed);
        }
        challenge_model(challenge, method)?;
        Ok(Some((method, challenge.to_owned())))
    }

    /// What `check_token_request` must return. Whether a well-formed
    /// verifier matches is decided through the public derivation, not
    /// through `verify`.
    pub fn token(bound: Option<&CodeChallenge>, verifier: Option<&str>) -> Result<(), Error> {
        match (bound, present(verifier)) {
            (Some(bound), Some(v)) => {
                verifier_model(v)?;
                let derived = CodeVerifier::parse(v)
                    .expect("the model accepted it")
                    .challenge_with(bound.method());
                if derived.as_str() == bound.as_str() {
                    Ok(())
                } else {
                    Err(Error::VerifierMismatch)
                }
            }
            (Some(_), None) => Err(Error::MissingVerifier),
            (None, Some(_)) => Err(Error::UnexpectedVerifier),
            (None, None) => Ok(()),
        }
    }
}

