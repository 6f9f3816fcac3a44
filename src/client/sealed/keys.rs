//! A ring of sealing keys: the current one seals, it or a previous one
//! opens; the sealed value of one record.

use core::fmt;

use chacha20poly1305::XNonce;
use chacha20poly1305::aead::AeadInOut;

#[cfg(any(feature = "std", feature = "wasm_js"))]
use super::envelope::os_nonce;
use super::envelope::{Aad, Opened, rng_nonce, seal_into, text_of};
use super::{
    HEADER_LEN, NONCE_LEN, SCRUB_SEAL, SEALED_RECORD_MAX_LEN, SealError, SealingKey, TAG_LEN,
    VERSION,
};
use crate::client::base64_text;
use crate::client::record_bytes::Reader;
use crate::client::{PendingAuthorization, PendingAuthorizations};
use crate::ct::scrubbed;
use crate::ct::secret::wipe;

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
/// [`SEALED_RECORD_MAX_LEN`](super::SEALED_RECORD_MAX_LEN) characters, held inline. Not a secret; `Debug`
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
    /// record, at most [`SEAL_LIFETIME_MAX_SECS`](super::SEAL_LIFETIME_MAX_SECS) after now.
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
    /// [`SealError::AssociatedDataTooLong`], [`SealError::Spent`],
    /// [`SealError::RngFailure`].
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
    /// [`SealError::AssociatedDataTooLong`], [`SealError::Spent`].
    pub fn seal_with<R: rand::CryptoRng + ?Sized>(
        &self,
        record: &PendingAuthorization,
        associated_data: &[u8],
        now_unix_secs: u64,
        rng: &mut R,
    ) -> Result<SealedRecord, SealError> {
        self.seal_record(record, associated_data, now_unix_secs, &rng_nonce(rng))
    }

    pub(super) fn seal_record(
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
        // The length only: the text is read as `str` when it is asked for,
        // not here, where checking it for UTF-8 would branch on every
        // character of the ciphertext, made from the record and the key.
        out.len = self.seal_with_nonce(
            [record],
            associated_data,
            now_unix_secs,
            &mut out.text,
            nonce,
        )?;
        Ok(out)
    }

    /// Seals several records together into `out`, as base64url text, and
    /// returns it: for a client with several sign-ins in flight. The seal
    /// expires with the last of them, at most [`SEAL_LIFETIME_MAX_SECS`](super::SEAL_LIFETIME_MAX_SECS)
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
    /// [`SealError::RecordCount`] for none or more than [`RECORDS_MAX`](super::RECORDS_MAX),
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
        let len =
            self.seal_with_nonce(records, associated_data, now_unix_secs, out, &os_nonce()?)?;
        Ok(text_of(out, len))
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
        let nonce = rng_nonce(rng);
        let len = self.seal_with_nonce(records, associated_data, now_unix_secs, out, &nonce)?;
        Ok(text_of(out, len))
    }

    /// Seals into `out`; returns the text's length.
    pub(super) fn seal_with_nonce<'r>(
        &self,
        records: impl IntoIterator<Item = &'r PendingAuthorization>,
        associated_data: &[u8],
        now_unix_secs: u64,
        out: &mut [u8],
        nonce: &[u8; NONCE_LEN],
    ) -> Result<usize, SealError> {
        scrubbed::<SCRUB_SEAL, _>(|| {
            seal_into(
                self.current,
                records,
                associated_data,
                now_unix_secs,
                nonce,
                out,
            )
        })
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
            .map(crate::client::record_bytes::encoded_len)
            .sum::<usize>()
            + HEADER_LEN
            + super::PAYLOAD_HEADER_LEN
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
    pub(super) fn key(&self, id: u32) -> Option<&'k SealingKey> {
        core::iter::once(self.current)
            .chain(self.previous)
            .find(|k| k.id() == id)
    }

    /// Decodes and decrypts `buf` in place; the payload stays in it, for
    /// the caller to read and wipe.
    pub(super) fn decrypt<'b>(
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
        let aad = Aad::new(key.id(), associated_data)?;
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
