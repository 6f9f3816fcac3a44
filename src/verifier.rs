//! `code_verifier`: the client's one-time secret (RFC 7636 §4.1).

use core::fmt;
use core::str::FromStr;

use crate::syntax::{MAX_LEN, MIN_LEN};
use crate::{CodeChallenge, Error, Method, base64url, secret::wipe, syntax};

/// How many random bytes [`CodeVerifier::generate`] draws: 256 bits, as
/// RFC 7636 §4.1 recommends, which encode to 43 characters.
const DEFAULT_ENTROPY_BYTES: usize = 32;

/// The most random bytes a verifier is encoded from: 96 bytes give 128
/// characters.
const MAX_ENTROPY_BYTES: usize = MAX_LEN / 4 * 3;

/// A PKCE `code_verifier` (RFC 7636 §4.1): a high-entropy secret of 43 to
/// 128 characters from `A-Z a-z 0-9 - . _ ~`.
///
/// A value of this type is always valid: it can only be generated, or parsed
/// from a string that passes the RFC 7636 §4.1 grammar.
///
/// It is a secret, and handled as one:
/// - [`secret`](Self::secret) is the only way to read it;
/// - `Debug` prints `CodeVerifier(<redacted>)`, and there is no `Display`,
///   `Clone`, `AsRef` or `PartialEq`;
/// - its bytes are wiped when it is dropped. Like any Rust value it may be
///   copied in memory when moved; keep it in one place (a `Box`, or a
///   session store) if that matters to you.
///
/// ```
/// # #[cfg(feature = "std")] {
/// use oauth_pkce::{CodeVerifier, Method};
///
/// let verifier = CodeVerifier::generate();
/// assert_eq!(verifier.secret().len(), 43);
/// let challenge = verifier.challenge();
/// assert_eq!(challenge.method(), Method::S256);
/// assert!(challenge.verify(verifier.secret()).is_ok());
/// assert_eq!(format!("{verifier:?}"), "CodeVerifier(<redacted>)");
/// # }
/// ```
// `repr(C, align(16))`: the characters first, at a 16-byte boundary, also
// inside a `Result`. Then the compiler builds a parsed verifier in the
// caller's slot instead of in a temporary it copies there, and that copy
// read 16-byte words over the narrower stores that had just written them:
// a store-forwarding stall that was a third of `parse` (37 ns, now 28).
#[repr(C, align(16))]
pub struct CodeVerifier {
    bytes: [u8; MAX_LEN],
    len: u8,
}

impl CodeVerifier {
    /// Builds a verifier from characters that are already valid.
    fn from_valid(chars: &[u8]) -> Self {
        let mut bytes = [0u8; MAX_LEN];
        for (d, s) in bytes.iter_mut().zip(chars) {
            *d = *s;
        }
        Self {
            bytes,
            // At most 128, so it fits.
            len: chars.len().min(MAX_LEN) as u8,
        }
    }

    /// Encodes secret random bytes straight into a verifier of `len`
    /// characters, then wipes them.
    fn from_entropy(entropy: &mut [u8], len: usize) -> Self {
        let len = len.min(MAX_LEN);
        let mut verifier = Self {
            bytes: [0u8; MAX_LEN],
            len: len as u8,
        };
        let encoded = base64url::encoded_len(entropy.len()).min(MAX_LEN);
        base64url::encode(entropy, &mut verifier.bytes[..encoded]);
        wipe(entropy);
        // Whole groups may encode past `len`; those characters are secret too.
        wipe(&mut verifier.bytes[len..]);
        verifier
    }

    /// [`from_entropy`](Self::from_entropy) for the default 32 bytes, with
    /// fixed sizes throughout: they encode to exactly 43 characters, so
    /// nothing past them needs wiping, and every copy and wipe is a few
    /// register moves rather than a call to `memcpy` or `memset`.
    fn from_default_entropy(entropy: &mut [u8; DEFAULT_ENTROPY_BYTES]) -> Self {
        let mut bytes = [0u8; MAX_LEN];
        if let Some(head) = bytes.first_chunk_mut::<MIN_LEN>() {
            base64url::encode(entropy, head);
        }
        wipe(entropy);
        Self {
            bytes,
            len: MIN_LEN as u8,
        }
    }

