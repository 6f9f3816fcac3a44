//! Catching constant PKCE challenges (RFC 9700 §2.1.1: "Authorization
//! servers are encouraged to make a reasonable effort at detecting and
//! preventing the use of constant PKCE challenge or OpenID Connect nonce
//! values").
//!
//! A client that sends the same challenge every time (a verifier hard-coded
//! in the app, a broken RNG) gets no protection from PKCE: whoever has seen
//! one request can redeem every code that client gets. A client that works
//! draws a fresh 256-bit verifier per request, so a challenge it sent before
//! is almost certainly such a client.
//!
//! The detector remembers, per client, the recent challenges as keyed
//! fingerprints: never a challenge itself (a `plain` challenge is the
//! verifier), and fingerprints that only its key can reproduce. Its memory
//! is fixed by its type, its work per request is two SHA-256 evaluations
//! and a scan of one bucket, and it allocates nothing.

use core::fmt;

use sha2::Digest;
use zeroize::Zeroize;

use super::Error;
use crate::{CodeChallenge, Method};

/// What a [`ChallengeDetector`] does when a client repeats a challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OnRepeat {
    /// Refuse the authorization request with [`Error::RepeatedChallenge`]
    /// (`invalid_request`).
    Refuse,
    /// Accept it, and say so with [`Sighting::Repeated`], to log and count.
    /// The choice while finding out which clients would be refused, and for
    /// servers whose users reload an authorization URL (a reload sends the
    /// same challenge again).
    Report,
}

/// What a [`ChallengeDetector`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sighting {
    /// Not among the client's recent challenges.
    New,
    /// Among them, and the detector only reports ([`OnRepeat::Report`]).
    Repeated,
}

/// Remembers each client's recent challenges, as keyed fingerprints, in a
/// table of fixed size, and notices a challenge a client sent before
/// (RFC 9700 §2.1.1).
///
/// `BUCKETS` buckets of `WAYS` fingerprints of `FINGERPRINT` bytes (8 by
/// default): about `BUCKETS × WAYS × (FINGERPRINT + 1)` bytes, all inline,
/// so the caller chooses where the memory lives (a `static`, a `Box`, a
/// field). A client's challenges go to one bucket, chosen by a keyed hash of
/// its `client_id`, and each bucket keeps the last `WAYS` challenges of the
/// clients that share it, oldest out first.
///
/// The fingerprint of a challenge is the first `FINGERPRINT` bytes of
/// `SHA-256(key ‖ 0x02 ‖ SHA-256(client_id) ‖ method ‖ challenge)`, its bucket
/// from `SHA-256(key ‖ 0x01 ‖ SHA-256(client_id))`, with a 256-bit key of the
/// detector's own: fingerprints of one detector say nothing about another's,
/// and no one without the key can make two challenges collide.
///
/// # What it catches, and its false-positive rate
///
/// It catches a challenge repeated by the same client while it is still in
/// the bucket, that is within the last `WAYS` challenges of the clients that
/// share the bucket. A constant challenge is sent on every request, so it is
/// caught on the second one unless `WAYS` other requests from bucket-mates
/// came in between; size `BUCKETS` to the number of clients.
///
/// A false positive is a fresh challenge whose fingerprint equals one of the
/// at most `WAYS` fingerprints in its bucket. With the keyed hash taken as a
/// random function, each comparison matches with probability
/// `2^(-8·FINGERPRINT)`, so by the union bound a fresh challenge is flagged
/// with probability at most
///
/// **`WAYS × 2^(-8·FINGERPRINT)`** per authorization request:
/// `16 × 2^-64 = 2^-60` with 16 ways and the default 8 bytes.
///
/// `tests/server/detector.rs` measures the rate with 2-byte fingerprints
/// (bound `WAYS × 2^-16`), where it can be counted, and finds it within the
/// bound's statistical range.
///
/// ```
/// use oauth_pkce::{CodeChallenge, Method};
/// use oauth_pkce::server::{ChallengeDetector, OnRepeat, Sighting};
///
/// // 64 buckets of 16 fingerprints: 9 KiB.
/// let mut detector = ChallengeDetector::<64, 16>::new([7; 32], OnRepeat::Refuse);
/// let challenge = CodeChallenge::parse("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Method::S256)?;
/// assert_eq!(detector.check("app", &challenge), Ok(Sighting::New));
/// // The same client, the same challenge: refused.
/// assert!(detector.check("app", &challenge).is_err());
/// // Another client may send it (it is not this client's constant).
/// assert_eq!(detector.check("other-app", &challenge), Ok(Sighting::New));
/// # Ok::<(), oauth_pkce::Error>(())
/// ```
pub struct ChallengeDetector<const BUCKETS: usize, const WAYS: usize, const FINGERPRINT: usize = 8>
{
    key: [u8; 32],
    on_repeat: OnRepeat,
    slots: [[Option<[u8; FINGERPRINT]>; WAYS]; BUCKETS],
    /// Per bucket, the slot the next fingerprint goes to.
    next: [usize; BUCKETS],
}

