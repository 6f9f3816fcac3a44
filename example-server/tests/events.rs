//! Each refusal produces exactly one structured event in the server's log,
//! and no event holds a secret: the log of a run that provokes every kind
//! of refusal is searched for every verifier, challenge, code, `state` and
//! client secret the run used (RFC 9700 §2.1.1's detection included; the
//! guidance of RFC 6819 §5.1.5.3 and OWASP's logging cheat sheet: never log
//! codes or credentials).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::*;
use oauth_pkce::CodeVerifier;

/// The `kind` field of each refusal event in `log`, in order.
fn refusal_kinds(log: &str) -> Vec<String> {
    log.lines()
        .filter(|line| line.contains("oauth_pkce::refusal"))
        .map(|line| {
            let at = line.find(" kind=").expect("a kind field");
            let rest = &line[at + " kind=".len()..];
            let value = rest.split(' ').next().unwrap();
            value.trim_matches('"').to_owned()
        })
        .collect()
}

#[test]
fn each_refusal_is_one_event_and_no_event_holds_a_secret() {
    let server = Server::start(&["--policy", "strict"]);
    let mut secrets: Vec<String> = vec![SECRET.to_owned()];
    let state = format!("state-{}", CodeVerifier::generate().secret());
    secrets.push(state.clone());
    let base = |extra: &[(&str, &str)]| -> Redirected {
        let mut pairs = vec![
            ("response_type", "code"),
            ("client_id", PUBLIC),
            ("redirect_uri", REDIRECT_URI),
            ("state", state.as_str()),
        ];
        pairs.extend_from_slice(extra);
        authorize(&server, &pairs)
    };
    let mut expected = vec![];

    // Authorization endpoint: no challenge (RFC 7636 §4.4.1).
    assert_eq!(base(&[]).param("error"), Some("invalid_request"));
    expected.push("missing_challenge");

    // A padded S256 challenge (RFC 7636 Appendix A).
    let verifier = CodeVerifier::generate();
    let padded = format!("{}=", verifier.challenge().as_str());
    secrets.push(verifier.secret().to_owned());
    secrets.push(padded.clone());
    base(&[
        ("code_challenge", &padded),
        ("code_challenge_method", "S256"),
    ]);
    expected.push("challenge_padded");

    // A plain challenge, which is the verifier, under strict (RFC 9700
    // §2.1.1).
    let plain = CodeVerifier::generate();
    secrets.push(plain.secret().to_owned());
    base(&[
        ("code_challenge", plain.secret()),
        ("code_challenge_method", "plain"),
    ]);
    expected.push("plain_not_allowed");

    // A constant challenge: the second request with it is refused
    // (RFC 9700 §2.1.1).
    let constant = CodeVerifier::generate();
    secrets.push(constant.secret().to_owned());
    secrets.push(constant.challenge().as_str().to_owned());
    let code = code_for(&server, PUBLIC, &constant);
    secrets.push(code.clone());
    let again = base(&[
        ("code_challenge", constant.challenge().as_str()),
        ("code_challenge_method", "S256"),
    ]);
    assert_eq!(again.param("error"), Some("invalid_request"));
    expected.push("repeated_challenge");

    // Token endpoint: a wrong verifier (RFC 7636 §4.6), then the same code
    // again (RFC 6749 §4.1.2).
    let wrong = CodeVerifier::generate();
    secrets.push(wrong.secret().to_owned());
    assert_refused(
        &redeem(&server, &code, Some(wrong.secret())),
        "invalid_grant",
    );
    expected.push("verifier_mismatch");
    assert_refused(
        &redeem(&server, &code, Some(constant.secret())),
        "invalid_grant",
    );
    expected.push("unusable_code");

    // A confidential client with a wrong secret (RFC 6749 §5.2).
    let fresh = CodeVerifier::generate();
    secrets.push(fresh.secret().to_owned());
    secrets.push(fresh.challenge().as_str().to_owned());
    let code = code_for(&server, CONFIDENTIAL, &fresh);
    secrets.push(code.clone());
    let wrong_secret = format!("{SECRET}-{}", &fresh.secret()[..8]);
    secrets.push(wrong_secret.clone());
    let answer = token_with(
        &http(),
        &server.token_endpoint(),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT_URI),
            ("client_id", CONFIDENTIAL),
            ("client_secret", &wrong_secret),
            ("code_verifier", fresh.secret()),
        ],
        None,
    );
    assert_eq!(answer.status, 401);
    expected.push("invalid_client");

    let log = server.log();
    assert_eq!(refusal_kinds(&log), expected, "{log}");
    for secret in &secrets {
        assert!(
            !log.contains(secret.as_str()),
            "the log holds a secret: {log}"
        );
    }
    // Nor any long run of a secret: no 16-character piece of any of them.
    for secret in &secrets {
        for piece in secret.as_bytes().windows(16) {
            let piece = std::str::from_utf8(piece).unwrap();
            assert!(
                !log.contains(piece),
                "the log holds part of a secret: {log}"
            );
        }
    }
}
