//! `CodeVerifier::parse` on arbitrary text, held to the RFC 7636 §4.1
//! grammar, and what every parsed verifier must then do.

#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth_pkce::server::{self, ErrorCode};
use oauth_pkce::{CodeChallenge, CodeVerifier, Error, Method};
use oauth_pkce_test_support::model::verifier_model;

/// RFC 7636 Appendix B.
const RFC_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const RFC_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

fuzz_target!(|data: &[u8]| {
    // Invalid UTF-8 still reaches the parser, as replacement characters.
    let s = String::from_utf8_lossy(data);
    let s = s.as_ref();

    let parsed = CodeVerifier::parse(s);
    let want = verifier_model(s);
    assert_eq!(parsed.as_ref().map(|_| ()).map_err(|e| *e), want, "{s:?}");
    assert_eq!(s.parse::<CodeVerifier>().err(), want.err());
    assert_eq!(CodeVerifier::try_from(s).err(), want.err());

    // `verify` applies the same grammar before comparing.
    let rfc = CodeChallenge::parse(RFC_CHALLENGE, Method::S256).expect("RFC 7636 Appendix B");
    let verified = rfc.verify(s);
    match want {
        Err(e) => assert_eq!(verified, Err(e)),
        Ok(()) if s == RFC_VERIFIER => assert_eq!(verified, Ok(())),
        Ok(()) => assert_eq!(verified, Err(Error::VerifierMismatch)),
    }

    match parsed {
        Ok(v) => {
            assert_eq!(v.secret(), s);
            let s256 = v.challenge();
            assert_eq!(s256.method(), Method::S256);
            assert_eq!(s256.as_str().len(), 43);
            assert_eq!(s256.verify(s), Ok(()));
            // A derived challenge is canonical, so a server accepts it.
            assert_eq!(
                CodeChallenge::parse(s256.as_str(), Method::S256).as_ref(),
                Ok(&s256)
            );
            let plain = v.challenge_with(Method::Plain);
            assert_eq!(plain.as_str(), s);
            assert_eq!(plain.verify(s), Ok(()));
            assert_ne!(plain, s256);
            assert_eq!(format!("{v:?}"), "CodeVerifier(<redacted>)");
            assert!(!format!("{plain:?}").contains(s));
        }
        Err(e) => {
            // A verifier is refused at the token endpoint: invalid_grant
            // (RFC 6749 §5.2, the OpenID conformance suite).
            assert_eq!(
                server::Error::Verifier(e).error_code(),
                ErrorCode::InvalidGrant
            );
            // Messages name lengths and offsets, never the value.
            if s.len() >= 43 && !s.contains(' ') {
                assert!(!e.to_string().contains(s));
            }
        }
    }
});