    /// How many random bytes encode to at least `len` characters, each of
    /// which carries 6 full random bits: whole 3-byte groups only, so no
    /// character is taken from a partial group.
    const fn entropy_bytes_for(len: usize) -> usize {
        len.div_ceil(4) * 3
    }

    fn check_len(len: usize) -> Result<(), Error> {
        if (MIN_LEN..=MAX_LEN).contains(&len) {
            Ok(())
        } else {
            Err(Error::LengthOutOfRange { len })
        }
    }

    /// Generates a verifier from 32 bytes (256 bits) of the thread-local,
    /// OS-seeded CSPRNG: 43 characters (RFC 7636 §4.1, §7.1).
    ///
    /// The random bytes are encoded in constant time and wiped afterwards.
    ///
    /// # Panics
    ///
    /// Only if the operating system cannot seed the thread RNG the first time
    /// a thread uses it; [`try_generate`](Self::try_generate) returns an
    /// error instead.
    ///
    /// ```
    /// let verifier = oauth_pkce::CodeVerifier::generate();
    /// assert_eq!(verifier.secret().len(), 43);
    /// ```
    #[cfg(feature = "std")]
    #[must_use]
    pub fn generate() -> Self {
        Self::generate_with(&mut rand::rng())
    }

    /// Generates a 43-character verifier from 32 bytes read straight from the
    /// operating system's RNG, returning [`Error::RngFailure`] rather than
    /// panicking if it fails (RFC 7636 §4.1, §7.1).
    ///
    /// ```
    /// let verifier = oauth_pkce::CodeVerifier::try_generate()?;
    /// assert_eq!(verifier.secret().len(), 43);
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    #[cfg(feature = "std")]
    pub fn try_generate() -> Result<Self, Error> {
        use rand::TryRng;
        let mut entropy = [0u8; DEFAULT_ENTROPY_BYTES];
        if rand::rngs::SysRng.try_fill_bytes(&mut entropy).is_err() {
            wipe(&mut entropy);
            return Err(Error::RngFailure);
        }
        Ok(Self::from_default_entropy(&mut entropy))
    }

