//! `code_challenge`: what the client sends in the authorization request and
//! the server binds to the code (RFC 7636 §4.2, §4.3, §4.4).

use core::fmt;

use subtle::{Choice, ConstantTimeEq};

use crate::syntax::{self, MAX_LEN, MIN_LEN};
use crate::{CodeVerifier, Error, Method, s256, secret::wipe};

/// A PKCE `code_challenge` together with its `code_challenge_method`
/// (RFC 7636 §4.2).
///
/// A value of this type is always valid for its method: an `S256` challenge
/// is exactly 43 base64url characters that encode 256 bits, a `plain` one is
/// 43 to 128 characters from `A-Z a-z 0-9 - . _ ~`.
///
/// Equality is constant-time. A `plain` challenge is the verifier itself, so
/// its value is redacted from `Debug` and wiped on drop.
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
#[derive(Clone)]
// The characters first, at a 16-byte boundary: see `CodeVerifier`.
#[repr(C, align(16))]
pub struct CodeChallenge {
    /// The characters, zero past `len`, so that two challenges compare as
    /// whole fixed-size buffers.
    bytes: [u8; MAX_LEN],
    len: u8,
    method: Method,
}

/// The last characters of a 43-character base64url string that carry no bits
/// beyond 256: their 6-bit values are multiples of 4 (RFC 4648 §3.5).
const CANONICAL_LAST: &[u8; 16] = b"AEIMQUYcgkosw048";

/// [`CANONICAL_LAST`] as a bit per ASCII character, so that the check is a
/// shift rather than a search.
const CANONICAL_LAST_BITS: u128 = {
    let mut bits = 0u128;
    let mut i = 0;
    while i < CANONICAL_LAST.len() {
        bits |= 1 << CANONICAL_LAST[i];
        i += 1;
    }
    bits
};

/// Whether `c` may end a 43-character S256 challenge (RFC 4648 §3.5).
fn is_canonical_last(c: u8) -> bool {
    c < 128 && (CANONICAL_LAST_BITS >> c) & 1 == 1
}

impl CodeChallenge {
    /// Derives the challenge of an already checked verifier with `method`.
    pub(crate) fn derive(method: Method, verifier: &[u8]) -> Self {
        match method {
            Method::S256 => Self::from_valid(method, &s256::challenge(verifier)),
            Method::Plain => Self::from_valid(method, verifier),
        }
    }

    fn from_valid(method: Method, chars: &[u8]) -> Self {
        let mut bytes = [0u8; MAX_LEN];
        for (d, s) in bytes.iter_mut().zip(chars) {
            *d = *s;
        }
        Self {
            bytes,
            len: chars.len().min(MAX_LEN) as u8,
            method,
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
    pub fn plain(verifier: &CodeVerifier) -> Self {
        Self::derive(Method::Plain, verifier.as_bytes())
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
    /// // Padding is not base64url as RFC 7636 uses it.
    /// assert_eq!(
    ///     CodeChallenge::parse("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM=", Method::S256).unwrap_err(),
    ///     Error::ChallengeTooLong { len: 44, max: 43 },
    /// );
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::ChallengeTooShort`], [`Error::ChallengeTooLong`],
    /// [`Error::ChallengeInvalidCharacter`] or, for `S256`,
    /// [`Error::ChallengeNotCanonical`].
    pub fn parse(value: &str, method: Method) -> Result<Self, Error> {
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
        if !bool::from(scan.valid) {
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
        // Every constructor stores ASCII, so this never falls back.
        core::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }

    /// The characters without `as_str`'s UTF-8 check, which branches on
    /// them: for comparisons, where a `plain` challenge is a secret.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or_default()
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

impl ConstantTimeEq for CodeChallenge {
    /// Compares method, length and every byte of the fixed-size buffers, in
    /// time independent of the values.
    fn ct_eq(&self, other: &Self) -> Choice {
        let mut diff = 0u64;
        for (a, b) in self.bytes.chunks_exact(8).zip(other.bytes.chunks_exact(8)) {
            diff |= word(a) ^ word(b);
        }
        diff.ct_eq(&0)
            & self.len.ct_eq(&other.len)
            & (self.method as u8).ct_eq(&(other.method as u8))
    }
}

/// Eight bytes as one word, so that a comparison is a few XORs rather than a
/// barrier per byte.
#[inline(always)]
fn word(bytes: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    for (d, s) in w.iter_mut().zip(bytes) {
        *d = *s;
    }
    u64::from_ne_bytes(w)
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
        // clear with the authorization request, and wiping it cost 8 % of a
        // derivation. The method is public too, so branching on it is fine.
        if self.method == Method::Plain {
            wipe(&mut self.bytes);
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
