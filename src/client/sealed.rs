//! Sealed storage (feature `seal`): pending authorizations kept where the
//! client cannot keep a secret, such as a cookie in the user's browser,
//! authenticated-encrypted so that whoever holds them can neither read nor
//! change them.
//!
//! The AEAD is XChaCha20-Poly1305 (RFC 8439 with the extended nonce of
//! draft-irtf-cfrg-xchacha), RustCrypto's `chacha20poly1305`: its 192-bit
//! nonce is drawn at random for every seal, which is safe for far more
//! seals than any one key makes, with no counter to keep across processes.
//!
//! The sealed value is base64url text without padding (RFC 4648 §5) of:
//!
//! | bytes | field |
//! |---|---|
//! | 1 | envelope version, `1` |
//! | 4 | the id of the key that sealed it, big-endian: a key ring opens with that key |
//! | 24 | the nonce |
//! | n | the encrypted payload |
//! | 16 | the Poly1305 tag |
//!
//! The payload is the time it was sealed and the time it expires (each 8
//! bytes, seconds since the Unix epoch, big-endian), a count of records (1
//! byte), then each record in its binary form (`record_bytes.rs`). The
//! associated data is a fixed context string, the version and key id, and
//! the caller's associated data (at most
//! [`ASSOCIATED_DATA_MAX_LEN`] bytes), typically the user's session id, so
//! that a seal taken from one session does not open in another.

use core::fmt;

use chacha20poly1305::aead::AeadInOut;
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};

use super::base64_text;
use super::record_bytes::{self, Reader, Writer};
use crate::client::{PendingAuthorization, PendingAuthorizations};
use crate::ct::scrubbed;
use crate::ct::secret::wipe;

/// The longest associated data a seal binds, in bytes: room for a session
/// id or a hash of a longer one.
pub const ASSOCIATED_DATA_MAX_LEN: usize = 256;

/// The longest a seal lasts, in seconds: a day. A seal expires with the
/// last record it holds, and never later than this after it was made.
pub const SEAL_LIFETIME_MAX_SECS: u64 = 86_400;

/// The most records one seal holds.
pub const RECORDS_MAX: usize = 255;

const VERSION: u8 = 1;
const KEY_ID_LEN: usize = 4;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
const HEADER_LEN: usize = 1 + KEY_ID_LEN + NONCE_LEN;
/// Sealed at, expires at, count.
const PAYLOAD_HEADER_LEN: usize = 8 + 8 + 1;
/// Separates these seals from anything else the same key might seal.
const CONTEXT: &[u8] = b"oauth-pkce sealed pending authorizations";

/// The longest sealed text of one record, every field at its maximum:
/// 1,355 characters, so that it fits a cookie (4,096 bytes with its name,
/// RFC 6265 §6.1) with room to spare.
pub const SEALED_RECORD_MAX_LEN: usize =
    base64_text::encoded_len(HEADER_LEN + PAYLOAD_HEADER_LEN + record_bytes::MAX_LEN + TAG_LEN);

/// How much of the stack each sealing operation overwrites once done: its
/// buffers and the cipher's state (`crate::ct::scrubbed`).
const SCRUB_SEAL: usize = 16_384;

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
    /// The associated data is longer than [`ASSOCIATED_DATA_MAX_LEN`].
    #[error("associated data of {len} bytes, more than the {max} a seal binds")]
    AssociatedDataTooLong {
        /// Its length.
        len: usize,
        /// [`ASSOCIATED_DATA_MAX_LEN`].
        max: usize,
    },
    /// No record to seal, or more than [`RECORDS_MAX`].
    #[error("{count} records to seal; a seal holds 1 to {max}")]
    RecordCount {
        /// How many were given.
        count: usize,
        /// [`RECORDS_MAX`].
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
    /// The operating system's RNG failed to give a nonce or a key.
    #[error("the operating system's random number generator failed")]
    RngFailure,
}

