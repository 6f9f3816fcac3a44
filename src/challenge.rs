//! `code_challenge`: what the client sends in the authorization request and
//! the server binds to the code (RFC 7636 §4.2, §4.3, §4.4).

use core::fmt;

use subtle::{Choice, ConstantTimeEq};

use crate::ct::secret::SecretBuf;
use crate::ct::syntax::{self, MAX_LEN, MIN_LEN};
use crate::ct::{SCRUB_PARSE_CHALLENGE, SCRUB_PLAIN, declassify, s256, scrubbed};
use crate::{CodeVerifier, Error, Method};

/// A PKCE `code_challenge` together with its `code_challenge_method`
/// (RFC 7636 §4.2).
///
/// A value of this type is always valid for its method: an `S256` challenge
/// is exactly 43 base64url characters that encode 256 bits, a `plain` one is
/// 43 to 128 characters from `A-Z a-z 0-9 - . _ ~`.
///
/// Equality is constant-time. A `plain` challenge is the verifier itself, so
/// it is handled as one: its value is redacted from `Debug` and wiped on
/// drop, `Serialize` refuses it (feature `serde`; opt in with
/// `CodeChallenge::serialize_secret`), and there is no `Clone`: a copy is
/// made only by [`clone_secret`](Self::clone_secret), a line someone wrote
/// on purpose, whichever the method.
///
/// On the client:
///
/// ```
/// # #[cfg(feature = "std")] {
/// use oauth_pkce::{CodeVerifier, Method};
///
/// let verifier = CodeVerifier::generate();
/// let challenge = verifier.challenge();
/// let query = format!(
///     "code_challenge={}&code_challenge_method={}",
///     challenge.as_str(),
///     challenge.method(),
/// );
/// # assert!(query.ends_with("code_challenge_method=S256"));
/// # }
/// ```
///
/// On the server:
///
/// ```
/// use oauth_pkce::{CodeChallenge, Error, Method};
///
/// // At the authorization endpoint: parse, then store with the code.
/// let bound = CodeChallenge::parse("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Method::S256)?;
/// // At the token endpoint: check the verifier.
/// assert_eq!(bound.verify("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), Ok(()));
/// assert_eq!(
///     bound.verify("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK"),
///     Err(Error::VerifierMismatch),
/// );
/// # Ok::<(), oauth_pkce::Error>(())
/// ```
// The characters first, at a 16-byte boundary, and no padding: see
// `SecretBuf`. No `Clone`: see `clone_secret`.
#[repr(C)]
pub struct CodeChallenge {
    buf: SecretBuf<MAX_LEN>,
    method: Method,
    zero: [u8; 15],
}

// `zero` fills what would otherwise be padding after the one-byte method.
const _: () = assert!(
    size_of::<CodeChallenge>() == size_of::<SecretBuf<MAX_LEN>>() + size_of::<Method>() + 15
);

/// The last characters of a 43-character base64url string that carry no bits
/// beyond 256: their 6-bit values are multiples of 4 (RFC 4648 §3.5).
const CANONICAL_LAST: &[u8; 16] = b"AEIMQUYcgkosw048";

/// [`CANONICAL_LAST`] as a bit per ASCII character, so that the check is a
/// shift rather than a search.
const CANONICAL_LAST_BITS: u128 = {
    let mut bits = 0u128;
    let mut rest: &[u8] = CANONICAL_LAST;
    while let [c, tail @ ..] = rest {
        bits |= 1 << *c;
        rest = tail;
    }
    bits
};

/// Whether `c` may end a 43-character S256 challenge (RFC 4648 §3.5).
fn is_canonical_last(c: u8) -> bool {
    // `checked_shr` is `None` from 128 on, where no character's bit is.
    CANONICAL_LAST_BITS
        .checked_shr(u32::from(c))
        .is_some_and(|bits| bits & 1 == 1)
}

impl CodeChallenge {
    /// Derives the challenge of an already checked verifier with `method`,
    /// where it is returned.
    #[inline(always)]
    fn derive(method: Method, verifier: &[u8]) -> Self {
        match method {
            Method::S256 => {
                let mut challenge = Self {
                    buf: SecretBuf::new(),
                    method,
                    zero: [0; 15],
                };
                if let Some(dst) = challenge
                    .buf
                    .storage_mut()
                    .first_chunk_mut::<{ s256::CHALLENGE_LEN }>()
                {
                    s256::challenge_into(verifier, dst);
                }
                challenge.buf.set_len(s256::CHALLENGE_LEN);
                challenge
            }
            Method::Plain => Self::from_valid(method, verifier),
        }
    }

    /// Builds a challenge from characters that are already valid.
    #[inline(always)]
    fn from_valid(method: Method, chars: &[u8]) -> Self {
        Self {
            buf: SecretBuf::copied(chars),
            method,
            zero: [0; 15],
        }
    }

