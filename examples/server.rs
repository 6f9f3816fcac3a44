//! An authorization server on axum with PKCE (RFC 7636 §4.4 to §4.6), one
//! policy per client, and a client moving to a stricter one (RFC 9700
//! §2.1.1): the server on `127.0.0.1`, then a scripted client against it
//! over HTTP, printing each exchange.
//!
//! Run with `cargo run --example server`. It exits non-zero if any step does
//! not behave as described. `cargo run --example server -- --serve` keeps the
//! server running on `127.0.0.1:8080` instead, for curl.
//!
//! The server lives in `examples/authorization_server/`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "authorization_server/mod.rs"]
mod authorization_server;

use std::process::ExitCode;

use authorization_server::client::{Redirected, TokenAnswer, authorize, http_client, token};
use authorization_server::http::HttpServer;
use authorization_server::{
    CLIENT_ID, LEGACY_CLIENT_ID, LEGACY_CLIENT_SECRET, LEGACY_REDIRECT_URI, demo_clients,
};
use oauth_pkce::CodeVerifier;
use oauth_pkce::server::{Migration, Policy};

/// The desktop agent's redirect URI: its loopback listener, which nothing
/// here contacts: the script reads the redirect's `Location` and stops.
const REDIRECT_URI: &str = "http://127.0.0.1:8400/callback";

fn main() -> ExitCode {
    if std::env::args().any(|a| a == "--serve") {
        return match HttpServer::with_clients_on("127.0.0.1:8080", demo_clients()) {
            Ok(server) => {
                println!("serving {}", server.metadata_endpoint());
                server.wait();
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("could not start: {e}");
                ExitCode::FAILURE
            }
        };
    }
    match run() {
        Ok(0) => {
            println!("\nEvery step behaved as described.");
            ExitCode::SUCCESS
        }
        Ok(failures) => {
            println!("\n{failures} step(s) did not behave as described.");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("the demo could not run: {e}");
            ExitCode::FAILURE
        }
    }
}

type BoxError = authorization_server::serve::BoxError;

/// Counts the steps that did not behave as described.
#[derive(Default)]
struct Run {
    failures: usize,
}

impl Run {
    fn check(&mut self, what: &str, ok: bool) {
        if ok {
            println!("   ok: {what}\n");
        } else {
            println!("   FAILED: {what}\n");
            self.failures += 1;
        }
    }
}

