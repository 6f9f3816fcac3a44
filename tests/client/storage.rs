//! Keeping a pending authorization across the redirect (feature `serde`):
//! serializing is an explicit opt-in, and what comes back is checked as
//! making a record checks it.
#![cfg(feature = "serde")]

use oauth_pkce::client::{CallbackParams, Error, PendingAuthorization};
use oauth_pkce::rand::{SeedableRng, rngs::StdRng};
use serde_json::{Value, json};

const NOW: u64 = 1_700_000_000;

fn record(seed: u64) -> PendingAuthorization {
    PendingAuthorization::builder("http://127.0.0.1:8400/callback")
        .issuer_requiring_iss("https://auth.example.com")
        .verifier_len(64)
        .build_with(NOW, &mut StdRng::seed_from_u64(seed))
        .unwrap()
}

fn stored(record: &PendingAuthorization) -> Value {
    serde_json::to_value(record.expose_for_storage()).unwrap()
}

#[test]
fn a_restored_record_completes_the_flow_it_was_stored_for() {
    let pending = record(1);
    let state = pending.state().secret().to_owned();
    let challenge = pending.authorization_request().code_challenge().to_owned();
    let text = serde_json::to_string(&pending.expose_for_storage()).unwrap();
    drop(pending);

    let restored: PendingAuthorization = serde_json::from_str(&text).unwrap();
    assert_eq!(restored.authorization_request().code_challenge(), challenge);
    assert_eq!(restored.redirect_uri(), "http://127.0.0.1:8400/callback");
    assert_eq!(restored.issuer(), Some("https://auth.example.com"));
    assert_eq!(restored.expires_at(), NOW + 600);
    // Still requires iss, as stored.
    let no_iss = CallbackParams::from_pairs([("state", state.as_str()), ("code", "c")]).unwrap();
    assert_eq!(
        serde_json::from_str::<PendingAuthorization>(&text)
            .unwrap()
            .validate_callback_at(&no_iss, NOW)
            .unwrap_err(),
        Error::MissingIssuer
    );
    let params = CallbackParams::from_pairs([
        ("state", no_iss.state().unwrap()),
        ("code", no_iss.code().unwrap()),
        ("iss", "https://auth.example.com"),
    ])
    .unwrap();
    let token = restored.validate_callback_at(&params, NOW).unwrap();
    assert_eq!(token.code_verifier().secret().len(), 64);
    assert_eq!(token.code_verifier().challenge().as_str(), challenge);
}

#[test]
fn the_stored_form_is_a_map_of_six_named_fields() {
    let pending = record(2);
    let value = stored(&pending);
    let map = value.as_object().unwrap();
    let keys: Vec<&str> = map.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "code_verifier",
            "expires_at",
            "issuer",
            "redirect_uri",
            "require_iss",
            "state"
        ]
    );
    assert_eq!(map["state"], pending.state().secret());
    assert_eq!(map["require_iss"], true);
    assert_eq!(map["expires_at"], NOW + 600);
    // No issuer is stored as null.
    let plain = PendingAuthorization::builder("https://app.example/cb")
        .build_with(NOW, &mut StdRng::seed_from_u64(3))
        .unwrap();
    assert_eq!(stored(&plain)["issuer"], Value::Null);
    let back: PendingAuthorization = serde_json::from_value(stored(&plain)).unwrap();
    assert_eq!(back.issuer(), None);
}

#[test]
fn the_sequence_form_restores_too() {
    let pending = record(4);
    let v = stored(&pending);
    let seq = json!([
        v["code_verifier"],
        v["state"],
        v["redirect_uri"],
        v["issuer"],
        v["require_iss"],
        v["expires_at"]
    ]);
    let back: PendingAuthorization = serde_json::from_value(seq).unwrap();
    assert!(back.state().matches(pending.state().secret()));
    let mut long = v.clone();
    long["extra"] = json!(1);
    assert!(serde_json::from_value::<PendingAuthorization>(long).is_err());
}

/// A change to a stored record's JSON.
type Edit = Box<dyn Fn(&mut Value)>;

#[test]
fn a_stored_record_that_is_not_valid_is_refused_without_echoing_it() {
    let pending = record(5);
    let good = stored(&pending);
    let verifier = good["code_verifier"].as_str().unwrap().to_owned();
    let state = good["state"].as_str().unwrap().to_owned();
    let edits: Vec<(&str, Edit)> = vec![
        (
            "verifier too short",
            Box::new(|v| v["code_verifier"] = json!("abc")),
        ),
        (
            "verifier with a space",
            Box::new(|v| {
                let s = v["code_verifier"].as_str().unwrap().replacen('A', " ", 1);
                v["code_verifier"] = json!(format!(" {}", &s[1..]));
            }),
        ),
        (
            "state too short",
            Box::new(|v| {
                let s = v["state"].as_str().unwrap()[1..].to_owned();
                v["state"] = json!(s);
            }),
        ),
        (
            "state with a plus",
            Box::new(|v| {
                let s = format!("+{}", &v["state"].as_str().unwrap()[1..]);
                v["state"] = json!(s);
            }),
        ),
        ("state not a string", Box::new(|v| v["state"] = json!(7))),
        (
            "redirect URI empty",
            Box::new(|v| v["redirect_uri"] = json!("")),
        ),
        (
            "redirect URI too long",
            Box::new(|v| v["redirect_uri"] = json!("h".repeat(513))),
        ),
        (
            "issuer with a space",
            Box::new(|v| v["issuer"] = json!("https://a b")),
        ),
        (
            "require_iss without issuer",
            Box::new(|v| v["issuer"] = Value::Null),
        ),
        (
            "expires_at negative",
            Box::new(|v| v["expires_at"] = json!(-1)),
        ),
        (
            "field missing",
            Box::new(|v| {
                v.as_object_mut().unwrap().remove("expires_at");
            }),
        ),
        ("unknown field", Box::new(|v| v["verifier"] = json!("x"))),
    ];
    for (name, edit) in edits {
        let mut value = good.clone();
        edit(&mut value);
        let err = serde_json::from_value::<PendingAuthorization>(value).unwrap_err();
        let message = err.to_string();
        assert!(!message.contains(&verifier[..20]), "{name}: {message}");
        assert!(!message.contains(&state[2..22]), "{name}: {message}");
    }
    // A repeated field, which a JSON map can hold.
    let text = serde_json::to_string(&good).unwrap();
    let repeated = text.replacen('{', &format!("{{\"state\":\"{state}\","), 1);
    let err = serde_json::from_str::<PendingAuthorization>(&repeated).unwrap_err();
    assert!(!err.to_string().contains(&state[2..22]), "{err}");
    // Not a string where a string goes: the format's own message would quote
    // the value, so the message is a fixed one.
    let mut value = good.clone();
    value["require_iss"] = json!(verifier);
    let err = serde_json::from_value::<PendingAuthorization>(value).unwrap_err();
    assert_eq!(err.to_string(), "not a stored pending authorization");
}

#[test]
fn debug_of_the_storage_wrapper_shows_no_secret() {
    let pending = record(6);
    let shown = format!("{:?}", pending.expose_for_storage());
    let value = stored(&pending);
    assert!(!shown.contains(value["state"].as_str().unwrap()), "{shown}");
    assert!(
        !shown.contains(value["code_verifier"].as_str().unwrap()),
        "{shown}"
    );
}
