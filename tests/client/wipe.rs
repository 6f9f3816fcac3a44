//! A `State` is wiped where it lies when dropped, as the verifier is
//! (tests/wipe.rs): a secret until the response is checked (RFC 6749
//! §10.12); and a store's slot keeps neither secret once its record leaves
//! it, nor does the store once dropped. Copies left by earlier moves are
//! the documented limit (SECURITY.md).

use std::mem::ManuallyDrop;

use crate::support::probe::{
    holds_any, leading_bytes, storage_bytes, storage_bytes_after_drop, windows_of,
};
use oauth_pkce::client::{CallbackParams, PendingAuthorization, PendingAuthorizations, State};
use oauth_pkce::rand::{SeedableRng, rngs::StdRng};

/// A `State` is its 43 characters, first, then zeros to a whole 16-byte
/// word, its length and zero bytes where padding would be: no byte is
/// padding, so all of them are read after drop.
const CHARACTERS: usize = 43;

#[test]
fn a_dropped_state_leaves_only_zeros() {
    let state = State::generate_with(&mut StdRng::seed_from_u64(1));
    let secret = state.secret().as_bytes().to_vec();
    let slot = ManuallyDrop::new(state);
    // The probe sees the secret while it is there, so it cannot pass by
    // looking in the wrong place.
    assert_eq!(leading_bytes(&*slot, CHARACTERS), secret);
    let after = storage_bytes_after_drop(slot);
    assert!(after.iter().all(|&b| b == 0), "{after:?}");
}

// ---- The store's slots (RFC 6749 §10.12: `state` and the verifier are
// secrets until the response is checked) ----

const NOW: u64 = 1_700_000_000;

// Records are made, and their secrets read, on threads of their own: this
// thread's stack then holds no copy of a secret that an operation of the
// store could pick up as it writes a slot, so what the probe finds in the
// store is what the store left there.

fn record(seed: u64) -> PendingAuthorization {
    PendingAuthorization::builder("http://127.0.0.1:8400/cb")
        .build_with(NOW, &mut StdRng::seed_from_u64(seed))
        .unwrap()
}

fn elsewhere<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::spawn(work).join().unwrap()
}

/// A store on the heap holding the records of `seeds`.
fn stocked<const N: usize>(seeds: &'static [u64]) -> Box<PendingAuthorizations<N>> {
    elsewhere(move || {
        let mut store = Box::new(PendingAuthorizations::<N>::new());
        for &seed in seeds {
            assert!(store.insert(record(seed)).is_none());
        }
        store
    })
}

fn state_of(seed: u64) -> String {
    elsewhere(move || record(seed).state().secret().to_owned())
}

/// The secrets of a record: its `state` and, got through a response, its
/// verifier, as 8-byte windows.
fn secrets_of(seed: u64) -> Vec<Vec<u8>> {
    elsewhere(move || {
        let mut twin = record(seed);
        let state = twin.state().secret().to_owned();
        let params =
            CallbackParams::from_pairs([("state", state.as_str()), ("code", "c")]).unwrap();
        let token = twin.validate_callback_at(&params, NOW + 1).unwrap();
        let mut needles = windows_of(state.as_bytes(), 8);
        needles.extend(windows_of(token.code_verifier().secret().as_bytes(), 8));
        needles
    })
}

#[test]
#[cfg_attr(
    miri,
    ignore = "reads the store's padding bytes too, which Miri rightly calls uninitialized; checked natively"
)]
fn a_slot_keeps_no_secret_once_its_record_leaves_it() {
    let secrets: Vec<_> = [1, 2, 3].map(secrets_of).into();
    let mut store = stocked::<3>(&[1, 2, 3]);
    // The probe finds each secret while it is stored.
    let bytes = storage_bytes(&*store);
    for (seed, secret) in secrets.iter().enumerate() {
        assert!(holds_any(&bytes, secret), "stored {seed}");
    }
    // Checked through the store.
    let state = state_of(1);
    let params = CallbackParams::from_pairs([("state", state.as_str()), ("code", "c")]).unwrap();
    assert!(store.validate_callback_at(&params, NOW + 1).is_ok());
    // Taken out.
    let taken = store.take(&state_of(2)).unwrap();
    let bytes = storage_bytes(&*store);
    assert!(!holds_any(&bytes, &secrets[0]), "validated");
    assert!(!holds_any(&bytes, &secrets[1]), "taken");
    assert!(holds_any(&bytes, &secrets[2]), "still stored");
    drop(taken);
    // Expired.
    assert_eq!(store.remove_expired(NOW + 600), 1);
    assert!(!holds_any(&storage_bytes(&*store), &secrets[2]), "expired");
}

#[test]
#[cfg_attr(
    miri,
    ignore = "reads the store's padding bytes too, which Miri rightly calls uninitialized; checked natively"
)]
fn an_evicted_record_leaves_nothing_in_its_slot() {
    let secret = secrets_of(4);
    let mut store = stocked::<1>(&[4]);
    let evicted = store.insert(elsewhere(|| record(5))).unwrap();
    assert!(evicted.state().matches(&state_of(4)));
    assert!(!holds_any(&storage_bytes(&*store), &secret));
}

#[test]
#[cfg_attr(
    miri,
    ignore = "reads the store's padding bytes too, which Miri rightly calls uninitialized; checked natively"
)]
fn a_dropped_store_leaves_no_secret() {
    let secrets: Vec<_> = [6, 7, 8].map(secrets_of).into();
    let store = stocked::<3>(&[6, 7, 8]);
    let after = storage_bytes_after_drop(ManuallyDrop::new(*store));
    for secret in &secrets {
        assert!(!holds_any(&after, secret));
    }
}