    /// Generates a verifier of `len` characters, 43 to 128, from the
    /// thread-local OS-seeded CSPRNG. Every character is uniform over the 64
    /// base64url characters, so the verifier carries `6 * len` bits.
    ///
    /// ```
    /// use oauth_pkce::{CodeVerifier, Error};
    ///
    /// assert_eq!(CodeVerifier::generate_len(128)?.secret().len(), 128);
    /// assert_eq!(CodeVerifier::generate_len(42).unwrap_err(), Error::LengthOutOfRange { len: 42 });
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::LengthOutOfRange`] when `len` is outside 43..=128.
    #[cfg(feature = "std")]
    pub fn generate_len(len: usize) -> Result<Self, Error> {
        Self::generate_len_with(len, &mut rand::rng())
    }

    /// Generates a 43-character verifier from 32 bytes of the caller's
    /// cryptographically secure RNG; for `no_std` targets and deterministic
    /// tests.
    ///
    /// ```
    /// use rand::SeedableRng;
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7); // tests only: use an OS-seeded RNG
    /// let verifier = oauth_pkce::CodeVerifier::generate_with(&mut rng);
    /// assert_eq!(verifier.secret().len(), 43);
    /// ```
    #[must_use]
    pub fn generate_with<R: rand::CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let mut entropy = [0u8; DEFAULT_ENTROPY_BYTES];
        rng.fill_bytes(&mut entropy);
        Self::from_default_entropy(&mut entropy)
    }

    /// Generates a verifier of `len` characters, 43 to 128, from the caller's
    /// cryptographically secure RNG, each character uniform over the 64
    /// base64url characters.
    ///
    /// ```
    /// use rand::SeedableRng;
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7); // tests only
    /// let verifier = oauth_pkce::CodeVerifier::generate_len_with(64, &mut rng)?;
    /// assert_eq!(verifier.secret().len(), 64);
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::LengthOutOfRange`] when `len` is outside 43..=128.
    pub fn generate_len_with<R: rand::CryptoRng + ?Sized>(
        len: usize,
        rng: &mut R,
    ) -> Result<Self, Error> {
        Self::check_len(len)?;
        let mut entropy = [0u8; MAX_ENTROPY_BYTES];
        let n = Self::entropy_bytes_for(len).min(MAX_ENTROPY_BYTES);
        rng.fill_bytes(&mut entropy[..n]);
        let verifier = Self::from_entropy(&mut entropy[..n], len);
        Ok(verifier)
    }

    /// Parses a `code_verifier` received or stored as text: exactly
    /// `43*128unreserved` over the whole string (RFC 7636 §4.1). Nothing is
    /// trimmed, decoded or transcoded; non-ASCII input is refused.
    ///
    /// The characters are checked in constant time: how long this takes
    /// depends on the length only.
    ///
    /// ```
    /// use oauth_pkce::{CodeVerifier, Error};
    ///
    /// let verifier = CodeVerifier::parse("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")?;
    /// assert_eq!(verifier.challenge().as_str(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    ///
    /// let bad = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk\n";
    /// assert_eq!(CodeVerifier::parse(bad).unwrap_err(), Error::VerifierInvalidCharacter { index: 43 });
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::VerifierTooShort`], [`Error::VerifierTooLong`] or
    /// [`Error::VerifierInvalidCharacter`].
    pub fn parse(s: &str) -> Result<Self, Error> {
        Self::parse_declassifying(s, bool::from)
    }

    /// [`parse`](Self::parse), with its one decision on the secret, whether
    /// every character is allowed, made by `declassify`.
    ///
    /// Not part of the API, and exempt from semver: it exists so that the
    /// constant-time test under valgrind (`ct/`) runs this very code and
    /// marks public exactly the `Choice` that `parse` branches on. `parse`
    /// passes `bool::from`.
    #[doc(hidden)]
    pub fn parse_declassifying(
        s: &str,
        mut declassify: impl FnMut(subtle::Choice) -> bool,
    ) -> Result<Self, Error> {
        syntax::check_verifier(s.as_bytes(), &mut declassify)?;
        Ok(Self::from_valid(s.as_bytes()))
    }

    /// The verifier's characters, to send as `code_verifier` in the token
    /// request (RFC 7636 §4.5). This is the only way to read the secret:
    /// don't log what it returns.
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// let verifier = oauth_pkce::CodeVerifier::generate();
    /// let form = [("grant_type", "authorization_code"), ("code_verifier", verifier.secret())];
    /// # assert_eq!(form[1].1.len(), 43);
    /// # }
    /// ```
    #[must_use]
    pub fn secret(&self) -> &str {
        // Every constructor stores ASCII, so this never falls back.
        core::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or_default()
    }

    /// The S256 `code_challenge` of this verifier (RFC 7636 §4.2), to send in
    /// the authorization request (§4.3).
    ///
    /// ```
    /// use oauth_pkce::CodeVerifier;
    /// let verifier = CodeVerifier::parse("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")?;
    /// assert_eq!(verifier.challenge().as_str(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    #[must_use]
    pub fn challenge(&self) -> CodeChallenge {
        CodeChallenge::s256(self)
    }

    /// The `code_challenge` of this verifier with the given method
    /// (RFC 7636 §4.2). With [`Method::Plain`] the challenge *is* the
    /// verifier: use it only where a server cannot do S256.
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// use oauth_pkce::{CodeVerifier, Method};
    /// let verifier = CodeVerifier::generate();
    /// let plain = verifier.challenge_with(Method::Plain);
    /// assert_eq!(plain.as_str(), verifier.secret());
    /// # }
    /// ```
    #[must_use]
    pub fn challenge_with(&self, method: Method) -> CodeChallenge {
        match method {
            Method::S256 => CodeChallenge::s256(self),
            Method::Plain => CodeChallenge::plain(self),
        }
    }
}

impl Drop for CodeVerifier {
    fn drop(&mut self) {
        wipe(&mut self.bytes);
        self.len = 0;
    }
}

impl zeroize::ZeroizeOnDrop for CodeVerifier {}

impl fmt::Debug for CodeVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CodeVerifier(<redacted>)")
    }
}

impl FromStr for CodeVerifier {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for CodeVerifier {
    type Error = Error;

    fn try_from(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}
