//! The `serde` feature: round trips, and every invalid input refused, from
//! borrowed, owned and streamed input alike.
#![cfg(feature = "serde")]

mod common;

use common::{APPENDIX_B_CHALLENGE, APPENDIX_B_VERIFIER, verifier_of_len};
use oauth_pkce::{CodeChallenge, CodeVerifier, Method};
use serde::de::DeserializeOwned;

/// Deserializes `json` three ways: from a borrowed `&str`, from an owned
/// `serde_json::Value` and from a reader (transient strings), and checks
/// they agree.
fn from_all<T: DeserializeOwned>(json: &str) -> Result<T, String> {
    let borrowed = serde_json::from_str::<T>(json).map_err(|e| e.to_string());
    let owned = serde_json::from_str::<serde_json::Value>(json)
        .map_err(|e| e.to_string())
        .and_then(|v| serde_json::from_value::<T>(v).map_err(|e| e.to_string()));
    let streamed = serde_json::from_reader::<_, T>(json.as_bytes()).map_err(|e| e.to_string());
    assert_eq!(borrowed.is_ok(), owned.is_ok(), "{json}");
    assert_eq!(borrowed.is_ok(), streamed.is_ok(), "{json}");
    borrowed
}

#[test]
fn method_round_trips_as_its_name() {
    for m in [Method::S256, Method::Plain] {
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, format!("\"{}\"", m.as_str()));
        assert_eq!(from_all::<Method>(&json).unwrap(), m);
    }
    for bad in [
        r#""s256""#,
        r#""PLAIN""#,
        r#""S512""#,
        r#""""#,
        "256",
        "null",
        r#"["S256"]"#,
    ] {
        assert!(from_all::<Method>(bad).is_err(), "{bad}");
    }
}

#[test]
fn challenge_round_trips_as_method_and_value() {
    let verifier = CodeVerifier::parse(APPENDIX_B_VERIFIER).unwrap();
    for challenge in [verifier.challenge(), verifier.challenge_with(Method::Plain)] {
        let json = serde_json::to_string(&challenge).unwrap();
        assert_eq!(
            json,
            format!(
                r#"{{"method":"{}","value":"{}"}}"#,
                challenge.method(),
                challenge.as_str()
            )
        );
        let back: CodeChallenge = from_all(&json).unwrap();
        assert_eq!(back, challenge);
        assert_eq!(back.verify(APPENDIX_B_VERIFIER), Ok(()));
    }
    // Field order does not matter, and the sequence form is accepted.
    let reordered = format!(r#"{{"value":"{APPENDIX_B_CHALLENGE}","method":"S256"}}"#);
    assert_eq!(
        from_all::<CodeChallenge>(&reordered).unwrap().as_str(),
        APPENDIX_B_CHALLENGE
    );
    let seq = format!(r#"["S256","{APPENDIX_B_CHALLENGE}"]"#);
    assert_eq!(
        from_all::<CodeChallenge>(&seq).unwrap().method(),
        Method::S256
    );
}

#[test]
fn invalid_challenges_are_refused() {
    let c = APPENDIX_B_CHALLENGE;
    let cases = [
        format!(r#"{{"method":"S256","value":"{}"}}"#, &c[..42]),
        format!(r#"{{"method":"S256","value":"{c}="}}"#),
        format!(r#"{{"method":"S256","value":"{}B"}}"#, &c[..42]),
        format!(r#"{{"method":"s256","value":"{c}"}}"#),
        format!(r#"{{"method":"plain","value":"{}"}}"#, verifier_of_len(129)),
        format!(
            r#"{{"method":"plain","value":"{}"}}"#,
            verifier_of_len(2000)
        ),
        format!(
            r#"{{"method":"plain","value":"{}\n"}}"#,
            &APPENDIX_B_VERIFIER[..43]
        ),
        format!(r#"{{"value":"{c}"}}"#),
        r#"{"method":"S256"}"#.to_owned(),
        format!(r#"{{"method":"S256","value":"{c}","extra":1}}"#),
        format!(r#"["S256","{c}","more"]"#),
        r#"["S256"]"#.to_owned(),
        format!(r#""{c}""#),
        r#"{"method":"S256","value":null}"#.to_owned(),
    ];
    for json in &cases {
        assert!(from_all::<CodeChallenge>(json).is_err(), "{json}");
    }
    // Repeated fields. (`serde_json::Value` keeps only the last of repeated
    // keys, so only the borrowed and streamed paths can see them.)
    for json in [
        format!(r#"{{"method":"S256","method":"plain","value":"{c}"}}"#),
        format!(r#"{{"method":"S256","value":"{c}","value":"{c}"}}"#),
    ] {
        let err = serde_json::from_str::<CodeChallenge>(&json).unwrap_err();
        assert!(err.to_string().contains("duplicate field"), "{err}");
        assert!(serde_json::from_reader::<_, CodeChallenge>(json.as_bytes()).is_err());
    }
}

#[test]
fn verifier_round_trips_and_is_validated_on_load() {
    let verifier = CodeVerifier::parse(APPENDIX_B_VERIFIER).unwrap();
    let json = serde_json::to_string(&verifier).unwrap();
    assert_eq!(json, format!("\"{APPENDIX_B_VERIFIER}\""));
    let back: CodeVerifier = from_all(&json).unwrap();
    assert_eq!(back.secret(), APPENDIX_B_VERIFIER);

    let secretish = format!("{}+", &APPENDIX_B_VERIFIER[..42]);
    for bad in [
        format!("\"{}\"", verifier_of_len(42)),
        format!("\"{}\"", verifier_of_len(129)),
        format!("\"{secretish}\""),
        "\"\"".to_owned(),
        "42".to_owned(),
    ] {
        let err = from_all::<CodeVerifier>(&bad).unwrap_err();
        // The error says what is wrong, never what was sent.
        assert!(!err.contains(&APPENDIX_B_VERIFIER[..20]), "{err}");
    }
}
