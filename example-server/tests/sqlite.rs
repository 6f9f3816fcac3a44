//! The server as a user runs it, on its default store (SQLite), over HTTP:
//! metadata, both endpoints, both clients, single use under concurrency,
//! expiry, and codes that outlive the process in a SQLite file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::*;
use oauth_pkce::CodeVerifier;

/// RFC 8414 §2 and RFC 9207 §3: the methods are the policy's, and `iss` is
/// announced.
#[test]
fn metadata_follows_the_policy() {
    for (policy, methods) in [
        ("strict", serde_json::json!(["S256"])),
        ("rfc7636", serde_json::json!(["S256", "plain"])),
        ("oauth21", serde_json::json!(["S256"])),
        ("fapi2", serde_json::json!(["S256"])),
    ] {
        let server = Server::start(&["--policy", policy]);
        let mut response = http()
            .get(format!(
                "{}/.well-known/oauth-authorization-server",
                server.issuer
            ))
            .call()
            .unwrap();
        let metadata: serde_json::Value =
            serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
        assert_eq!(metadata["issuer"], server.issuer.as_str());
        assert_eq!(
            metadata["code_challenge_methods_supported"], methods,
            "{policy}"
        );
        assert_eq!(
            metadata["authorization_response_iss_parameter_supported"],
            true
        );
    }
}

/// RFC 7636 §4.6 and RFC 6749 §4.1.2: the right verifier gets a token
/// once; the same code again is `invalid_grant`.
#[test]
fn a_public_client_redeems_once() {
    let server = Server::start(&["--policy", "strict"]);
    let verifier = CodeVerifier::generate();
    let code = code_for(&server, PUBLIC, &verifier);
    let answer = redeem(&server, &code, Some(verifier.secret()));
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    assert_eq!(answer.body["token_type"], "Bearer");
    assert_refused(
        &redeem(&server, &code, Some(verifier.secret())),
        "invalid_grant",
    );
}

/// RFC 7636 §4.6: a wrong verifier, or none, is `invalid_grant`, and the
/// code is gone after it (RFC 6749 §4.1.2).
#[test]
fn a_wrong_or_missing_verifier_is_invalid_grant_and_burns_the_code() {
    let server = Server::start(&["--policy", "strict"]);
    let verifier = CodeVerifier::generate();
    let code = code_for(&server, PUBLIC, &verifier);
    let wrong = CodeVerifier::generate();
    assert_refused(
        &redeem(&server, &code, Some(wrong.secret())),
        "invalid_grant",
    );
    assert_refused(
        &redeem(&server, &code, Some(verifier.secret())),
        "invalid_grant",
    );
    let code = code_for(&server, PUBLIC, &CodeVerifier::generate());
    assert_refused(&redeem(&server, &code, None), "invalid_grant");
}

/// RFC 6749 §2.3.1: the confidential client with `client_secret_post` and
/// with `client_secret_basic`; a wrong secret is `invalid_client` (401).
#[test]
fn the_confidential_client_authenticates_by_post_or_basic() {
    let server = Server::start(&["--policy", "strict"]);
    // A fresh verifier per authorization request, as RFC 7636 §4.1 asks
    // (the server refuses a repeated challenge).
    let flow = || {
        let verifier = CodeVerifier::generate();
        let code = code_for(&server, CONFIDENTIAL, &verifier);
        vec![
            ("grant_type".to_owned(), "authorization_code".to_owned()),
            ("code".to_owned(), code),
            ("redirect_uri".to_owned(), REDIRECT_URI.to_owned()),
            ("code_verifier".to_owned(), verifier.secret().to_owned()),
        ]
    };
    let send = |pairs: &[(String, String)], basic| {
        let pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        token_with(&http(), &server.token_endpoint(), &pairs, basic)
    };

    let mut post = flow();
    post.push(("client_id".into(), CONFIDENTIAL.into()));
    post.push(("client_secret".into(), SECRET.into()));
    assert_eq!(send(&post, None).status, 200);

    assert_eq!(send(&flow(), Some((CONFIDENTIAL, SECRET))).status, 200);

    let answer = send(&flow(), Some((CONFIDENTIAL, "not-the-secret")));
    assert_eq!(answer.status, 401);
    assert_eq!(answer.error(), Some("invalid_client"));
}

