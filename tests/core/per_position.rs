//! Every comparison of a secret or a challenge, checked one position at a
//! time: a bound challenge or a presented verifier that differs from the
//! right one at exactly one position is refused (RFC 7636 §4.6), whichever
//! position it is, at the shortest and the longest lengths, for `S256` and
//! `plain`, through `CodeChallenge::verify`, `Policy::check_token_request`
//! and `CodeChallenge`'s constant-time equality; and a `state` one position
//! off matches no request (RFC 6749 §10.12), through `State::matches`, the
//! callback check and the store of pending authorizations.
//!
//! A comparison that XORs words and ORs the differences together can lose a
//! word and still pass a test that changes only the last character; these
//! tests change every character, one at a time, to each character of the
//! value's alphabet one bit away (under Miri, a sample), so that no position
//! and no bit goes unchecked.

// A failed assertion is how a test reports; indexing a test's own strings
// at positions it computed is what it is about.

use crate::support::{BASE64URL, UNRESERVED, miri_sample, verifier_of_len};
use oauth_pkce::client::{
    self, CallbackParams, PendingAuthorization, PendingAuthorizations, State,
};
use oauth_pkce::rand::{SeedableRng, rngs::StdRng};
use oauth_pkce::server::{self, ClientType, ErrorCode, Policy};
use oauth_pkce::{CodeChallenge, CodeVerifier, Error, Method};
use subtle::ConstantTimeEq;

/// The characters that may end an S256 challenge: 43 base64url characters
/// carry 258 bits, so the last one's two low bits are zero (RFC 4648 §3.5).
const CANONICAL_LAST: &[u8] = b"AEIMQUYcgkosw048";

/// The shortest and longest verifiers and `plain` challenges (RFC 7636
/// §4.1, §4.2).
const LENGTHS: [usize; 2] = [43, 128];

/// The policies a token request is checked under: the mismatch rule holds
/// whatever the policy.
fn policies() -> [Policy; 2] {
    [Policy::strict().allow_plain(true), Policy::rfc7636()]
}

/// The characters of `alphabet` that differ from `c` in exactly one bit, so
/// that every bit a comparison could drop is tested at every position; the
/// first other character when no single-bit change stays in the alphabet.
/// Under Miri, which interprets each SHA-256 a thousand times slower and
/// looks for undefined behaviour rather than wrong values, just one.
fn replacements(c: u8, alphabet: &'static [u8]) -> Vec<u8> {
    let mut out: Vec<u8> = alphabet
        .iter()
        .copied()
        .filter(|&r| (r ^ c).count_ones() == 1)
        .collect();
    if out.is_empty() {
        out.extend(alphabet.iter().copied().find(|&r| r != c));
    }
    if cfg!(miri) {
        out.truncate(1);
    }
    out
}

/// `s` with the byte at `pos` replaced by `r`.
fn with_byte(s: &str, pos: usize, r: u8) -> String {
    let mut bytes = s.as_bytes().to_vec();
    bytes[pos] = r;
    String::from_utf8(bytes).expect("ASCII in, ASCII out")
}

/// Every one-character change of `s` allowed by the alphabet of each
/// position: `last` for the last position, `alphabet` elsewhere. Yields the
/// position and the changed string.
fn one_position_changes(
    s: &str,
    alphabet: &'static [u8],
    last: &'static [u8],
) -> Vec<(usize, String)> {
    let len = s.len();
    let mut out = Vec::new();
    for pos in miri_sample(0..len) {
        let allowed = if pos + 1 == len { last } else { alphabet };
        for r in replacements(s.as_bytes()[pos], allowed) {
            out.push((pos, with_byte(s, pos, r)));
        }
    }
    out
}

/// The token endpoint's answer to `verifier` for a code bound to `bound`,
/// under every policy and for either client type: all must agree, and that
/// answer is returned.
fn token_request(bound: &CodeChallenge, verifier: &str, what: &str) -> Result<(), server::Error> {
    let [first, ..] = policies();
    let got = first.check_token_request(ClientType::Public, Some(bound), Some(verifier));
    for policy in policies() {
        for client in [ClientType::Public, ClientType::Confidential] {
            assert_eq!(
                policy.check_token_request(client, Some(bound), Some(verifier)),
                got,
                "{what}: {policy:?} for {client:?} disagrees with {first:?}"
            );
        }
    }
    got
}

