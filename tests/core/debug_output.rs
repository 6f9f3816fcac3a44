//! What `Debug` shows of each type that holds or carries a secret: the
//! shape and the public fields, never a verifier, a `plain` challenge, a
//! `state` or an authorization code (RFC 7636 §7.1 for the verifier,
//! RFC 6749 §10.12 for `state`, §10.5 for the code). A `Debug` that printed
//! nothing would hide as much, and help no one reading a log: the whole
//! output is pinned.

// A failed assertion is how a test reports.

use crate::support::{APPENDIX_B_CHALLENGE, APPENDIX_B_VERIFIER};
use oauth_pkce::client::{CallbackParams, PendingAuthorization, PendingAuthorizations, State};
use oauth_pkce::rand::{SeedableRng, rngs::StdRng};
use oauth_pkce::server::{self, ErrorRedirect};
use oauth_pkce::{CodeChallenge, CodeVerifier, Method};

/// A pending authorization made at 1000 from a seeded RNG (tests only).
fn pending() -> PendingAuthorization {
    let mut rng = StdRng::seed_from_u64(5);
    PendingAuthorization::builder("https://client.example/cb")
        .issuer("https://as.example")
        .build_with(1_000, &mut rng)
        .unwrap()
}

/// `shown` holds none of `secrets`.
fn assert_hides(shown: &str, secrets: &[&str], what: &str) {
    for secret in secrets {
        assert!(!shown.contains(secret), "{what}: {shown}");
    }
}

#[test]
fn rfc7636_7_1_verifier_debug_is_redacted() {
    let verifier = CodeVerifier::parse(APPENDIX_B_VERIFIER).unwrap();
    assert_eq!(format!("{verifier:?}"), "CodeVerifier(<redacted>)");
}

#[test]
fn rfc7636_4_2_s256_challenge_debug_shows_its_value_and_plain_is_redacted() {
    // An S256 challenge is public, sent in the authorization request; a
    // plain one is the verifier.
    let s256 = CodeChallenge::parse(APPENDIX_B_CHALLENGE, Method::S256).unwrap();
    assert_eq!(
        format!("{s256:?}"),
        format!("CodeChallenge {{ method: S256, value: {APPENDIX_B_CHALLENGE:?} }}")
    );
    let plain = CodeChallenge::parse(APPENDIX_B_VERIFIER, Method::Plain).unwrap();
    let shown = format!("{plain:?}");
    assert_eq!(shown, "CodeChallenge { method: Plain, value: <redacted> }");
    assert_hides(&shown, &[APPENDIX_B_VERIFIER], "plain challenge");
}

#[test]
fn rfc6749_10_12_state_debug_is_redacted() {
    let state = State::generate_with(&mut StdRng::seed_from_u64(1));
    assert_eq!(format!("{state:?}"), "State(<redacted>)");
}

#[test]
fn rfc6749_10_12_callback_params_debug_shows_which_are_present_not_their_values() {
    let params = CallbackParams::from_pairs([
        ("state", "the-state-value"),
        ("code", "the-code-value"),
        ("iss", "https://as.example"),
    ])
    .unwrap();
    let shown = format!("{params:?}");
    assert_eq!(
        shown,
        "CallbackParams { state: <present>, code: <present>, error: <absent>, \
         error_description: <absent>, error_uri: <absent>, iss: <present> }"
    );
    assert_hides(&shown, &["the-state-value", "the-code-value"], "callback");
    let error = CallbackParams::from_pairs([
        ("error", "access_denied"),
        ("error_description", "no"),
        ("error_uri", "https://as.example/e"),
    ])
    .unwrap();
    assert_eq!(
        format!("{error:?}"),
        "CallbackParams { state: <absent>, code: <absent>, error: <present>, \
         error_description: <present>, error_uri: <present>, iss: <absent> }"
    );
}

#[test]
fn rfc6749_10_5_pending_authorization_and_token_request_debug_hide_the_secrets() {
    let record = pending();
    let state = record.state().secret().to_owned();
    let shown = format!("{record:?}");
    assert_eq!(
        shown,
        "PendingAuthorization { code_verifier: CodeVerifier(<redacted>), \
         state: State(<redacted>), redirect_uri: \"https://client.example/cb\", \
         issuer: Some(\"https://as.example\"), require_iss: false, expires_at: 1600 }"
    );
    assert_hides(&shown, &[&state], "pending authorization");

    let request = record.authorization_request();
    let challenge = request.code_challenge().to_owned();
    assert_eq!(
        format!("{request:?}"),
        format!(
            "AuthorizationRequest {{ code_challenge: {challenge:?}, \
             code_challenge_method: \"S256\", state: <redacted>, \
             redirect_uri: \"https://client.example/cb\" }}"
        )
    );
    assert_hides(&format!("{request:?}"), &[&state], "authorization request");

    let params = CallbackParams::from_pairs([
        ("state", state.as_str()),
        ("code", "the-code-value"),
        ("iss", "https://as.example"),
    ])
    .unwrap();
    let token = pending().validate_callback_at(&params, 1_001).unwrap();
    let shown = format!("{token:?}");
    assert_eq!(
        shown,
        "TokenRequest { code: <redacted>, code_verifier: CodeVerifier(<redacted>), \
         redirect_uri: \"https://client.example/cb\" }"
    );
    assert_hides(
        &shown,
        &["the-code-value", token.code_verifier().secret()],
        "token request",
    );
}

#[test]
#[cfg(feature = "serde")]
fn rfc7636_7_1_the_storage_view_debug_is_the_record_redacted() {
    // Opting in to serialize the secrets does not opt in to logging them.
    let record = pending();
    let storage = record.expose_for_storage();
    assert_eq!(
        format!("{storage:?}"),
        format!("PendingAuthorizationForStorage({record:?})")
    );
    assert_hides(
        &format!("{storage:?}"),
        &[record.state().secret()],
        "storage view",
    );
}

#[test]
fn rfc6749_10_12_pending_store_debug_lists_its_records_redacted() {
    let mut store = PendingAuthorizations::<2>::new();
    assert_eq!(format!("{store:?}"), "[]");
    let record = pending();
    let one = format!("{record:?}");
    assert!(store.insert(record).is_none());
    assert_eq!(format!("{store:?}"), format!("[{one}]"));
}

#[test]
fn rfc6749_10_12_error_redirect_debug_redacts_state() {
    let redirect =
        ErrorRedirect::new(&server::Error::MissingChallenge).state(Some("the-state-value"));
    let shown = format!("{redirect:?}");
    assert_hides(&shown, &["the-state-value"], "error redirect");
    assert!(shown.starts_with("ErrorRedirect { error: "), "{shown}");
    assert!(shown.contains("state: Some(\"<redacted>\")"), "{shown}");
    let without = format!("{:?}", ErrorRedirect::new(&server::Error::MissingChallenge));
    assert!(without.contains("state: None"), "{without}");
}
