//! The values the audit sends: verifiers, challenges and `state` from the
//! library and the OS CSPRNG, and the deliberately malformed ones (42 and
//! 129 characters, padded) that a `CodeVerifier` rightly refuses to hold.
//! Each is a [`Secret`]: never printed, wiped on drop.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use oauth_pkce::{CodeVerifier, Method};
use sha2::{Digest as _, Sha256};
use zeroize::Zeroizing;

/// A value the audit sends or receives that must never be shown: a code,
/// a verifier, a challenge (a `plain` one is a verifier), a `state`.
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Takes ownership of `value`.
    pub fn new(value: String) -> Self {
        Self(Zeroizing::new(value))
    }

    /// The value, to put in a request.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// A verifier of any length and the challenge PKCE derives from it.
pub struct Pair {
    /// The `code_verifier`.
    pub verifier: Secret,
    /// Its `code_challenge`.
    pub challenge: Secret,
}

/// A fresh 43-character verifier from the OS CSPRNG, and its S256
/// challenge, both by the library.
pub fn s256_pair() -> Result<Pair, oauth_pkce::Error> {
    let v = CodeVerifier::try_generate()?;
    let challenge = v.challenge_with(Method::S256);
    Ok(Pair {
        verifier: Secret::new(v.secret().to_owned()),
        challenge: Secret::new(challenge.as_str().to_owned()),
    })
}

/// A random verifier of `len` characters of the verifier alphabet (any
/// length, 42 and 129 included) and its S256 challenge, computed here
/// since the library holds only valid verifiers.
pub fn s256_pair_of_len(len: usize) -> Result<Pair, oauth_pkce::Error> {
    let mut verifier = String::with_capacity(len + 128);
    while verifier.len() < len {
        verifier.push_str(CodeVerifier::generate_len(128)?.secret());
    }
    verifier.truncate(len);
    let challenge = s256(&verifier);
    Ok(Pair {
        verifier: Secret::new(verifier),
        challenge: Secret::new(challenge),
    })
}

/// `BASE64URL-ENCODE(SHA256(ASCII(verifier)))`, RFC 7636 §4.2.
pub fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// A `state` value: 43 characters from the OS CSPRNG (RFC 6749 §10.12).
pub fn state() -> Result<Secret, oauth_pkce::Error> {
    Ok(Secret::new(
        CodeVerifier::try_generate()?.secret().to_owned(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7636 Appendix B: the S256 challenge of the example verifier.
    #[test]
    fn s256_matches_rfc7636_appendix_b() {
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    /// The malformed verifiers have exactly the length asked for, only
    /// unreserved characters (RFC 7636 §4.1), and the challenge of S256.
    #[test]
    fn verifiers_of_any_length() {
        for len in [42, 129] {
            let p = s256_pair_of_len(len).unwrap();
            assert_eq!(p.verifier.expose().len(), len);
            assert!(
                p.verifier
                    .expose()
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
            );
            assert_eq!(p.challenge.expose(), s256(p.verifier.expose()));
        }
    }

    /// The library's pair agrees with the hand-computed S256.
    #[test]
    fn library_pair_is_s256() {
        let p = s256_pair().unwrap();
        assert_eq!(p.challenge.expose(), s256(p.verifier.expose()));
    }

    /// A secret's Debug never shows it.
    #[test]
    fn secret_debug_is_redacted() {
        let s = Secret::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into());
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
    }
}
