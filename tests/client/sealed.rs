//! Sealed storage of pending authorizations (feature `seal`): what opens is
//! exactly what was sealed, by a key of the ring, for the same associated
//! data, within its lifetime; everything else is one refusal that echoes
//! nothing (RFC 8439 §2.8's AEAD, with XChaCha20's extended nonce).
#![cfg(all(feature = "std", feature = "seal"))]

use std::mem::ManuallyDrop;

use crate::support::probe::{leading_bytes, leading_bytes_after_drop};
use oauth_pkce::client::{
    ASSOCIATED_DATA_MAX_LEN, SEAL_LIFETIME_MAX_SECS, SEALED_RECORD_MAX_LEN, SealError, SealingKey,
    SealingKeys,
};
use oauth_pkce::client::{CallbackParams, PendingAuthorization, PendingAuthorizations};
use oauth_pkce::rand::{SeedableRng, rngs::StdRng};

const NOW: u64 = 1_700_000_000;
const SESSION: &[u8] = b"session-3f9a";

fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

fn record(rng: &mut StdRng) -> PendingAuthorization {
    PendingAuthorization::builder("http://127.0.0.1:8400/callback")
        .issuer_requiring_iss("https://auth.example.com")
        .build_with(NOW, rng)
        .unwrap()
}

/// The longest record a client can make: verifier 128, redirect URI 512,
/// issuer 256 bytes.
fn largest_record(rng: &mut StdRng) -> PendingAuthorization {
    let uri = format!("https://app.example/{}", "r".repeat(512 - 20));
    let issuer = format!("https://as.example/{}", "i".repeat(256 - 19));
    PendingAuthorization::builder(&uri)
        .issuer_requiring_iss(&issuer)
        .verifier_len(128)
        .build_with(NOW, rng)
        .unwrap()
}

/// A callback that the record accepts, to show a restored record works.
fn redeem(mut record: PendingAuthorization) -> String {
    let state = record.state().secret().to_owned();
    let issuer = record.issuer().map(str::to_owned);
    let mut pairs = vec![("code", "c0de"), ("state", state.as_str())];
    if let Some(iss) = &issuer {
        pairs.push(("iss", iss));
    }
    let params = CallbackParams::from_pairs(pairs).unwrap();
    let token = record.validate_callback_at(&params, NOW + 1).unwrap();
    token.code_verifier().secret().to_owned()
}

#[test]
fn a_sealed_record_opens_to_the_same_record_and_completes_its_flow() {
    let mut rng = rng(1);
    let key = SealingKey::generate_with(1, &mut rng);
    let keys = SealingKeys::new(&key);
    let original = record(&mut rng);
    let sealed = keys.seal_with(&original, SESSION, NOW, &mut rng).unwrap();
    let opened = keys.open(sealed.as_str(), SESSION, NOW + 1).unwrap();
    assert_eq!(opened.redirect_uri(), original.redirect_uri());
    assert_eq!(opened.issuer(), original.issuer());
    assert_eq!(opened.expires_at(), original.expires_at());
    assert!(opened.state().matches(original.state().secret()));
    // The verifier is the same one: both redeem with the same secret.
    assert_eq!(redeem(opened), redeem(original));
}

#[test]
fn the_largest_record_sealed_fits_a_cookie_rfc6265_section_6_1() {
    let mut rng = rng(2);
    let key = SealingKey::generate_with(1, &mut rng);
    let sealed = SealingKeys::new(&key)
        .seal_with(&largest_record(&mut rng), SESSION, NOW, &mut rng)
        .unwrap();
    assert_eq!(sealed.as_str().len(), SEALED_RECORD_MAX_LEN);
    // The figure `SEALED_RECORD_MAX_LEN`'s docs give, which a change to any
    // part of the envelope moves.
    assert_eq!(SEALED_RECORD_MAX_LEN, 1366);
    // A cookie of 4096 bytes, name and '=' included, is what browsers keep.
    let cookie = format!("__Host-oauth-pending={}", sealed.as_str());
    assert!(cookie.len() < 4096, "{}", cookie.len());
    assert!(
        sealed
            .as_str()
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'),
        "base64url only: safe in a cookie value without quoting"
    );
}

