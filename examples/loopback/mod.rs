//! The loopback demo: an authorization server and a desktop agent talking
//! HTTP over `127.0.0.1`, both on axum, then an attacker trying intercepted
//! codes.
//!
//! Shared, through `#[path]`, by `examples/loopback.rs`, which prints the
//! transcript, and by the client's integration tests (`tests/client/`),
//! which run the same code.

pub mod agent;
pub mod authorization_server;

pub use authorization_server::HttpServer;

use oauth_pkce::CodeVerifier;
use oauth_pkce::server::{Error, Policy};

use agent::{Authorization, DesktopAgent, Pkce, TokenReply};

/// Any failure of the plumbing, as opposed to a step that ran and gave the
/// wrong answer.
pub type BoxError = authorization_server::serve::BoxError;

/// How one step of the demo ended.
#[derive(Debug)]
pub struct Step {
    /// Its title in the transcript.
    pub title: &'static str,
    /// Whether it ended as it should.
    pub passed: bool,
}

/// Every step of one run.
#[derive(Debug, Default)]
pub struct Report {
    /// In the order they ran.
    pub steps: Vec<Step>,
}

impl Report {
    /// The steps that did not end as they should.
    pub fn failed(&self) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(|step| !step.passed)
    }

    /// Runs one step, prints how it ended, and records whether that was
    /// `expected`.
    fn step(
        &mut self,
        title: &'static str,
        expected: &Outcome,
        run: impl FnOnce() -> Result<Outcome, BoxError>,
    ) {
        println!("\n{title}");
        let passed = match run() {
            Ok(outcome) if outcome == *expected => {
                println!("    ok: {outcome}");
                true
            }
            Ok(outcome) => {
                println!("    FAILED: expected {expected}, got {outcome}");
                false
            }
            Err(e) => {
                println!("    FAILED: expected {expected}, but {e}");
                false
            }
        };
        self.steps.push(Step { title, passed });
    }
}

/// What a step ended with, as the client saw it.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// `200 OK` from the token endpoint, with a bearer token.
    Tokens,
    /// An OAuth error: `400` from the token endpoint (RFC 6749 §5.2), or
    /// `302` back to the redirect URI from the authorization endpoint
    /// (§4.1.2.1).
    Refused {
        status: u16,
        error: String,
        description: String,
    },
}

impl Outcome {
    /// The token endpoint's answer to this refusal (RFC 6749 §5.2).
    fn token_error(e: Error) -> Self {
        Self::Refused {
            status: e.error_code().http_status(),
            error: e.error_code().as_str().into(),
            description: e.error_description().into(),
        }
    }

    /// The authorization endpoint's answer to this refusal: a redirect
    /// (RFC 6749 §4.1.2.1).
    fn redirected_error(e: Error) -> Self {
        Self::Refused {
            status: 302,
            error: e.error_code().as_str().into(),
            description: e.error_description().into(),
        }
    }

    fn of_token_reply(reply: &TokenReply) -> Self {
        let tokens = reply.status == 200
            && reply.field("access_token").is_some_and(|t| !t.is_empty())
            && reply.field("token_type") == Some("Bearer");
        if tokens {
            return Self::Tokens;
        }
        Self::Refused {
            status: reply.status,
            error: reply.field("error").unwrap_or_default().into(),
            description: reply.field("error_description").unwrap_or_default().into(),
        }
    }

    fn of_authorization(authorization: &Authorization) -> Self {
        match &authorization.callback {
            agent::Callback::Code(_) => Self::Tokens,
            agent::Callback::Error { error, description } => Self::Refused {
                status: 302,
                error: error.clone(),
                description: description.clone(),
            },
        }
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Tokens => f.write_str("tokens issued"),
            Self::Refused {
                status,
                error,
                description,
            } => write!(f, "{status} {error} ({description})"),
        }
    }
}

