//! Reference models the fuzz targets hold the library to: the grammars of
//! RFC 7636 and the rules of `Policy`, written the obvious way (branches,
//! early exits, look-ups), since nothing here is secret and the point is a
//! second, independent statement of the same rules.

use oauth_pkce::rand::{TryCryptoRng, TryRng};
use oauth_pkce::{ClientType, CodeChallenge, CodeVerifier, Error, Method, Requirement};

/// The base64url alphabet (RFC 4648 §5), in value order.
pub const BASE64URL: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `unreserved` of RFC 3986 §2.3, the verifier's alphabet (RFC 7636 §4.1).
pub fn is_unreserved(c: u8) -> bool {
    BASE64URL.contains(&c) || c == b'.' || c == b'~'
}

pub fn is_base64url(c: u8) -> bool {
    BASE64URL.contains(&c)
}

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

/// An "RNG" that hands out the fuzzer's bytes, so that the fuzzer steers
/// generation through every value the encoder can see. Test code only.
pub struct FuzzRng<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> FuzzRng<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, at: 0 }
    }
}

impl TryRng for FuzzRng<'_> {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for d in dst {
            // Past the end, a counter keeps the output defined and varied.
            *d = self.bytes.get(self.at).copied().unwrap_or(self.at as u8);
            self.at = self.at.wrapping_add(1);
        }
        Ok(())
    }
}

impl TryCryptoRng for FuzzRng<'_> {}

/// `text` with the character at `index` replaced by another unreserved one.
pub fn flip(text: &str, index: usize) -> String {
    let mut b = text.as_bytes().to_vec();
    b[index] = if b[index] == b'A' { b'B' } else { b'A' };
    String::from_utf8(b).expect("ASCII in, ASCII out")
}
