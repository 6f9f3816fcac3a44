//! The HTTP helpers: `JsonErrorResponse` (RFC 6749 §5.2, RFC 9126 §2.3)
//! and `ErrorRedirect` (RFC 6749 §4.1.2.1, RFC 9207 §2), checked against
//! serde_json and url as independent readers.

use core::fmt::{self, Write};

use oauth_pkce::server::{ClientType, Error, ErrorRedirect, JsonErrorResponse, Policy};

/// Refusals from each endpoint.
const ERRORS: [Error; 5] = [
    Error::MissingVerifier,
    Error::Verifier(oauth_pkce::Error::VerifierMismatch),
    Error::PkceRequiredAtRedemption,
    Error::MissingChallenge,
    Error::Challenge(oauth_pkce::Error::ChallengePercentEncodedPadding),
];

fn json_of(response: JsonErrorResponse) -> String {
    let mut body = String::new();
    response.write_json(&mut body).unwrap();
    body
}

/// RFC 6749 §5.2: a JSON object with `error` and `error_description`, which
/// any JSON parser reads back to exactly the error's code and description.
#[test]
fn rfc6749_5_2_json_body_parses_back_to_the_error() {
    for e in ERRORS {
        let response = JsonErrorResponse::new(&e);
        let body = json_of(response);
        let parsed: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            parsed,
            serde_json::json!({
                "error": e.error_code().as_str(),
                "error_description": e.error_description(),
            }),
            "{e:?}"
        );
        assert_eq!(response.to_string(), body, "{e:?}: Display is the body");
        assert_eq!(response.error(), e.error_code().as_str(), "{e:?}");
        assert_eq!(response.error_description(), e.error_description(), "{e:?}");
        assert_eq!(JsonErrorResponse::from(e), response, "{e:?}");
    }
}

/// RFC 6749 §5.2: 400 for the request's faults.
#[test]
fn rfc6749_5_2_status_is_400_for_a_refusal() {
    for e in ERRORS {
        assert_eq!(JsonErrorResponse::new(&e).status(), 400, "{e:?}");
    }
}

/// RFC 6749 §5.1: `Cache-Control: no-store` and `Pragma: no-cache` (for
/// HTTP/1.0 caches, as §5.1's example sends) on every token endpoint
/// answer, which the OpenID conformance suite also checks on errors.
#[test]
fn rfc6749_5_1_headers_are_json_no_store_and_no_cache() {
    assert_eq!(
        JsonErrorResponse::HEADERS,
        [
            ("Content-Type", "application/json"),
            ("Cache-Control", "no-store"),
            ("Pragma", "no-cache"),
        ]
    );
}

#[cfg(feature = "serde")]
#[test]
fn serde_serializes_the_same_body() {
    for e in ERRORS {
        let response = JsonErrorResponse::new(&e);
        assert_eq!(
            serde_json::to_string(&response).unwrap(),
            json_of(response),
            "{e:?}"
        );
    }
}

/// A writer that takes at most `room` bytes, as a fixed buffer would.
struct Limited {
    room: usize,
    out: String,
}

impl Write for Limited {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if s.len() > self.room {
            return Err(fmt::Error);
        }
        self.room -= s.len();
        self.out.push_str(s);
        Ok(())
    }
}

/// A full buffer is the writer's error, passed on; never a panic or a
/// truncated body reported as written.
#[test]
fn write_json_passes_on_the_writers_error() {
    let response = JsonErrorResponse::new(&Error::MissingVerifier);
    let full = json_of(response);
    for room in 0..full.len() {
        let mut w = Limited {
            room,
            out: String::new(),
        };
        assert_eq!(response.write_json(&mut w), Err(fmt::Error), "room {room}");
    }
    let mut w = Limited {
        room: full.len(),
        out: String::new(),
    };
    assert_eq!(response.write_json(&mut w), Ok(()));
    assert_eq!(w.out, full);
}

/// A redirect case: its name, the redirect, and the pairs after `error` and
/// `error_description`.
type RedirectCase<'a> = (
    &'static str,
    ErrorRedirect<'a>,
    Vec<(&'static str, &'static str)>,
);

