//! Verifier generation (RFC 7636 §4.1, §7.1).
//!
//! The tests of the OS-seeded functions need the `std` feature; those of
//! generation from the caller's RNG run in every feature combination.

#[cfg(feature = "std")]
use std::collections::HashSet;

use crate::support::Replay;
use base64::Engine;
use oauth_pkce::rand::{SeedableRng, rngs::StdRng};
use oauth_pkce::{CodeVerifier, Error};

#[cfg(feature = "std")]
fn is_base64url(s: &str) -> bool {
    s.bytes().all(|b| crate::support::BASE64URL.contains(&b))
}

#[test]
fn default_verifier_is_32_random_bytes_in_base64url() {
    let bytes: Vec<u8> = (0..32u8).map(|i| i.wrapping_mul(97) ^ 0xa5).collect();
    let expected = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes);
    let verifier = CodeVerifier::generate_with(&mut Replay::new(&bytes));
    assert_eq!(verifier.secret(), expected);
    assert_eq!(verifier.secret().len(), 43);
}

#[test]
fn the_encoding_of_random_bytes_matches_base64_for_every_byte_value() {
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    for v in crate::support::miri_sample(0..=u8::MAX) {
        for pos in [0usize, 1, 2, 30, 31] {
            let mut bytes = vec![0x3cu8; 32];
            bytes[pos] = v;
            let expected = engine.encode(&bytes);
            assert_eq!(
                CodeVerifier::generate_with(&mut Replay::new(&bytes)).secret(),
                expected
            );
        }
    }
}

#[test]
fn generate_len_takes_whole_random_groups_and_truncates() {
    // 128 characters are 96 bytes; 43 characters take 11 groups of 3 bytes,
    // of which the first 43 of 44 characters are kept.
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    for len in [43usize, 44, 45, 46, 64, 100, 127, 128] {
        let n = len.div_ceil(4) * 3;
        let bytes: Vec<u8> = (0..n).map(|i| (i as u8).wrapping_mul(31) ^ 0x5c).collect();
        let expected = engine.encode(&bytes)[..len].to_owned();
        let verifier = CodeVerifier::generate_len_with(len, &mut Replay::new(&bytes)).unwrap();
        assert_eq!(verifier.secret(), expected, "length {len}");
    }
}

#[test]
fn generate_len_boundaries() {
    let mut rng = StdRng::seed_from_u64(1);
    for len in [42usize, 0, 129, usize::MAX] {
        assert_eq!(
            CodeVerifier::generate_len_with(len, &mut rng).unwrap_err(),
            Error::LengthOutOfRange { len }
        );
        #[cfg(feature = "std")]
        assert_eq!(
            CodeVerifier::generate_len(len).unwrap_err(),
            Error::LengthOutOfRange { len }
        );
    }
    #[cfg(feature = "std")]
    for len in crate::support::verifier_lengths() {
        let v = CodeVerifier::generate_len(len).unwrap();
        assert_eq!(v.secret().len(), len);
        assert!(is_base64url(v.secret()));
        assert!(CodeVerifier::parse(v.secret()).is_ok());
        assert_eq!(v.challenge().verify(v.secret()), Ok(()));
    }
}

/// How many verifiers a test draws: natively, as many as its statistics
/// want; under Miri, which runs the RNG about a thousand times slower, a
/// few dozen, which still show every symbol (50 verifiers miss one with
/// probability 64 * (63/64)^2150 = 1e-13) and exercise every code path.
#[cfg(feature = "std")]
const fn draws(native: usize, miri: usize) -> usize {
    if cfg!(miri) { miri } else { native }
}

#[test]
#[cfg(feature = "std")]
fn generated_verifiers_are_valid_43_characters_and_never_repeat() {
    let n = draws(100_000, 50);
    let mut seen = HashSet::with_capacity(n);
    // Bits rather than a hash set, which under Miri costs more than the
    // generation.
    let mut symbols = 0u128;
    for _ in 0..n {
        let v = CodeVerifier::generate();
        let s = v.secret();
        assert_eq!(s.len(), 43);
        assert!(is_base64url(s), "{s}");
        for b in s.bytes() {
            symbols |= 1 << b;
        }
        assert!(seen.insert(s.to_owned()), "duplicate verifier");
    }
    assert_eq!(symbols.count_ones(), 64, "every base64url symbol appears");
    // Each generated verifier parses and verifies against its own challenge.
    let v = CodeVerifier::generate();
    assert_eq!(
        CodeVerifier::parse(v.secret()).unwrap().secret(),
        v.secret()
    );
    assert_eq!(v.challenge().verify(v.secret()), Ok(()));
}

#[test]
#[cfg(feature = "std")]
fn every_position_of_generate_len_is_uniform_over_64_symbols() {
    // With 6 fresh random bits per character, each position sees all 64
    // symbols in a few thousand draws (a given symbol is missing from a
    // given position after n draws with probability (63/64)^n, 4e-28 for
    // 4,000); a partial group would show only 16 or 4 in its last positions.
    // Under Miri, 80 draws show about 46 symbols a position: at least 24 is
    // still above what a partial group can reach, and far below what a
    // uniform RNG shows.
    let (n, at_least) = if cfg!(miri) { (80, 24) } else { (4_000, 64) };
    // Which symbols each position has shown, as bits: a hash set per
    // position costs more than the generation under Miri.
    let mut per_position = [0u128; 128];
    for _ in 0..n {
        let v = CodeVerifier::generate_len(128).unwrap();
        for (seen, b) in per_position.iter_mut().zip(v.secret().bytes()) {
            *seen |= 1 << b;
        }
    }
    for (i, seen) in per_position.iter().enumerate() {
        assert!(
            seen.count_ones() >= at_least,
            "position {i}: {}",
            seen.count_ones()
        );
    }
    let mut last = 0u128;
    for _ in 0..n {
        last |= 1 << CodeVerifier::generate_len(43).unwrap().secret().as_bytes()[42];
    }
    assert!(
        last.count_ones() >= at_least,
        "last position: {}",
        last.count_ones()
    );
}

#[test]
#[cfg(feature = "std")]
fn try_generate_reads_the_os_rng() {
    let a = CodeVerifier::try_generate().unwrap();
    let b = CodeVerifier::try_generate().unwrap();
    assert_eq!(a.secret().len(), 43);
    assert!(is_base64url(a.secret()));
    assert_ne!(a.secret(), b.secret());
}

#[test]
#[cfg(feature = "std")]
fn verifiers_from_8_threads_are_distinct_and_valid() {
    let per_thread = draws(2_000, 8);
    let handles: Vec<_> = (0..8)
        .map(|_| {
            std::thread::spawn(move || {
                (0..per_thread)
                    .map(|_| CodeVerifier::generate().secret().to_owned())
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut all = HashSet::new();
    for h in handles {
        for s in h.join().unwrap() {
            assert!(CodeVerifier::parse(&s).is_ok());
            assert!(all.insert(s), "duplicate across threads");
        }
    }
    assert_eq!(all.len(), 8 * per_thread);
}