fn run() -> Result<usize, BoxError> {
    let server = HttpServer::with_clients(demo_clients())?;
    let http = http_client();
    let mut run = Run::default();
    println!(
        "An authorization server on {}, with two clients:",
        server.issuer()
    );
    println!("  {CLIENT_ID:<14} public        Policy::strict()");
    println!(
        "  {LEGACY_CLIENT_ID:<14} confidential  Migration::new(Policy::rfc7636(), Policy::strict())\n"
    );

    println!("1. Metadata (RFC 8414): which methods the server takes.");
    let text = http
        .get(server.metadata_endpoint())
        .call()?
        .body_mut()
        .read_to_string()?;
    let metadata: serde_json::Value = serde_json::from_str(&text)?;
    println!(
        "   code_challenge_methods_supported = {}",
        metadata["code_challenge_methods_supported"]
    );
    run.check(
        "S256 first, and plain since the legacy client may still use it",
        metadata["code_challenge_methods_supported"] == serde_json::json!(["S256", "plain"]),
    );

    println!("2. The desktop agent sends its S256 challenge and redeems the code.");
    let verifier = CodeVerifier::generate();
    let code = agent_code(&http, &server, Some(&verifier))?;
    let answer = redeem(&http, &server, &code, Some(verifier.secret()))?;
    run.check(
        "tokens issued, with Cache-Control: no-store",
        answer.status == 200 && answer.cache_control.as_deref() == Some("no-store"),
    );

    println!("3. The same code again, even with the right verifier: a code is single-use.");
    let answer = redeem(&http, &server, &code, Some(verifier.secret()))?;
    run.check("invalid_grant", refused(&answer, "invalid_grant"));

    println!("4. A new code, redeemed with a verifier that is not the one behind its challenge.");
    let verifier = CodeVerifier::generate();
    let code = agent_code(&http, &server, Some(&verifier))?;
    let wrong = CodeVerifier::generate();
    let answer = redeem(&http, &server, &code, Some(wrong.secret()))?;
    run.check("invalid_grant", refused(&answer, "invalid_grant"));

    println!("5. A new code, redeemed with no verifier at all (OpenID conformance suite).");
    let verifier = CodeVerifier::generate();
    let code = agent_code(&http, &server, Some(&verifier))?;
    let answer = redeem(&http, &server, &code, None)?;
    run.check("invalid_grant", refused(&answer, "invalid_grant"));

    println!("6. An authorization request without a challenge: refused on the redirect.");
    let reply = agent_authorize(&http, &server, &[])?;
    run.check(
        "invalid_request, with state and iss",
        reply.param("error") == Some("invalid_request")
            && reply.param("state") == Some("af0ifjsldkj")
            && reply.param("iss") == Some(server.issuer().as_str()),
    );

    println!("7. A challenge with base64 padding: refused, and the description says why.");
    let padded = format!("{}=", CodeVerifier::generate().challenge().as_str());
    let reply = agent_authorize(
        &http,
        &server,
        &[
            ("code_challenge", &padded),
            ("code_challenge_method", "S256"),
        ],
    )?;
    run.check(
        "invalid_request naming the padding",
        reply.param("error_description")
            == Some("code_challenge has = padding; S256 needs unpadded base64url"),
    );

    println!("8. Migration, observing: the legacy client sends no PKCE; strict would refuse.");
    let code = legacy_code(&http, &server)?;
    let answer = legacy_redeem(&http, &server, &code)?;
    let kinds: Vec<&str> = server.server().reports().iter().map(|r| r.kind).collect();
    run.check(
        "tokens issued, and both endpoints reported what strict would refuse",
        answer.status == 200 && kinds == ["missing_challenge", "pkce_required_at_redemption"],
    );

    println!("9. Migration, enforcing: the legacy client is moved to strict.");
    let outstanding = legacy_code(&http, &server)?;
    server.server().set_pkce(
        LEGACY_CLIENT_ID,
        Migration::new(Policy::strict(), Policy::strict()),
    );
    let reply = legacy_authorize(&http, &server)?;
    run.check(
        "a new request without PKCE is refused",
        reply.param("error") == Some("invalid_request"),
    );
    println!("   A code issued before the change, redeemed after it:");
    let answer = legacy_redeem(&http, &server, &outstanding)?;
    run.check(
        "invalid_grant: the policy applies again at redemption",
        refused(&answer, "invalid_grant"),
    );

    println!("10. A pushed authorization request (RFC 9126) with a padded challenge.");
    let pairs = [
        ("response_type", "code"),
        ("client_id", CLIENT_ID),
        ("redirect_uri", REDIRECT_URI),
        ("code_challenge", padded.as_str()),
        ("code_challenge_method", "S256"),
    ];
    println!("   POST /par code_challenge={padded} code_challenge_method=S256 ...");
    let answer = token(&http, &server.par_endpoint(), &pairs)?;
    println!("   {} {}", answer.status, answer.body);
    run.check(
        "a JSON 400 invalid_request, not a redirect",
        answer.status == 400
            && answer.field("error") == Some("invalid_request")
            && answer.cache_control.as_deref() == Some("no-store"),
    );

    Ok(run.failures)
}

/// An OAuth error response as the OpenID conformance suite checks it: 400,
/// JSON, not cached, with this `error`.
fn refused(answer: &TokenAnswer, error: &str) -> bool {
    answer.status == 400
        && answer.content_type.as_deref() == Some("application/json")
        && answer.cache_control.as_deref() == Some("no-store")
        && answer.field("error") == Some(error)
}

