//! What a client refuses: each `client::Error`'s `kind` and `Display`, as
//! one table whose rows name the rule that produces the error and the call
//! that breaks it, and the authorization server's own error kept with its
//! code, registered or an extension's (RFC 6749 §4.1.2.1, §8.5).
//!
//! Nothing here is sent to a server: no OAuth code, no HTTP status. The
//! strings are pinned: `kind` goes into metrics labels and `Display` into
//! logs.

use crate::support::APPENDIX_B_CHALLENGE as CHALLENGE;
use crate::support::errors::{ErrorRow, assert_distinct, check_row};
use crate::support::model::{REGISTERED_CODES, error_response_model};
use oauth_pkce::client::{
    CallbackParams, Error, ExtensionCode, PendingAuthorization, ReceivedError,
};
use oauth_pkce::rand::{SeedableRng, rngs::StdRng};

/// The issuer a client's pending authorization expects (RFC 9207).
const ISSUER: &str = "https://as.example";
/// When the pending authorization is made, in Unix seconds.
const ISSUED_AT: u64 = 1_000;

type Row = ErrorRow<Error>;

/// A client's pending authorization expecting `ISSUER`, which must send
/// `iss`, checked against the response made of `pairs` at `now`.
fn callback_at(pairs: &[(&str, &str)], now: u64, right_state: bool) -> Option<Error> {
    let mut rng = StdRng::seed_from_u64(7);
    let mut pending = PendingAuthorization::builder("https://client.example/cb")
        .issuer_requiring_iss(ISSUER)
        .build_with(ISSUED_AT, &mut rng)
        .unwrap();
    let state = pending.state().secret().to_owned();
    let mut all: Vec<(&str, &str)> = Vec::new();
    if right_state {
        all.push(("state", state.as_str()));
    }
    all.extend_from_slice(pairs);
    let params = match CallbackParams::from_pairs(all) {
        Ok(params) => params,
        Err(e) => return Some(e),
    };
    pending.validate_callback_at(&params, now).err()
}

/// A response with the right `state`, received in time.
fn callback(pairs: &[(&str, &str)]) -> Option<Error> {
    callback_at(pairs, ISSUED_AT + 1, true)
}

fn build(redirect_uri: &str, issuer: &str) -> Option<Error> {
    let mut rng = StdRng::seed_from_u64(7);
    PendingAuthorization::builder(redirect_uri)
        .issuer(issuer)
        .build_with(ISSUED_AT, &mut rng)
        .err()
}

