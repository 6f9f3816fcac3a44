//! The browser tests, run in each kind of JavaScript global that a browser
//! app generates verifiers in (`browser.rs`: a page; `worker.rs`: a
//! dedicated worker; `service_worker.rs`: a service worker), under
//! wasm-bindgen-test-runner in headless Chromium (`.ci/wasm.sh`). Built for
//! `wasm32-unknown-unknown` with the `wasm_js` feature: generation from
//! `crypto.getRandomValues` (RFC 7636 §4.1, §7.1) and `S256` (§4.2) checked
//! against the browser's own Web Crypto SHA-256.

use std::collections::HashSet;

use oauth_pkce::client::{PendingAuthorization, State};
use oauth_pkce::{CodeChallenge, CodeVerifier, Error, Method};
use oauth_pkce_test_support::{APPENDIX_B_CHALLENGE, APPENDIX_B_VERIFIER, Replay, is_base64url};
use oauth_pkce_wasm_tests::{
    GetRandomValuesStandIn, base64url_no_pad, webcrypto_s256, webcrypto_sha256,
};
use wasm_bindgen_test::wasm_bindgen_test;

/// RFC 7636 Appendix B: the 32 octets that encode to its verifier.
const APPENDIX_B_OCTETS: [u8; 32] = [
    116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77,
    105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
];
/// RFC 7636 Appendix B: the SHA-256 of its verifier, as the octets it lists.
const APPENDIX_B_DIGEST: [u8; 32] = [
    19, 211, 30, 150, 26, 26, 216, 236, 47, 22, 177, 12, 76, 152, 46, 8, 118, 168, 120, 173, 109,
    241, 68, 86, 110, 225, 137, 74, 203, 112, 249, 195,
];

/// RFC 7636 Appendix B, every step of it, in the browser: octets to
/// verifier (generate_with), verifier to challenge (ours and Web Crypto's),
/// and verification.
#[wasm_bindgen_test]
async fn rfc7636_appendix_b_vector_in_the_browser() {
    let generated = CodeVerifier::generate_with(&mut Replay::new(&APPENDIX_B_OCTETS));
    assert_eq!(
        generated.secret(),
        APPENDIX_B_VERIFIER,
        "Appendix B: octets to verifier"
    );

    let verifier = CodeVerifier::parse(APPENDIX_B_VERIFIER).unwrap();
    let challenge = verifier.challenge();
    assert_eq!(challenge.method(), Method::S256);
    assert_eq!(
        challenge.as_str(),
        APPENDIX_B_CHALLENGE,
        "Appendix B: verifier to S256 challenge"
    );

    // The reference itself, against the RFC, so that the comparisons below
    // stand on a checked Web Crypto digest and a checked encoder.
    let digest = webcrypto_sha256(APPENDIX_B_VERIFIER.as_bytes())
        .await
        .unwrap();
    assert_eq!(
        digest, APPENDIX_B_DIGEST,
        "Appendix B: Web Crypto SHA-256 of the verifier"
    );
    assert_eq!(
        base64url_no_pad(&digest),
        APPENDIX_B_CHALLENGE,
        "Appendix B: reference encoder"
    );

    let parsed = CodeChallenge::parse(APPENDIX_B_CHALLENGE, Method::S256).unwrap();
    assert_eq!(parsed.verify(APPENDIX_B_VERIFIER), Ok(()));
    assert_eq!(parsed, challenge);
}

fn assert_base64url(secret: &str, context: &str) {
    assert!(
        secret.bytes().all(is_base64url),
        "{context}: a generated verifier is base64url (RFC 7636 §4.1, Appendix A)"
    );
}

/// RFC 7636 §4.1: every length from 43 to 128 is generated at that length,
/// in base64url, and its S256 challenge (§4.2) verifies it (§4.6) and no
/// other verifier.
#[wasm_bindgen_test]
fn generate_len_every_length_from_43_to_128_derives_and_verifies() {
    for len in 43..=128 {
        let verifier = CodeVerifier::generate_len(len).unwrap();
        let secret = verifier.secret();
        assert_eq!(secret.len(), len, "generate_len({len}): length");
        assert_base64url(secret, &format!("generate_len({len})"));
        let challenge = verifier.challenge();
        assert_eq!(
            challenge.as_str().len(),
            43,
            "generate_len({len}): S256 challenge length"
        );
        assert_eq!(
            challenge.verify(secret),
            Ok(()),
            "generate_len({len}): verify"
        );

        let other = CodeVerifier::generate_len(len).unwrap();
        assert_eq!(
            challenge.verify(other.secret()),
            Err(Error::VerifierMismatch),
            "generate_len({len}): another verifier of the same length is refused"
        );
    }
    for len in [0, 42, 129] {
        assert_eq!(
            CodeVerifier::generate_len(len).unwrap_err(),
            Error::LengthOutOfRange { len },
            "generate_len({len}): out of RFC 7636 §4.1's range"
        );
    }
}

/// RFC 7636 §4.1: `generate` and `try_generate` give 43 characters (32
/// bytes) whose challenge verifies.
#[wasm_bindgen_test]
fn generate_and_try_generate_give_43_characters_that_verify() {
    for (name, verifier) in [
        ("generate", CodeVerifier::generate()),
        ("try_generate", CodeVerifier::try_generate().unwrap()),
    ] {
        assert_eq!(verifier.secret().len(), 43, "{name}: length");
        assert_base64url(verifier.secret(), name);
        assert_eq!(
            verifier.challenge().verify(verifier.secret()),
            Ok(()),
            "{name}: verify"
        );
    }
}