/// RFC 6749 §4.1.2.1 and RFC 9207 §2: a refused authorization request goes
/// back to the client's redirect URI with `error`, `error_description`,
/// `state` and `iss`; an unknown redirect URI is never redirected to.
#[test]
fn authorization_refusals_are_redirected_with_state_and_iss() {
    let server = Server::start(&["--policy", "strict"]);
    let reply = authorize(
        &server,
        &[
            ("response_type", "code"),
            ("client_id", PUBLIC),
            ("redirect_uri", "http://127.0.0.1:51004/callback"),
            ("state", "s-1"),
        ],
    );
    assert_eq!(reply.status, 302);
    assert!(
        reply
            .location
            .as_deref()
            .unwrap()
            .starts_with("http://127.0.0.1:51004/callback?")
    );
    assert_eq!(reply.param("error"), Some("invalid_request"));
    assert!(reply.param("error_description").is_some());
    assert_eq!(reply.param("state"), Some("s-1"));
    assert_eq!(reply.param("iss"), Some(server.issuer.as_str()));

    let reply = authorize(
        &server,
        &[
            ("response_type", "code"),
            ("client_id", PUBLIC),
            ("redirect_uri", "https://attacker.example/callback"),
        ],
    );
    assert_eq!(reply.status, 400);
    assert_eq!(reply.location, None);
}

/// RFC 7636 §4.2 under `rfc7636`: a plain challenge works, and the row never
/// holds it (the store keeps its S256 transform).
#[test]
fn plain_under_rfc7636_and_no_plain_value_in_the_file() {
    let dir = std::env::temp_dir().join(format!("oauth-pkce-plain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("codes.db");
    let store = format!("sqlite:{}", db.display());
    let server = Server::start(&["--policy", "rfc7636", "--store", &store]);
    let verifier = CodeVerifier::generate();
    let reply = authorize(
        &server,
        &[
            ("response_type", "code"),
            ("client_id", PUBLIC),
            ("redirect_uri", REDIRECT_URI),
            ("code_challenge", verifier.secret()),
            ("code_challenge_method", "plain"),
        ],
    );
    let code = reply.param("code").unwrap().to_owned();
    let file = std::fs::read(&db).unwrap();
    let holds = |needle: &str| file.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(
        !holds(verifier.secret()),
        "the plain challenge is in the database"
    );
    assert!(!holds(&code), "the code is in the database");
    assert!(holds(verifier.challenge().as_str()));
    assert_eq!(redeem(&server, &code, Some(verifier.secret())).status, 200);
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A code issued by one process is redeemed by another on the same SQLite
/// file, once.
#[test]
fn a_sqlite_file_is_shared_by_two_processes() {
    let dir = std::env::temp_dir().join(format!("oauth-pkce-shared-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = format!("sqlite:{}", dir.join("codes.db").display());
    let (a, b) = two_instances(&store);
    assert_redeemed_once_across(&a, &b);
    drop((a, b));
    let _ = std::fs::remove_dir_all(&dir);
}

/// RFC 6749 §4.1.2: 64 concurrent redemptions of one code with the right
/// verifier: one token, 63 `invalid_grant`.
#[test]
fn sixty_four_concurrent_redemptions_give_one_token() {
    let server = Server::start(&["--policy", "strict"]);
    let verifier = CodeVerifier::generate();
    let code = code_for(&server, PUBLIC, &verifier);
    assert_one_token_of_64(&[&server], &code, verifier.secret());
}

/// RFC 6749 §4.1.2 and FAPI 2.0 §5.3.2.1: a code past its lifetime is
/// `invalid_grant`.
#[test]
fn an_expired_code_is_invalid_grant() {
    let server = Server::start(&["--policy", "fapi2", "--code-lifetime", "1"]);
    let verifier = CodeVerifier::generate();
    let code = code_for(&server, PUBLIC, &verifier);
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert_refused(
        &redeem(&server, &code, Some(verifier.secret())),
        "invalid_grant",
    );
}

/// RFC 9700 §2.1.1: a repeated challenge is refused by default; with
/// `--constant-challenges report` the code is issued and the repeat counted
/// at `/metrics`.
#[test]
fn a_constant_challenge_is_refused_or_reported() {
    let verifier = CodeVerifier::generate();
    let refusing = Server::start(&["--policy", "strict"]);
    code_for(&refusing, PUBLIC, &verifier);
    let again = authorize(
        &refusing,
        &[
            ("response_type", "code"),
            ("client_id", PUBLIC),
            ("redirect_uri", REDIRECT_URI),
            ("code_challenge", verifier.challenge().as_str()),
            ("code_challenge_method", "S256"),
        ],
    );
    assert_eq!(again.param("error"), Some("invalid_request"));
    assert_eq!(again.param("code"), None);

    let reporting = Server::start(&["--policy", "strict", "--constant-challenges", "report"]);
    code_for(&reporting, PUBLIC, &verifier);
    code_for(&reporting, PUBLIC, &verifier);
    let metrics = http()
        .get(format!("{}/metrics", reporting.issuer))
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    assert!(
        metrics.contains("oauth_pkce_refusals_total{kind=\"repeated_challenge\"} 1"),
        "{metrics}"
    );
}
