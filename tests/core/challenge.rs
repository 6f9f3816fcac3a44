//! `code_challenge` and `code_challenge_method` (RFC 7636 §4.2, §4.3, §4.6).

use crate::support::{
    APPENDIX_B_CHALLENGE, APPENDIX_B_VERIFIER, BASE64URL, UNRESERVED, miri_sample,
    verifier_lengths, verifier_of_len,
};
use oauth_pkce::{CodeChallenge, CodeVerifier, Error, Method};

fn s256(value: &str) -> Result<CodeChallenge, Error> {
    CodeChallenge::parse(value, Method::S256)
}

fn plain(value: &str) -> Result<CodeChallenge, Error> {
    CodeChallenge::parse(value, Method::Plain)
}

#[test]
fn method_names_are_exact_and_case_sensitive() {
    assert_eq!("S256".parse(), Ok(Method::S256));
    assert_eq!("plain".parse(), Ok(Method::Plain));
    // Every other spelling: tests/core/method_names.rs.
    assert_eq!(Method::S256.to_string(), "S256");
    assert_eq!(Method::Plain.to_string(), "plain");
    assert_eq!(Method::default(), Method::S256);
}

#[test]
fn s256_challenge_is_exactly_43_base64url_characters() {
    assert_eq!(
        s256(APPENDIX_B_CHALLENGE).unwrap().as_str(),
        APPENDIX_B_CHALLENGE
    );
    assert_eq!(
        s256(&APPENDIX_B_CHALLENGE[..42]).unwrap_err(),
        Error::ChallengeTooShort { len: 42 }
    );
    assert_eq!(
        s256(&format!("{APPENDIX_B_CHALLENGE}A")).unwrap_err(),
        Error::ChallengeTooLong { len: 44, max: 43 }
    );
    // RFC 7636 Appendix A: no padding; the error names it (tests/server/policy.rs
    // has every diagnosed mistake).
    assert_eq!(
        s256(&format!("{APPENDIX_B_CHALLENGE}=")).unwrap_err(),
        Error::ChallengePadded
    );
    assert_eq!(s256("").unwrap_err(), Error::ChallengeTooShort { len: 0 });
    // A 128-character value is a fine plain challenge but no S256 one.
    assert_eq!(
        s256(&verifier_of_len(128)).unwrap_err(),
        Error::ChallengeTooLong { len: 128, max: 43 }
    );
}

#[test]
fn s256_challenge_refuses_every_byte_outside_base64url_at_start_middle_and_end() {
    for b in miri_sample(0u8..0x80) {
        if BASE64URL.contains(&b) {
            continue;
        }
        // '+' and '/' make it standard base64, which has its own error.
        let expected = |pos| match b {
            b'+' | b'/' => Error::ChallengeStandardBase64,
            _ => Error::ChallengeInvalidCharacter { index: pos },
        };
        for pos in [0, 21, 41] {
            let mut s = APPENDIX_B_CHALLENGE.as_bytes().to_vec();
            s[pos] = b;
            let s = String::from_utf8(s).unwrap();
            assert_eq!(
                s256(&s).unwrap_err(),
                expected(pos),
                "byte {b:#04x} at {pos}"
            );
        }
    }
    // '.' and '~' are unreserved but not base64url.
    let dot = format!(
        "{}.{}",
        &APPENDIX_B_CHALLENGE[..10],
        &APPENDIX_B_CHALLENGE[11..]
    );
    assert_eq!(
        s256(&dot).unwrap_err(),
        Error::ChallengeInvalidCharacter { index: 10 }
    );
    let non_ascii = format!("{}\u{e9}", &APPENDIX_B_CHALLENGE[..41]);
    assert_eq!(
        s256(&non_ascii).unwrap_err(),
        Error::ChallengeInvalidCharacter { index: 41 }
    );
}

#[test]
fn s256_challenge_must_be_a_canonical_256_bit_encoding() {
    // The last character carries 4 bits of digest and 2 zero bits: only 16
    // of the 64 characters can end a real S256 challenge.
    let mut canonical = 0;
    for &last in BASE64URL {
        let s = format!("{}{}", &APPENDIX_B_CHALLENGE[..42], last as char);
        let index = BASE64URL.iter().position(|&c| c == last).unwrap();
        if index % 4 == 0 {
            assert!(s256(&s).is_ok(), "{s}");
            canonical += 1;
        } else {
            assert_eq!(s256(&s).unwrap_err(), Error::ChallengeNotCanonical, "{s}");
        }
    }
    assert_eq!(canonical, 16);
}

