//! The `serde` feature: round trips, and every invalid input refused, from
//! borrowed, owned and streamed input alike.
#![cfg(feature = "serde")]

use crate::support::{APPENDIX_B_CHALLENGE, APPENDIX_B_VERIFIER, verifier_of_len};
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
        // One fixed message for every wrong shape: serde's own would quote.
        assert!(err.to_string().contains("each once"), "{err}");
        assert!(serde_json::from_reader::<_, CodeChallenge>(json.as_bytes()).is_err());
    }
}

#[test]
fn verifier_round_trips_and_is_validated_on_load() {
    let verifier = CodeVerifier::parse(APPENDIX_B_VERIFIER).unwrap();
    // Serializing the secret is an explicit opt-in (the `secrecy` pattern).
    let mut out = Vec::new();
    verifier
        .serialize_secret(&mut serde_json::Serializer::new(&mut out))
        .unwrap();
    let json = String::from_utf8(out).unwrap();
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

/// A struct that holds a verifier and derives `Serialize` must opt in, field
/// by field, to writing the secret out (the `secrecy` pattern); the derive
/// alone does not compile (`CodeVerifier`'s docs hold the `compile_fail`
/// case).
#[test]
fn a_verifier_is_serialized_only_where_a_field_opts_in() {
    #[derive(serde::Serialize, serde::Deserialize)]
    struct Session {
        #[serde(serialize_with = "CodeVerifier::serialize_secret")]
        verifier: CodeVerifier,
        note: String,
    }
    let session = Session {
        verifier: CodeVerifier::parse(APPENDIX_B_VERIFIER).unwrap(),
        note: "login".into(),
    };
    let json = serde_json::to_string(&session).unwrap();
    assert_eq!(
        json,
        format!(r#"{{"verifier":"{APPENDIX_B_VERIFIER}","note":"login"}}"#)
    );
    let back: Session = serde_json::from_str(&json).unwrap();
    assert_eq!(back.verifier.secret(), APPENDIX_B_VERIFIER);
}

/// No error message, from any input shape a deserializer can present,
/// quotes the value it was given: serde's default `invalid type` message
/// would, and for a verifier or a `plain` challenge that value is the
/// secret. Every shape serde's data model has, through serde's own value
/// deserializers and through JSON.
#[test]
#[cfg_attr(
    miri,
    ignore = "checks message texts, natively; the other tests walk the same deserializers under Miri"
)]
fn no_deserialization_error_contains_the_value_it_was_given() {
    use serde::de::IntoDeserializer;
    use serde::de::value::{
        BorrowedBytesDeserializer, BytesDeserializer, Error as ValueError, MapDeserializer,
        SeqDeserializer,
    };

    // Secret-looking, and invalid as a verifier (one character too many
    // of the wrong kind), so that every path ends in an error.
    let secret = format!("{}!", &APPENDIX_B_VERIFIER[..42]);
    let valid = APPENDIX_B_VERIFIER;
    let windows = |msg: &str, value: &str| {
        value
            .as_bytes()
            .windows(8)
            .find(|w| msg.as_bytes().windows(8).any(|m| m == *w))
            .map(|w| String::from_utf8_lossy(w).into_owned())
    };

    fn errors<T: serde::de::DeserializeOwned>(secret: &str, valid: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut record = |shape: &str, r: Result<T, String>| {
            if let Err(e) = r {
                out.push((shape.to_owned(), e));
            }
        };
        let msg = |e: ValueError| e.to_string();
        for value in [secret, valid] {
            record(
                "str",
                T::deserialize(value.into_deserializer()).map_err(msg),
            );
            record(
                "string",
                T::deserialize(value.to_owned().into_deserializer()).map_err(msg),
            );
            record(
                "bytes",
                T::deserialize(BytesDeserializer::<ValueError>::new(value.as_bytes())).map_err(msg),
            );
            record(
                "borrowed bytes",
                T::deserialize(BorrowedBytesDeserializer::<ValueError>::new(
                    value.as_bytes(),
                ))
                .map_err(msg),
            );
            record(
                "seq",
                T::deserialize(SeqDeserializer::<_, ValueError>::new(
                    [value, value].into_iter(),
                ))
                .map_err(msg),
            );
            record(
                "map key",
                T::deserialize(MapDeserializer::<_, ValueError>::new(
                    [(value, "S256")].into_iter(),
                ))
                .map_err(msg),
            );
            record(
                "map value",
                T::deserialize(MapDeserializer::<_, ValueError>::new(
                    [("value", value), ("method", "plain")].into_iter(),
                ))
                .map_err(msg),
            );
            for json in [
                format!(r#""{value}""#),
                format!(r#"["{value}"]"#),
                format!(r#"["plain","{value}","{value}"]"#),
                format!(r#"{{"{value}":"{value}"}}"#),
                format!(r#"{{"method":"plain","value":"{value}","{value}":1}}"#),
                format!(r#"{{"method":"{value}","value":"{value}"}}"#),
                format!(r#"{{"method":"S256","value":"{value}"}}"#),
                format!(r#"{{"method":"plain","value":"{value}"}}x"#),
            ] {
                record(
                    "json",
                    serde_json::from_str::<T>(&json).map_err(|e| e.to_string()),
                );
                record(
                    "json value",
                    serde_json::from_str::<serde_json::Value>(&json)
                        .map_err(|e| e.to_string())
                        .and_then(|v| serde_json::from_value::<T>(v).map_err(|e| e.to_string())),
                );
            }
        }
        for (shape, r) in [
            (
                "bool",
                T::deserialize(true.into_deserializer()).map_err(msg),
            ),
            (
                "u64",
                T::deserialize(4_294_967_297u64.into_deserializer()).map_err(msg),
            ),
            (
                "i64",
                T::deserialize((-4_294_967_297i64).into_deserializer()).map_err(msg),
            ),
            (
                "f64",
                T::deserialize(1234.5678f64.into_deserializer()).map_err(msg),
            ),
            (
                "u128",
                T::deserialize(u128::MAX.into_deserializer()).map_err(msg),
            ),
            ("char", T::deserialize('~'.into_deserializer()).map_err(msg)),
            ("unit", T::deserialize(().into_deserializer()).map_err(msg)),
        ] {
            record(shape, r);
        }
        out
    }

    let mut checked = 0;
    for (ty, errs) in [
        ("CodeVerifier", errors::<CodeVerifier>(&secret, valid)),
        ("CodeChallenge", errors::<CodeChallenge>(&secret, valid)),
        ("Method", errors::<Method>(&secret, valid)),
    ] {
        for (shape, e) in errs {
            checked += 1;
            for value in [secret.as_str(), valid] {
                assert_eq!(windows(&e, value), None, "{ty} from {shape}: {e}");
            }
            for number in [
                "4294967297",
                "1234.5678",
                "340282366920938463463374607431768211455",
                "`~`",
            ] {
                assert!(
                    !e.contains(number),
                    "{ty} from {shape} echoes a scalar: {e}"
                );
            }
        }
    }
    // Every type refused dozens of shapes: the loop above checked them.
    assert!(checked > 100, "only {checked} errors were produced");
}
