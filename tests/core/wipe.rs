//! Secrets are wiped where they lie when dropped: the verifier, and a
//! `plain` challenge, which is the verifier. This sees only the value's own
//! storage; copies left behind by earlier moves are the documented limit
//! (SECURITY.md).

use std::mem::ManuallyDrop;

use crate::support::probe::{leading_bytes, storage_bytes_after_drop};
use crate::support::verifier_of_len;
use oauth_pkce::rand::{SeedableRng, rngs::StdRng};
use oauth_pkce::{CodeChallenge, CodeVerifier, Method};

/// The characters of a verifier or challenge: both are `repr(C)` with their
/// 128-byte character buffer first, then one-byte fields (length, method,
/// not secret) and zero bytes where padding would be: no byte is padding,
/// which the compiler may fill with anything, so all of them are read.
const CHARACTERS: usize = 128;

fn bytes_of<T>(value: &T) -> Vec<u8> {
    leading_bytes(value, CHARACTERS)
}

/// The characters after the value is dropped in place, and whether the
/// rest of its storage holds any part of `secret`.
fn after_drop<T>(slot: ManuallyDrop<T>, secret: &str) -> (Vec<u8>, bool) {
    let whole = storage_bytes_after_drop(slot);
    let rest = holds_part_of(&whole[CHARACTERS..], secret);
    (whole[..CHARACTERS].to_vec(), rest)
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
        let (after, in_the_rest) = after_drop(slot, &secret);
        assert!(after.iter().all(|&b| b == 0), "{after:?}");
        assert!(!in_the_rest);
    }
}

#[test]
fn a_dropped_plain_challenge_leaves_only_zeros() {
    let verifier = CodeVerifier::parse(&verifier_of_len(128)).unwrap();
    let challenge = ManuallyDrop::new(CodeChallenge::plain(&verifier));
    assert_eq!(challenge.method(), Method::Plain);
    assert!(holds_part_of(&bytes_of(&challenge), verifier.secret()));
    let (after, in_the_rest) = after_drop(challenge, verifier.secret());
    assert!(after.iter().all(|&b| b == 0), "{after:?}");
    assert!(!in_the_rest);
}
