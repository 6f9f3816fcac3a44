//! The constant-challenge detector (RFC 9700 §2.1.1): it catches a challenge
//! a client repeats, per client, within its window; its false-positive rate
//! is the one its documentation derives. Its allocations are counted in
//! tests/alloc.rs.

#![cfg(feature = "std")]

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use oauth_pkce::rand::{RngExt, SeedableRng, rngs::StdRng};
use oauth_pkce::server::{ChallengeDetector, Error, ErrorCode, OnRepeat, Sighting};
use oauth_pkce::{CodeChallenge, CodeVerifier, Method};

/// A fresh S256 challenge: 32 random bytes, base64url (RFC 7636 §4.2's
/// shape), from a seeded RNG so that every run sees the same ones.
fn random_challenge(rng: &mut StdRng) -> CodeChallenge {
    let bytes: [u8; 32] = rng.random();
    CodeChallenge::parse(&URL_SAFE_NO_PAD.encode(bytes), Method::S256).unwrap()
}

/// RFC 9700 §2.1.1: a client that sends the same challenge again is
/// refused the second time, with `invalid_request` (RFC 6749 §4.1.2.1).
#[test]
fn a_constant_challenge_is_refused_on_its_second_use() {
    let mut detector = ChallengeDetector::<64, 16>::with_random_key(OnRepeat::Refuse).unwrap();
    let constant = CodeVerifier::generate().challenge();
    assert_eq!(detector.check("app", &constant), Ok(Sighting::New));
    let refused = detector.check("app", &constant).unwrap_err();
    assert_eq!(refused, Error::RepeatedChallenge);
    assert_eq!(refused.error_code(), ErrorCode::InvalidRequest);
    assert_eq!(refused.kind(), "repeated_challenge");
    // Every use after that too.
    assert!(detector.check("app", &constant).is_err());
    // A fresh challenge from the same client is fine.
    let fresh = CodeVerifier::generate().challenge();
    assert_eq!(detector.check("app", &fresh), Ok(Sighting::New));
}

/// `OnRepeat::Report` accepts and says so, each time.
#[test]
fn report_mode_accepts_and_reports_every_repeat() {
    let mut detector = ChallengeDetector::<8, 4>::new([9; 32], OnRepeat::Report);
    let constant = CodeVerifier::generate().challenge();
    assert_eq!(detector.check("app", &constant), Ok(Sighting::New));
    for _ in 0..3 {
        assert_eq!(detector.check("app", &constant), Ok(Sighting::Repeated));
    }
}

/// Per client: a challenge is one client's constant, not another's; and
/// `S256` and `plain` challenges with the same text are different.
#[test]
fn repeats_are_counted_per_client_and_per_method() {
    let mut detector = ChallengeDetector::<1, 8>::new([1; 32], OnRepeat::Refuse);
    let verifier = CodeVerifier::generate();
    let s256 = verifier.challenge();
    assert_eq!(detector.check("a", &s256), Ok(Sighting::New));
    assert_eq!(detector.check("b", &s256), Ok(Sighting::New));
    let plain = CodeChallenge::parse(s256.as_str(), Method::Plain).unwrap();
    assert_eq!(detector.check("a", &plain), Ok(Sighting::New));
    assert!(detector.check("a", &s256).is_err());
    assert!(detector.check("b", &s256).is_err());
    assert!(detector.check("a", &plain).is_err());
}

/// The documented window: a bucket keeps its last `WAYS` challenges. With
/// one bucket of 4, a challenge is caught after 3 others and forgotten
/// after 4.
#[test]
fn a_bucket_remembers_its_last_ways_challenges() {
    let mut rng = StdRng::seed_from_u64(1);
    let mut detector = ChallengeDetector::<1, 4>::new([2; 32], OnRepeat::Report);
    let old = random_challenge(&mut rng);
    assert_eq!(detector.check("app", &old), Ok(Sighting::New));
    for _ in 0..3 {
        detector.check("app", &random_challenge(&mut rng)).unwrap();
    }
    assert_eq!(detector.check("app", &old), Ok(Sighting::Repeated));
    detector.check("app", &random_challenge(&mut rng)).unwrap();
    assert_eq!(detector.check("app", &old), Ok(Sighting::New));
}

/// The false-positive rate, measured where it can be counted: 2-byte
/// fingerprints, one bucket of 32. The documented bound is
/// `WAYS × 2^(-8·FINGERPRINT)` per request, `32 / 65536` here; while the
/// bucket fills, request `i` is compared with `min(i, 32)` fingerprints.
/// 200 000 distinct challenges: the false hits must lie within six
/// standard deviations of the count the derivation predicts (about 98),
/// which a detector that compared too few bits, too many, or not at all
/// would miss.
#[test]
#[cfg_attr(
    miri,
    ignore = "200 000 keyed hashes: minutes in Miri, and nothing Miri checks"
)]
fn the_false_positive_rate_is_the_derived_one() {
    const N: usize = 200_000;
    const WAYS: usize = 32;
    let mut detector = ChallengeDetector::<1, WAYS, 2>::new([0x42; 32], OnRepeat::Report);
    let mut rng = StdRng::seed_from_u64(9700);
    let mut hits = 0u32;
    for _ in 0..N {
        if detector.check("app", &random_challenge(&mut rng)) == Ok(Sighting::Repeated) {
            hits += 1;
        }
    }
    let per_comparison = 1.0 / 65_536.0;
    let expected: f64 = (0..N).map(|i| i.min(WAYS) as f64 * per_comparison).sum();
    let sigma = expected.sqrt();
    let bound = N as f64 * WAYS as f64 * per_comparison;
    let hits = f64::from(hits);
    println!("false hits {hits}, predicted {expected:.1} (sigma {sigma:.1}), bound {bound:.1}");
    assert!(
        hits <= bound + 6.0 * sigma,
        "{hits} false hits, bound {bound:.1}"
    );
    assert!(
        (hits - expected).abs() <= 6.0 * sigma,
        "{hits} false hits, predicted {expected:.1}"
    );
}

/// With the default 8-byte fingerprints the bound is `16 × 2^-64` per
/// request: 100 000 fresh challenges from 8 clients, no false hit.
#[test]
#[cfg_attr(
    miri,
    ignore = "100 000 keyed hashes: minutes in Miri, and nothing Miri checks"
)]
fn default_fingerprints_give_no_false_hit() {
    let mut detector = ChallengeDetector::<64, 16>::with_random_key(OnRepeat::Refuse).unwrap();
    let mut rng = StdRng::seed_from_u64(7636);
    let clients = ["a", "b", "c", "d", "e", "f", "g", "h"];
    for i in 0..100_000 {
        let client = clients[i % clients.len()];
        assert_eq!(
            detector.check(client, &random_challenge(&mut rng)),
            Ok(Sighting::New)
        );
    }
}

/// Its `Debug` shows its sizes and choice, never its key.
#[test]
fn debug_shows_no_key() {
    let detector = ChallengeDetector::<2, 2>::new([0xab; 32], OnRepeat::Refuse);
    let shown = format!("{detector:?}");
    assert!(shown.contains("on_repeat: Refuse"), "{shown}");
    assert!(!shown.contains("171"), "{shown}");
    assert!(!shown.to_lowercase().contains("ab, "), "{shown}");
}
