//! `code_verifier` parsing and hygiene (RFC 7636 §4.1, Appendix B).

use crate::support::{
    APPENDIX_B_CHALLENGE, APPENDIX_B_VERIFIER, UNRESERVED, miri_sample, verifier_of_len,
};
use oauth_pkce::server::{self, ErrorCode};
use oauth_pkce::{CodeVerifier, Error, Method};

#[test]
fn rfc7636_appendix_b_octets_verifier_and_challenge() {
    // The 32 octets of Appendix B, base64url-encoded, are the verifier.
    let octets: [u8; 32] = [
        116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37,
        77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
    ];
    use base64::Engine;
    let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(octets);
    assert_eq!(encoded, APPENDIX_B_VERIFIER);

    let verifier = CodeVerifier::parse(APPENDIX_B_VERIFIER).unwrap();
    assert_eq!(verifier.secret(), APPENDIX_B_VERIFIER);
    let challenge = verifier.challenge();
    assert_eq!(challenge.as_str(), APPENDIX_B_CHALLENGE);
    assert_eq!(challenge.method(), Method::S256);
    assert_eq!(challenge.method().as_str(), "S256");
    assert_eq!(challenge.verify(APPENDIX_B_VERIFIER), Ok(()));
}

#[test]
fn length_boundaries_42_43_128_129() {
    assert_eq!(
        CodeVerifier::parse(&verifier_of_len(42)).unwrap_err(),
        Error::VerifierTooShort { len: 42 }
    );
    for len in [43, 44, 64, 127, 128] {
        let s = verifier_of_len(len);
        assert_eq!(CodeVerifier::parse(&s).unwrap().secret(), s, "length {len}");
    }
    assert_eq!(
        CodeVerifier::parse(&verifier_of_len(129)).unwrap_err(),
        Error::VerifierTooLong { len: 129 }
    );
    assert_eq!(
        CodeVerifier::parse("").unwrap_err(),
        Error::VerifierTooShort { len: 0 }
    );
}

#[test]
fn every_unreserved_character_class_is_accepted_in_every_position() {
    for &c in miri_sample(UNRESERVED) {
        for pos in [0, 21, 42] {
            let mut s = verifier_of_len(43).into_bytes();
            s[pos] = c;
            let s = String::from_utf8(s).unwrap();
            assert!(CodeVerifier::parse(&s).is_ok(), "{:?} at {pos}", c as char);
        }
    }
    // One verifier made only of the four punctuation characters.
    let punct = "-._~".repeat(11);
    assert!(CodeVerifier::parse(&punct).is_ok());
}

#[test]
fn every_other_byte_is_refused_at_start_middle_and_end() {
    for b in miri_sample(0u8..0x80) {
        if UNRESERVED.contains(&b) {
            continue;
        }
        for pos in [0, 21, 42] {
            let mut s = verifier_of_len(43).into_bytes();
            s[pos] = b;
            let s = String::from_utf8(s).unwrap();
            assert_eq!(
                CodeVerifier::parse(&s).unwrap_err(),
                Error::VerifierInvalidCharacter { index: pos },
                "byte {b:#04x} at {pos}"
            );
        }
    }
}

#[test]
fn forms_that_other_parsers_forgive_are_refused() {
    let base = APPENDIX_B_VERIFIER;
    let cases = [
        (format!("{base}\n"), 43),              // trailing newline
        (format!(" {}", &base[1..]), 0),        // leading space
        (format!("{}=", &base[..42]), 42),      // padding
        (format!("{}+/", &base[..41]), 41),     // standard base64, not base64url
        (format!("{}%7E", &base[..40]), 40),    // percent-encoding of '~'
        (format!("{}\u{e9}", &base[..42]), 42), // non-ASCII: 'é' is two bytes
        (format!("{}\0", &base[..42]), 42),     // NUL
    ];
    for (s, index) in cases {
        assert_eq!(
            CodeVerifier::parse(&s).unwrap_err(),
            Error::VerifierInvalidCharacter { index },
            "{s:?}"
        );
    }
    // Fullwidth letters look like ASCII but are not.
    let fullwidth = "\u{ff21}".repeat(15);
    assert_eq!(
        CodeVerifier::parse(&fullwidth).unwrap_err(),
        Error::VerifierInvalidCharacter { index: 0 }
    );
}

