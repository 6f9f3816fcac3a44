//! The authorization-server half of PKCE (RFC 7636 §4.4 to §4.6): bind the
//! challenge to the code at the authorization endpoint, check the verifier at
//! the token endpoint, and answer every refusal with an RFC 6749 §5.2 error.
//!
//! The endpoints are plain functions over query and form parameters
//! (`examples/authorization_server/mod.rs`); `cargo run --example loopback`
//! puts the same functions behind a real HTTP server.
//!
//! Run with `cargo run --example server`. It exits non-zero if any step does
//! not behave as described.

#[path = "authorization_server/mod.rs"]
mod authorization_server;

use std::process::ExitCode;

use authorization_server::{
    AuthorizationServer, AuthorizeResponse, CLIENT_ID, OAuthError, Params, TokenResponse,
};
use oauth_pkce::{CodeVerifier, Error, Policy};
use url::Url;

/// The desktop agent's redirect URI: its loopback listener.
const REDIRECT_URI: &str = "http://127.0.0.1:8400/callback";

fn main() -> ExitCode {
    // PKCE for every client, S256 only: OAuth 2.1 and RFC 9700 §2.1.1.
    let policy = Policy::strict();
    let methods: Vec<&str> = policy
        .supported_methods()
        .iter()
        .map(|m| m.as_str())
        .collect();
    println!("Policy::strict(): code_challenge_methods_supported = {methods:?}\n");
    let mut server = AuthorizationServer::new(policy);
    let mut run = Run::default();

    println!("1. The client sends its S256 challenge; the server binds it to a fresh code.");
    let verifier = CodeVerifier::generate();
    let code = run.authorize(&mut server, Some(&verifier));

    println!("2. The client redeems the code with its verifier.");
    if let Some(code) = &code {
        let outcome = redeem(&mut server, code, Some(verifier.secret()));
        run.expect_tokens(outcome);
    }

    println!("3. The same code again, even with the right verifier: a code is single-use.");
    if let Some(code) = &code {
        let outcome = redeem(&mut server, code, Some(verifier.secret()));
        run.expect_error(outcome, OAuthError::UNUSABLE_CODE);
    }

    println!("4. A new code, redeemed with a verifier that is not the one behind its challenge.");
    let verifier = CodeVerifier::generate();
    if let Some(code) = run.authorize(&mut server, Some(&verifier)) {
        let wrong = CodeVerifier::generate();
        let outcome = redeem(&mut server, &code, Some(wrong.secret()));
        run.expect_error(outcome, Error::VerifierMismatch.into());
    }

    println!("5. A new code, redeemed with no verifier at all.");
    let verifier = CodeVerifier::generate();
    if let Some(code) = run.authorize(&mut server, Some(&verifier)) {
        let outcome = redeem(&mut server, &code, None);
        run.expect_error(outcome, Error::MissingVerifier.into());
    }

    println!("6. An authorization request without a challenge: refused on the redirect.");
    run.authorize_refused(&mut server, Error::MissingChallenge.into());

    run.finish()
}

/// Counts the steps that did not behave as described.
#[derive(Default)]
struct Run {
    failures: usize,
}

impl Run {
    fn fail(&mut self, why: &str) {
        println!("   FAILED: {why}\n");
        self.failures += 1;
    }

    /// Sends the authorization request and returns the code the server
    /// redirected back with.
    fn authorize(
        &mut self,
        server: &mut AuthorizationServer,
        verifier: Option<&CodeVerifier>,
    ) -> Option<String> {
        let location = match send_authorization(server, verifier) {
            AuthorizeResponse::Redirect(location) => location,
            AuthorizeResponse::Refuse(e) => {
                self.fail(&format!("authorization refused: {}", e.to_json()));
                return None;
            }
        };
        let code = redirect_param(&location, "code");
        if code.is_none() {
            self.fail("the redirect carries no code");
        }
        code
    }

