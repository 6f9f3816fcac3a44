//! The server as a process, as a user runs it, and the client side of the
//! wire: a blocking HTTP client that sees each answer as it is sent.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use oauth_pkce::CodeVerifier;
use url::Url;

/// The two clients every instance knows.
pub const PUBLIC: &str = "demo-public";
pub const CONFIDENTIAL: &str = "demo-confidential";
pub const SECRET: &str = "demo-secret";
/// A loopback redirect URI (RFC 8252 §7.3); nothing listens there: the
/// tests read the redirect's `Location`.
pub const REDIRECT_URI: &str = "http://127.0.0.1:8400/callback";

/// A running `oauth-pkce-example-server`, killed when dropped; its stderr
/// (the log) kept.
pub struct Server {
    child: Child,
    pub issuer: String,
    log: Arc<Mutex<String>>,
}

impl Server {
    /// Starts the binary with `args` after `--addr 127.0.0.1:0`, and waits
    /// for its one line.
    pub fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_oauth-pkce-example-server"))
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server binary starts");
        let log = Arc::new(Mutex::new(String::new()));
        let mut stderr = child.stderr.take().unwrap();
        let sink = Arc::clone(&log);
        thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let issuer = line
            .strip_prefix("listening ")
            .unwrap_or_else(|| {
                panic!(
                    "not the listening line: {line:?}; log: {}",
                    log.lock().unwrap()
                )
            })
            .trim_end()
            .to_owned();
        // Anything more on stdout breaks the contract: kept to be checked.
        let mut rest = String::new();
        thread::spawn(move || {
            let _ = stdout.read_to_string(&mut rest);
            assert!(rest.is_empty(), "more than one line on stdout: {rest:?}");
        });
        Server { child, issuer, log }
    }

    /// What it logged so far.
    pub fn log(&self) -> String {
        // The log line of the last request may still be in the pipe.
        thread::sleep(Duration::from_millis(200));
        self.log.lock().unwrap().clone()
    }

    pub fn authorize_endpoint(&self) -> String {
        format!("{}/authorize", self.issuer)
    }

    pub fn token_endpoint(&self) -> String {
        format!("{}/token", self.issuer)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// No proxy, no redirects followed, errors as answers, a timeout.
pub fn http() -> ureq::Agent {
    ureq::Agent::config_builder()
        .proxy(None)
        .max_redirects(0)
        .http_status_as_error(false)
        .max_idle_connections(0)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .new_agent()
}

/// The authorization endpoint's answer: status and the redirect's
/// parameters.
#[derive(Debug)]
pub struct Redirected {
    pub status: u16,
    pub location: Option<String>,
    pub params: HashMap<String, String>,
}

impl Redirected {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }
}

pub fn authorize(server: &Server, pairs: &[(&str, &str)]) -> Redirected {
    let mut url = Url::parse(&server.authorize_endpoint()).unwrap();
    url.query_pairs_mut().extend_pairs(pairs);
    let response = http().get(url.as_str()).call().unwrap();
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let params = location
        .as_deref()
        .map(|l| Url::parse(l).unwrap().query_pairs().into_owned().collect())
        .unwrap_or_default();
    Redirected {
        status: response.status().as_u16(),
        location,
        params,
    }
}

/// A code for `client_id`, bound to `verifier`'s S256 challenge.
pub fn code_for(server: &Server, client_id: &str, verifier: &CodeVerifier) -> String {
    let challenge = verifier.challenge();
    let reply = authorize(
        server,
        &[
            ("response_type", "code"),
            ("client_id", client_id),
            ("redirect_uri", REDIRECT_URI),
            ("state", "xyz"),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
        ],
    );
    assert_eq!(reply.status, 302);
    assert_eq!(reply.param("iss"), Some(server.issuer.as_str()));
    assert_eq!(reply.param("state"), Some("xyz"));
    reply.param("code").expect("a code").to_owned()
}

/// The token endpoint's answer.
#[derive(Debug)]
pub struct TokenAnswer {
    pub status: u16,
    pub headers: HashMap<String, String>,
    pub body: serde_json::Value,
}