#[test]
fn from_str_and_try_from_agree_with_parse() {
    let a: CodeVerifier = APPENDIX_B_VERIFIER.parse().unwrap();
    let b = CodeVerifier::try_from(APPENDIX_B_VERIFIER).unwrap();
    assert_eq!(a.secret(), b.secret());
    assert_eq!(
        "short".parse::<CodeVerifier>().unwrap_err(),
        Error::VerifierTooShort { len: 5 }
    );
    assert_eq!(
        CodeVerifier::try_from("short").unwrap_err(),
        Error::VerifierTooShort { len: 5 }
    );
}

#[test]
fn debug_and_errors_never_show_the_secret() {
    let verifier = CodeVerifier::parse(APPENDIX_B_VERIFIER).unwrap();
    assert_eq!(format!("{verifier:?}"), "CodeVerifier(<redacted>)");
    assert_eq!(format!("{verifier:#?}"), "CodeVerifier(<redacted>)");

    // A plain challenge is the verifier: redacted too.
    let plain = verifier.challenge_with(Method::Plain);
    let shown = format!("{plain:?}");
    assert!(!shown.contains(APPENDIX_B_VERIFIER), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
    // An S256 challenge is public and shown.
    assert!(format!("{:?}", verifier.challenge()).contains(APPENDIX_B_CHALLENGE));

    // No error message or description quotes what was sent.
    let challenge = verifier.challenge();
    let wrong = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";
    let bad = format!("{}!", &APPENDIX_B_VERIFIER[..42]);
    for err in [
        challenge.verify(wrong).unwrap_err(),
        challenge.verify(&bad).unwrap_err(),
        plain.verify(wrong).unwrap_err(),
        CodeVerifier::parse(&bad).unwrap_err(),
    ] {
        for text in [
            err.to_string(),
            format!("{err:?}"),
            server::Error::Verifier(err).error_description().into(),
        ] {
            assert!(!text.contains(&APPENDIX_B_VERIFIER[..20]), "{text}");
            assert!(!text.contains(&wrong[..20]), "{text}");
            assert!(!text.contains(&APPENDIX_B_CHALLENGE[..20]), "{text}");
        }
    }
}

/// At the token endpoint every refusal of a verifier, mismatched or
/// malformed, is `invalid_grant`: RFC 6749 §5.2 (the grant is invalid), and
/// the OpenID conformance suite's PKCE tests, which fosite, Keycloak, Spring
/// Authorization Server and node-oidc-provider follow.
#[test]
fn every_refusal_of_a_verifier_is_invalid_grant() {
    let challenge = CodeVerifier::parse(APPENDIX_B_VERIFIER)
        .unwrap()
        .challenge();
    let mismatch = challenge.verify(&verifier_of_len(43)).unwrap_err();
    assert_eq!(mismatch, Error::VerifierMismatch);
    let mismatch = server::Error::Verifier(mismatch);
    assert_eq!(mismatch.error_code(), ErrorCode::InvalidGrant);
    assert_eq!(mismatch.error_code().as_str(), "invalid_grant");
    for malformed in [
        challenge.verify(&verifier_of_len(42)).unwrap_err(),
        challenge.verify(&verifier_of_len(129)).unwrap_err(),
        challenge
            .verify(&format!("{}+", &APPENDIX_B_VERIFIER[..42]))
            .unwrap_err(),
        challenge.verify("").unwrap_err(),
    ] {
        let malformed = server::Error::Verifier(malformed);
        assert_eq!(
            malformed.error_code(),
            ErrorCode::InvalidGrant,
            "{malformed}"
        );
        assert_eq!(malformed.error_code().as_str(), "invalid_grant");
    }
}

#[test]
fn verifiers_are_send_and_sync_but_not_clone() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<CodeVerifier>();
    // `CodeVerifier: !Clone` is part of the contract; this fails to compile
    // if someone derives Clone:
    trait NotClone {
        const OK: bool = true;
    }
    impl<T> NotClone for T {}
    struct Probe<T>(T);
    #[allow(dead_code)]
    impl<T: Clone> Probe<T> {
        const OK: bool = false;
    }
    const { assert!(Probe::<CodeVerifier>::OK) };
}