    /// Sends an authorization request without PKCE and checks that the
    /// error comes back on the redirect (RFC 6749 §4.1.2.1).
    fn authorize_refused(&mut self, server: &mut AuthorizationServer, expected: OAuthError) {
        let AuthorizeResponse::Redirect(location) = send_authorization(server, None) else {
            return self.fail("the server did not redirect the error to the client");
        };
        let got = (
            redirect_param(&location, "error"),
            redirect_param(&location, "error_description"),
        );
        if got
            == (
                Some(expected.error.into()),
                Some(expected.description.into()),
            )
        {
            println!("   ok: refused with {}\n", expected.error);
        } else {
            self.fail(&format!("expected {}, got {got:?}", expected.to_json()));
        }
    }

    fn expect_tokens(&mut self, outcome: Result<TokenResponse, OAuthError>) {
        match outcome {
            Ok(_) => println!("   ok: tokens issued\n"),
            Err(e) => self.fail(&format!("expected tokens, got {}", e.to_json())),
        }
    }

    fn expect_error(&mut self, outcome: Result<TokenResponse, OAuthError>, expected: OAuthError) {
        match outcome {
            Err(e) if e == expected => println!("   ok: refused with {}\n", e.error),
            Err(e) => self.fail(&format!(
                "expected {}, got {}",
                expected.to_json(),
                e.to_json()
            )),
            Ok(_) => self.fail(&format!("expected {}, got tokens", expected.to_json())),
        }
    }

    fn finish(self) -> ExitCode {
        if self.failures == 0 {
            println!("Every step behaved as described.");
            ExitCode::SUCCESS
        } else {
            println!("{} step(s) did not behave as described.", self.failures);
            ExitCode::FAILURE
        }
    }
}

/// The authorization endpoint's query, as the client's browser sends it.
fn send_authorization(
    server: &mut AuthorizationServer,
    verifier: Option<&CodeVerifier>,
) -> AuthorizeResponse {
    let challenge = verifier.map(CodeVerifier::challenge);
    let mut pairs = vec![
        ("response_type", "code"),
        ("client_id", CLIENT_ID),
        ("redirect_uri", REDIRECT_URI),
        ("state", "af0ifjsldkj"),
    ];
    if let Some(challenge) = &challenge {
        pairs.push(("code_challenge", challenge.as_str()));
        pairs.push(("code_challenge_method", challenge.method().as_str()));
    }
    println!("   GET /authorize {}", show(&pairs));
    let query = params(&pairs);
    let response = server.authorize(&query);
    match &response {
        AuthorizeResponse::Redirect(location) => println!("   302 Found, Location: {location}"),
        AuthorizeResponse::Refuse(e) => println!("   400 Bad Request {}", e.to_json()),
    }
    response
}

/// The token request, with the verifier if any, and the endpoint's answer
/// printed as it would go over the wire.
fn redeem(
    server: &mut AuthorizationServer,
    code: &str,
    verifier: Option<&str>,
) -> Result<TokenResponse, OAuthError> {
    let mut pairs = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT_URI),
        ("client_id", CLIENT_ID),
    ];
    // The verifier is a secret: the transcript shows its length only.
    let shown = verifier.map(|v| format!("<{} characters>", v.len()));
    if let Some(shown) = &shown {
        pairs.push(("code_verifier", shown));
    }
    println!("   POST /token {}", show(&pairs));
    let mut form = params(&pairs);
    if let Some(verifier) = verifier {
        form.insert("code_verifier".into(), verifier.into());
    }
    let outcome = server.token(&form);
    match &outcome {
        Ok(tokens) => println!("   200 OK {}", tokens.to_json()),
        Err(e) => {
            println!("   400 Bad Request {}", e.to_json());
            // What an operator logs about a failed redemption: the kind, never
            // the code or the verifier.
            println!("   server log: token request refused: {}", e.kind);
        }
    }
    outcome
}

fn params(pairs: &[(&str, &str)]) -> Params {
    pairs
        .iter()
        .map(|&(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// Parameters as the transcript shows them: decoded, one space apart.
fn show(pairs: &[(&str, &str)]) -> String {
    let shown: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    shown.join(" ")
}

fn redirect_param(location: &str, name: &str) -> Option<String> {
    let url = Url::parse(location).ok()?;
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}
