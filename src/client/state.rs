//! `state`: the value that binds an authorization response to the request
//! this user agent made (RFC 6749 §10.12, RFC 9700 §4.7.1).

use core::fmt;

#[cfg(any(feature = "std", feature = "wasm_js"))]
use crate::Error;
use crate::ct::{self, SCRUB_GENERATE, base64url, scrubbed, secret::SecretBuf, secret::wipe};

/// How many random bytes a `state` is made from: 256 bits, twice the 128
/// that RFC 6749 §10.10 asks of a value an attacker must not guess.
pub(crate) const ENTROPY_BYTES: usize = 32;

/// Its length in base64url characters.
pub(crate) const STATE_LEN: usize = 43;

/// The buffer a `state` is held in: [`STATE_LEN`] rounded up to whole
/// 16-byte words, as `SecretBuf` requires.
const STATE_BUF: usize = STATE_LEN.next_multiple_of(16);

/// An OAuth `state` value: 256 bits from a CSPRNG as 43 base64url
/// characters, made fresh for one authorization request and checked, in
/// constant time, against the `state` of the response (RFC 6749 §4.1.1,
/// §4.1.2, §10.12).
///
/// It keeps an attacker from making a victim's browser complete the
/// attacker's own authorization (cross-site request forgery, RFC 9700
/// §4.7). PKCE already does this for a server that enforces it; `state`
/// does it whatever the server does, and is what a client uses to find which
/// of its pending requests a response answers. It carries nothing else:
/// never put the code verifier, or anything else secret, in it.
///
/// It is a secret until the response arrives, and handled as one:
/// [`secret`](Self::secret) is the only way to read it, `Debug` prints
/// `State(<redacted>)`, there is no `Display`, `Clone` or `PartialEq`, and
/// its bytes are wiped on drop. [`PendingAuthorization`] makes one and
/// checks it for you.
///
/// ```
/// # #[cfg(feature = "std")] {
/// use oauth_pkce::client::State;
///
/// let state = State::try_generate()?;
/// assert_eq!(state.secret().len(), 43);
/// assert!(state.matches(state.secret()));
/// assert!(!state.matches("something-else"));
/// assert_eq!(format!("{state:?}"), "State(<redacted>)");
/// # }
/// # Ok::<(), oauth_pkce::client::Error>(())
/// ```
///
/// [`PendingAuthorization`]: crate::client::PendingAuthorization
// `repr(transparent)`: the secret buffer's layout, characters first, which
// the wipe test reads.
#[repr(transparent)]
pub struct State {
    buf: SecretBuf<STATE_BUF>,
}

impl State {
    /// Encodes 32 secret random bytes into a `state`, in constant time, and
    /// wipes them.
    #[inline(always)]
    pub(crate) fn from_entropy(entropy: &mut [u8; ENTROPY_BYTES]) -> Self {
        let mut state = Self {
            buf: SecretBuf::new(),
        };
        if let Some(chars) = state.buf.storage_mut().first_chunk_mut::<STATE_LEN>() {
            base64url::encode(entropy, chars);
        }
        wipe(entropy);
        state.buf.set_len(STATE_LEN);
        state
    }

    /// A `state` of 32 bytes read straight from the operating system's
    /// CSPRNG (rand's `SysRng`), with [`Error::RngFailure`] rather than a
    /// panic if it fails (RFC 6749 §10.10, §10.12).
    ///
    /// ```
    /// let state = oauth_pkce::client::State::try_generate()?;
    /// assert_eq!(state.secret().len(), 43);
    /// # Ok::<(), oauth_pkce::client::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::RngFailure`] when the operating system's RNG fails.
    #[cfg(any(feature = "std", feature = "wasm_js"))]
    pub fn try_generate() -> Result<Self, Error> {
        scrubbed::<SCRUB_GENERATE, _>(|| {
            let mut entropy = [0u8; ENTROPY_BYTES];
            if crate::os_random::fill(&mut entropy).is_err() {
                wipe(&mut entropy);
                return Err(Error::RngFailure);
            }
            Ok(Self::from_entropy(&mut entropy))
        })
    }