fn agent_authorize(
    http: &ureq::Agent,
    server: &HttpServer,
    pkce: &[(&str, &str)],
) -> Result<Redirected, BoxError> {
    let mut pairs = vec![
        ("response_type", "code"),
        ("client_id", CLIENT_ID),
        ("redirect_uri", REDIRECT_URI),
        ("state", "af0ifjsldkj"),
    ];
    pairs.extend_from_slice(pkce);
    show_authorization(http, server, &pairs)
}

fn show_authorization(
    http: &ureq::Agent,
    server: &HttpServer,
    pairs: &[(&str, &str)],
) -> Result<Redirected, BoxError> {
    let shown: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    println!("   GET /authorize {}", shown.join(" "));
    let reply = authorize(http, &server.authorize_endpoint(), pairs)?;
    println!(
        "   {} Location: {}",
        reply.status,
        reply.location.as_deref().unwrap_or("(none)")
    );
    Ok(reply)
}

/// The agent's authorization request, and the code it got back.
fn agent_code(
    http: &ureq::Agent,
    server: &HttpServer,
    verifier: Option<&CodeVerifier>,
) -> Result<String, BoxError> {
    let challenge = verifier.map(CodeVerifier::challenge);
    let pkce: Vec<(&str, &str)> = match &challenge {
        Some(c) => vec![
            ("code_challenge", c.as_str()),
            ("code_challenge_method", c.method().as_str()),
        ],
        None => vec![],
    };
    let reply = agent_authorize(http, server, &pkce)?;
    Ok(reply
        .param("code")
        .ok_or("no code in the redirect")?
        .to_owned())
}

fn redeem(
    http: &ureq::Agent,
    server: &HttpServer,
    code: &str,
    verifier: Option<&str>,
) -> Result<TokenAnswer, BoxError> {
    let mut pairs = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT_URI),
        ("client_id", CLIENT_ID),
    ];
    if let Some(verifier) = verifier {
        pairs.push(("code_verifier", verifier));
    }
    send_token(http, server, &pairs)
}

fn send_token(
    http: &ureq::Agent,
    server: &HttpServer,
    pairs: &[(&str, &str)],
) -> Result<TokenAnswer, BoxError> {
    // The verifier and the secret are secrets: the transcript shows their
    // length only.
    let shown: Vec<String> = pairs
        .iter()
        .map(|(k, v)| match *k {
            "code_verifier" | "client_secret" => format!("{k}=<{} characters>", v.len()),
            _ => format!("{k}={v}"),
        })
        .collect();
    println!("   POST /token {}", shown.join(" "));
    let answer = token(http, &server.token_endpoint(), pairs)?;
    println!(
        "   {} Cache-Control: {} {}",
        answer.status,
        answer.cache_control.as_deref().unwrap_or("(none)"),
        answer.body
    );
    Ok(answer)
}

fn legacy_authorize(http: &ureq::Agent, server: &HttpServer) -> Result<Redirected, BoxError> {
    let pairs = [
        ("response_type", "code"),
        ("client_id", LEGACY_CLIENT_ID),
        ("redirect_uri", LEGACY_REDIRECT_URI),
        ("state", "legacy-state"),
    ];
    show_authorization(http, server, &pairs)
}

fn legacy_code(http: &ureq::Agent, server: &HttpServer) -> Result<String, BoxError> {
    let reply = legacy_authorize(http, server)?;
    Ok(reply
        .param("code")
        .ok_or("no code in the redirect")?
        .to_owned())
}

fn legacy_redeem(
    http: &ureq::Agent,
    server: &HttpServer,
    code: &str,
) -> Result<TokenAnswer, BoxError> {
    let pairs = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", LEGACY_REDIRECT_URI),
        ("client_id", LEGACY_CLIENT_ID),
        ("client_secret", LEGACY_CLIENT_SECRET),
    ];
    send_token(http, server, &pairs)
}