impl<const BUCKETS: usize, const WAYS: usize, const FINGERPRINT: usize>
    ChallengeDetector<BUCKETS, WAYS, FINGERPRINT>
{
    /// Refused at compile time: an empty table, or a fingerprint of no
    /// bytes or more than SHA-256 gives.
    const SIZES: () = assert!(
        BUCKETS > 0 && WAYS > 0 && FINGERPRINT > 0 && FINGERPRINT <= 32,
        "a ChallengeDetector needs BUCKETS > 0, WAYS > 0 and FINGERPRINT in 1..=32"
    );

    /// An empty detector with this key, which must be secret and random
    /// (see [`ChallengeDetector::with_random_key`]); `no_std` servers bring
    /// it from their own RNG.
    ///
    /// ```
    /// use oauth_pkce::server::{ChallengeDetector, OnRepeat};
    /// let detector = ChallengeDetector::<8, 4>::new([1; 32], OnRepeat::Report);
    /// assert_eq!(detector.on_repeat(), OnRepeat::Report);
    /// ```
    #[must_use]
    pub const fn new(key: [u8; 32], on_repeat: OnRepeat) -> Self {
        let () = Self::SIZES;
        Self {
            key,
            on_repeat,
            slots: [[None; WAYS]; BUCKETS],
            next: [0; BUCKETS],
        }
    }

    /// An empty detector with a key straight from the operating system's
    /// CSPRNG.
    ///
    /// ```
    /// use oauth_pkce::server::{ChallengeDetector, OnRepeat};
    /// let detector = ChallengeDetector::<64, 16>::with_random_key(OnRepeat::Refuse)?;
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`crate::Error::RngFailure`] if the OS fails.
    #[cfg(any(feature = "std", feature = "wasm_js"))]
    pub fn with_random_key(on_repeat: OnRepeat) -> Result<Self, crate::Error> {
        let mut key = [0u8; 32];
        crate::os_random::fill(&mut key)?;
        let detector = Self::new(key, on_repeat);
        key.zeroize();
        Ok(detector)
    }

    /// What this detector does on a repeat.
    ///
    /// ```
    /// use oauth_pkce::server::{ChallengeDetector, OnRepeat};
    /// assert_eq!(ChallengeDetector::<1, 1>::new([0; 32], OnRepeat::Refuse).on_repeat(), OnRepeat::Refuse);
    /// ```
    #[must_use]
    pub const fn on_repeat(&self) -> OnRepeat {
        self.on_repeat
    }

    /// Checks and remembers `challenge`, as sent by `client_id`: call it at
    /// the authorization endpoint with the challenge that
    /// [`Policy::check_authorization_request`](super::Policy::check_authorization_request)
    /// returned. A repeat is not remembered twice.
    ///
    /// ```
    /// use oauth_pkce::CodeVerifier;
    /// use oauth_pkce::server::{ChallengeDetector, OnRepeat, Sighting};
    /// let mut detector = ChallengeDetector::<16, 8>::new([3; 32], OnRepeat::Report);
    /// let constant = CodeVerifier::parse("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")?.challenge();
    /// assert_eq!(detector.check("app", &constant), Ok(Sighting::New));
    /// assert_eq!(detector.check("app", &constant), Ok(Sighting::Repeated));
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::RepeatedChallenge`] (`invalid_request`) when the client sent
    /// this challenge before and the detector refuses ([`OnRepeat::Refuse`]).
    pub fn check(&mut self, client_id: &str, challenge: &CodeChallenge) -> Result<Sighting, Error> {
        let client: [u8; 32] = sha2::Sha256::digest(client_id.as_bytes()).into();
        let bucket_hash = keyed_sha256(&self.key, 0x01, &client, &[]);
        let method = match challenge.method() {
            Method::S256 => b'S',
            Method::Plain => b'P',
        };
        let mut fingerprint = [0u8; FINGERPRINT];
        let mut full = keyed_sha256(
            &self.key,
            0x02,
            &client,
            &[&[method], challenge.as_str().as_bytes()],
        );
        for (out, byte) in fingerprint.iter_mut().zip(full.iter()) {
            *out = *byte;
        }
        full.zeroize();
        let mut index = [0u8; 8];
        for (out, byte) in index.iter_mut().zip(bucket_hash.iter()) {
            *out = *byte;
        }
        // Reduced modulo BUCKETS: a bias of at most BUCKETS / 2^64.
        let bucket = usize::try_from(u64::from_le_bytes(index) % BUCKETS as u64).unwrap_or(0);
        let (Some(slots), Some(next)) = (self.slots.get_mut(bucket), self.next.get_mut(bucket))
        else {
            return Ok(Sighting::New);
        };
        if slots.contains(&Some(fingerprint)) {
            return match self.on_repeat {
                OnRepeat::Refuse => Err(Error::RepeatedChallenge),
                OnRepeat::Report => Ok(Sighting::Repeated),
            };
        }
        if let Some(slot) = slots.get_mut(*next) {
            *slot = Some(fingerprint);
        }
        *next = (*next + 1) % WAYS;
        Ok(Sighting::New)
    }
}

impl<const BUCKETS: usize, const WAYS: usize, const FINGERPRINT: usize> fmt::Debug
    for ChallengeDetector<BUCKETS, WAYS, FINGERPRINT>
{
    /// The sizes and the choice; never the key or a fingerprint.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChallengeDetector")
            .field("buckets", &BUCKETS)
            .field("ways", &WAYS)
            .field("fingerprint_bytes", &FINGERPRINT)
            .field("on_repeat", &self.on_repeat)
            .finish_non_exhaustive()
    }
}

impl<const BUCKETS: usize, const WAYS: usize, const FINGERPRINT: usize> Drop
    for ChallengeDetector<BUCKETS, WAYS, FINGERPRINT>
{
    fn drop(&mut self) {
        self.key.zeroize();
    }
}

/// The longest message [`keyed_sha256`] hashes: the key, a tag, the
/// client's digest, a method byte and a challenge of up to 128 characters.
const MAX_MESSAGE: usize = 32 + 1 + 32 + 1 + 128;

/// Blocks that message takes once padded (FIPS 180-4 §5.1.1).
const MAX_BLOCKS: usize = (MAX_MESSAGE + 9).div_ceil(64);

/// `SHA-256(key ‖ tag ‖ client ‖ parts...)`, padded on the stack and handed
/// to sha2's compression function, the blocks wiped after: the key and a
/// plain challenge never sit in a digest buffer that is not wiped. Parts
/// beyond [`MAX_MESSAGE`] are cut, which a `CodeChallenge` never reaches.
fn keyed_sha256(key: &[u8; 32], tag: u8, client: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    let mut blocks = [[0u8; 64]; MAX_BLOCKS];
    let buffer = blocks.as_flattened_mut();
    let mut len = 0;
    let mut push = |bytes: &[u8]| {
        for byte in bytes {
            if let Some(at) = buffer.get_mut(len) {
                *at = *byte;
                len += 1;
            }
        }
    };
    push(key);
    push(&[tag]);
    push(client);
    for part in parts {
        push(part);
    }
    let bit_len = (len as u64) * 8;
    let used = (len + 9).div_ceil(64).min(MAX_BLOCKS);
    if let Some(marker) = buffer.get_mut(len) {
        *marker = 0x80;
    }
    if let Some(tail) = buffer.get_mut(used * 64 - 8..used * 64) {
        tail.copy_from_slice(&bit_len.to_be_bytes());
    }
    let mut state = crate::ct::s256::IV;
    if let Some(used) = blocks.get(..used) {
        sha2::block_api::compress256(&mut state, used);
    }
    blocks.as_flattened_mut().zeroize();
    let mut out = [0u8; 32];
    for (chunk, word) in out.chunks_exact_mut(4).zip(state.iter()) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    state.zeroize();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-padded SHA-256 against the digest API, at every length the
    /// detector feeds it, across the one-, two- and three-block boundaries.
    #[test]
    fn keyed_sha256_is_sha256_of_the_concatenation() {
        let key = [0x5a; 32];
        let client = [0xc1; 32];
        let long = [b'a'; 129];
        for n in 0..=long.len() {
            let part = long.get(..n).unwrap_or_default();
            let mut reference = sha2::Sha256::new();
            reference.update(key);
            reference.update([0x02]);
            reference.update(client);
            reference.update(part);
            let expected: [u8; 32] = reference.finalize().into();
            assert_eq!(
                keyed_sha256(&key, 0x02, &client, &[part]),
                expected,
                "length {n}"
            );
        }
    }
}