/// Checks that `verifier` is refused for `bound` as a mismatch, by
/// `verify` and by the token endpoint, and that the refusal is
/// `invalid_grant` (RFC 7636 §4.6, RFC 6749 §5.2).
fn assert_mismatch(bound: &CodeChallenge, verifier: &str, what: &str) {
    assert_eq!(
        bound.verify(verifier),
        Err(Error::VerifierMismatch),
        "{what}"
    );
    let err = token_request(bound, verifier, what).expect_err(what);
    assert_eq!(
        err,
        server::Error::Verifier(Error::VerifierMismatch),
        "{what}: token endpoint"
    );
    assert_eq!(err.error_code(), ErrorCode::InvalidGrant, "{what}");
}

/// Checks that `verifier` is accepted for `bound`, the control for every
/// refusal: the change, not something else, is what makes it fail.
fn assert_match(bound: &CodeChallenge, verifier: &str, what: &str) {
    assert_eq!(bound.verify(verifier), Ok(()), "{what}");
    assert_eq!(token_request(bound, verifier, what), Ok(()), "{what}");
}

/// Checks both directions of `PartialEq` and `ConstantTimeEq` of two
/// challenges against `equal`.
fn assert_challenges_equal(a: &CodeChallenge, b: &CodeChallenge, equal: bool, what: &str) {
    assert_eq!(a == b, equal, "{what}: a == b");
    assert_eq!(b == a, equal, "{what}: b == a");
    assert_eq!(a != b, !equal, "{what}: a != b");
    assert_eq!(bool::from(a.ct_eq(b)), equal, "{what}: a.ct_eq(b)");
    assert_eq!(bool::from(b.ct_eq(a)), equal, "{what}: b.ct_eq(a)");
}

#[test]
fn rfc7636_4_6_s256_bound_challenge_differing_at_one_position_is_refused() {
    for len in LENGTHS {
        let secret = verifier_of_len(len);
        let verifier = CodeVerifier::parse(&secret).unwrap();
        let truth = verifier.challenge();
        assert_match(&truth, &secret, &format!("S256, verifier of {len}"));
        // A server parses what it binds (RFC 7636 §4.4): every one of these
        // is a valid, canonical S256 challenge, just not this verifier's.
        for (pos, wrong) in one_position_changes(truth.as_str(), BASE64URL, CANONICAL_LAST) {
            let what =
                format!("S256, verifier of {len}, bound challenge changed at {pos}: {wrong}");
            let bound = CodeChallenge::parse(&wrong, Method::S256).expect(&what);
            assert_mismatch(&bound, &secret, &what);
        }
    }
}

#[test]
fn rfc7636_4_6_s256_presented_verifier_differing_at_one_position_is_refused() {
    for len in LENGTHS {
        let secret = verifier_of_len(len);
        let bound = CodeVerifier::parse(&secret).unwrap().challenge();
        assert_match(&bound, &secret, &format!("S256, verifier of {len}"));
        for (pos, wrong) in one_position_changes(&secret, UNRESERVED, UNRESERVED) {
            let what = format!("S256, verifier of {len} changed at {pos}");
            assert_mismatch(&bound, &wrong, &what);
        }
    }
}

#[test]
fn rfc7636_4_6_plain_bound_challenge_differing_at_one_position_is_refused() {
    for len in LENGTHS {
        let secret = verifier_of_len(len);
        let verifier = CodeVerifier::parse(&secret).unwrap();
        let truth = verifier.challenge_with(Method::Plain);
        assert_match(&truth, &secret, &format!("plain, verifier of {len}"));
        for (pos, wrong) in one_position_changes(&secret, UNRESERVED, UNRESERVED) {
            let what = format!("plain, verifier of {len}, bound challenge changed at {pos}");
            let bound = CodeChallenge::parse(&wrong, Method::Plain).expect(&what);
            assert_mismatch(&bound, &secret, &what);
        }
    }
}

#[test]
fn rfc7636_4_6_plain_presented_verifier_differing_at_one_position_is_refused() {
    for len in LENGTHS {
        let secret = verifier_of_len(len);
        let bound = CodeChallenge::parse(&secret, Method::Plain).unwrap();
        assert_match(&bound, &secret, &format!("plain, verifier of {len}"));
        for (pos, wrong) in one_position_changes(&secret, UNRESERVED, UNRESERVED) {
            let what = format!("plain, verifier of {len} changed at {pos}");
            assert_mismatch(&bound, &wrong, &what);
        }
    }
}

#[test]
fn rfc7636_4_6_plain_verifier_differing_in_length_only_is_refused() {
    // A prefix or an extension by one character of the bound plain
    // challenge: every character present in both agrees.
    let longest = verifier_of_len(128);
    for len in miri_sample(43..128) {
        let (short, long) = (&longest[..len], &longest[..=len]);
        let bound_short = CodeChallenge::parse(short, Method::Plain).unwrap();
        let bound_long = CodeChallenge::parse(long, Method::Plain).unwrap();
        assert_mismatch(
            &bound_short,
            long,
            &format!("plain {len}, verifier one longer"),
        );
        assert_mismatch(
            &bound_long,
            short,
            &format!("plain {}, verifier one shorter", len + 1),
        );
    }
}