#[test]
fn every_altered_character_and_every_truncation_is_refused() {
    let mut rng = rng(3);
    let key = SealingKey::generate_with(1, &mut rng);
    let keys = SealingKeys::new(&key);
    let sealed = keys
        .seal_with(&record(&mut rng), SESSION, NOW, &mut rng)
        .unwrap();
    let text = sealed.as_str();
    // Every position natively; under Miri, which interprets each AEAD
    // operation, the envelope's first bytes, the middle and the tag's end.
    let positions: Vec<usize> = if cfg!(miri) {
        vec![0, 1, 7, 40, text.len() / 2, text.len() - 1]
    } else {
        (0..text.len()).collect()
    };
    for &i in &positions {
        let mut altered = text.as_bytes().to_vec();
        altered[i] = if altered[i] == b'A' { b'B' } else { b'A' };
        let altered = String::from_utf8(altered).unwrap();
        assert_eq!(
            keys.open(&altered, SESSION, NOW + 1).unwrap_err(),
            SealError::Refused,
            "character {i}"
        );
    }
    for &len in &positions {
        assert_eq!(
            keys.open(&text[..len], SESSION, NOW + 1).unwrap_err(),
            SealError::Refused,
            "first {len} characters"
        );
    }
    let longer = format!("{text}AAAA");
    assert_eq!(
        keys.open(&longer, SESSION, NOW + 1).unwrap_err(),
        SealError::Refused
    );
}

#[test]
fn another_key_or_other_associated_data_is_refused_and_old_keys_still_open() {
    let mut rng = rng(4);
    let old = SealingKey::generate_with(1, &mut rng);
    let new = SealingKey::generate_with(2, &mut rng);
    // Same id, other bytes: what a forger who guesses the id has.
    let impostor = SealingKey::generate_with(1, &mut rng);
    let sealed = SealingKeys::new(&old)
        .seal_with(&record(&mut rng), SESSION, NOW, &mut rng)
        .unwrap();
    let text = sealed.as_str();

    assert_eq!(
        SealingKeys::new(&impostor)
            .open(text, SESSION, NOW)
            .unwrap_err(),
        SealError::Refused
    );
    assert_eq!(
        SealingKeys::new(&new).open(text, SESSION, NOW).unwrap_err(),
        SealError::Refused,
        "no key with the seal's id"
    );
    let previous = [old];
    let rotated = SealingKeys::new(&new).with_previous(&previous);
    assert!(rotated.open(text, SESSION, NOW).is_ok());
    for other in [&b""[..], b"session-3f9b", b"session-3f9a\0"] {
        assert_eq!(
            rotated.open(text, other, NOW).unwrap_err(),
            SealError::Refused
        );
    }
    // What the rotated ring seals, only the new key opens.
    let resealed = rotated
        .seal_with(&record(&mut rng), SESSION, NOW, &mut rng)
        .unwrap();
    assert!(
        SealingKeys::new(&new)
            .open(resealed.as_str(), SESSION, NOW)
            .is_ok()
    );
    assert_eq!(
        SealingKeys::new(&previous[0])
            .open(resealed.as_str(), SESSION, NOW)
            .unwrap_err(),
        SealError::Refused
    );
}

#[test]
fn a_seal_expires_with_its_record_and_refuses_a_clock_before_it_was_sealed() {
    let mut rng = rng(5);
    let key = SealingKey::generate_with(1, &mut rng);
    let keys = SealingKeys::new(&key);
    let record = record(&mut rng);
    let expires = record.expires_at();
    let sealed = keys.seal_with(&record, SESSION, NOW, &mut rng).unwrap();
    assert!(keys.open(sealed.as_str(), SESSION, NOW).is_ok());
    assert!(keys.open(sealed.as_str(), SESSION, expires - 1).is_ok());
    assert_eq!(
        keys.open(sealed.as_str(), SESSION, expires).unwrap_err(),
        SealError::Refused
    );
    assert_eq!(
        keys.open(sealed.as_str(), SESSION, NOW - 1).unwrap_err(),
        SealError::Refused
    );
}

#[test]
fn a_seal_lasts_at_most_a_day_whatever_its_records_say() {
    let mut rng = rng(6);
    let key = SealingKey::generate_with(1, &mut rng);
    let keys = SealingKeys::new(&key);
    let forever = PendingAuthorization::builder("https://app.example/cb")
        .lifetime_secs(PendingAuthorization::LIFETIME_MAX_SECS)
        .build_with(NOW, &mut rng)
        .unwrap();
    let sealed = keys.seal_with(&forever, SESSION, NOW, &mut rng).unwrap();
    assert!(
        keys.open(sealed.as_str(), SESSION, NOW + SEAL_LIFETIME_MAX_SECS - 1)
            .is_ok()
    );
    assert_eq!(
        keys.open(sealed.as_str(), SESSION, NOW + SEAL_LIFETIME_MAX_SECS)
            .unwrap_err(),
        SealError::Refused
    );
}

#[test]
fn two_seals_of_one_record_differ_random_nonce() {
    let mut rng = rng(7);
    let key = SealingKey::generate_with(1, &mut rng);
    let record = record(&mut rng);
    let a = SealingKeys::new(&key).seal(&record, SESSION, NOW).unwrap();
    let b = SealingKeys::new(&key).seal(&record, SESSION, NOW).unwrap();
    assert_ne!(a.as_str(), b.as_str());
}

