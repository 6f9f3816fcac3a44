//! How large a store can be, and several flows kept across a restart.

use oauth_pkce::client::{CallbackParams, PendingAuthorization, PendingAuthorizations};
use oauth_pkce::rand::{SeedableRng, rngs::StdRng};

const NOW: u64 = 1_700_000_000;

/// The bound `PendingAuthorizations` documents: a slot is one record, at
/// most 1,168 bytes, so a store of 256 is under 300 KiB.
#[test]
fn a_slot_is_at_most_1168_bytes() {
    let slot = size_of::<PendingAuthorizations<1>>();
    assert!(slot <= 1168, "{slot}");
    assert_eq!(size_of::<PendingAuthorizations<256>>(), 256 * slot);
}

/// A store of 256 records, boxed, made, filled and used on a thread whose
/// stack is 2 MiB, the default for threads Rust spawns: every operation
/// works without a larger stack.
#[test]
fn a_256_slot_store_works_on_a_2_mib_thread_stack() {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            let mut store = Box::new(PendingAuthorizations::<256>::new());
            let mut rng = StdRng::seed_from_u64(1);
            let mut last = String::new();
            for _ in 0..256 {
                let record = PendingAuthorization::builder("http://127.0.0.1:8400/cb")
                    .build_with(NOW, &mut rng)
                    .unwrap();
                last = record.state().secret().to_owned();
                assert!(store.insert(record).is_none());
            }
            assert_eq!(store.len(), 256);
            let params =
                CallbackParams::from_pairs([("state", last.as_str()), ("code", "c")]).unwrap();
            assert!(store.validate_callback_at(&params, NOW + 1).is_ok());
            assert_eq!(store.iter().count(), 255);
            assert_eq!(store.remove_expired(NOW + 600), 255);
        })
        .unwrap()
        .join()
        .unwrap();
}

/// RFC 6749 §10.12: several sign-ins in flight survive a restart. The
/// store's records are sealed together (feature `seal`) and opened into a
/// new store, where each still answers its own response.
#[cfg(all(feature = "seal", feature = "std"))]
#[test]
fn several_flows_in_a_store_survive_a_restart_sealed() {
    use oauth_pkce::client::{SealingKey, SealingKeys};
    let key = SealingKey::generate_with(7, &mut StdRng::seed_from_u64(2));
    let mut before = PendingAuthorizations::<4>::new();
    let mut rng = StdRng::seed_from_u64(3);
    let mut states = Vec::new();
    for _ in 0..3 {
        let record = PendingAuthorization::builder("http://127.0.0.1:8400/cb")
            .build_with(NOW, &mut rng)
            .unwrap();
        states.push(record.state().secret().to_owned());
        assert!(before.insert(record).is_none());
    }
    let sealed = SealingKeys::new(&key)
        .seal_all(before.iter(), b"session", NOW)
        .unwrap();
    drop(before); // the restart

    let mut after = PendingAuthorizations::<4>::new();
    let mut text = sealed.into_bytes();
    let opened = SealingKeys::new(&key).open_in_place(&mut text, b"session", NOW + 5, &mut after);
    assert_eq!(opened, Ok(3));
    for state in states.iter().rev() {
        let params =
            CallbackParams::from_pairs([("state", state.as_str()), ("code", "c")]).unwrap();
        assert_eq!(
            after.validate_callback_at(&params, NOW + 6).unwrap().code(),
            "c"
        );
    }
    assert!(after.is_empty());
}