#[test]
fn rfc7636_4_6_verifier_checked_with_the_bound_method_only() {
    // The same verifier against its challenge under the other method: an
    // S256 challenge is not a plain verifier for itself, and a plain
    // challenge does not accept its own S256 form (RFC 7636 §4.6: the
    // server transforms with the method bound to the code).
    for len in LENGTHS {
        let secret = verifier_of_len(len);
        let verifier = CodeVerifier::parse(&secret).unwrap();
        let s256 = verifier.challenge();
        let plain = verifier.challenge_with(Method::Plain);
        assert_mismatch(
            &plain,
            s256.as_str(),
            &format!("plain bound, S256 value presented, {len}"),
        );
        assert_mismatch(
            &s256,
            s256.as_str(),
            &format!("S256 bound, S256 value presented, {len}"),
        );
        // The S256 value bound as plain: the verifier no longer matches it.
        let s256_as_plain = CodeChallenge::parse(s256.as_str(), Method::Plain).unwrap();
        assert_mismatch(
            &s256_as_plain,
            &secret,
            &format!("S256 value bound as plain, {len}"),
        );
        assert_match(
            &s256_as_plain,
            s256.as_str(),
            &format!("S256 value bound as plain, {len}"),
        );
    }
}

#[test]
fn rfc7636_4_2_s256_challenges_differing_at_one_position_are_unequal() {
    for len in LENGTHS {
        let truth = CodeVerifier::parse(&verifier_of_len(len))
            .unwrap()
            .challenge();
        let reparsed = CodeChallenge::parse(truth.as_str(), Method::S256).unwrap();
        assert_challenges_equal(&truth, &reparsed, true, &format!("S256 of {len}, reparsed"));
        assert_challenges_equal(
            &truth,
            &truth.clone(),
            true,
            &format!("S256 of {len}, clone"),
        );
        for (pos, wrong) in one_position_changes(truth.as_str(), BASE64URL, CANONICAL_LAST) {
            let what = format!("S256 of {len} changed at {pos}: {wrong}");
            let other = CodeChallenge::parse(&wrong, Method::S256).expect(&what);
            assert_challenges_equal(&truth, &other, false, &what);
        }
    }
}

#[test]
fn rfc7636_4_2_plain_challenges_differing_at_one_position_are_unequal() {
    for len in LENGTHS {
        let secret = verifier_of_len(len);
        let truth = CodeChallenge::parse(&secret, Method::Plain).unwrap();
        let derived = CodeVerifier::parse(&secret)
            .unwrap()
            .challenge_with(Method::Plain);
        assert_challenges_equal(&truth, &derived, true, &format!("plain of {len}, derived"));
        assert_challenges_equal(
            &truth,
            &truth.clone(),
            true,
            &format!("plain of {len}, clone"),
        );
        for (pos, wrong) in one_position_changes(&secret, UNRESERVED, UNRESERVED) {
            let what = format!("plain of {len} changed at {pos}");
            let other = CodeChallenge::parse(&wrong, Method::Plain).expect(&what);
            assert_challenges_equal(&truth, &other, false, &what);
        }
    }
}

#[test]
fn rfc7636_4_2_challenges_differing_in_method_only_are_unequal() {
    // Any S256 challenge is also a valid plain one (43 base64url characters
    // are unreserved): same characters, different method.
    for len in LENGTHS {
        let s256 = CodeVerifier::parse(&verifier_of_len(len))
            .unwrap()
            .challenge();
        let plain = CodeChallenge::parse(s256.as_str(), Method::Plain).unwrap();
        assert_eq!(plain.as_str(), s256.as_str());
        assert_challenges_equal(
            &s256,
            &plain,
            false,
            &format!("S256 of {len} against plain"),
        );
    }
}

#[test]
fn rfc7636_4_2_challenges_differing_in_length_only_are_unequal() {
    let longest = verifier_of_len(128);
    for len in miri_sample(43..128) {
        let short = CodeChallenge::parse(&longest[..len], Method::Plain).unwrap();
        let long = CodeChallenge::parse(&longest[..=len], Method::Plain).unwrap();
        assert_challenges_equal(
            &short,
            &long,
            false,
            &format!("plain {len} against {}", len + 1),
        );
    }
}

