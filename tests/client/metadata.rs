//! Authorization server metadata (RFC 8414, OpenID Connect Discovery 1.0)
//! read, checked and used: the issuer compared exactly (RFC 8414 §3.3),
//! PKCE with S256 required (RFC 9700 §4.7.1), `iss` required when the
//! server says it sends it (RFC 9207 §2.4), and the authorization URL
//! (RFC 6749 §4.1.1, §3.1) read back by the `url` crate.
#![cfg(all(feature = "std", feature = "serde"))]

use oauth_pkce::client::{CallbackParams, Error};
use oauth_pkce::client::{MetadataError, ServerMetadata};
use oauth_pkce::rand::{SeedableRng, rngs::StdRng};
use serde_json::{Value, json};

const ISSUER: &str = "https://auth.example.com";

/// A document shaped as Keycloak and oidc-provider publish theirs: many
/// fields this crate ignores, nested objects among them.
fn document() -> Value {
    json!({
        "issuer": ISSUER,
        "authorization_endpoint": "https://auth.example.com/authorize",
        "token_endpoint": "https://auth.example.com/token",
        "jwks_uri": "https://auth.example.com/jwks",
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "code_challenge_methods_supported": ["plain", "S256"],
        "authorization_response_iss_parameter_supported": true,
        "mtls_endpoint_aliases": {"token_endpoint": "https://mtls.auth.example.com/token"},
        "claims_supported": ["sub", "email"],
    })
}

fn with(field: &str, value: Value) -> Value {
    let mut doc = document();
    doc[field] = value;
    doc
}

fn without(field: &str) -> Value {
    let mut doc = document();
    doc.as_object_mut().unwrap().remove(field);
    doc
}

fn check(doc: &Value) -> Result<oauth_pkce::client::AuthorizationServer, MetadataError> {
    serde_json::from_value::<ServerMetadata>(doc.clone())
        .unwrap()
        .check(ISSUER)
}

#[test]
fn a_usable_document_is_accepted_and_its_fields_read() {
    let server = check(&document()).unwrap();
    assert_eq!(server.issuer(), ISSUER);
    assert_eq!(
        server.authorization_endpoint(),
        "https://auth.example.com/authorize"
    );
    assert_eq!(server.token_endpoint(), "https://auth.example.com/token");
    assert!(server.sends_iss());
}

#[test]
fn the_issuer_must_equal_the_expected_one_exactly_rfc8414_section_3_3() {
    for other in [
        "https://auth.example.com/",
        "https://AUTH.example.com",
        "https://auth.example.com:443",
        "https://attacker.example",
    ] {
        assert_eq!(
            check(&with("issuer", json!(other))).unwrap_err(),
            MetadataError::IssuerMismatch,
            "{other}"
        );
    }
    assert_eq!(
        check(&without("issuer")).unwrap_err(),
        MetadataError::MissingField("issuer")
    );
}

#[test]
fn a_server_without_s256_is_refused_rfc9700_section_4_7_1_rfc8414_section_2() {
    for methods in [
        json!(["plain"]),
        json!([]),
        json!(["s256"]),
        json!(["S256 "]),
    ] {
        assert_eq!(
            check(&with("code_challenge_methods_supported", methods.clone())).unwrap_err(),
            MetadataError::S256NotSupported,
            "{methods}"
        );
    }
    // Absent: the server does not support PKCE (RFC 8414 §2).
    assert_eq!(
        check(&without("code_challenge_methods_supported")).unwrap_err(),
        MetadataError::S256NotSupported
    );
    assert!(check(&with("code_challenge_methods_supported", json!(["S256"]))).is_ok());
}

#[test]
fn endpoints_must_be_present_https_or_loopback_and_without_fragment_rfc6749_section_3() {
    assert_eq!(
        check(&without("token_endpoint")).unwrap_err(),
        MetadataError::MissingField("token_endpoint")
    );
    assert_eq!(
        check(&without("authorization_endpoint")).unwrap_err(),
        MetadataError::MissingField("authorization_endpoint")
    );
    for bad in [
        "http://auth.example.com/token",
        "http://127.0.0.1.attacker.example/token",
        "https://auth.example.com/token#frag",
        "ftp://auth.example.com/token",
    ] {
        assert_eq!(
            check(&with("token_endpoint", json!(bad))).unwrap_err(),
            MetadataError::InsecureEndpoint("token_endpoint"),
            "{bad}"
        );
    }
    for loopback in [
        "http://127.0.0.1:9000/token",
        "http://[::1]/token",
        "http://localhost:80/t",
    ] {
        assert!(
            check(&with("token_endpoint", json!(loopback))).is_ok(),
            "{loopback}"
        );
    }
}

#[test]
fn a_server_that_requires_pushed_requests_is_refused_rfc9126_section_6() {
    assert_eq!(
        check(&with("require_pushed_authorization_requests", json!(true))).unwrap_err(),
        MetadataError::PushedAuthorizationRequired
    );
    assert!(check(&with("require_pushed_authorization_requests", json!(false))).is_ok());
}

