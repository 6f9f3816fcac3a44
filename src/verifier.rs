//! `code_verifier`: the client's one-time secret (RFC 7636 §4.1).

use core::fmt;
use core::str::FromStr;

use crate::ct::secret::{SecretBuf, wipe};
use crate::ct::syntax::{self, MAX_LEN, MIN_LEN};
use crate::ct::{SCRUB_GENERATE, SCRUB_GENERATE_LEN, SCRUB_PARSE, base64url, scrubbed};
#[cfg(any(feature = "std", feature = "wasm_js"))]
use crate::os_random;
use crate::{CodeChallenge, Error, Method};

/// How many random bytes [`CodeVerifier::generate`] draws: 256 bits, as
/// RFC 7636 §4.1 recommends, which encode to 43 characters.
const DEFAULT_ENTROPY_BYTES: usize = 32;

/// The most random bytes a verifier is encoded from: 96 bytes give 128
/// characters.
pub(crate) const MAX_ENTROPY_BYTES: usize = MAX_LEN / 4 * 3;

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
// One field, so the layout is `SecretBuf`'s: the characters first, at a
// 16-byte boundary.
#[repr(transparent)]
pub struct CodeVerifier {
    buf: SecretBuf<MAX_LEN>,
}

impl CodeVerifier {
    /// An empty verifier, left where a spent client record's verifier was
    /// moved out: never returned to a caller.
    #[inline(always)]
    pub(crate) const fn empty() -> Self {
        Self {
            buf: SecretBuf::new(),
        }
    }

    /// Encodes secret random bytes straight into a verifier of `len`
    /// characters, then wipes them.
    fn from_entropy(entropy: &mut [u8], len: usize) -> Self {
        let mut verifier = Self {
            buf: SecretBuf::new(),
        };
        let encoded = base64url::encoded_len(entropy.len());
        if let Some(dst) = verifier.buf.storage_mut().get_mut(..encoded) {
            base64url::encode(entropy, dst);
        }
        wipe(entropy);
        // Whole groups may encode past `len`: `truncate` wipes them.
        verifier.buf.truncate(len);
        verifier
    }

    /// [`from_entropy`](Self::from_entropy) for the default 32 bytes, with
    /// fixed sizes throughout: they encode to exactly 43 characters, so
    /// nothing past them needs wiping, and every copy and wipe is a few
    /// register moves rather than a call to `memcpy` or `memset`.
    #[inline(always)]
    fn from_default_entropy(entropy: &mut [u8; DEFAULT_ENTROPY_BYTES]) -> Self {
        let mut verifier = Self {
            buf: SecretBuf::new(),
        };
        if let Some(head) = verifier.buf.storage_mut().first_chunk_mut::<MIN_LEN>() {
            base64url::encode(entropy, head);
        }
        wipe(entropy);
        verifier.buf.set_len(MIN_LEN);
        verifier
    }

    /// A verifier of `len` characters from the random bytes `fill` writes:
    /// whole 3-byte groups, encoded, then wiped, also when `fill` fails.
    #[inline(always)]
    fn from_filled(
        len: usize,
        fill: impl FnOnce(&mut [u8]) -> Result<(), Error>,
    ) -> Result<Self, Error> {
        Self::check_len(len)?;
        let mut entropy = [0u8; MAX_ENTROPY_BYTES];
        let n = Self::entropy_bytes_for(len).min(MAX_ENTROPY_BYTES);
        let Some(used) = entropy.get_mut(..n) else {
            return Err(Error::LengthOutOfRange { len });
        };
        if let Err(e) = fill(used) {
            wipe(&mut entropy);
            return Err(e);
        }
        Ok(Self::from_entropy(used, len))
    }

    /// How many random bytes [`from_random_bytes`](Self::from_random_bytes)
    /// takes for `len` characters: 32 for the default 43, as
    /// [`generate`](Self::generate) reads, else whole 3-byte groups.
    #[cfg(any(feature = "std", feature = "wasm_js"))]
    pub(crate) const fn random_bytes_for(len: usize) -> usize {
        if len == MIN_LEN {
            DEFAULT_ENTROPY_BYTES
        } else {
            Self::entropy_bytes_for(len)
        }
    }