/// RFC 6749 §4.1.2.1: `error`, `error_description`, then `state` exactly as
/// received if there was one; RFC 9207 §2: `iss` if the server sends it.
/// Empty values count as absent (RFC 6749 §3.1).
#[test]
fn rfc6749_4_1_2_1_redirect_parameters() {
    let e = Policy::strict()
        .check_authorization_request(ClientType::Public, None, None)
        .unwrap_err();
    let base = ErrorRedirect::new(&e);
    let cases: [RedirectCase<'_>; 5] = [
        ("neither", base, vec![]),
        (
            "state",
            base.state(Some("a b&c=d")),
            vec![("state", "a b&c=d")],
        ),
        (
            "iss",
            base.issuer(Some("https://as.example")),
            vec![("iss", "https://as.example")],
        ),
        (
            "both",
            base.state(Some("xyz")).issuer(Some("https://as.example")),
            vec![("state", "xyz"), ("iss", "https://as.example")],
        ),
        ("empty ones", base.state(Some("")).issuer(Some("")), vec![]),
    ];
    for (name, redirect, extra) in cases {
        let mut expected = vec![
            ("error", "invalid_request"),
            ("error_description", "code_challenge required"),
        ];
        expected.extend(extra);
        let pairs: Vec<(&str, &str)> = redirect.pairs().collect();
        assert_eq!(pairs, expected, "{name}");
        // Encoded by the caller, read back by a URL parser, unchanged.
        let mut url = url::Url::parse("https://client.example/cb").unwrap();
        url.query_pairs_mut().extend_pairs(redirect.pairs());
        let read: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(read, expected, "{name}");
    }
}

/// `state` ties the browser's session to the request (RFC 6749 §10.12):
/// `Debug` does not show it.
#[test]
fn redirect_debug_redacts_state() {
    let redirect = ErrorRedirect::new(&Error::MissingChallenge).state(Some("s3cr3t-state"));
    let shown = format!("{redirect:?}");
    assert!(!shown.contains("s3cr3t-state"), "{shown}");
    assert!(shown.contains("redacted"), "{shown}");
}

/// RFC 6749 §4.1.2, §4.1.2.1, Appendix B and RFC 9207 §2: the redirects
/// carry `code` or `error`, `state` exactly as sent and `iss`, each value
/// encoded so that a form decoder gives it back, after the redirect URI's
/// own query (RFC 6749 §3.1.2).
#[cfg(feature = "http")]
#[test]
fn redirects_as_http_responses_decode_to_what_was_sent() {
    use oauth_pkce::server::SuccessRedirect;
    let state = "a b&c=d+e%f/é?#\u{1F600}";
    let issuer = "https://as.example/tenant?x=1";
    let uri = "https://app.example/cb?keep=1";
    let decode = |location: &str| -> Vec<(String, String)> {
        url::Url::parse(location)
            .unwrap()
            .query_pairs()
            .into_owned()
            .collect()
    };
    let success = SuccessRedirect::new("c0de")
        .state(Some(state))
        .issuer(Some(issuer))
        .to_response(uri);
    assert_eq!(success.status(), 302);
    assert_eq!(success.headers()["cache-control"], "no-store");
    let location = success.headers()["location"].to_str().unwrap();
    assert_eq!(
        decode(location),
        [
            ("keep", "1"),
            ("code", "c0de"),
            ("state", state),
            ("iss", issuer)
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
    let error = ErrorRedirect::new(&Error::MissingChallenge)
        .state(Some(state))
        .issuer(Some(issuer));
    let location = error.to_response(uri).headers()["location"]
        .to_str()
        .unwrap()
        .to_owned();
    let pairs = decode(&location);
    assert_eq!(pairs[1], ("error".to_owned(), "invalid_request".to_owned()));
    assert_eq!(pairs[2].1, Error::MissingChallenge.error_description());
    assert_eq!(pairs[3], ("state".to_owned(), state.to_owned()));
    assert_eq!(pairs[4], ("iss".to_owned(), issuer.to_owned()));
}

/// RFC 6749 §5.1, §5.2: the token endpoint's refusal as a response: its
/// status, the JSON body `JsonErrorResponse` writes, and every header.
#[cfg(feature = "http")]
#[test]
fn token_refusal_as_an_http_response() {
    for e in ERRORS.into_iter().chain([Error::UnusableCode]) {
        let response = e.token_response();
        let expected = JsonErrorResponse::new(&e);
        assert_eq!(response.status().as_u16(), expected.status(), "{e:?}");
        assert_eq!(response.body(), &expected.to_string(), "{e:?}");
        for (name, value) in JsonErrorResponse::HEADERS {
            assert_eq!(response.headers()[name], value, "{e:?}");
        }
    }
}
