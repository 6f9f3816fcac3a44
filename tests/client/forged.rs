//! Only the right `state` ends a pending authorization (RFC 6749 §10.12,
//! RFC 9700 §4.7.1, RFC 8252 §8.3): a response with a wrong or missing
//! `state` was not caused by the request, so it leaves the record, alone or
//! in a store, untouched and usable; the response with the right `state`
//! spends it, whatever else it says.

use oauth_pkce::client::{CallbackParams, Error, PendingAuthorization, PendingAuthorizations};
use oauth_pkce::rand::{SeedableRng, rngs::StdRng};

const NOW: u64 = 1_700_000_000;
const REDIRECT: &str = "http://127.0.0.1:8400/callback";
const ISSUER: &str = "https://auth.example.com";

fn record(seed: u64) -> PendingAuthorization {
    PendingAuthorization::builder(REDIRECT)
        .issuer_requiring_iss(ISSUER)
        .build_with(NOW, &mut StdRng::seed_from_u64(seed))
        .unwrap()
}

/// What another process or a web page can send to the redirect URI
/// without knowing the `state`, with the refusal each gets.
fn forgeries(real_state: &str) -> Vec<(Vec<(&'static str, String)>, Error)> {
    let mut near = real_state.to_owned().into_bytes();
    near[42] = if near[42] == b'A' { b'B' } else { b'A' };
    let near = String::from_utf8(near).unwrap();
    let code = ("code", "attackers-code".to_owned());
    let iss = ("iss", ISSUER.to_owned());
    vec![
        (vec![("state", "x".into())], Error::StateMismatch),
        (
            vec![code.clone(), ("state", near.clone()), iss.clone()],
            Error::StateMismatch,
        ),
        // A forged error must not end the sign-in either (RFC 6749 §10.12).
        (
            vec![
                ("error", "access_denied".into()),
                ("state", near),
                iss.clone(),
            ],
            Error::StateMismatch,
        ),
        (
            vec![("error", "access_denied".into()), iss],
            Error::MissingState,
        ),
        (vec![code, ("state", String::new())], Error::MissingState),
    ]
}

fn params<'a>(pairs: &'a [(&'static str, String)]) -> CallbackParams<'a> {
    CallbackParams::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str()))).unwrap()
}

fn real(state: &str) -> Vec<(&'static str, String)> {
    vec![
        ("code", "SplxlOBeZQQYbYS6WxSbIA".into()),
        ("state", state.to_owned()),
        ("iss", ISSUER.to_owned()),
    ]
}

#[test]
fn rfc6749_10_12_forged_callbacks_first_then_the_real_one_completes_in_memory() {
    let mut pending = record(1);
    let state = pending.state().secret().to_owned();
    let challenge = pending.authorization_request().code_challenge().to_owned();
    for (forged, want) in forgeries(&state) {
        assert_eq!(
            pending
                .validate_callback_at(&params(&forged), NOW + 1)
                .unwrap_err(),
            want,
            "{forged:?}"
        );
        // Untouched: the same state, the same challenge.
        assert!(pending.state().matches(&state));
        assert_eq!(pending.authorization_request().code_challenge(), challenge);
    }
    let real = real(&state);
    let real = params(&real);
    let token = pending.validate_callback_at(&real, NOW + 1).unwrap();
    assert_eq!(token.code(), "SplxlOBeZQQYbYS6WxSbIA");
    // The verifier handed over is the one the challenge was made from
    // (RFC 7636 §4.6).
    assert_eq!(
        token.code_verifier().challenge().as_str(),
        challenge.as_str()
    );
}

#[test]
fn rfc6749_4_1_2_the_matching_response_spends_the_record_whatever_it_says() {
    for (after, error) in [
        (vec![("error", "access_denied".to_owned())], "access_denied"),
        (vec![("iss", "https://evil.example".to_owned())], "issuer"),
        (vec![], "ok"),
    ] {
        let mut pending = record(2);
        let state = pending.state().secret().to_owned();
        let mut response = vec![("code", "c".to_owned()), ("state", state.clone())];
        if !after.iter().any(|(k, _)| *k == "iss") {
            response.push(("iss", ISSUER.to_owned()));
        }
        response.extend(after);
        let response = params(&response);
        let first = pending.validate_callback_at(&response, NOW + 1);
        assert_eq!(first.is_ok(), error == "ok", "{error}");
        drop(first);
        // Spent: its state is wiped and nothing more is accepted, not even
        // the right response again (a replay).
        assert!(!pending.state().matches(&state), "{error}");
        let real = real(&state);
        assert_eq!(
            pending
                .validate_callback_at(&params(&real), NOW + 1)
                .unwrap_err(),
            Error::AlreadyUsed,
            "{error}"
        );
        assert_eq!(Error::AlreadyUsed.kind(), "already_used");
    }
}