    /// A verifier of `len` characters encoded from `bytes`, random bytes
    /// the caller has read from the OS: exactly
    /// [`random_bytes_for(len)`](Self::random_bytes_for) of them. Any other
    /// count is refused with [`Error::RngFailure`], rather than a verifier
    /// made from fewer random bytes or a read whose bytes go unused.
    #[cfg(any(feature = "std", feature = "wasm_js"))]
    #[inline(always)]
    pub(crate) fn from_random_bytes(len: usize, bytes: &[u8]) -> Result<Self, Error> {
        if len == MIN_LEN {
            let Ok(mut entropy) = <[u8; DEFAULT_ENTROPY_BYTES]>::try_from(bytes) else {
                return Err(Error::RngFailure);
            };
            return Ok(Self::from_default_entropy(&mut entropy));
        }
        if bytes.len() != Self::entropy_bytes_for(len) {
            return Err(Error::RngFailure);
        }
        Self::from_filled(len, |dest| {
            for (d, r) in dest.iter_mut().zip(bytes) {
                *d = *r;
            }
            Ok(())
        })
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

    /// Generates a verifier from 32 bytes (256 bits) read straight from the
    /// operating system's CSPRNG: 43 characters (RFC 7636 §4.1, §7.1).
    ///
    /// Nothing is kept in user space between calls: no RNG state for a
    /// forked child to inherit and repeat, and no buffer of past output
    /// left on the heap. The random bytes are encoded in constant time and
    /// wiped. [`generate_with`](Self::generate_with) takes a user-space RNG
    /// instead, which is faster and gives up both properties.
    ///
    /// In a browser (`wasm32-unknown-unknown` with the `wasm_js` feature),
    /// the bytes come from `crypto.getRandomValues`.
    ///
    /// # Panics
    ///
    /// Only if the operating system cannot provide random bytes, which on
    /// the supported platforms means it is broken beyond repair (the same
    /// condition under which `rand::rng()` panics);
    /// [`try_generate`](Self::try_generate) returns an error instead.
    ///
    /// ```
    /// let verifier = oauth_pkce::CodeVerifier::generate();
    /// assert_eq!(verifier.secret().len(), 43);
    /// ```
    #[cfg(any(feature = "std", feature = "wasm_js"))]
    #[must_use]
    #[inline(always)]
    #[allow(
        clippy::panic,
        reason = "documented: no value can stand for a missing secret"
    )]
    pub fn generate() -> Self {
        scrubbed::<SCRUB_GENERATE, _>(|| match Self::from_os() {
            Ok(verifier) => verifier,
            Err(_) => panic!("the operating system's random number generator failed"),
        })
    }

    /// Generates a 43-character verifier from 32 bytes read straight from the
    /// operating system's CSPRNG, returning [`Error::RngFailure`] rather than
    /// panicking if it fails (RFC 7636 §4.1, §7.1).
    ///
    /// ```
    /// let verifier = oauth_pkce::CodeVerifier::try_generate()?;
    /// assert_eq!(verifier.secret().len(), 43);
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::RngFailure`] when the operating system's RNG fails.
    #[cfg(any(feature = "std", feature = "wasm_js"))]
    #[inline(always)]
    pub fn try_generate() -> Result<Self, Error> {
        scrubbed::<SCRUB_GENERATE, _>(Self::from_os)
    }

    /// 32 bytes from the operating system, encoded: `generate`'s and
    /// `try_generate`'s work.
    #[cfg(any(feature = "std", feature = "wasm_js"))]
    #[inline(always)]
    fn from_os() -> Result<Self, Error> {
        let mut entropy = [0u8; DEFAULT_ENTROPY_BYTES];
        if os_random::fill(&mut entropy).is_err() {
            wipe(&mut entropy);
            return Err(Error::RngFailure);
        }
        Ok(Self::from_default_entropy(&mut entropy))
    }

    /// Generates a verifier of `len` characters, 43 to 128, from bytes read
    /// straight from the operating system's CSPRNG, as
    /// [`generate`](Self::generate) does. Every character is uniform over
    /// the 64 base64url characters, so the verifier carries `6 * len` bits.
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
    /// [`Error::LengthOutOfRange`] when `len` is outside 43..=128, and
    /// [`Error::RngFailure`] when the operating system's RNG fails.
    #[cfg(any(feature = "std", feature = "wasm_js"))]
    #[inline(always)]
    pub fn generate_len(len: usize) -> Result<Self, Error> {
        scrubbed::<SCRUB_GENERATE_LEN, _>(|| Self::from_filled(len, os_random::fill))
    }

    /// Generates a 43-character verifier from 32 bytes of the caller's
    /// cryptographically secure RNG: for `no_std` targets, deterministic
    /// tests, and callers who choose a user-space RNG.
    ///
    /// The trade-off, if you pass a user-space RNG such as `rand::rng()`: it
    /// is faster than a system call per verifier, but its state lives in
    /// your process. A process that forks after using it hands the same
    /// state to every child, which then produce the same verifiers, and it
    /// keeps a block of its past output, which held this verifier's bytes,
    /// on the heap. [`generate`](Self::generate) has neither problem.
    ///
    /// ```
    /// use rand::SeedableRng;
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7); // tests only: use an OS-seeded RNG
    /// let verifier = oauth_pkce::CodeVerifier::generate_with(&mut rng);
    /// assert_eq!(verifier.secret().len(), 43);
    /// ```
    #[must_use]
    #[inline(always)]
    pub fn generate_with<R: rand::CryptoRng + ?Sized>(rng: &mut R) -> Self {
        scrubbed::<SCRUB_GENERATE, _>(|| {
            let mut entropy = [0u8; DEFAULT_ENTROPY_BYTES];
            rng.fill_bytes(&mut entropy);
            Self::from_default_entropy(&mut entropy)
        })
    }

    /// Generates a verifier of `len` characters, 43 to 128, from the caller's
    /// cryptographically secure RNG, each character uniform over the 64
    /// base64url characters. See [`generate_with`](Self::generate_with) for
    /// the trade-off of a user-space RNG.
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
    #[inline(always)]
    pub fn generate_len_with<R: rand::CryptoRng + ?Sized>(
        len: usize,
        rng: &mut R,
    ) -> Result<Self, Error> {
        scrubbed::<SCRUB_GENERATE_LEN, _>(|| {
            Self::from_filled(len, |entropy| {
                rng.fill_bytes(entropy);
                Ok(())
            })
        })
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
    #[inline(always)]
    pub fn parse(s: &str) -> Result<Self, Error> {
        scrubbed::<SCRUB_PARSE, _>(|| {
            syntax::check_verifier(s.as_bytes())?;
            Ok(Self {
                buf: SecretBuf::copied(s.as_bytes()),
            })
        })
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
        self.buf.as_str()
    }

    /// The characters without `secret`'s UTF-8 check, which branches on
    /// them.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.buf.as_bytes()
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
    #[inline(always)]
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
    #[inline(always)]
    pub fn challenge_with(&self, method: Method) -> CodeChallenge {
        match method {
            Method::S256 => CodeChallenge::s256(self),
            Method::Plain => CodeChallenge::plain(self),
        }
    }
}

impl Drop for CodeVerifier {
    fn drop(&mut self) {
        self.buf.wipe();
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
