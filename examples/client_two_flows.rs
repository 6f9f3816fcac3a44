//! Two sign-ins in flight at once, completing in the opposite order to the
//! one they started in: each response finds its own record by `state`
//! (RFC 6749 §10.12), so the second sign-in does not overwrite the first.
//! Then a replayed response and a forged one, both refused.
//!
//! Run with `cargo run --example client_two_flows`. The authorization
//! server is a few lines in this file, in memory, using this crate's server
//! side; nothing goes on the network. It exits non-zero if any step does
//! not end as it should. No secret is printed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an example shows the flow, not error handling"
)]

use std::collections::HashMap;
use std::process::ExitCode;

use oauth_pkce::CodeChallenge;
use oauth_pkce::client::{CallbackParams, Error, PendingAuthorization, PendingAuthorizations};
use oauth_pkce::server::{self, ClientType, Policy};

const ISSUER: &str = "https://auth.example.com";
const REDIRECT_URI: &str = "http://127.0.0.1:8400/callback";

/// The authorization server: codes it issued, each with the challenge bound
/// to it (RFC 7636 §4.4).
#[derive(Default)]
struct Server {
    codes: HashMap<String, Option<CodeChallenge>>,
    issued: u32,
}

impl Server {
    /// The authorization endpoint: checks the PKCE parameters, issues a code
    /// and answers with the redirect's query (RFC 6749 §4.1.2, RFC 9207).
    fn authorize(&mut self, request: &[(&str, &str)]) -> String {
        let param = |name: &str| request.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
        let bound = Policy::strict()
            .check_authorization_request(
                ClientType::Public,
                param("code_challenge"),
                param("code_challenge_method"),
            )
            .expect("our own request is valid");
        self.issued += 1;
        let code = format!("code-{}", self.issued);
        self.codes.insert(code.clone(), bound);
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("code", &code)
            .append_pair("state", param("state").unwrap_or_default())
            .append_pair("iss", ISSUER)
            .finish()
    }

    /// The token endpoint: a code once, with its verifier (RFC 7636 §4.6).
    fn token(&mut self, form: &[(&str, &str)]) -> Result<(), server::Error> {
        let param = |name: &str| form.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
        let bound = self
            .codes
            .remove(param("code").unwrap_or_default())
            .ok_or(server::Error::Verifier(oauth_pkce::Error::VerifierMismatch))?;
        Policy::strict().check_token_request(
            ClientType::Public,
            bound.as_ref(),
            param("code_verifier"),
        )
    }
}

fn main() -> ExitCode {
    let mut server = Server::default();
    // The client keeps up to four sign-ins in flight, in its session.
    let mut pending = PendingAuthorizations::<4>::new();
    let mut ok = true;
    let mut check = |what: &str, passed: bool| {
        println!("    {}: {what}", if passed { "ok" } else { "FAILED" });
        ok &= passed;
    };

    println!("1. The user starts a sign-in in one tab, then another in a second tab.");
    let mut redirects = Vec::new();
    for tab in ["first", "second"] {
        let record = PendingAuthorization::builder(REDIRECT_URI)
            .issuer_requiring_iss(ISSUER)
            .build()
            .expect("valid settings");
        let mut request = vec![("response_type", "code"), ("client_id", "web-app")];
        request.extend(record.authorization_request().pairs());
        redirects.push((tab, server.authorize(&request)));
        check(
            "stored without evicting another",
            pending.insert(record).is_none(),
        );
    }
    check("two records pending", pending.len() == 2);

    println!("2. The second tab's redirect arrives first, then the first tab's.");
    for (tab, query) in redirects.iter().rev() {
        let params = CallbackParams::from_query(query).expect("no parameter repeated");
        match pending.validate_callback(&params) {
            Ok(token) => {
                check(
                    &format!(
                        "{tab} tab: response matched its record, a code of {} characters",
                        token.code().len()
                    ),
                    true,
                );
                check(
                    &format!("{tab} tab: code redeemed with its verifier"),
                    server.token(&token.form()).is_ok(),
                );
            }
            Err(e) => check(&format!("{tab} tab: {e}"), false),
        }
    }
    check("no record left", pending.is_empty());

    println!("3. The first tab's redirect again: its record was used, so it is refused.");
    let params = CallbackParams::from_query(&redirects[0].1).expect("no parameter repeated");
    let replay = pending.validate_callback(&params);
    check(
        &format!("refused: {:?}", replay.as_ref().err()),
        replay.err() == Some(Error::StateMismatch),
    );

    println!("4. A forged redirect with a guessed state, while a sign-in is pending.");
    let record = PendingAuthorization::builder(REDIRECT_URI)
        .issuer_requiring_iss(ISSUER)
        .build()
        .expect("valid settings");
    check(
        "stored without evicting another",
        pending.insert(record).is_none(),
    );
    let forged = "code=attacker-code&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\
                  &iss=https%3A%2F%2Fauth.example.com";
    let params = CallbackParams::from_query(forged).expect("no parameter repeated");
    let result = pending.validate_callback(&params);
    check(
        &format!("refused: {:?}", result.as_ref().err()),
        result.err() == Some(Error::StateMismatch),
    );
    check("the real sign-in is still pending", pending.len() == 1);

    if ok {
        println!("\nEvery step ended as it should.");
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