/// Runs the whole demo, printing its transcript. An error means the servers
/// could not start; a step that goes wrong is in the report instead.
pub fn run() -> Result<Report, BoxError> {
    let strict = HttpServer::start(Policy::strict())?;
    let lenient = HttpServer::start(Policy::rfc7636())?;
    println!("Two authorization servers on loopback, each with the public client `desktop-agent`:");
    println!(
        "  strict   Policy::strict():  PKCE for every client, S256 only    {}",
        strict.authorize_endpoint()
    );
    println!(
        "  lenient  Policy::rfc7636(): PKCE optional, plain allowed       {}",
        lenient.authorize_endpoint()
    );

    let agent = DesktopAgent::new("agent");
    let attacker = DesktopAgent::new("attacker");
    let mut report = Report::default();

    // Kept from the sign-in for the replay.
    let mut signed_in: Option<(Authorization, CodeVerifier)> = None;
    report.step(
        "1. The agent signs in: S256 challenge out, code back on its loopback listener, \
         redeemed with the verifier",
        &Outcome::Tokens,
        || {
            let (auth, verifier) = agent.sign_in(&strict.authorize_endpoint())?;
            let reply = agent.redeem(
                &strict.token_endpoint(),
                auth.code()?,
                &auth.redirect_uri,
                Some(verifier.secret()),
            )?;
            signed_in = Some((auth, verifier));
            Ok(Outcome::of_token_reply(&reply))
        },
    );

    report.step(
        "2. The same code again, with the right verifier: a code is single-use",
        &Outcome::token_error(Error::UnusableCode),
        || {
            let (auth, verifier) = signed_in.as_ref().ok_or("step 1 did not get a code")?;
            let reply = agent.redeem(
                &strict.token_endpoint(),
                auth.code()?,
                &auth.redirect_uri,
                Some(verifier.secret()),
            )?;
            Ok(Outcome::of_token_reply(&reply))
        },
    );

    report.step(
        "3. An attacker intercepts a code (another app on the redirect port, a log, a Referer) \
         and redeems it without the verifier",
        &Outcome::token_error(Error::MissingVerifier),
        || {
            let (auth, _verifier) = authorize_s256(&agent, &strict)?;
            let reply = attacker.redeem(
                &strict.token_endpoint(),
                auth.code()?,
                &auth.redirect_uri,
                None,
            )?;
            Ok(Outcome::of_token_reply(&reply))
        },
    );

    // Kept for the agent's own redemption after the attack.
    let mut attacked: Option<(Authorization, CodeVerifier)> = None;
    report.step(
        "4. The attacker intercepts another code and redeems it with a verifier of its own",
        &Outcome::token_error(Error::Verifier(oauth_pkce::Error::VerifierMismatch)),
        || {
            let (auth, verifier) = authorize_s256(&agent, &strict)?;
            let guess = CodeVerifier::try_generate()?;
            let reply = attacker.redeem(
                &strict.token_endpoint(),
                auth.code()?,
                &auth.redirect_uri,
                Some(guess.secret()),
            )?;
            attacked = Some((auth, verifier));
            Ok(Outcome::of_token_reply(&reply))
        },
    );

    report.step(
        "5. The agent redeems that code with its verifier: the failed attempt used it up, \
         so the agent starts over",
        &Outcome::token_error(Error::UnusableCode),
        || {
            let (auth, verifier) = attacked.as_ref().ok_or("step 4 did not get a code")?;
            let reply = agent.redeem(
                &strict.token_endpoint(),
                auth.code()?,
                &auth.redirect_uri,
                Some(verifier.secret()),
            )?;
            Ok(Outcome::of_token_reply(&reply))
        },
    );

    report.step(
        "6. Downgrade: the attacker strips the challenge from the authorization request; \
         the strict server refuses to issue a code",
        &Outcome::redirected_error(Error::MissingChallenge),
        || {
            let auth = agent.authorize(&strict.authorize_endpoint(), Pkce::NONE)?;
            Ok(Outcome::of_authorization(&auth))
        },
    );

    report.step(
        "7. Downgrade to plain: the attacker strips only code_challenge_method, which then \
         means plain (RFC 7636 §4.3)",
        &Outcome::redirected_error(Error::PlainNotAllowed),
        || {
            let verifier = CodeVerifier::try_generate()?;
            let challenge = verifier.challenge();
            let pkce = Pkce {
                code_challenge_method: None,
                ..Pkce::of(&challenge)
            };
            let auth = agent.authorize(&strict.authorize_endpoint(), pkce)?;
            Ok(Outcome::of_authorization(&auth))
        },
    );

    report.step(
        "8. Downgrade against the lenient server: a code issued without a challenge is \
         redeemed with a verifier (RFC 9700 §4.8.2)",
        &Outcome::token_error(Error::UnexpectedVerifier),
        || {
            let verifier = CodeVerifier::try_generate()?;
            println!(
                "    (the agent's challenge was stripped on the way; the lenient server \
                 issues a code bound to nothing)"
            );
            let auth = agent.authorize(&lenient.authorize_endpoint(), Pkce::NONE)?;
            let reply = agent.redeem(
                &lenient.token_endpoint(),
                auth.code()?,
                &auth.redirect_uri,
                Some(verifier.secret()),
            )?;
            Ok(Outcome::of_token_reply(&reply))
        },
    );

    let failed = report.failed().count();
    let total = report.steps.len();
    if failed == 0 {
        println!("\nAll {total} steps behaved as they should.");
    } else {
        println!("\n{failed} of {total} steps did NOT behave as they should.");
    }
    Ok(report)
}

/// The agent's authorization request with a fresh S256 challenge, the code
/// left unredeemed.
fn authorize_s256(
    agent: &DesktopAgent,
    server: &HttpServer,
) -> Result<(Authorization, CodeVerifier), BoxError> {
    let verifier = CodeVerifier::try_generate()?;
    let auth = agent.authorize(
        &server.authorize_endpoint(),
        Pkce::of(&verifier.challenge()),
    )?;
    println!("    attacker has a copy of that code too");
    Ok((auth, verifier))
}