    /// The S256 challenge of `verifier`:
    /// `BASE64URL-ENCODE(SHA256(ASCII(code_verifier)))` (RFC 7636 §4.2).
    ///
    /// ```
    /// use oauth_pkce::{CodeChallenge, CodeVerifier};
    /// let verifier = CodeVerifier::parse("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")?;
    /// assert_eq!(
    ///     CodeChallenge::s256(&verifier).as_str(),
    ///     "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    /// );
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    #[must_use]
    #[inline(always)]
    pub fn s256(verifier: &CodeVerifier) -> Self {
        Self::derive(Method::S256, verifier.as_bytes())
    }

    /// The `plain` challenge of `verifier`, which is the verifier itself
    /// (RFC 7636 §4.2). Only for a client that cannot compute SHA-256 and a
    /// server that allows it; prefer [`s256`](Self::s256).
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// use oauth_pkce::{CodeChallenge, CodeVerifier, Method};
    /// let verifier = CodeVerifier::generate();
    /// let challenge = CodeChallenge::plain(&verifier);
    /// assert_eq!(challenge.method(), Method::Plain);
    /// assert_eq!(challenge.as_str(), verifier.secret());
    /// # }
    /// ```
    #[must_use]
    #[inline(always)]
    pub fn plain(verifier: &CodeVerifier) -> Self {
        scrubbed::<SCRUB_PLAIN, _>(|| Self::derive(Method::Plain, verifier.as_bytes()))
    }

    /// Parses a `code_challenge` received with `method` (RFC 7636 §4.2,
    /// §4.4): for `S256` exactly 43 base64url characters, and the last one
    /// canonical, since a SHA-256 digest is 256 bits; for `plain`
    /// `43*128unreserved`, as a verifier. The whole string must match: nothing
    /// is trimmed or decoded.
    ///
    /// ```
    /// use oauth_pkce::{CodeChallenge, Error, Method};
    ///
    /// let c = CodeChallenge::parse("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Method::S256)?;
    /// assert_eq!(c.method(), Method::S256);
    ///
    /// // Padding is not base64url as RFC 7636 uses it; the error says so.
    /// assert_eq!(
    ///     CodeChallenge::parse("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM=", Method::S256).unwrap_err(),
    ///     Error::ChallengePadded,
    /// );
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::ChallengeTooShort`], [`Error::ChallengeTooLong`],
    /// [`Error::ChallengeInvalidCharacter`] or, for `S256`,
    /// [`Error::ChallengeNotCanonical`]; for an `S256` challenge with one of
    /// the usual encoding mistakes, the error that names it instead:
    /// [`Error::ChallengePadded`], [`Error::ChallengePercentEncodedPadding`],
    /// [`Error::ChallengeStandardBase64`], [`Error::ChallengeHexDigest`] or
    /// [`Error::ChallengeBase64HexDigest`].
    #[inline(always)]
    pub fn parse(value: &str, method: Method) -> Result<Self, Error> {
        scrubbed::<SCRUB_PARSE_CHALLENGE, _>(|| Self::parse_unscrubbed(value, method))
    }

    /// [`parse`](Self::parse)'s work, which runs in a scrubbed frame: a
    /// `plain` challenge is a secret.
    #[inline(always)]
    fn parse_unscrubbed(value: &str, method: Method) -> Result<Self, Error> {
        match (Self::parse_exact(value, method), method) {
            // An S256 challenge is public, so naming its mistake may read it;
            // a plain one is a verifier and is never looked at again.
            (Err(e), Method::S256) => {
                Err(crate::diagnosis::s256_mistake(value.as_bytes()).unwrap_or(e))
            }
            (parsed, _) => parsed,
        }
    }

    /// [`parse`](Self::parse) without the diagnosis of a refused value.
    #[inline(always)]
    fn parse_exact(value: &str, method: Method) -> Result<Self, Error> {
        let bytes = value.as_bytes();
        let len = bytes.len();
        let max = match method {
            Method::S256 => s256::CHALLENGE_LEN,
            Method::Plain => MAX_LEN,
        };
        if len < MIN_LEN {
            return Err(Error::ChallengeTooShort { len });
        }
        if len > max {
            return Err(Error::ChallengeTooLong { len, max });
        }
        let scan = match method {
            Method::S256 => syntax::scan(bytes, syntax::base64url_mask),
            Method::Plain => syntax::scan(bytes, syntax::unreserved_mask),
        };
        // A plain challenge is a secret: the decision goes through the one
        // declassification point, like a verifier's.
        if !declassify(scan.valid) {
            return Err(Error::ChallengeInvalidCharacter {
                index: scan.first_invalid,
            });
        }
        // An S256 challenge is public, so this check may branch on it.
        if method == Method::S256 && !bytes.last().is_some_and(|&c| is_canonical_last(c)) {
            return Err(Error::ChallengeNotCanonical);
        }
        Ok(Self::from_valid(method, bytes))
    }

    /// The challenge's characters, as they go in `code_challenge`.
    ///
    /// For a `plain` challenge this is the verifier: keep it out of logs.
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// let challenge = oauth_pkce::CodeVerifier::generate().challenge();
    /// assert_eq!(challenge.as_str().len(), 43);
    /// # }
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        self.buf.as_str()
    }

    /// The challenge's method, as it goes in `code_challenge_method`.
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// use oauth_pkce::Method;
    /// let challenge = oauth_pkce::CodeVerifier::generate().challenge();
    /// assert_eq!(challenge.method(), Method::S256);
    /// # }
    /// ```
    #[must_use]
    pub fn method(&self) -> Method {
        self.method
    }
}