/// A 256-bit XChaCha20-Poly1305 key with the id that names it in every
/// value it seals, so that keys can rotate: a new key seals, and the old
/// ones still open what they sealed until it expires ([`SealingKeys`]).
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
    fn cipher(&self) -> XChaCha20Poly1305 {
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

/// The keys a client seals and opens with: the current key seals, and it
/// or any of the previous ones opens, chosen by the id in the sealed value.
///
/// ```
/// use oauth_pkce::client::PendingAuthorization;
/// use oauth_pkce::client::{SealError, SealingKey, SealingKeys};
/// use rand::SeedableRng;
///
/// let mut rng = rand::rngs::StdRng::seed_from_u64(7); // tests only: use the OS RNG
/// let (old, new) = (SealingKey::generate_with(1, &mut rng), SealingKey::generate_with(2, &mut rng));
/// let now = 1_700_000_000;
/// let record = PendingAuthorization::builder("https://app.example/cb").build_with(now, &mut rng)?;
/// let session = b"the user's session id";
///
/// // Before the rotation: sealed by key 1 into a cookie's value.
/// let cookie = SealingKeys::new(&old).seal_with(&record, session, now, &mut rng)?;
/// assert!(cookie.as_str().len() < 4096);
///
/// // After it: key 2 seals, key 1 still opens.
/// let previous = [old];
/// let keys = SealingKeys::new(&new).with_previous(&previous);
/// let back = keys.open(cookie.as_str(), session, now + 30)?;
/// assert!(back.state().matches(record.state().secret()));
///
/// // Another session, a changed character, or too late: refused alike.
/// assert_eq!(keys.open(cookie.as_str(), b"another", now + 30).unwrap_err(), SealError::Refused);
/// assert_eq!(keys.open(cookie.as_str(), session, now + 600).unwrap_err(), SealError::Refused);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct SealingKeys<'k> {
    current: &'k SealingKey,
    previous: &'k [SealingKey],
}

/// One record, sealed: base64url text of at most
/// [`SEALED_RECORD_MAX_LEN`] characters, held inline. Not a secret; `Debug`
/// shows its length only, to keep logs short.
///
/// See [`SealingKeys`] for an example.
pub struct SealedRecord {
    text: [u8; SEALED_RECORD_MAX_LEN],
    len: usize,
}

impl SealedRecord {
    /// The sealed text, for a cookie's value or any other storage.
    ///
    /// See [`SealingKeys`] for an example.
    #[must_use]
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(self.text.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
}

impl fmt::Debug for SealedRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SealedRecord({} characters)", self.len)
    }
}

impl<'k> SealingKeys<'k> {
    /// A ring whose `current` key seals and opens.
    ///
    /// See [`SealingKeys`] for an example.
    #[must_use]
    pub fn new(current: &'k SealingKey) -> Self {
        Self {
            current,
            previous: &[],
        }
    }

    /// Adds keys that still open what they sealed but no longer seal.
    ///
    /// See [`SealingKeys`] for an example.
    #[must_use]
    pub fn with_previous(self, previous: &'k [SealingKey]) -> Self {
        Self { previous, ..self }
    }

    /// Seals one record, bound to `associated_data`, with a nonce from the
    /// operating system's CSPRNG, at `now_unix_secs`. It expires with the
    /// record, at most [`SEAL_LIFETIME_MAX_SECS`] after now.
    ///
    /// ```
    /// use oauth_pkce::client::PendingAuthorization;
    /// use oauth_pkce::client::{SealingKey, SealingKeys};
    ///
    /// let key = SealingKey::generate(1)?;
    /// let record = PendingAuthorization::builder("https://app.example/cb").build_at(1_700_000_000)?;
    /// let sealed = SealingKeys::new(&key).seal(&record, b"session", 1_700_000_000)?;
    /// assert!(sealed.as_str().len() <= oauth_pkce::client::SEALED_RECORD_MAX_LEN);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`SealError::AssociatedDataTooLong`], [`SealError::RngFailure`].
    #[cfg(any(feature = "std", feature = "wasm_js"))]
    pub fn seal(
        &self,
        record: &PendingAuthorization,
        associated_data: &[u8],
        now_unix_secs: u64,
    ) -> Result<SealedRecord, SealError> {
        self.seal_record(record, associated_data, now_unix_secs, &os_nonce()?)
    }

