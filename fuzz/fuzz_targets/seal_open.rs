//! Sealed storage on arbitrary input: opening any text (one record, or
//! several into a store) refuses it or returns records that pass the
//! record's own checks, never a panic; and a genuine seal of a record made
//! from the input, with any one character changed or any tail cut, is
//! refused, while the genuine one opens to the same record (RFC 8439 §2.8:
//! the tag authenticates every byte).

#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth_pkce::client::{
    PendingAuthorization, PendingAuthorizations, SealError, SealingKey, SealingKeys,
};
use oauth_pkce_test_support::rng::Replay;

const NOW: u64 = 1_700_000_000;
const SESSION: &[u8] = b"session";
const BASE64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fuzz_target!(|data: &[u8]| {
    let key = SealingKey::from_bytes(1, &[0x42; 32]);
    let keys = SealingKeys::new(&key);

    // Arbitrary text: refused, or records that could have been made.
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(record) = keys.open(text, SESSION, NOW)
    {
        assert!(record.expires_at() > NOW);
        assert!(record.issued_at() < record.expires_at());
    }
    let mut buf = data.to_vec();
    let mut store = PendingAuthorizations::<4>::new();
    match keys.open_in_place(&mut buf, SESSION, NOW, &mut store) {
        Ok(n) => assert_eq!(n, store.len()),
        Err(e) => assert!(matches!(
            e,
            SealError::Refused | SealError::StoreFull { .. }
        )),
    }
    assert!(buf.iter().all(|&b| b == 0), "the input buffer is wiped");

    // A genuine seal, altered where the input says.
    let mut rng = Replay::new(data);
    let record = PendingAuthorization::builder("http://127.0.0.1:8400/callback")
        .issuer("https://as.example")
        .build_with(NOW, &mut rng)
        .expect("valid settings");
    let sealed = keys
        .seal_with(&record, SESSION, NOW, &mut rng)
        .expect("one record fits");
    let text = sealed.as_str();
    let at = usize::from(data.first().copied().unwrap_or(0)) * 7 % text.len();
    let by = usize::from(data.get(1).copied().unwrap_or(1)) % (BASE64URL.len() - 1) + 1;
    let mut altered = text.as_bytes().to_vec();
    let was = BASE64URL
        .iter()
        .position(|&c| c == altered[at])
        .expect("base64url");
    altered[at] = BASE64URL[(was + by) % BASE64URL.len()];
    let altered = String::from_utf8(altered).expect("ASCII");
    assert_eq!(
        keys.open(&altered, SESSION, NOW + 1).unwrap_err(),
        SealError::Refused
    );
    assert_eq!(
        keys.open(&text[..at], SESSION, NOW + 1).unwrap_err(),
        SealError::Refused
    );
    let opened = keys
        .open(text, SESSION, NOW + 1)
        .expect("the genuine seal opens");
    assert!(opened.state().matches(record.state().secret()));
});