#[allow(clippy::too_many_lines)] // one table
fn table() -> Vec<Row> {
    vec![
        Row {
            rule: "RFC 6749 §3.1.2: a redirect URI that fits the pending authorization",
            error: Error::RedirectUriTooLong { len: 513, max: 512 },
            produced_by: Some(|| build(&format!("https://c.example/{}", "a".repeat(495)), ISSUER)),
            kind: "redirect_uri_too_long",
            display: "redirect_uri is 513 bytes long; a pending authorization holds at most 512",
        },
        Row {
            rule: "RFC 3986 §2, RFC 6749 §3.1.2: a redirect URI is visible ASCII",
            error: Error::RedirectUriInvalid,
            produced_by: Some(|| build("https://c.example/a b", ISSUER)),
            kind: "redirect_uri_invalid",
            display: "redirect_uri is empty or has a character outside visible ASCII",
        },
        Row {
            rule: "RFC 8414 §2: an issuer that fits the pending authorization",
            error: Error::IssuerTooLong { len: 257, max: 256 },
            produced_by: Some(|| {
                build(
                    "https://c.example/cb",
                    &format!("https://{}", "a".repeat(249)),
                )
            }),
            kind: "issuer_too_long",
            display: "issuer is 257 bytes long; a pending authorization holds at most 256",
        },
        Row {
            rule: "RFC 8414 §2, RFC 3986 §2: an issuer is visible ASCII",
            error: Error::IssuerInvalid,
            produced_by: Some(|| build("https://c.example/cb", "https://as.example/\u{e9}")),
            kind: "issuer_invalid",
            display: "issuer is empty or has a character outside visible ASCII",
        },
        Row {
            rule: "RFC 6749 §4.1.2, §10.12: the response carries the request's state",
            error: Error::MissingState,
            produced_by: Some(|| {
                callback_at(&[("code", "c"), ("iss", ISSUER)], ISSUED_AT + 1, false)
            }),
            kind: "missing_state",
            display: "the authorization response has no state",
        },
        Row {
            rule: "RFC 6749 §10.12, RFC 9700 §4.7: the response's state is the request's",
            error: Error::StateMismatch,
            produced_by: Some(|| {
                callback_at(
                    &[("state", &CHALLENGE[..43]), ("code", "c"), ("iss", ISSUER)],
                    ISSUED_AT + 1,
                    false,
                )
            }),
            kind: "state_mismatch",
            display: "the authorization response's state does not match the request's",
        },
        Row {
            rule: "RFC 9207 §2.4: the response's iss is the expected issuer",
            error: Error::IssuerMismatch,
            produced_by: Some(|| callback(&[("code", "c"), ("iss", "https://evil.example")])),
            kind: "issuer_mismatch",
            display: "the authorization response's iss is not the expected issuer",
        },
        Row {
            rule: "RFC 9207 §2.4: a server that sends iss must send it",
            error: Error::MissingIssuer,
            produced_by: Some(|| callback(&[("code", "c")])),
            kind: "missing_issuer",
            display: "the authorization response has no iss, which its server says it sends",
        },
        Row {
            rule: "RFC 9700 §4.1: a response after the pending authorization expired",
            error: Error::AuthorizationExpired,
            produced_by: Some(|| {
                let expiry = ISSUED_AT + PendingAuthorization::DEFAULT_LIFETIME_SECS;
                callback_at(&[("code", "c"), ("iss", ISSUER)], expiry, true)
            }),
            kind: "authorization_expired",
            display: "the authorization response came after the request expired",
        },
        Row {
            rule: "RFC 6749 §4.1.2.1: an error response with a registered code keeps it",
            error: Error::ErrorResponse(ReceivedError::AccessDenied),
            produced_by: Some(|| callback(&[("error", "access_denied"), ("iss", ISSUER)])),
            kind: "error_response",
            display: "the authorization server returned access_denied",
        },
        Row {
            rule: "RFC 6749 §8.5: an error response with an extension code keeps it",
            error: Error::ErrorResponse(ReceivedError::Extension(
                ExtensionCode::new("login_required").unwrap(),
            )),
            produced_by: Some(|| callback(&[("error", "login_required"), ("iss", ISSUER)])),
            kind: "error_response",
            display: "the authorization server returned login_required",
        },
        Row {
            rule: "RFC 6749 §4.1.2: a response without an error carries a code",
            error: Error::MissingCode,
            produced_by: Some(|| callback(&[("code", ""), ("iss", ISSUER)])),
            kind: "missing_code",
            display: "the authorization response has no code",
        },
        Row {
            rule: "RFC 6749 §3.1: a response parameter appears at most once",
            error: Error::RepeatedParameter { name: "code" },
            produced_by: Some(|| callback(&[("code", "a"), ("code", "b"), ("iss", ISSUER)])),
            kind: "repeated_parameter",
            display: "the authorization response repeats its code parameter",
        },
    ]
}

#[test]
fn every_error_has_its_kind_and_message() {
    for row in table() {
        check_row(&row, Error::kind);
    }
}

#[test]
fn each_variant_has_its_own_message() {
    let rows = table();
    assert_distinct(&rows, "variant", |r| r.error);
    assert_distinct(&rows, "message", |r| r.display);
}

#[test]
fn rfc6749_4_1_2_1_a_received_error_keeps_its_code_registered_or_extension() {
    // Each registered code, an extension's (OpenID Connect Core §3.1.2.6),
    // invalid_grant (a token endpoint code, so an extension's here), and
    // values outside RFC 6749's syntax for `error` or over 64 bytes.
    let long = "x".repeat(65);
    let registered = REGISTERED_CODES.map(|(name, _)| name);
    for code in registered.into_iter().chain([
        "login_required",
        "consent_required",
        "invalid_grant",
        &"x".repeat(64),
        &long,
        "with\"quote",
        "back\\slash",
        "caf\u{e9}",
    ]) {
        let got = callback(&[("error", code), ("iss", ISSUER)]);
        assert_eq!(got, Some(error_response_model(code)), "{code:?}");
        if let Some(Error::ErrorResponse(received)) = got {
            match received {
                ReceivedError::Malformed => assert_eq!(received.as_str(), "malformed"),
                _ => assert_eq!(received.as_str(), code, "{code:?} kept as it came"),
            }
        }
    }
    assert_eq!(
        ExtensionCode::new("login_required").unwrap().as_str(),
        "login_required"
    );
}