    /// [`seal`](Self::seal) with the caller's cryptographically secure RNG
    /// for the nonce.
    ///
    /// See [`SealingKeys`] for an example.
    ///
    /// # Errors
    ///
    /// [`SealError::AssociatedDataTooLong`].
    pub fn seal_with<R: rand::CryptoRng + ?Sized>(
        &self,
        record: &PendingAuthorization,
        associated_data: &[u8],
        now_unix_secs: u64,
        rng: &mut R,
    ) -> Result<SealedRecord, SealError> {
        self.seal_record(record, associated_data, now_unix_secs, &rng_nonce(rng))
    }

    fn seal_record(
        &self,
        record: &PendingAuthorization,
        associated_data: &[u8],
        now_unix_secs: u64,
        nonce: &[u8; NONCE_LEN],
    ) -> Result<SealedRecord, SealError> {
        let mut out = SealedRecord {
            text: [0; SEALED_RECORD_MAX_LEN],
            len: 0,
        };
        out.len = self
            .seal_with_nonce(
                [record],
                associated_data,
                now_unix_secs,
                &mut out.text,
                nonce,
            )?
            .len();
        Ok(out)
    }

    /// Seals several records together into `out`, as base64url text, and
    /// returns it: for a client with several sign-ins in flight. The seal
    /// expires with the last of them, at most [`SEAL_LIFETIME_MAX_SECS`]
    /// after now. Nothing is allocated.
    ///
    /// ```
    /// use oauth_pkce::client::{PendingAuthorization, PendingAuthorizations};
    /// use oauth_pkce::client::{SealingKey, SealingKeys};
    ///
    /// let key = SealingKey::generate(1)?;
    /// let keys = SealingKeys::new(&key);
    /// let now = 1_700_000_000;
    /// let a = PendingAuthorization::builder("https://app.example/cb").build_at(now)?;
    /// let b = PendingAuthorization::builder("https://app.example/cb").build_at(now)?;
    /// let mut out = [0u8; 4096];
    /// let sealed = keys.seal_all_into([&a, &b], b"session", now, &mut out)?;
    ///
    /// let mut text = sealed.as_bytes().to_vec(); // opened in place
    /// let mut store = PendingAuthorizations::<4>::new();
    /// assert_eq!(keys.open_in_place(&mut text, b"session", now + 5, &mut store)?, 2);
    /// assert!(store.take(a.state().secret()).is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`SealError::RecordCount`] for none or more than [`RECORDS_MAX`],
    /// [`SealError::OutputTooSmall`], [`SealError::AssociatedDataTooLong`],
    /// [`SealError::RngFailure`].
    #[cfg(any(feature = "std", feature = "wasm_js"))]
    pub fn seal_all_into<'o, 'r>(
        &self,
        records: impl IntoIterator<Item = &'r PendingAuthorization>,
        associated_data: &[u8],
        now_unix_secs: u64,
        out: &'o mut [u8],
    ) -> Result<&'o str, SealError> {
        self.seal_with_nonce(records, associated_data, now_unix_secs, out, &os_nonce()?)
    }

    /// [`seal_all_into`](Self::seal_all_into) with the caller's
    /// cryptographically secure RNG for the nonce.
    ///
    /// See [`seal_all_into`](Self::seal_all_into) for an example.
    ///
    /// # Errors
    ///
    /// As [`seal_all_into`](Self::seal_all_into), except
    /// [`SealError::RngFailure`].
    pub fn seal_all_into_with<'o, 'r, R: rand::CryptoRng + ?Sized>(
        &self,
        records: impl IntoIterator<Item = &'r PendingAuthorization>,
        associated_data: &[u8],
        now_unix_secs: u64,
        out: &'o mut [u8],
        rng: &mut R,
    ) -> Result<&'o str, SealError> {
        self.seal_with_nonce(
            records,
            associated_data,
            now_unix_secs,
            out,
            &rng_nonce(rng),
        )
    }

    fn seal_with_nonce<'o, 'r>(
        &self,
        records: impl IntoIterator<Item = &'r PendingAuthorization>,
        associated_data: &[u8],
        now_unix_secs: u64,
        out: &'o mut [u8],
        nonce: &[u8; NONCE_LEN],
    ) -> Result<&'o str, SealError> {
        let len = scrubbed::<SCRUB_SEAL, _>(|| {
            seal_into(
                self.current,
                records,
                associated_data,
                now_unix_secs,
                nonce,
                out,
            )
        })?;
        let text = out.get(..len).unwrap_or_default();
        Ok(core::str::from_utf8(text).unwrap_or_default())
    }

    /// [`seal_all_into`](Self::seal_all_into) into a new `String`.
    ///
    /// ```
    /// use oauth_pkce::client::PendingAuthorization;
    /// use oauth_pkce::client::{SealingKey, SealingKeys};
    ///
    /// let key = SealingKey::generate(1)?;
    /// let record = PendingAuthorization::builder("https://app.example/cb").build_at(0)?;
    /// let sealed: String = SealingKeys::new(&key).seal_all([&record], b"", 0)?;
    /// # assert!(!sealed.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`seal_all_into`](Self::seal_all_into), except
    /// [`SealError::OutputTooSmall`].
    #[cfg(feature = "std")]
    pub fn seal_all<'r>(
        &self,
        records: impl IntoIterator<Item = &'r PendingAuthorization> + Clone,
        associated_data: &[u8],
        now_unix_secs: u64,
    ) -> Result<std::string::String, SealError> {
        let raw: usize = records
            .clone()
            .into_iter()
            .map(record_bytes::encoded_len)
            .sum::<usize>()
            + HEADER_LEN
            + PAYLOAD_HEADER_LEN
            + TAG_LEN;
        let mut out = std::vec![0u8; base64_text::encoded_len(raw)];
        let len = self
            .seal_all_into(records, associated_data, now_unix_secs, &mut out)?
            .len();
        out.truncate(len);
        // Base64url characters only, so never the empty fallback.
        Ok(std::string::String::from_utf8(out).unwrap_or_default())
    }

    /// Opens one sealed record, if a key of this ring sealed it for
    /// `associated_data` and it has not expired at `now_unix_secs`. The
    /// record is checked as making one does.
    ///
    /// See [`SealingKeys`] for an example.
    ///
    /// # Errors
    ///
    /// [`SealError::Refused`], whatever the reason; also for a seal of
    /// several records (open those with
    /// [`open_in_place`](Self::open_in_place)).
    pub fn open(
        &self,
        sealed: &str,
        associated_data: &[u8],
        now_unix_secs: u64,
    ) -> Result<PendingAuthorization, SealError> {
        scrubbed::<SCRUB_SEAL, _>(|| {
            let mut buf = [0u8; SEALED_RECORD_MAX_LEN];
            let result = buf
                .get_mut(..sealed.len())
                .ok_or(SealError::Refused)
                .and_then(|text| {
                    text.copy_from_slice(sealed.as_bytes());
                    let opened = self.decrypt(text, associated_data, now_unix_secs)?;
                    opened.single()
                });
            wipe(&mut buf);
            result
        })
    }

    /// Opens a seal of one record or several, from its text in `sealed`,
    /// decoded and decrypted in place, and puts its records that have not
    /// expired into `store`; returns how many. `sealed` is wiped before
    /// this returns. Nothing is allocated.
    ///
    /// See [`seal_all_into`](Self::seal_all_into) for an example.
    ///
    /// # Errors
    ///
    /// [`SealError::Refused`] for anything but a seal a key of this ring
    /// made for `associated_data`, still in its lifetime;
    /// [`SealError::StoreFull`], with nothing added, when `store` lacks room.
    pub fn open_in_place<const N: usize>(
        &self,
        sealed: &mut [u8],
        associated_data: &[u8],
        now_unix_secs: u64,
        store: &mut PendingAuthorizations<N>,
    ) -> Result<usize, SealError> {
        scrubbed::<SCRUB_SEAL, _>(|| {
            let result = self
                .decrypt(sealed, associated_data, now_unix_secs)
                .and_then(|opened| opened.into_store(store));
            wipe(sealed);
            result
        })
    }

    /// The key with `id`, current or previous.
    fn key(&self, id: u32) -> Option<&'k SealingKey> {
        core::iter::once(self.current)
            .chain(self.previous)
            .find(|k| k.id == id)
    }

    /// Decodes and decrypts `buf` in place; the payload stays in it, for
    /// the caller to read and wipe.
    fn decrypt<'b>(
        &self,
        buf: &'b mut [u8],
        associated_data: &[u8],
        now: u64,
    ) -> Result<Opened<'b>, SealError> {
        let raw_len = base64_text::decode_in_place(buf).ok_or(SealError::Refused)?;
        let raw = buf.get_mut(..raw_len).ok_or(SealError::Refused)?;
        let (header, rest) = raw
            .split_first_chunk_mut::<HEADER_LEN>()
            .ok_or(SealError::Refused)?;
        let header: &[u8] = header;
        let (payload, tag) = rest
            .split_last_chunk_mut::<TAG_LEN>()
            .ok_or(SealError::Refused)?;
        let mut fields = Reader::new(header);
        let version = fields.u8().ok_or(SealError::Refused)?;
        let id = fields.u32().ok_or(SealError::Refused)?;
        let nonce = fields.take(NONCE_LEN).ok_or(SealError::Refused)?;
        let nonce = <[u8; NONCE_LEN]>::try_from(nonce).map_err(|_| SealError::Refused)?;
        let key = (version == VERSION)
            .then(|| self.key(id))
            .flatten()
            .ok_or(SealError::Refused)?;
        let aad = Aad::new(key.id, associated_data)?;
        key.cipher()
            .decrypt_inout_detached(
                &XNonce::from(nonce),
                aad.as_bytes(),
                (&mut *payload).into(),
                &(*tag).into(),
            )
            .map_err(|_| SealError::Refused)?;
        let mut reader = Reader::new(payload);
        let sealed_at = reader.u64().ok_or(SealError::Refused)?;
        let expires_at = reader.u64().ok_or(SealError::Refused)?;
        let count = reader.u8().ok_or(SealError::Refused)?;
        // Expired, or a clock that has gone back past the sealing.
        if now >= expires_at || now < sealed_at || count == 0 {
            wipe(payload);
            return Err(SealError::Refused);
        }
        Ok(Opened {
            payload,
            count,
            now,
        })
    }
}

