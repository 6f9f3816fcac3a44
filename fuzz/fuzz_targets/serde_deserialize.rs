//! Deserializing `Method`, `CodeChallenge` and `CodeVerifier` from arbitrary
//! JSON: every value that comes in is valid, and exactly the valid ones
//! come in.

#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth_pkce::{CodeChallenge, CodeVerifier, Method};
use oauth_pkce_test_support::model::{challenge_model, method_model, verifier_model};
use serde_json::Value;

/// The challenge `value` describes, by the documented forms:
/// `{"method": ..., "value": ...}` with exactly those two fields, or
/// `[method, value]`.
fn challenge_of(value: &Value) -> Option<(Method, String)> {
    let (method, text) = match value {
        Value::Object(map) if map.len() == 2 => (map.get("method")?, map.get("value")?),
        Value::Array(items) if items.len() == 2 => (&items[0], &items[1]),
        _ => return None,
    };
    let method = method_model(method.as_str()?).ok()?;
    let text = text.as_str()?;
    challenge_model(text, method).ok()?;
    Some((method, text.to_owned()))
}

fuzz_target!(|data: &[u8]| {
    let json: Option<Value> = serde_json::from_slice(data).ok();
    let string = json.as_ref().and_then(Value::as_str);

    let method = serde_json::from_slice::<Method>(data).ok();
    assert_eq!(method, string.and_then(|s| method_model(s).ok()));
    if let Some(m) = method {
        assert_eq!(serde_json::to_string(&m).unwrap(), format!("\"{m}\""));
    }

    let verifier = serde_json::from_slice::<CodeVerifier>(data).ok();
    assert_eq!(
        verifier.as_ref().map(CodeVerifier::secret),
        string.filter(|s| verifier_model(s).is_ok())
    );
    if let Some(v) = &verifier {
        // Serializing the secret is an explicit opt-in.
        let json = v
            .serialize_secret(serde_json::value::Serializer)
            .unwrap()
            .to_string();
        let back: CodeVerifier = serde_json::from_str(&json).unwrap();
        assert_eq!(back.secret(), v.secret());
    }

    let challenge = serde_json::from_slice::<CodeChallenge>(data).ok();
    let want = json.as_ref().and_then(challenge_of);
    match (&challenge, &want) {
        (Some(c), _) => {
            assert_eq!(Some((c.method(), c.as_str().to_owned())), want);
            // A plain challenge is the verifier: only through the opt-in.
            assert_eq!(serde_json::to_string(c).is_ok(), c.method() == Method::S256);
            let mut out = Vec::new();
            c.serialize_secret(&mut serde_json::Serializer::new(&mut out))
                .unwrap();
            let json = String::from_utf8(out).unwrap();
            assert_eq!(
                json,
                format!(r#"{{"method":"{}","value":"{}"}}"#, c.method(), c.as_str())
            );
            assert_eq!(&serde_json::from_str::<CodeChallenge>(&json).unwrap(), c);
        }
        // serde_json's `Value` keeps the last of repeated keys, which the
        // library refuses; without them the model's verdict must stand.
        (None, Some(_)) => {
            let normalized = serde_json::to_vec(json.as_ref().unwrap()).unwrap();
            assert!(serde_json::from_slice::<CodeChallenge>(&normalized).is_ok());
        }
        (None, None) => {}
    }
});