/// RFC 7636 §7.1: the verifier must have enough entropy to be impractical to
/// guess. 1,000 verifiers from the browser's CSPRNG are all distinct, and
/// between them every base64url character turns up in the positions that
/// carry a full 6 random bits (the 43rd carries 4); a constant or stuck
/// source fails both.
#[wasm_bindgen_test]
fn a_thousand_generated_verifiers_are_distinct() {
    let mut seen = HashSet::new();
    let mut chars = HashSet::new();
    for i in 0..1_000 {
        let verifier = CodeVerifier::generate();
        chars.extend(verifier.secret().bytes().take(42));
        assert!(
            seen.insert(verifier.secret().to_owned()),
            "verifier {i} repeats an earlier one"
        );
    }
    assert_eq!(seen.len(), 1_000);
    assert_eq!(
        chars.len(),
        64,
        "every base64url character appears in 42,000 random positions"
    );
}

/// RFC 7636 §4.2: S256 is BASE64URL-ENCODE(SHA256(ASCII(code_verifier))).
/// Our challenge of generated verifiers, of every length and of many
/// default ones, equals the one computed from the browser's own Web Crypto
/// SHA-256.
#[wasm_bindgen_test]
async fn s256_of_generated_verifiers_matches_web_crypto_sha256() {
    let mut checked = 0;
    let lengths = (43..=128).chain(std::iter::repeat_n(43, 200));
    for len in lengths {
        let verifier = CodeVerifier::generate_len(len).unwrap();
        let ours = verifier.challenge();
        let browsers = webcrypto_s256(verifier.secret()).await.unwrap();
        assert_eq!(
            ours.as_str(),
            browsers,
            "length {len}: S256 against Web Crypto SHA-256"
        );
        checked += 1;
    }
    assert_eq!(checked, 86 + 200);
}

/// The `wasm_js` feature's claim: generation reads `crypto.getRandomValues`
/// at each call, with no user-space state in between. With a stand-in in its
/// place that writes 0, 1, 2, ..., the verifier is exactly their encoding.
#[wasm_bindgen_test]
fn generation_reads_crypto_get_random_values_at_each_call() {
    let counting: [u8; 32] = core::array::from_fn(|i| i as u8);
    let expected = base64url_no_pad(&counting);
    {
        let _stand_in = GetRandomValuesStandIn::counting().unwrap();
        for (name, verifier) in [
            ("generate", CodeVerifier::generate()),
            ("try_generate", CodeVerifier::try_generate().unwrap()),
        ] {
            assert_eq!(
                verifier.secret(),
                expected,
                "{name}: from crypto.getRandomValues"
            );
        }
        let long = CodeVerifier::generate_len(128).unwrap();
        let counting_96: [u8; 96] = core::array::from_fn(|i| i as u8);
        assert_eq!(
            long.secret(),
            base64url_no_pad(&counting_96),
            "generate_len(128): from crypto.getRandomValues"
        );
    }
    // The real one again: not the stand-in's output.
    assert_ne!(
        CodeVerifier::generate().secret(),
        expected,
        "the stand-in is gone"
    );
}

/// A browser whose `crypto.getRandomValues` throws (RFC 7636 §7.1 needs a
/// CSPRNG, so there is nothing to fall back on): `try_generate` returns
/// `RngFailure`, reported as `server_error`, and no verifier.
#[wasm_bindgen_test]
fn try_generate_reports_a_throwing_get_random_values_as_rng_failure() {
    let _stand_in = GetRandomValuesStandIn::throwing().unwrap();
    let err = CodeVerifier::try_generate().unwrap_err();
    assert_eq!(err, Error::RngFailure);
    assert_eq!(err.kind(), "rng_failure");
}

/// The client's record and `state` (RFC 6749 §10.12) draw from
/// `crypto.getRandomValues` as the verifier does: `State::try_generate` is
/// exactly the encoding of the stand-in's bytes, and two records made under
/// the stand-in are the same, while two made from the real one differ.
/// (`build_at` with the time given: a browser has no system clock for
/// `build`.)
#[wasm_bindgen_test]
fn client_record_and_state_read_crypto_get_random_values() {
    const NOW: u64 = 1_700_000_000;
    let record = || {
        let pending = PendingAuthorization::builder("https://app.example/cb")
            .build_at(NOW)
            .unwrap();
        let request = pending.authorization_request();
        assert_eq!(request.code_challenge().len(), 43, "S256 challenge");
        assert_eq!(request.code_challenge_method(), "S256");
        let state = request.state().to_owned();
        assert_eq!(state.len(), 43, "state: 32 random bytes");
        (request.code_challenge().to_owned(), state)
    };

    let (real_a, real_b) = (record(), record());
    assert_ne!(real_a.0, real_b.0, "two records' challenges");
    assert_ne!(real_a.1, real_b.1, "two records' states");

    let counting: [u8; 32] = core::array::from_fn(|i| i as u8);
    let _stand_in = GetRandomValuesStandIn::counting().unwrap();
    assert_eq!(
        State::try_generate().unwrap().secret(),
        base64url_no_pad(&counting),
        "State::try_generate: from crypto.getRandomValues"
    );
    assert_eq!(
        record(),
        record(),
        "records: from crypto.getRandomValues only"
    );
}