/// A decrypted payload, in the caller's buffer; wiped on drop.
struct Opened<'b> {
    payload: &'b mut [u8],
    count: u8,
    now: u64,
}

impl Opened<'_> {
    /// Each record, strictly: `None` at the first that fails, and for
    /// bytes after the last.
    fn for_each(&self, mut each: impl FnMut(PendingAuthorization)) -> Option<()> {
        let mut reader = Reader::new(self.payload.get(PAYLOAD_HEADER_LEN..)?);
        for _ in 0..self.count {
            each(record_bytes::read(&mut reader)?);
        }
        reader.is_empty().then_some(())
    }

    fn single(self) -> Result<PendingAuthorization, SealError> {
        if self.count != 1 {
            return Err(SealError::Refused);
        }
        let mut record = None;
        self.for_each(|r| record = Some(r))
            .ok_or(SealError::Refused)?;
        record
            .filter(|r| self.now < r.expires_at())
            .ok_or(SealError::Refused)
    }

    fn into_store<const N: usize>(
        self,
        store: &mut PendingAuthorizations<N>,
    ) -> Result<usize, SealError> {
        // Every record checked before any is stored.
        let mut live = 0;
        self.for_each(|r| live += usize::from(self.now < r.expires_at()))
            .ok_or(SealError::Refused)?;
        let free = N.saturating_sub(store.len());
        if live > free {
            return Err(SealError::StoreFull { needed: live, free });
        }
        self.for_each(|r| {
            if self.now < r.expires_at() {
                // Never evicts: there is room for every live record.
                drop(store.insert(r));
            }
        })
        .ok_or(SealError::Refused)?;
        Ok(live)
    }
}

