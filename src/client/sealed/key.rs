//! A sealing key, and why a value could not be sealed or opened.

use core::fmt;

use chacha20poly1305::{KeyInit, XChaCha20Poly1305};

use crate::ct::secret::wipe;

/// Why a value could not be sealed or opened.
///
/// Opening refuses everything that is not exactly what a key of the ring
/// sealed, for the same associated data, still within its lifetime, with
/// one variant, [`Refused`](Self::Refused): which of those it was is of use
/// only to someone probing the seal. No message holds any of the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SealError {
    /// Not a value sealed by a key of this ring for this associated data,
    /// or altered, truncated, expired, or opened by a clock set before it
    /// was sealed.
    #[error(
        "sealed value refused: altered, truncated, sealed by an unknown key or for other associated data, or expired"
    )]
    Refused,
    /// The output buffer is too short for the sealed text.
    #[error("the sealed text needs {needed} bytes, the buffer holds {available}")]
    OutputTooSmall {
        /// The bytes the sealed text takes.
        needed: usize,
        /// The buffer's length.
        available: usize,
    },
    /// The associated data is longer than [`ASSOCIATED_DATA_MAX_LEN`](super::ASSOCIATED_DATA_MAX_LEN).
    #[error("associated data of {len} bytes, more than the {max} a seal binds")]
    AssociatedDataTooLong {
        /// Its length.
        len: usize,
        /// [`ASSOCIATED_DATA_MAX_LEN`](super::ASSOCIATED_DATA_MAX_LEN).
        max: usize,
    },
    /// No record to seal, or more than [`RECORDS_MAX`](super::RECORDS_MAX).
    #[error("{count} records to seal; a seal holds 1 to {max}")]
    RecordCount {
        /// How many were given.
        count: usize,
        /// [`RECORDS_MAX`](super::RECORDS_MAX).
        max: usize,
    },
    /// The store has fewer free slots than the seal has live records.
    #[error("the seal holds {needed} live records, the store has room for {free}")]
    StoreFull {
        /// The seal's records that have not expired.
        needed: usize,
        /// The store's free slots.
        free: usize,
    },
    /// A record to seal has already answered a response
    /// ([`client::Error::AlreadyUsed`](crate::client::Error::AlreadyUsed)):
    /// it holds no verifier any more.
    #[error("a pending authorization that has already answered a response cannot be sealed")]
    Spent,
    /// The operating system's RNG failed to give a nonce or a key.
    #[error("the operating system's random number generator failed")]
    RngFailure,
}

/// A 256-bit XChaCha20-Poly1305 key with the id that names it in every
/// value it seals, so that keys can rotate: a new key seals, and the old
/// ones still open what they sealed until it expires ([`SealingKeys`](super::SealingKeys)).
///
/// Wiped on drop; `Debug` shows the id only; no `Clone`. The key itself is
/// read only through [`secret`](Self::secret), to persist it.
///
/// ```
/// use oauth_pkce::client::SealingKey;
/// use rand::SeedableRng;
///
/// let mut rng = rand::rngs::StdRng::seed_from_u64(7); // tests only: use `SealingKey::generate`
/// let key = SealingKey::generate_with(1, &mut rng);
/// assert_eq!(key.id(), 1);
/// assert_eq!(format!("{key:?}"), "SealingKey { id: 1, key: <redacted> }");
/// let same = SealingKey::from_bytes(1, key.secret());
/// # assert_eq!(same.secret(), key.secret());
/// ```
// `repr(C, align(16))`, the key first: the wipe test reads it where it
// lies, as it does the verifier's characters.
#[repr(C, align(16))]
pub struct SealingKey {
    key: [u8; 32],
    id: u32,
}

impl SealingKey {
    /// A key from its 32 bytes, as kept in the client's configuration or
    /// secret store. The caller's copy is the caller's to wipe.
    ///
    /// See [`SealingKey`] for an example.
    #[must_use]
    pub fn from_bytes(id: u32, key: &[u8; 32]) -> Self {
        Self { id, key: *key }
    }

    /// A new key of 32 bytes straight from the operating system's CSPRNG.
    ///
    /// ```
    /// let key = oauth_pkce::client::SealingKey::generate(7)?;
    /// assert_eq!(key.id(), 7);
    /// # Ok::<(), oauth_pkce::client::SealError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`SealError::RngFailure`] when the operating system's RNG fails.
    #[cfg(any(feature = "std", feature = "wasm_js"))]
    pub fn generate(id: u32) -> Result<Self, SealError> {
        let mut key = Self { id, key: [0; 32] };
        crate::os_random::fill(&mut key.key).map_err(|_| SealError::RngFailure)?;
        Ok(key)
    }

    /// A new key from the caller's cryptographically secure RNG: for
    /// `no_std` targets and tests.
    ///
    /// See [`SealingKey`] for an example.
    #[must_use]
    pub fn generate_with<R: rand::CryptoRng + ?Sized>(id: u32, rng: &mut R) -> Self {
        let mut key = Self { id, key: [0; 32] };
        rng.fill_bytes(&mut key.key);
        key
    }

    /// The key's id, written in every value it seals.
    ///
    /// See [`SealingKey`] for an example.
    #[must_use]
    pub fn id(&self) -> u32 {
        self.id
    }

    /// The key's bytes, to persist it. The only way to read them.
    ///
    /// See [`SealingKey`] for an example.
    #[must_use]
    pub fn secret(&self) -> &[u8; 32] {
        &self.key
    }

    /// The cipher, which wipes its copy of the key when dropped.
    pub(super) fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&self.key.into())
    }
}

impl Drop for SealingKey {
    fn drop(&mut self) {
        wipe(&mut self.key);
    }
}

impl zeroize::ZeroizeOnDrop for SealingKey {}

impl fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SealingKey")
            .field("id", &self.id)
            .field("key", &format_args!("<redacted>"))
            .finish()
    }
}
