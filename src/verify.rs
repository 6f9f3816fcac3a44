//! Checking a presented `code_verifier` against the bound `code_challenge`
//! (RFC 7636 §4.6), in constant time.
//!
//! The work that touches the secret (the character check, the derivation
//! and the comparison) ends in a [`subtle::Choice`], and the public function
//! branches only on that. A mismatch takes as long as a match, whichever
//! byte differs; only the verifier's length, which is not secret, changes
//! the time.

use subtle::{Choice, ConstantTimeEq};

use crate::{CodeChallenge, Error, Method, s256, syntax};

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
        self.verify_declassifying(code_verifier, bool::from)
    }

    /// [`verify`](Self::verify), with each decision taken on the secret (the
    /// syntax check's and the comparison's) made by `declassify`.
    ///
    /// Not part of the API, and exempt from semver: it exists so that the
    /// constant-time test under valgrind (`ct/`) runs this very code and
    /// marks public exactly the `Choice`s that `verify` branches on, and
    /// nothing else. `verify` passes `bool::from`.
    #[doc(hidden)]
    pub fn verify_declassifying(
        &self,
        code_verifier: &str,
        mut declassify: impl FnMut(Choice) -> bool,
    ) -> Result<(), Error> {
        let bytes = code_verifier.as_bytes();
        syntax::check_verifier(bytes, &mut declassify)?;
        if declassify(self.matches(bytes)) {
            Ok(())
        } else {
            Err(Error::VerifierMismatch)
        }
    }

    /// Whether a verifier that passed the syntax check derives this
    /// challenge, without branching on either.
    ///
    /// For S256 the derived challenge is compared as it comes out of the
    /// hash, 43 bytes on the stack, rather than built into a second
    /// `CodeChallenge` (a 128-byte buffer to fill, compare and wipe). It
    /// needs no wiping: it is a SHA-256 digest, public once it matches, and
    /// of no use to anyone when it does not.
    fn matches(&self, verifier: &[u8]) -> Choice {
        match self.method() {
            Method::S256 => match <&[u8; 43]>::try_from(self.as_bytes()) {
                Ok(bound) => ct_eq_43(&s256::challenge(verifier), bound),
                // Every S256 challenge is 43 characters; a length is public.
                Err(_) => Choice::from(0),
            },
            Method::Plain => CodeChallenge::derive(Method::Plain, verifier).ct_eq(self),
        }
    }
}

/// Constant-time equality of two 43-byte strings: XORs of 8-byte words ORed
/// together, one comparison at the end, no branch and no early exit.
fn ct_eq_43(a: &[u8; 43], b: &[u8; 43]) -> Choice {
    let (a_words, a_rest) = a.as_chunks::<8>();
    let (b_words, b_rest) = b.as_chunks::<8>();
    let mut diff = 0u64;
    for (x, y) in a_words.iter().zip(b_words) {
        diff |= u64::from_ne_bytes(*x) ^ u64::from_ne_bytes(*y);
    }
    for (x, y) in a_rest.iter().zip(b_rest) {
        diff |= u64::from(x ^ y);
    }
    diff.ct_eq(&0)
}
