//! The loopback demo (`cargo run --example loopback`) as a test: the same
//! servers, agent and steps, over real HTTP on 127.0.0.1; and the demo
//! server's own refusals, which its transcript does not show.
#![cfg(feature = "std")]

use crate::demo::HttpServer;
use crate::demo::agent::{DesktopAgent, Pkce, http_client};
use crate::demo::authorization_server::CLIENT_ID;
use oauth_pkce::CodeVerifier;
use oauth_pkce::server::Policy;

#[test]
#[cfg_attr(miri, ignore = "Miri has no sockets")]
fn the_loopback_flow_succeeds_and_every_attack_with_an_intercepted_code_fails() {
    let report = crate::demo::run().expect("the servers start on 127.0.0.1");
    assert_eq!(report.steps.len(), 8);
    let failed: Vec<&str> = report.failed().map(|step| step.title).collect();
    assert!(failed.is_empty(), "steps that went wrong: {failed:#?}");
}

fn body(response: &mut ureq::http::Response<ureq::Body>) -> serde_json::Value {
    let text = response.body_mut().read_to_string().expect("a body");
    serde_json::from_str(&text).expect("a JSON body")
}

/// RFC 6749 §4.1.2.1: an unregistered redirect URI gets an error page, never
/// a redirect, or the server would be an open redirector (§10.15). The URI
/// is only ever handed to the server, which refuses it: nothing contacts it.
#[test]
#[cfg_attr(miri, ignore = "Miri has no sockets")]
fn an_unregistered_redirect_uri_is_not_redirected_to() {
    let server = HttpServer::start(Policy::strict()).expect("server starts");
    let challenge = CodeVerifier::generate().challenge();
    for redirect_uri in [
        "http://203.0.113.7/callback",
        "http://localhost:8400/callback",
        "https://127.0.0.1:8400/callback",
        "http://127.0.0.1:8400/elsewhere",
        "http://127.0.0.1:8400/callback#fragment",
    ] {
        let mut response = http_client()
            .get(server.authorize_endpoint())
            .query("response_type", "code")
            .query("client_id", CLIENT_ID)
            .query("redirect_uri", redirect_uri)
            .query("code_challenge", challenge.as_str())
            .query("code_challenge_method", "S256")
            .call()
            .expect("the server answers");
        assert_eq!(response.status(), 400, "{redirect_uri}");
        assert!(
            response.headers().get("location").is_none(),
            "{redirect_uri}"
        );
        assert_eq!(
            body(&mut response)["error"],
            "invalid_request",
            "{redirect_uri}"
        );
    }
}

/// RFC 6749 §3.1: a repeated parameter is refused, not resolved, so two
/// `code_verifier`s cannot be checked as one and used as the other.
#[test]
#[cfg_attr(miri, ignore = "Miri has no sockets")]
fn a_repeated_code_verifier_is_refused() {
    let server = HttpServer::start(Policy::strict()).expect("server starts");
    let agent = DesktopAgent::new("agent");
    let verifier = CodeVerifier::generate();
    let auth = agent
        .authorize(
            &server.authorize_endpoint(),
            Pkce::of(&verifier.challenge()),
        )
        .expect("authorization succeeds");
    let code = auth.code().expect("a code");
    let other = CodeVerifier::generate();
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", auth.redirect_uri.as_str()),
        ("client_id", CLIENT_ID),
        ("code_verifier", verifier.secret()),
        ("code_verifier", other.secret()),
    ];
    let mut response = http_client()
        .post(server.token_endpoint())
        .send_form(form)
        .expect("the server answers");
    assert_eq!(response.status(), 400);
    let error = body(&mut response);
    assert_eq!(error["error"], "invalid_request");
    assert_eq!(error["error_description"], "a parameter is repeated");
}

/// RFC 8252 §8.3 and RFC 6749 §10.12: any process on the host can request
/// the agent's loopback redirect URI before the real redirect arrives. A
/// request with a wrong or missing `state`, even one carrying an error
/// response, is not this request's response: the agent ignores it, its
/// pending authorization stays usable, and the sign-in completes.
#[test]
#[cfg_attr(miri, ignore = "Miri has no sockets")]
fn forged_callbacks_arriving_first_do_not_end_the_sign_in() {
    let server = HttpServer::start(Policy::strict()).expect("server starts");
    let agent = DesktopAgent::new("agent");
    let mut forged = 0;
    let (auth, verifier) = agent
        .sign_in_racing(&server.authorize_endpoint(), |redirect_uri| {
            // Another "process": a plain HTTP client, no cookies, no state.
            let other = http_client();
            for query in [
                "state=x",
                "code=attackers-code&state=x",
                "error=access_denied&state=x",
                "error=access_denied",
                "code=attackers-code",
            ] {
                let status = other
                    .get(format!("{redirect_uri}?{query}"))
                    .call()?
                    .status();
                assert_eq!(status, 200, "{query}");
                forged += 1;
            }
            Ok(())
        })
        .expect("the sign-in completes after the forged callbacks");
    assert_eq!(forged, 5);
    let reply = agent
        .redeem(
            &server.token_endpoint(),
            auth.code().expect("a code"),
            &auth.redirect_uri,
            Some(verifier.secret()),
        )
        .expect("the server answers");
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert!(reply.field("access_token").is_some());
}
