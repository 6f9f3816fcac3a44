//! Secrets are wiped where they lie when dropped: the verifier, and a
//! `plain` challenge, which is the verifier. This sees only the value's own
//! storage; copies left behind by earlier moves are the documented limit
//! (SECURITY.md).

mod common;

use std::mem::{ManuallyDrop, align_of, size_of};

use common::verifier_of_len;
use oauth_pkce::rand::{SeedableRng, rngs::StdRng};
use oauth_pkce::{CodeChallenge, CodeVerifier, Method};

/// The characters of a live verifier or challenge: both are `repr(C)` with
/// their 128-byte character buffer first, then one-byte fields (length,
/// method, not secret), then padding up to their 16-byte alignment, which is
/// never initialised and so is not read.
fn bytes_of<T>(value: &T) -> Vec<u8> {
    const CHARACTERS: usize = 128;
    assert!(size_of::<T>() > CHARACTERS);
    assert_eq!(align_of::<T>(), 16);
    // SAFETY: `value` is live, and its first 128 bytes are its initialised
    // `[u8; 128]` field.
    unsafe { std::slice::from_raw_parts(std::ptr::from_ref(value).cast::<u8>(), CHARACTERS) }
        .to_vec()
}

/// Runs the value's destructor in place and returns the bytes it leaves in
/// its storage.
fn bytes_after_drop<T>(mut slot: ManuallyDrop<T>) -> Vec<u8> {
    // SAFETY: the value is dropped exactly once, and not used again except
    // as bytes: dropping does not free or de-initialise `slot`'s storage.
    unsafe { ManuallyDrop::drop(&mut slot) };
    bytes_of(&slot)
}

/// Whether any 4-byte run of `secret` is in `bytes`.
fn holds_part_of(bytes: &[u8], secret: &str) -> bool {
    secret
        .as_bytes()
        .windows(4)
        .any(|w| bytes.windows(4).any(|b| b == w))
}

#[test]
fn a_dropped_verifier_leaves_only_zeros() {
    let mut rng = StdRng::seed_from_u64(1);
    let generated = CodeVerifier::generate_len_with(128, &mut rng).unwrap();
    let parsed = CodeVerifier::parse(&verifier_of_len(128)).unwrap();
    for verifier in [generated, parsed] {
        let secret = verifier.secret().to_owned();
        let slot = ManuallyDrop::new(verifier);
        // The probe sees the secret while it is there.
        assert!(holds_part_of(&bytes_of(&slot), &secret));
        let after = bytes_after_drop(slot);
        assert!(after.iter().all(|&b| b == 0), "{after:?}");
    }
}

#[test]
fn a_dropped_plain_challenge_leaves_only_zeros() {
    let verifier = CodeVerifier::parse(&verifier_of_len(128)).unwrap();
    let challenge = ManuallyDrop::new(CodeChallenge::plain(&verifier));
    assert_eq!(challenge.method(), Method::Plain);
    assert!(holds_part_of(&bytes_of(&challenge), verifier.secret()));
    let after = bytes_after_drop(challenge);
    assert!(after.iter().all(|&b| b == 0), "{after:?}");
}