impl TokenAnswer {
    pub fn error(&self) -> Option<&str> {
        self.body.get("error")?.as_str()
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

pub fn token_with(
    agent: &ureq::Agent,
    endpoint: &str,
    pairs: &[(&str, &str)],
    basic: Option<(&str, &str)>,
) -> TokenAnswer {
    let mut request = agent.post(endpoint);
    if let Some((id, secret)) = basic {
        use base64::Engine;
        let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
        request = request.header("authorization", format!("Basic {encoded}"));
    }
    let mut response = request.send_form(pairs.iter().copied()).unwrap();
    let headers = response
        .headers()
        .iter()
        .filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned())))
        .collect();
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap();
    TokenAnswer {
        status,
        headers,
        body: serde_json::from_str(&text).unwrap(),
    }
}

/// A public client's token request.
pub fn redeem(server: &Server, code: &str, verifier: Option<&str>) -> TokenAnswer {
    let mut pairs = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT_URI),
        ("client_id", PUBLIC),
    ];
    if let Some(v) = verifier {
        pairs.push(("code_verifier", v));
    }
    token_with(&http(), &server.token_endpoint(), &pairs, None)
}

/// An OAuth error response as the OpenID conformance suite checks it.
pub fn assert_refused(answer: &TokenAnswer, error: &str) {
    assert_eq!(answer.status, 400, "{answer:?}");
    assert_eq!(answer.error(), Some(error), "{answer:?}");
    assert_eq!(
        answer.header("cache-control"),
        Some("no-store"),
        "{answer:?}"
    );
    assert_eq!(
        answer.header("content-type"),
        Some("application/json"),
        "{answer:?}"
    );
}

/// Two instances of the strict server on one `--store`.
pub fn two_instances(store: &str) -> (Server, Server) {
    let start = || Server::start(&["--policy", "strict", "--store", store]);
    (start(), start())
}

/// RFC 6749 §4.1.2 across instances: a code issued by `a` is redeemed at
/// `b`, then refused at both.
pub fn assert_redeemed_once_across(a: &Server, b: &Server) {
    let verifier = CodeVerifier::generate();
    let code = code_for(a, PUBLIC, &verifier);
    assert_eq!(redeem(b, &code, Some(verifier.secret())).status, 200);
    assert_refused(&redeem(a, &code, Some(verifier.secret())), "invalid_grant");
    assert_refused(&redeem(b, &code, Some(verifier.secret())), "invalid_grant");
}

/// RFC 6749 §4.1.2: a code is single-use. 64 redemptions of one code, all
/// with the right verifier, fired at once, round-robin over `servers`: one
/// token, 63 `invalid_grant`.
pub fn assert_one_token_of_64(servers: &[&Server], code: &str, verifier: &str) {
    let (tokens, errors) = race(servers, code, verifier, 64);
    assert_eq!(tokens, 1, "{errors:?}");
    assert_eq!(errors.len(), 63);
    assert!(errors.iter().all(|e| e == "invalid_grant"), "{errors:?}");
}

/// `n` redemptions of one code fired at once, round-robin over `servers`:
/// the number of tokens issued, and the errors of the others.
fn race(servers: &[&Server], code: &str, verifier: &str, n: usize) -> (usize, Vec<String>) {
    let start = Arc::new(std::sync::Barrier::new(n));
    let endpoints: Vec<String> = servers.iter().map(|s| s.token_endpoint()).collect();
    let handles: Vec<_> = (0..n)
        .map(|i| {
            let endpoint = endpoints[i % endpoints.len()].clone();
            let (code, verifier, start) =
                (code.to_owned(), verifier.to_owned(), Arc::clone(&start));
            thread::spawn(move || {
                let agent = http();
                let pairs = [
                    ("grant_type", "authorization_code"),
                    ("code", code.as_str()),
                    ("redirect_uri", REDIRECT_URI),
                    ("client_id", PUBLIC),
                    ("code_verifier", verifier.as_str()),
                ];
                start.wait();
                token_with(&agent, &endpoint, &pairs, None)
            })
        })
        .collect();
    let mut tokens = 0;
    let mut errors = vec![];
    for handle in handles {
        let answer = handle.join().unwrap();
        if answer.status == 200 {
            assert!(answer.body["access_token"].is_string());
            tokens += 1;
        } else {
            errors.push(answer.error().unwrap_or("(none)").to_owned());
        }
    }
    (tokens, errors)
}