#[test]
fn plain_challenge_is_43_to_128_unreserved_characters() {
    for len in [43, 128] {
        let s = verifier_of_len(len);
        let c = plain(&s).unwrap();
        assert_eq!(c.as_str(), s);
        assert_eq!(c.method(), Method::Plain);
    }
    assert_eq!(
        plain(&verifier_of_len(42)).unwrap_err(),
        Error::ChallengeTooShort { len: 42 }
    );
    assert_eq!(
        plain(&verifier_of_len(129)).unwrap_err(),
        Error::ChallengeTooLong { len: 129, max: 128 }
    );
    for &c in miri_sample(UNRESERVED) {
        let mut s = verifier_of_len(43).into_bytes();
        s[42] = c;
        assert!(plain(std::str::from_utf8(&s).unwrap()).is_ok());
    }
    for bad in [b'=', b'+', b'/', b'%', b' ', b'\n'] {
        for pos in [0, 21, 42] {
            let mut s = verifier_of_len(43).into_bytes();
            s[pos] = bad;
            assert_eq!(
                plain(std::str::from_utf8(&s).unwrap()).unwrap_err(),
                Error::ChallengeInvalidCharacter { index: pos }
            );
        }
    }
}

#[test]
fn a_verifier_matches_only_its_own_challenge_with_either_method() {
    let verifier = CodeVerifier::parse(APPENDIX_B_VERIFIER).unwrap();
    for method in [Method::S256, Method::Plain] {
        let challenge = verifier.challenge_with(method);
        assert_eq!(challenge.method(), method);
        assert_eq!(challenge.verify(APPENDIX_B_VERIFIER), Ok(()));
        // Flip each character to another valid one: always a mismatch.
        for pos in miri_sample(0..APPENDIX_B_VERIFIER.len()) {
            let mut s = APPENDIX_B_VERIFIER.as_bytes().to_vec();
            s[pos] = if s[pos] == b'A' { b'B' } else { b'A' };
            let s = String::from_utf8(s).unwrap();
            assert_eq!(
                challenge.verify(&s),
                Err(Error::VerifierMismatch),
                "{method} {pos}"
            );
        }
    }
    // plain: the challenge is the verifier itself.
    let plain_challenge = CodeChallenge::plain(&verifier);
    assert_eq!(plain_challenge.as_str(), APPENDIX_B_VERIFIER);
    // A plain challenge does not accept its S256 form, nor the reverse.
    assert_eq!(
        plain_challenge.verify(APPENDIX_B_CHALLENGE),
        Err(Error::VerifierMismatch)
    );
    assert_eq!(
        CodeChallenge::s256(&verifier).verify(APPENDIX_B_CHALLENGE),
        Err(Error::VerifierMismatch)
    );
}

#[test]
fn plain_verification_at_length_boundaries() {
    let v128 = verifier_of_len(128);
    let c = plain(&v128).unwrap();
    assert_eq!(c.verify(&v128), Ok(()));
    // A prefix or an extension is a mismatch, not a partial match.
    assert_eq!(c.verify(&v128[..127]), Err(Error::VerifierMismatch));
    assert_eq!(c.verify(&v128[..43]), Err(Error::VerifierMismatch));
    assert_eq!(
        c.verify(&format!("{v128}A")),
        Err(Error::VerifierTooLong { len: 129 })
    );
}

#[test]
fn s256_verification_for_every_length() {
    for len in verifier_lengths() {
        let s = verifier_of_len(len);
        let v = CodeVerifier::parse(&s).unwrap();
        let c = v.challenge();
        assert_eq!(c.as_str().len(), 43);
        // The parsed form of the derived challenge is the same challenge.
        assert_eq!(s256(c.as_str()).unwrap(), c);
        assert_eq!(c.verify(&s), Ok(()), "length {len}");
    }
}

#[test]
fn equality_compares_method_and_value() {
    let v = CodeVerifier::parse(APPENDIX_B_VERIFIER).unwrap();
    assert_eq!(v.challenge(), s256(APPENDIX_B_CHALLENGE).unwrap());
    assert_eq!(v.challenge().clone_secret(), v.challenge());
    assert_ne!(v.challenge(), v.challenge_with(Method::Plain));
    assert_eq!(
        v.challenge_with(Method::Plain),
        plain(APPENDIX_B_VERIFIER).unwrap()
    );
    // Same characters, different method: not equal.
    assert_ne!(
        s256(APPENDIX_B_CHALLENGE).unwrap(),
        plain(APPENDIX_B_CHALLENGE).unwrap()
    );
}

#[test]
fn challenge_types_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<CodeChallenge>();
    send_sync::<Method>();
    send_sync::<Error>();
}
