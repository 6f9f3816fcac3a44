//! Checking a presented `code_verifier` against the bound `code_challenge`
//! (RFC 7636 §4.6), in constant time.
//!
//! The work that touches the secret (the character check, the derivation
//! and the comparison) ends in a [`subtle::Choice`], and the public function
//! branches only on that. A mismatch takes as long as a match, whichever
//! byte differs; only the verifier's length, which is not secret, changes
//! the time.

use subtle::{Choice, ConstantTimeEq};

use crate::{CodeChallenge, Error, syntax};

impl CodeChallenge {
    /// Checks a `code_verifier` from a token request against this challenge
    /// (RFC 7636 §4.6): first its syntax (`43*128unreserved`, §4.1, checked
    /// before any hashing), then, with this challenge's own method, whether
    /// it derives this challenge, compared in constant time.
    ///
    /// ```
    /// use oauth_pkce::{CodeChallenge, Error, ErrorCode, Method};
    ///
    /// let bound = CodeChallenge::parse("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Method::S256)?;
    /// assert!(bound.verify("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").is_ok());
    ///
    /// let wrong = bound.verify("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK").unwrap_err();
    /// assert_eq!(wrong.error_code(), ErrorCode::InvalidGrant);
    ///
    /// let malformed = bound.verify("dBjftJeZ4CVP+mB92K27uhbUJU1p1r/wW1gFWFOEjXk").unwrap_err();
    /// assert_eq!(malformed, Error::VerifierInvalidCharacter { index: 12 });
    /// assert_eq!(malformed.error_code(), ErrorCode::InvalidRequest);
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::VerifierMismatch`] (`invalid_grant`) when the verifier is well
    /// formed but does not match; [`Error::VerifierTooShort`],
    /// [`Error::VerifierTooLong`] or [`Error::VerifierInvalidCharacter`]
    /// (`invalid_request`) when it is malformed.
    pub fn verify(&self, code_verifier: &str) -> Result<(), Error> {
        let bytes = code_verifier.as_bytes();
        syntax::check_verifier(bytes)?;
        if bool::from(self.matches(bytes)) {
            Ok(())
        } else {
            Err(Error::VerifierMismatch)
        }
    }

    /// Whether a verifier that passed the syntax check derives this
    /// challenge, without branching on either.
    fn matches(&self, verifier: &[u8]) -> Choice {
        CodeChallenge::derive(self.method(), verifier).ct_eq(self)
    }
}
