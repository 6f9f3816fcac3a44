//! The demo's authorization server: one public client, one policy, codes in
//! memory, on axum over `127.0.0.1`. PKCE and its answers are the crate's
//! (feature `http`): `check_authorization_request` with `ErrorRedirect` or
//! `SuccessRedirect`, `check_token_request` with `token_response`, and
//! `UnusableCode` for a code it does not know. What is left is routing and
//! a map of codes. A server with a real store that several instances share
//! is the workspace's `example-server/`.

pub mod client;
pub mod serve;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Form, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use oauth_pkce::CodeChallenge;
use oauth_pkce::server::{ClientType, Error, ErrorRedirect, Policy, SuccessRedirect};
use rand::distr::{Alphanumeric, SampleString};

use serve::{BoxError, Serving};

/// The one client: a desktop agent, public (RFC 6749 §2.1), redirecting to
/// a loopback listener on any port (RFC 8252 §7.3).
pub const CLIENT_ID: &str = "desktop-agent";

/// The path of the client's redirect URI.
pub const REDIRECT_PATH: &str = "/callback";

/// Request parameters in the order they came, repeats included.
type Params = Vec<(String, String)>;

/// What a code was issued for, until it is redeemed.
struct Issued {
    bound: Option<CodeChallenge>,
    redirect_uri: String,
}

struct Server {
    issuer: String,
    policy: Policy,
    codes: Mutex<HashMap<String, Issued>>,
}

/// The server on a port of its own.
pub struct HttpServer {
    serving: Serving,
}

impl HttpServer {
    /// Starts a server that enforces `policy`.
    pub fn start(policy: Policy) -> Result<Self, BoxError> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        let issuer = format!("http://{}", listener.local_addr()?);
        let server = Arc::new(Server {
            issuer,
            policy,
            codes: Mutex::new(HashMap::new()),
        });
        let router = Router::new()
            .route("/authorize", get(authorize))
            .route("/token", post(token))
            .with_state(server);
        Ok(Self {
            serving: Serving::start_with(listener, router)?,
        })
    }

    /// `http://127.0.0.1:PORT`, the issuer identifier it sends as `iss`
    /// (RFC 9207).
    pub fn issuer(&self) -> String {
        format!("http://{}", self.serving.addr())
    }

    /// `http://127.0.0.1:PORT/authorize`.
    pub fn authorize_endpoint(&self) -> String {
        format!("{}/authorize", self.issuer())
    }

    /// `http://127.0.0.1:PORT/token`.
    pub fn token_endpoint(&self) -> String {
        format!("{}/token", self.issuer())
    }
}

/// The parameters by name, each sent once (RFC 6749 §3.1); `None` when
/// one is repeated, which the server refuses rather than pick one of.
fn single(params: &Params) -> Option<HashMap<&str, &str>> {
    let mut by_name = HashMap::new();
    for (name, value) in params {
        by_name
            .insert(name.as_str(), value.as_str())
            .is_none()
            .then_some(())?;
    }
    Some(by_name)
}

/// A refusal of the server's own, not PKCE's: `400` with a JSON body, never
/// a redirect (RFC 6749 §4.1.2.1: an unverified redirect URI is not
/// redirected to, or the server would be an open redirector, §10.15).
fn own_refusal(error: &str, description: &str) -> Response {
    let body = serde_json::json!({ "error": error, "error_description": description });
    let headers = [
        ("content-type", "application/json"),
        ("cache-control", "no-store"),
    ];
    (
        axum::http::StatusCode::BAD_REQUEST,
        headers,
        body.to_string(),
    )
        .into_response()
}

/// The client's redirect URI, if it is a loopback one with the registered
/// path: `http`, `127.0.0.1`, any port, no query or fragment (RFC 8252
/// §7.3).
fn registered(redirect_uri: &str) -> bool {
    url::Url::parse(redirect_uri).is_ok_and(|url| {
        url.scheme() == "http"
            && url.host_str() == Some("127.0.0.1")
            && url.port().is_some()
            && url.path() == REDIRECT_PATH
            && url.query().is_none()
            && url.fragment().is_none()
    })
}

/// The authorization endpoint, the user having approved at once.
async fn authorize(State(server): State<Arc<Server>>, Query(params): Query<Params>) -> Response {
    let Some(params) = single(&params) else {
        return own_refusal("invalid_request", "a parameter is repeated");
    };
    // An empty parameter counts as absent (RFC 6749 §3.1).
    let param = |name: &str| params.get(name).copied().filter(|v| !v.is_empty());
    let redirect_uri = param("redirect_uri").unwrap_or_default();
    if param("client_id") != Some(CLIENT_ID) || !registered(redirect_uri) {
        return own_refusal("invalid_request", "unknown client or redirect_uri");
    }
    let (state, issuer) = (param("state"), Some(server.issuer.as_str()));
    let checked = server.policy.check_authorization_request(
        ClientType::Public,
        param("code_challenge"),
        param("code_challenge_method"),
    );
    match checked {
        Err(e) => {
            println!(
                "    server log: authorization request refused: {}",
                e.kind()
            );
            ErrorRedirect::new(&e)
                .state(state)
                .issuer(issuer)
                .to_response(redirect_uri)
                .into_response()
        }
        Ok(bound) => {
            let code = Alphanumeric.sample_string(&mut rand::rng(), 32);
            let issued = Issued {
                bound,
                redirect_uri: redirect_uri.to_owned(),
            };
            if let Ok(mut codes) = server.codes.lock() {
                codes.insert(code.clone(), issued);
            }
            SuccessRedirect::new(&code)
                .state(state)
                .issuer(issuer)
                .to_response(redirect_uri)
                .into_response()
        }
    }
}

/// The token endpoint (RFC 6749 §4.1.3, RFC 7636 §4.5, §4.6).
async fn token(State(server): State<Arc<Server>>, Form(params): Form<Params>) -> Response {
    let Some(params) = single(&params) else {
        return own_refusal("invalid_request", "a parameter is repeated");
    };
    // An empty parameter counts as absent (RFC 6749 §3.1).
    let param = |name: &str| params.get(name).copied().filter(|v| !v.is_empty());
    if param("grant_type") != Some("authorization_code") || param("client_id") != Some(CLIENT_ID) {
        return own_refusal(
            "invalid_request",
            "unsupported grant_type or unknown client",
        );
    }
    // Taken out before anything is checked: a code is single-use, also
    // after a failed attempt (RFC 6749 §4.1.2; RFC 9700 §2.1.1).
    let issued = param("code").and_then(|code| server.codes.lock().ok()?.remove(code));
    // A code presented with another redirect URI is no code of this
    // request's either (RFC 6749 §4.1.3).
    let issued = issued.filter(|i| param("redirect_uri") == Some(i.redirect_uri.as_str()));
    let checked = match &issued {
        None => Err(Error::UnusableCode),
        Some(issued) => server.policy.check_token_request(
            ClientType::Public,
            issued.bound.as_ref(),
            param("code_verifier"),
        ),
    };
    match checked {
        Err(e) => {
            println!("    server log: token request refused: {}", e.kind());
            e.token_response().into_response()
        }
        Ok(()) => {
            let access_token = Alphanumeric.sample_string(&mut rand::rng(), 32);
            let body = serde_json::json!({
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 3600,
            });
            let headers = [
                ("content-type", "application/json"),
                ("cache-control", "no-store"),
            ];
            (headers, body.to_string()).into_response()
        }
    }
}