#[test]
fn escaped_slashes_parse_and_repeated_fields_are_refused_rfc8259() {
    // Some servers escape '/' in JSON strings: the value is the same URL.
    let escaped = r#"{"issuer": "https:\/\/auth.example.com",
        "authorization_endpoint": "https:\/\/auth.example.com\/authorize",
        "token_endpoint": "https:\/\/auth.example.com\/token",
        "code_challenge_methods_supported": ["S256"]}"#;
    let server = serde_json::from_str::<ServerMetadata>(escaped)
        .unwrap()
        .check(ISSUER)
        .unwrap();
    assert_eq!(server.token_endpoint(), "https://auth.example.com/token");

    let repeated =
        r#"{"issuer": "https://auth.example.com", "issuer": "https://attacker.example"}"#;
    assert!(serde_json::from_str::<ServerMetadata>(repeated).is_err());
    let too_long = with(
        "token_endpoint",
        json!(format!("https://a/{}", "x".repeat(600))),
    );
    assert!(serde_json::from_value::<ServerMetadata>(too_long).is_err());
}

/// A response as the server would send it, to the record the metadata set up.
fn callback_of(state: &str, iss: Option<&str>) -> Vec<(&'static str, String)> {
    let mut pairs = vec![("code", "c".to_owned()), ("state", state.to_owned())];
    if let Some(iss) = iss {
        pairs.push(("iss", iss.to_owned()));
    }
    pairs
}

#[test]
fn iss_is_required_exactly_when_the_metadata_says_it_is_sent_rfc9207_section_2_4() {
    let mut rng = StdRng::seed_from_u64(1);
    for sends_iss in [true, false] {
        let server = check(&with(
            "authorization_response_iss_parameter_supported",
            json!(sends_iss),
        ))
        .unwrap();
        let validate = |iss: Option<&str>, rng: &mut StdRng| {
            let pending = server
                .pending_authorization("https://app.example/cb")
                .build_with(0, rng)
                .unwrap();
            let pairs = callback_of(pending.state().secret(), iss);
            let params =
                CallbackParams::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str()))).unwrap();
            pending.validate_callback_at(&params, 1).map(|_| ())
        };
        assert_eq!(validate(Some(ISSUER), &mut rng), Ok(()));
        assert_eq!(
            validate(Some("https://attacker.example"), &mut rng),
            Err(Error::IssuerMismatch)
        );
        let expected = if sends_iss {
            Err(Error::MissingIssuer)
        } else {
            Ok(())
        };
        assert_eq!(validate(None, &mut rng), expected, "sends_iss {sends_iss}");
    }
}

#[test]
fn the_authorization_url_carries_every_parameter_once_rfc6749_section_4_1_1() {
    let server = check(&with(
        "authorization_endpoint",
        json!("https://auth.example.com/authorize?tenant=t%201"),
    ))
    .unwrap();
    let pending = server
        .pending_authorization("http://127.0.0.1:8400/cb?x=1&y=2")
        .build_with(0, &mut StdRng::seed_from_u64(2))
        .unwrap();
    let extra = [
        ("prompt", "login consent"),
        ("login_hint", "zoë@example.com"),
    ];
    let text = server
        .authorization_url(&pending, "client id/1")
        .scope("openid profile")
        .extra(&extra)
        .unwrap()
        .to_url_string();
    let url = url::Url::parse(&text).unwrap();
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let request = pending.authorization_request();
    let expected = [
        // RFC 6749 §3.1: the endpoint's own query is kept.
        ("tenant", "t 1"),
        ("response_type", "code"),
        ("client_id", "client id/1"),
        ("redirect_uri", "http://127.0.0.1:8400/cb?x=1&y=2"),
        ("state", request.state()),
        ("code_challenge", request.code_challenge()),
        ("code_challenge_method", "S256"),
        ("scope", "openid profile"),
        ("prompt", "login consent"),
        ("login_hint", "zoë@example.com"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    assert_eq!(pairs, expected);
    assert!(!format!("{:?}", server.authorization_url(&pending, "c")).contains(request.state()));
}

#[test]
fn extra_parameters_cannot_replace_the_ones_the_url_sets() {
    let server = check(&document()).unwrap();
    let pending = server
        .pending_authorization("https://app.example/cb")
        .build_with(0, &mut StdRng::seed_from_u64(3))
        .unwrap();
    for name in [
        "state",
        "code_challenge_method",
        "redirect_uri",
        "scope",
        "client_id",
    ] {
        let extra = [(name, "x")];
        assert_eq!(
            server
                .authorization_url(&pending, "c")
                .extra(&extra)
                .unwrap_err(),
            MetadataError::ParameterReserved(name)
        );
    }
}
