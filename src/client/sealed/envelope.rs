//! The sealed envelope: its associated data, the sealing of records into
//! text, and a payload once opened.

use chacha20poly1305::XNonce;
use chacha20poly1305::aead::AeadInOut;

use super::{
    ASSOCIATED_DATA_MAX_LEN, CONTEXT, HEADER_LEN, KEY_ID_LEN, NONCE_LEN, PAYLOAD_HEADER_LEN,
    RECORDS_MAX, SEAL_LIFETIME_MAX_SECS, SealError, SealingKey, TAG_LEN, VERSION,
};
use crate::client::base64_text;
use crate::client::record_bytes::{self, Reader, Writer};
use crate::client::{PendingAuthorization, PendingAuthorizations};
use crate::ct::secret::wipe;

/// A decrypted payload, in the caller's buffer; wiped on drop.
pub(super) struct Opened<'b> {
    pub(super) payload: &'b mut [u8],
    pub(super) count: u8,
    pub(super) now: u64,
}

impl Opened<'_> {
    /// Each record, strictly: `None` at the first that fails, and for
    /// bytes after the last.
    pub(super) fn for_each(&self, mut each: impl FnMut(PendingAuthorization)) -> Option<()> {
        let mut reader = Reader::new(self.payload.get(PAYLOAD_HEADER_LEN..)?);
        for _ in 0..self.count {
            each(record_bytes::read(&mut reader)?);
        }
        reader.is_empty().then_some(())
    }

    pub(super) fn single(self) -> Result<PendingAuthorization, SealError> {
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

    pub(super) fn into_store<const N: usize>(
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
pub(super) struct Aad {
    bytes: [u8; CONTEXT.len() + 1 + KEY_ID_LEN + ASSOCIATED_DATA_MAX_LEN],
    len: usize,
}

impl Aad {
    pub(super) fn new(key_id: u32, associated_data: &[u8]) -> Result<Self, SealError> {
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

    pub(super) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

/// Writes the envelope of `records` into `out` and encodes it there as
/// base64url; returns the text's length. On a refusal `out` holds nothing
/// of the records.
pub(super) fn seal_into<'r>(
    key: &SealingKey,
    records: impl IntoIterator<Item = &'r PendingAuthorization>,
    associated_data: &[u8],
    now: u64,
    nonce: &[u8; NONCE_LEN],
    out: &mut [u8],
) -> Result<usize, SealError> {
    let aad = Aad::new(key.id(), associated_data)?;
    let available = out.len();
    let mut w = Writer::new(out);
    let mut fits = w
        .put(&[VERSION])
        .and_then(|()| w.put(&key.id().to_be_bytes()));
    fits = fits.and_then(|()| w.put(nonce));
    // The payload's header; its expiry is known once the records are.
    fits = fits.and_then(|()| w.put(&[0; PAYLOAD_HEADER_LEN]));
    let (mut count, mut needed, mut last_expiry) = (0usize, HEADER_LEN + PAYLOAD_HEADER_LEN, now);
    let mut spent = false;
    for record in records {
        count += 1;
        spent |= record.is_spent();
        needed += record_bytes::encoded_len(record);
        last_expiry = last_expiry.max(record.expires_at());
        fits = fits.and_then(|()| record_bytes::write(record, &mut w));
    }
    let payload_end = w.len();
    needed = base64_text::encoded_len(needed + TAG_LEN);
    let result = if spent {
        Err(SealError::Spent)
    } else if count == 0 || count > RECORDS_MAX {
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

/// The first `len` bytes of `out`, base64url characters, as text.
pub(super) fn text_of(out: &[u8], len: usize) -> &str {
    core::str::from_utf8(out.get(..len).unwrap_or_default()).unwrap_or_default()
}

/// A nonce straight from the operating system's CSPRNG.
#[cfg(any(feature = "std", feature = "wasm_js"))]
pub(super) fn os_nonce() -> Result<[u8; NONCE_LEN], SealError> {
    let mut nonce = [0u8; NONCE_LEN];
    crate::os_random::fill(&mut nonce).map_err(|_| SealError::RngFailure)?;
    Ok(nonce)
}

/// A nonce from the caller's RNG.
pub(super) fn rng_nonce<R: rand::CryptoRng + ?Sized>(rng: &mut R) -> [u8; NONCE_LEN] {
    let mut nonce = [0u8; NONCE_LEN];
    rng.fill_bytes(&mut nonce);
    nonce
}