#[test]
fn rfc7636_4_6_token_endpoint_refuses_a_verifier_one_position_off_for_every_client_and_method() {
    // The authorization endpoint binds what it parsed; the token endpoint
    // refuses a verifier one character off, for either client type, with
    // the error a client can act on: invalid_grant.
    let secret = verifier_of_len(43);
    let verifier = CodeVerifier::parse(&secret).unwrap();
    for policy in policies() {
        for client in [ClientType::Public, ClientType::Confidential] {
            for method in [Method::S256, Method::Plain] {
                let sent = verifier.challenge_with(method);
                let bound = policy
                    .check_authorization_request(client, Some(sent.as_str()), Some(method.as_str()))
                    .unwrap()
                    .expect("a challenge was sent, so one is bound");
                assert_challenges_equal(&bound, &sent, true, &format!("{method} bound as sent"));
                assert_eq!(
                    policy.check_token_request(client, Some(&bound), Some(&secret)),
                    Ok(())
                );
                for (pos, wrong) in one_position_changes(&secret, UNRESERVED, UNRESERVED) {
                    let err = policy
                        .check_token_request(client, Some(&bound), Some(&wrong))
                        .expect_err("one character off");
                    let what = format!("{policy:?} {client:?} {method} changed at {pos}");
                    assert_eq!(
                        err,
                        server::Error::Verifier(Error::VerifierMismatch),
                        "{what}"
                    );
                    assert_eq!(err.error_code(), ErrorCode::InvalidGrant, "{what}");
                }
            }
        }
    }
}

/// A `state` and the pending authorization that holds it, the same for the
/// same seed (a seeded RNG: tests only).
fn pending(seed: u64) -> PendingAuthorization {
    let mut rng = StdRng::seed_from_u64(seed);
    PendingAuthorization::builder("https://client.example/cb")
        .build_with(1_000, &mut rng)
        .unwrap()
}

#[test]
fn rfc6749_10_12_state_differing_at_one_position_does_not_match() {
    let state = State::generate_with(&mut StdRng::seed_from_u64(1));
    let secret = state.secret().to_owned();
    assert!(state.matches(&secret), "its own value");
    for (pos, wrong) in one_position_changes(&secret, BASE64URL, BASE64URL) {
        assert!(!state.matches(&wrong), "state changed at {pos}: {wrong}");
    }
    // A received `state` is whatever the query held, not only base64url.
    for pos in miri_sample(0..secret.len()) {
        for r in [0u8, b' ', b'%', b'+', b'/', b'=', 0x7f] {
            assert!(
                !state.matches(&with_byte(&secret, pos, r)),
                "byte {r:#04x} at {pos}"
            );
        }
    }
}

#[test]
fn rfc6749_10_12_state_differing_in_length_only_does_not_match() {
    let state = State::generate_with(&mut StdRng::seed_from_u64(2));
    let secret = state.secret().to_owned();
    for len in 0..secret.len() {
        assert!(!state.matches(&secret[..len]), "prefix of {len}");
    }
    // The comparison is over the received length: what lies past the 43
    // characters, a NUL included, must still count.
    for tail in ["A", "\0", "~", "%00"] {
        assert!(
            !state.matches(&format!("{secret}{tail}")),
            "extended by {tail:?}"
        );
    }
    assert!(!state.matches(&secret.repeat(2)), "twice over");
}

#[test]
fn rfc6749_10_12_callback_with_a_state_one_position_off_is_refused() {
    let secret = pending(3).state().secret().to_owned();
    let respond = |state: &str| {
        let params = CallbackParams::from_pairs([("state", state), ("code", "c")]).unwrap();
        pending(3).validate_callback_at(&params, 1_001).map(|_| ())
    };
    assert_eq!(respond(&secret), Ok(()), "its own state");
    for (pos, wrong) in one_position_changes(&secret, BASE64URL, BASE64URL) {
        assert_eq!(
            respond(&wrong),
            Err(client::Error::StateMismatch),
            "state changed at {pos}"
        );
    }
}

#[test]
fn rfc6749_10_12_store_takes_no_record_for_a_state_one_position_off() {
    let mut store = PendingAuthorizations::<3>::new();
    let secrets: Vec<String> = (10..13)
        .map(|seed| {
            let record = pending(seed);
            let secret = record.state().secret().to_owned();
            assert!(store.insert(record).is_none());
            secret
        })
        .collect();
    for secret in &secrets {
        for (pos, wrong) in one_position_changes(secret, BASE64URL, BASE64URL) {
            assert!(store.take(&wrong).is_none(), "state changed at {pos}");
        }
    }
    assert_eq!(store.len(), 3, "no miss took a record");
    assert!(!store.is_empty());
    for secret in &secrets {
        let record = store.take(secret).expect("its own state");
        assert_eq!(record.state().secret(), secret);
    }
    assert!(store.is_empty());
}