#[test]
fn rfc6749_10_12_a_forged_callback_leaves_every_record_in_the_store_usable() {
    let mut store = PendingAuthorizations::<3>::new();
    let records: Vec<_> = (10..13).map(record).collect();
    let states: Vec<String> = records
        .iter()
        .map(|r| r.state().secret().to_owned())
        .collect();
    for r in records {
        assert!(store.insert(r).is_none());
    }
    for state in &states {
        for (forged, want) in forgeries(state) {
            assert_eq!(
                store
                    .validate_callback_at(&params(&forged), NOW + 1)
                    .unwrap_err(),
                want,
                "{forged:?}"
            );
            assert_eq!(store.len(), 3, "{forged:?}: every record stays");
        }
    }
    // Each real response still completes, in any order.
    for state in states.iter().rev() {
        let real = real(state);
        assert!(store.validate_callback_at(&params(&real), NOW + 1).is_ok());
        assert_eq!(
            store
                .validate_callback_at(&params(&real), NOW + 1)
                .unwrap_err(),
            Error::StateMismatch,
            "used once"
        );
    }
    assert!(store.is_empty());
}

#[cfg(feature = "serde")]
#[test]
fn a_spent_record_is_neither_stored_nor_sealed() {
    let mut pending = record(20);
    let state = pending.state().secret().to_owned();
    let real = real(&state);
    assert!(
        pending
            .validate_callback_at(&params(&real), NOW + 1)
            .is_ok()
    );
    let stored = serde_json::to_string(&pending.expose_for_storage()).unwrap_err();
    assert!(stored.to_string().contains("already answered"), "{stored}");
    #[cfg(feature = "seal")]
    {
        use oauth_pkce::client::{SealError, SealingKey, SealingKeys};
        let key = SealingKey::generate_with(1, &mut StdRng::seed_from_u64(21));
        assert_eq!(
            SealingKeys::new(&key)
                .seal_with(&pending, b"", NOW + 1, &mut StdRng::seed_from_u64(22))
                .map(|s| s.as_str().len()),
            Err(SealError::Spent)
        );
    }
}

// ---- Time ----

/// A clock set back past the record's making, or a record from the future:
/// its expiry cannot be trusted, so the response is refused (and, its
/// `state` having matched, the record is spent).
#[test]
fn a_response_checked_before_the_record_was_made_is_refused() {
    for back in [1, 600, 86_400 * 365] {
        let mut pending = record(30);
        let real = real(pending.state().secret());
        let real = params(&real);
        assert_eq!(
            pending.validate_callback_at(&real, NOW - back).unwrap_err(),
            Error::CheckedBeforeIssued,
            "{back} seconds back"
        );
        assert_eq!(Error::CheckedBeforeIssued.kind(), "checked_before_issued");
    }
    // At the very second it was made, and up to its expiry, it is fine.
    let mut pending = record(31);
    assert_eq!(pending.issued_at(), NOW);
    let real = real(pending.state().secret());
    assert!(pending.validate_callback_at(&params(&real), NOW).is_ok());
}

/// Lifetimes are 1 second to a day: `lifetime_secs(u64::MAX)` used to make
/// a record that never expires.
#[test]
fn lifetimes_are_bounded_to_a_day() {
    let mut rng = StdRng::seed_from_u64(32);
    let max = PendingAuthorization::LIFETIME_MAX_SECS;
    assert_eq!(max, 86_400);
    for secs in [0, max + 1, u64::MAX] {
        let err = PendingAuthorization::builder(REDIRECT)
            .lifetime_secs(secs)
            .build_with(NOW, &mut rng)
            .unwrap_err();
        assert_eq!(err, Error::LifetimeOutOfRange { secs, max });
        assert_eq!(err.kind(), "lifetime_out_of_range");
    }
    for secs in [1, max] {
        let pending = PendingAuthorization::builder(REDIRECT)
            .lifetime_secs(secs)
            .build_with(NOW, &mut rng)
            .unwrap();
        assert_eq!(pending.expires_at() - pending.issued_at(), secs);
    }
}