#[test]
fn several_records_seal_together_and_open_into_a_store() {
    let mut rng = rng(8);
    let key = SealingKey::generate_with(1, &mut rng);
    let keys = SealingKeys::new(&key);
    let short = PendingAuthorization::builder("https://app.example/cb")
        .lifetime_secs(10)
        .build_with(NOW, &mut rng)
        .unwrap();
    let (a, b) = (record(&mut rng), record(&mut rng));
    let mut out = [0u8; 4096];
    let text = keys
        .seal_all_into_with([&a, &b, &short], SESSION, NOW, &mut out, &mut rng)
        .unwrap()
        .to_owned();
    assert_eq!(text, std::str::from_utf8(&out[..text.len()]).unwrap());

    // One record at a time is refused: the seal holds three.
    assert_eq!(
        keys.open(&text, SESSION, NOW).unwrap_err(),
        SealError::Refused
    );

    // Opened after `short` expired: the two live records are stored.
    let mut buf = text.clone().into_bytes();
    let mut store = PendingAuthorizations::<2>::new();
    assert_eq!(
        keys.open_in_place(&mut buf, SESSION, NOW + 10, &mut store),
        Ok(2)
    );
    assert!(buf.iter().all(|&b| b == 0), "the buffer is wiped");
    assert!(store.take(a.state().secret()).is_some());
    assert!(store.take(b.state().secret()).is_some());
    assert!(store.take(short.state().secret()).is_none());

    // A store without room takes none of them.
    let mut small = PendingAuthorizations::<1>::new();
    let mut buf = text.clone().into_bytes();
    assert_eq!(
        keys.open_in_place(&mut buf, SESSION, NOW, &mut small),
        Err(SealError::StoreFull { needed: 3, free: 1 })
    );
    assert!(small.is_empty());

    // The std convenience gives the same text length.
    let owned = keys.seal_all([&a, &b, &short], SESSION, NOW).unwrap();
    assert_eq!(owned.len(), text.len());
}

#[test]
fn sealing_refuses_what_does_not_fit_and_leaves_nothing_in_the_buffer() {
    let mut rng = rng(9);
    let key = SealingKey::generate_with(1, &mut rng);
    let keys = SealingKeys::new(&key);
    let record = record(&mut rng);
    let mut out = [0xAAu8; 200];
    let err = keys
        .seal_all_into_with([&record], SESSION, NOW, &mut out, &mut rng)
        .unwrap_err();
    assert!(matches!(err, SealError::OutputTooSmall { available: 200, needed } if needed > 200));
    assert!(out.iter().all(|&b| b == 0), "nothing of the record is left");

    let long = [0u8; ASSOCIATED_DATA_MAX_LEN + 1];
    assert_eq!(
        keys.seal_with(&record, &long, NOW, &mut rng).unwrap_err(),
        SealError::AssociatedDataTooLong {
            len: ASSOCIATED_DATA_MAX_LEN + 1,
            max: ASSOCIATED_DATA_MAX_LEN
        }
    );
    let none: [&PendingAuthorization; 0] = [];
    assert_eq!(
        keys.seal_all_into_with(none, SESSION, NOW, &mut [0u8; 4096], &mut rng)
            .unwrap_err(),
        SealError::RecordCount { count: 0, max: 255 }
    );
}

#[test]
fn refusals_say_nothing_of_the_value_and_keys_are_redacted() {
    let mut rng = rng(10);
    let key = SealingKey::generate_with(42, &mut rng);
    let refused = SealError::Refused.to_string();
    assert!(refused.starts_with("sealed value refused"), "{refused}");
    let shown = format!("{key:?}");
    assert_eq!(shown, "SealingKey { id: 42, key: <redacted> }");
    let sealed = SealingKeys::new(&key)
        .seal_with(&record(&mut rng), SESSION, NOW, &mut rng)
        .unwrap();
    assert!(format!("{sealed:?}").starts_with("SealedRecord("));
    assert!(!format!("{sealed:?}").contains(&sealed.as_str()[..16]));
}

#[test]
fn a_dropped_key_leaves_only_zeros() {
    let key = SealingKey::generate_with(1, &mut rng(11));
    let secret = key.secret().to_vec();
    let slot = ManuallyDrop::new(key);
    // The probe sees the key while it is there.
    assert_eq!(leading_bytes(&*slot, 32), secret);
    let after = leading_bytes_after_drop(slot, 32);
    assert!(after.iter().all(|&b| b == 0), "{after:?}");
}
