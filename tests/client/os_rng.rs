//! Pending authorizations made from the operating system's CSPRNG
//! (`build`, `build_at`): at every verifier length, each record's verifier
//! and `state` are fresh (RFC 7636 §4.1, §7.1; RFC 6749 §10.10, §10.12),
//! well formed, and the challenge sent is the verifier's S256 (RFC 7636
//! §4.2); and the whole flow works by the system clock.
#![cfg(feature = "std")]
// A failed assertion is how a test reports.

use std::collections::HashSet;

use crate::support::{BASE64URL, UNRESERVED};
use oauth_pkce::client::{CallbackParams, PendingAuthorization, PendingAuthorizations};
use oauth_pkce::{CodeChallenge, Method};

const REDIRECT: &str = "https://client.example/cb";
const NOW: u64 = 1_700_000_000;

/// The shortest and longest verifiers, the default, and lengths that are
/// and are not a whole number of 4-character groups (RFC 7636 §4.1).
const LENGTHS: [usize; 6] = [43, 44, 64, 65, 127, 128];

/// How many records per length: enough that a constant or repeated value
/// shows, few enough to stay quick under Miri.
const RECORDS: usize = if cfg!(miri) { 2 } else { 8 };

#[test]
fn rfc7636_4_1_records_from_the_os_rng_are_fresh_and_well_formed_at_every_length() {
    let mut states = HashSet::new();
    let mut verifiers = HashSet::new();
    for len in LENGTHS {
        for _ in 0..RECORDS {
            let record = PendingAuthorization::builder(REDIRECT)
                .verifier_len(len)
                .build_at(NOW)
                .unwrap_or_else(|e| panic!("length {len}: {e}"));
            let state = record.state().secret().to_owned();
            assert_eq!(state.len(), 43, "RFC 6749 §10.10: 256 bits of state");
            assert!(state.bytes().all(|c| BASE64URL.contains(&c)), "{state}");
            let challenge = record.authorization_request().code_challenge().to_owned();

            // The verifier comes out with the response; the challenge sent
            // must be its S256.
            let params =
                CallbackParams::from_pairs([("state", state.as_str()), ("code", "c")]).unwrap();
            let token = record.validate_callback_at(&params, NOW + 1).unwrap();
            let verifier = token.code_verifier().secret().to_owned();
            assert_eq!(verifier.len(), len, "RFC 7636 §4.1: the length asked for");
            assert!(
                verifier.bytes().all(|c| UNRESERVED.contains(&c)),
                "{verifier}"
            );
            let bound = CodeChallenge::parse(&challenge, Method::S256).unwrap();
            assert_eq!(
                bound.verify(&verifier),
                Ok(()),
                "RFC 7636 §4.2, length {len}"
            );

            // `state` travels in the URL: none of it may come from the
            // verifier's random bytes (RFC 7636 §7.1, RFC 9700 §4.7.1).
            for window in state.as_bytes().windows(8) {
                let window = std::str::from_utf8(window).unwrap();
                assert!(
                    !verifier.contains(window),
                    "state shares {window} with the verifier"
                );
            }
            assert!(states.insert(state), "RFC 6749 §10.12: a state repeated");
            assert!(
                verifiers.insert(verifier),
                "RFC 7636 §7.1: a verifier repeated"
            );
        }
    }
}

#[test]
#[cfg_attr(miri, ignore = "Miri's isolation has no system clock")]
fn rfc6749_10_12_the_flow_by_the_system_clock() {
    // `build` and `validate_callback` read the clock themselves: a record
    // made now is answered now, by the record and through the store.
    let unix_now = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
    };
    let before = unix_now();
    let record = PendingAuthorization::builder(REDIRECT).build().unwrap();
    let after = unix_now();
    let lifetime = PendingAuthorization::DEFAULT_LIFETIME_SECS;
    assert!(
        (before + lifetime..=after + lifetime).contains(&record.expires_at()),
        "expires {lifetime} s after it was made, by the system clock"
    );
    let state = record.state().secret().to_owned();
    let params = CallbackParams::from_pairs([("state", state.as_str()), ("code", "c")]).unwrap();
    assert_eq!(record.validate_callback(&params).unwrap().code(), "c");

    let mut store = PendingAuthorizations::<2>::new();
    let record = PendingAuthorization::builder(REDIRECT).build().unwrap();
    let state = record.state().secret().to_owned();
    assert!(store.insert(record).is_none());
    let params = CallbackParams::from_pairs([("state", state.as_str()), ("code", "c")]).unwrap();
    assert_eq!(store.validate_callback(&params).unwrap().code(), "c");
    assert!(store.is_empty(), "the answered record is gone");
}
