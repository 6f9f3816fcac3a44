//! `CodeChallenge::parse` with each method, and `Method::parse`, on
//! arbitrary text, held to RFC 7636 §4.2 and §4.3.

#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth_pkce::server::{self, ErrorCode};
use oauth_pkce::{CodeChallenge, CodeVerifier, Method};
use oauth_pkce_test_support::model::{challenge_model, method_model, verifier_model};

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let s = s.as_ref();

    let method = s.parse::<Method>();
    assert_eq!(method, method_model(s));
    assert_eq!(s.parse::<Method>(), method);
    if let Ok(m) = method {
        assert_eq!(m.as_str(), s);
        assert_eq!(m.to_string(), s);
    }

    for m in [Method::S256, Method::Plain] {
        let parsed = CodeChallenge::parse(s, m);
        let want = challenge_model(s, m);
        assert_eq!(
            parsed.as_ref().map(|_| ()).map_err(|e| *e),
            want,
            "{m} {s:?}"
        );
        match parsed {
            Ok(c) => {
                assert_eq!(c.as_str(), s);
                assert_eq!(c.method(), m);
                assert_eq!(c.clone(), c);
                let debug = format!("{c:?}");
                match m {
                    // An S256 challenge is public; a plain one is the
                    // verifier, so it verifies itself and stays out of Debug.
                    Method::S256 => assert!(debug.contains(s)),
                    Method::Plain => {
                        assert!(!debug.contains(s));
                        assert_eq!(c.verify(s), Ok(()));
                        let v = CodeVerifier::parse(s).expect("a plain challenge is a verifier");
                        assert_eq!(v.challenge_with(Method::Plain), c);
                    }
                }
            }
            Err(e) => assert_eq!(
                server::Error::Challenge(e).error_code(),
                ErrorCode::InvalidRequest
            ),
        }
    }
    // Each method's challenges are a different set of values: the same text
    // under the other method never compares equal.
    if let (Ok(a), Ok(b)) = (
        CodeChallenge::parse(s, Method::S256),
        CodeChallenge::parse(s, Method::Plain),
    ) {
        assert_ne!(a, b);
        assert_eq!(verifier_model(s), Ok(()));
    }
});
