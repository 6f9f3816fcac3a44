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

use crate::client::{base64_text, record_bytes};

mod envelope;
mod key;
mod keys;

pub use key::{SealError, SealingKey};
pub use keys::{SealedRecord, SealingKeys};

/// The longest associated data a seal binds, in bytes: room for a session
/// id or a hash of a longer one.
pub const ASSOCIATED_DATA_MAX_LEN: usize = 256;

/// The longest a seal lasts, in seconds: a day. A seal expires with the
/// last record it holds, and never later than this after it was made.
pub const SEAL_LIFETIME_MAX_SECS: u64 = 86_400;

/// The most records one seal holds.
pub const RECORDS_MAX: usize = 255;

pub(super) const VERSION: u8 = 1;
pub(super) const KEY_ID_LEN: usize = 4;
pub(super) const NONCE_LEN: usize = 24;
pub(super) const TAG_LEN: usize = 16;
pub(super) const HEADER_LEN: usize = 1 + KEY_ID_LEN + NONCE_LEN;
/// Sealed at, expires at, count.
pub(super) const PAYLOAD_HEADER_LEN: usize = 8 + 8 + 1;
/// Separates these seals from anything else the same key might seal.
pub(super) const CONTEXT: &[u8] = b"oauth-pkce sealed pending authorizations";

/// The longest sealed text of one record, every field at its maximum:
/// 1,366 characters, so that it fits a cookie (4,096 bytes with its name,
/// RFC 6265 §6.1) with room to spare.
pub const SEALED_RECORD_MAX_LEN: usize =
    base64_text::encoded_len(HEADER_LEN + PAYLOAD_HEADER_LEN + record_bytes::MAX_LEN + TAG_LEN);

/// How much of the stack each sealing operation overwrites once done: its
/// buffers and the cipher's state (`crate::ct::scrubbed`).
pub(super) const SCRUB_SEAL: usize = 16_384;