/// Checking a presented `code_verifier` against the bound `code_challenge`
/// (RFC 7636 §4.6), in constant time.
///
/// The work that touches the secret (the character check, the derivation
/// and the comparison) ends in a [`subtle::Choice`], and `verify` branches
/// only on that. A mismatch takes as long as a match, whichever byte
/// differs; only the verifier's length, which is not secret, changes the
/// time.
impl CodeChallenge {
    /// Checks a `code_verifier` from a token request against this challenge
    /// (RFC 7636 §4.6): first its syntax (`43*128unreserved`, §4.1, checked
    /// before any hashing), then, with this challenge's own method, whether
    /// it derives this challenge, compared in constant time.
    ///
    /// ```
    /// use oauth_pkce::{CodeChallenge, Error, Method};
    ///
    /// let bound = CodeChallenge::parse("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Method::S256)?;
    /// assert!(bound.verify("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").is_ok());
    ///
    /// let wrong = bound.verify("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK").unwrap_err();
    /// assert_eq!(wrong, Error::VerifierMismatch);
    ///
    /// let malformed = bound.verify("dBjftJeZ4CVP+mB92K27uhbUJU1p1r/wW1gFWFOEjXk").unwrap_err();
    /// assert_eq!(malformed, Error::VerifierInvalidCharacter { index: 12 });
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::VerifierMismatch`] when the verifier is well formed but does
    /// not match; [`Error::VerifierTooShort`], [`Error::VerifierTooLong`] or
    /// [`Error::VerifierInvalidCharacter`] when it is malformed. All are
    /// `invalid_grant`, as every refusal at the token endpoint.
    #[inline(always)]
    pub fn verify(&self, code_verifier: &str) -> Result<(), Error> {
        self.verify_unscrubbed(code_verifier)
    }

    /// [`verify`](Self::verify)'s work: it hashes and compares the secret,
    /// and the hash clears what it leaves (`ct::s256`).
    #[inline(always)]
    fn verify_unscrubbed(&self, code_verifier: &str) -> Result<(), Error> {
        let bytes = code_verifier.as_bytes();
        syntax::check_verifier(bytes)?;
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
        match self.method {
            Method::S256 => {
                let mut derived = [0u8; s256::CHALLENGE_LEN];
                s256::challenge_into(verifier, &mut derived);
                self.buf.ct_eq_bytes(&derived)
            }
            // The plain challenge is the verifier: compared where both lie,
            // with no copy of either.
            Method::Plain => self.buf.ct_eq_bytes(verifier),
        }
    }
}

impl CodeChallenge {
    /// A copy of this challenge. The type is not `Clone`, because a `plain`
    /// challenge is the verifier and a copy of a secret should be a
    /// decision written down, as for [`CodeVerifier`], which has none; for
    /// an `S256` challenge, which is public, this is an ordinary copy. A
    /// copy of a `plain` one is wiped on drop like the original.
    ///
    /// ```
    /// use oauth_pkce::{CodeChallenge, Method};
    ///
    /// let bound = CodeChallenge::parse("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Method::S256)?;
    /// assert_eq!(bound.clone_secret(), bound);
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    #[must_use]
    pub fn clone_secret(&self) -> Self {
        Self {
            buf: self.buf.clone(),
            method: self.method,
            zero: [0; 15],
        }
    }
}

impl ConstantTimeEq for CodeChallenge {
    /// Compares method, length and every byte of the fixed-size buffers, in
    /// time independent of the values.
    fn ct_eq(&self, other: &Self) -> Choice {
        self.buf.ct_eq(&other.buf) & (self.method as u8).ct_eq(&(other.method as u8))
    }
}

impl PartialEq for CodeChallenge {
    /// Constant-time, via [`ConstantTimeEq`].
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for CodeChallenge {}

impl Drop for CodeChallenge {
    fn drop(&mut self) {
        // A plain challenge is a verifier. An S256 one is public, sent in the
        // clear with the authorization request, and wiping it would be a
        // measurable share of every derivation (BENCHMARKS.md). The method
        // is public too, so branching on it is fine.
        if self.method == Method::Plain {
            self.buf.wipe();
        }
    }
}

impl fmt::Debug for CodeChallenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("CodeChallenge");
        s.field("method", &self.method);
        match self.method {
            Method::S256 => s.field("value", &self.as_str()),
            Method::Plain => s.field("value", &format_args!("<redacted>")),
        };
        s.finish()
    }
}