    /// A `state` of 32 bytes from the caller's cryptographically secure RNG:
    /// for `no_std` targets and deterministic tests.
    ///
    /// ```
    /// use rand::SeedableRng;
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7); // tests only: use an OS-seeded RNG
    /// let state = oauth_pkce::client::State::generate_with(&mut rng);
    /// assert_eq!(state.secret().len(), 43);
    /// ```
    #[must_use]
    pub fn generate_with<R: rand::CryptoRng + ?Sized>(rng: &mut R) -> Self {
        scrubbed::<SCRUB_GENERATE, _>(|| Self::from_rng(rng))
    }

    /// [`generate_with`](Self::generate_with)'s work, for a caller that
    /// scrubs its own frames: the client record's builder.
    #[inline(always)]
    pub(crate) fn from_rng<R: rand::CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let mut entropy = [0u8; ENTROPY_BYTES];
        rng.fill_bytes(&mut entropy);
        Self::from_entropy(&mut entropy)
    }

    /// A `state` read back from the client's own storage: exactly 43
    /// base64url characters, checked in constant time. `None` otherwise;
    /// the caller reports the failure without the value.
    #[cfg(any(feature = "serde", feature = "seal"))]
    pub(crate) fn from_stored(s: &str) -> Option<Self> {
        use crate::ct::syntax;
        let bytes = s.as_bytes();
        if bytes.len() != STATE_LEN {
            return None;
        }
        let valid = syntax::scan(bytes, syntax::base64url_mask).valid;
        if !ct::declassify(valid) {
            return None;
        }
        Some(Self {
            buf: SecretBuf::copied(bytes),
        })
    }

    /// The characters, to send as `state` in the authorization request
    /// (RFC 6749 §4.1.1). The only way to read the secret: don't log what
    /// it returns.
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// let state = oauth_pkce::client::State::try_generate()?;
    /// let query = format!("response_type=code&state={}", state.secret());
    /// # assert_eq!(query.len(), 25 + 43);
    /// # }
    /// # Ok::<(), oauth_pkce::client::Error>(())
    /// ```
    #[must_use]
    pub fn secret(&self) -> &str {
        self.buf.as_str()
    }

    /// Whether `received`, the `state` of an authorization response, is
    /// this one (RFC 6749 §4.1.2, §10.12), compared in constant time: how
    /// long it takes depends on `received.len()` only, never on how many of
    /// its characters agree with this one, so an attacker cannot learn the
    /// value a character at a time.
    ///
    /// ```
    /// use rand::SeedableRng;
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7); // tests only
    /// let state = oauth_pkce::client::State::generate_with(&mut rng);
    /// assert!(state.matches(state.secret()));
    /// assert!(!state.matches(""));
    /// ```
    #[must_use]
    pub fn matches(&self, received: &str) -> bool {
        ct::declassify(self.ct_matches(received))
    }

    /// No value: what a spent record's `state` is replaced with.
    pub(crate) const fn empty() -> Self {
        Self {
            buf: SecretBuf::new(),
        }
    }

    /// The characters as bytes, for a stored form.
    #[cfg(feature = "seal")]
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.buf.as_bytes()
    }

    /// Wipes the value where it lies: a spent record's `state`, which then
    /// matches nothing (no received `state` is empty, RFC 6749 §3.1).
    pub(crate) fn wipe(&mut self) {
        self.buf.wipe();
    }

    /// Whether the value has been wiped.
    pub(crate) fn is_wiped(&self) -> bool {
        self.buf.len() == 0
    }

    /// [`matches`](Self::matches) before the decision: for a caller that
    /// combines several comparisons before making one.
    pub(crate) fn ct_matches(&self, received: &str) -> subtle::Choice {
        self.buf.ct_eq_bytes(received.as_bytes())
    }
}

impl Drop for State {
    fn drop(&mut self) {
        self.buf.wipe();
    }
}

impl zeroize::ZeroizeOnDrop for State {}

impl fmt::Debug for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("State(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn is_43_base64url_characters_from_256_bits_rfc6749_section_10_10() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        let state = State::generate_with(&mut rng);
        assert_eq!(state.secret().len(), STATE_LEN);
        assert!(
            state
                .secret()
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
        let other = State::generate_with(&mut rng);
        assert_ne!(state.secret(), other.secret());
    }

    #[test]
    #[cfg(feature = "serde")]
    fn stored_form_must_be_43_base64url_characters() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(2);
        let state = State::generate_with(&mut rng);
        let back = State::from_stored(state.secret()).expect("its own form");
        assert!(back.matches(state.secret()));
        assert!(State::from_stored("").is_none());
        assert!(State::from_stored(&state.secret()[1..]).is_none());
        let mut plus = [0u8; STATE_LEN];
        plus.copy_from_slice(state.secret().as_bytes());
        plus[0] = b'+';
        assert!(State::from_stored(core::str::from_utf8(&plus).unwrap()).is_none());
    }
}
