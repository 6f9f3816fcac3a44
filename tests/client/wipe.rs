//! A `State` is wiped where it lies when dropped, as the verifier is
//! (tests/wipe.rs): a secret until the response is checked (RFC 6749
//! §10.12). Copies left by earlier moves are the documented limit
//! (SECURITY.md).

use std::mem::ManuallyDrop;

use crate::support::probe::{leading_bytes, leading_bytes_after_drop};
use oauth_pkce::client::State;
use oauth_pkce::rand::{SeedableRng, rngs::StdRng};

/// A `State` is its 43 characters, first, then its length.
const CHARACTERS: usize = 43;

#[test]
fn a_dropped_state_leaves_only_zeros() {
    let state = State::generate_with(&mut StdRng::seed_from_u64(1));
    let secret = state.secret().as_bytes().to_vec();
    let slot = ManuallyDrop::new(state);
    // The probe sees the secret while it is there, so it cannot pass by
    // looking in the wrong place.
    assert_eq!(leading_bytes(&*slot, CHARACTERS), secret);
    let after = leading_bytes_after_drop(slot, CHARACTERS);
    assert!(after.iter().all(|&b| b == 0), "{after:?}");
}