impl Drop for Opened<'_> {
    fn drop(&mut self) {
        wipe(self.payload);
    }
}

/// The associated data the AEAD authenticates: the context, the version,
/// the key id and the caller's.
struct Aad {
    bytes: [u8; CONTEXT.len() + 1 + KEY_ID_LEN + ASSOCIATED_DATA_MAX_LEN],
    len: usize,
}

impl Aad {
    fn new(key_id: u32, associated_data: &[u8]) -> Result<Self, SealError> {
        let too_long = SealError::AssociatedDataTooLong {
            len: associated_data.len(),
            max: ASSOCIATED_DATA_MAX_LEN,
        };
        let mut aad = Self {
            bytes: [0; CONTEXT.len() + 1 + KEY_ID_LEN + ASSOCIATED_DATA_MAX_LEN],
            len: 0,
        };
        let mut w = Writer::new(&mut aad.bytes);
        w.put(CONTEXT)
            .and_then(|()| w.put(&[VERSION]))
            .and_then(|()| w.put(&key_id.to_be_bytes()))
            .and_then(|()| w.put(associated_data))
            .ok_or(too_long)?;
        aad.len = w.len();
        Ok(aad)
    }

    fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

/// Writes the envelope of `records` into `out` and encodes it there as
/// base64url; returns the text's length. On a refusal `out` holds nothing
/// of the records.
fn seal_into<'r>(
    key: &SealingKey,
    records: impl IntoIterator<Item = &'r PendingAuthorization>,
    associated_data: &[u8],
    now: u64,
    nonce: &[u8; NONCE_LEN],
    out: &mut [u8],
) -> Result<usize, SealError> {
    let aad = Aad::new(key.id, associated_data)?;
    let available = out.len();
    let mut w = Writer::new(out);
    let mut fits = w
        .put(&[VERSION])
        .and_then(|()| w.put(&key.id.to_be_bytes()));
    fits = fits.and_then(|()| w.put(nonce));
    // The payload's header; its expiry is known once the records are.
    fits = fits.and_then(|()| w.put(&[0; PAYLOAD_HEADER_LEN]));
    let (mut count, mut needed, mut last_expiry) = (0usize, HEADER_LEN + PAYLOAD_HEADER_LEN, now);
    for record in records {
        count += 1;
        needed += record_bytes::encoded_len(record);
        last_expiry = last_expiry.max(record.expires_at());
        fits = fits.and_then(|()| record_bytes::write(record, &mut w));
    }
    let payload_end = w.len();
    needed = base64_text::encoded_len(needed + TAG_LEN);
    let result = if count == 0 || count > RECORDS_MAX {
        Err(SealError::RecordCount {
            count,
            max: RECORDS_MAX,
        })
    } else if fits.is_none() || needed > available {
        Err(SealError::OutputTooSmall { needed, available })
    } else {
        Ok(())
    };
    if let Err(e) = result {
        wipe(out);
        return Err(e);
    }
    let expires_at = last_expiry.min(now.saturating_add(SEAL_LIFETIME_MAX_SECS));
    let Some(payload) = out.get_mut(HEADER_LEN..payload_end) else {
        wipe(out);
        return Err(SealError::OutputTooSmall { needed, available });
    };
    let mut header = Writer::new(payload);
    let _ = header.put(&now.to_be_bytes());
    let _ = header.put(&expires_at.to_be_bytes());
    let _ = header.put(&[u8::try_from(count).unwrap_or(0)]);
    let tag =
        key.cipher()
            .encrypt_inout_detached(&XNonce::from(*nonce), aad.as_bytes(), payload.into());
    let Ok(tag) = tag else {
        wipe(out);
        return Err(SealError::OutputTooSmall { needed, available });
    };
    let raw_len = payload_end + TAG_LEN;
    if let Some(slot) = out.get_mut(payload_end..raw_len) {
        slot.copy_from_slice(&tag);
    }
    Ok(base64_text::encode_in_place(out, raw_len))
}

/// A nonce straight from the operating system's CSPRNG.
#[cfg(any(feature = "std", feature = "wasm_js"))]
fn os_nonce() -> Result<[u8; NONCE_LEN], SealError> {
    let mut nonce = [0u8; NONCE_LEN];
    crate::os_random::fill(&mut nonce).map_err(|_| SealError::RngFailure)?;
    Ok(nonce)
}

/// A nonce from the caller's RNG.
fn rng_nonce<R: rand::CryptoRng + ?Sized>(rng: &mut R) -> [u8; NONCE_LEN] {
    let mut nonce = [0u8; NONCE_LEN];
    rng.fill_bytes(&mut nonce);
    nonce
}
