//! The desktop agent: its loopback redirect listener (RFC 8252 §7.3), the
//! browser that carries the authorization request and follows the redirect,
//! and the token request.

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::routing::get;
use oauth_pkce::client::{self, CallbackParams, PendingAuthorization};
use oauth_pkce::{CodeChallenge, CodeVerifier};
use rand::distr::{Alphanumeric, SampleString};
use url::Url;

use super::BoxError;
use super::authorization_server::serve::Serving;
use super::authorization_server::{CLIENT_ID, REDIRECT_PATH};

pub use super::authorization_server::client::{TIMEOUT, http_client};

/// What came back to the redirect URI (RFC 6749 §4.1.2, §4.1.2.1).
#[derive(Debug)]
pub enum Callback {
    /// An authorization code.
    Code(String),
    /// An error, from the authorization endpoint.
    Error {
        /// `error`.
        error: String,
        /// `error_description`.
        description: String,
    },
}

impl std::fmt::Display for Callback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            // A code is a credential until redeemed: its length only.
            Self::Code(code) => write!(f, "a code ({} characters)", code.len()),
            Self::Error { error, description } => write!(f, "error={error} ({description})"),
        }
    }
}

/// The outcome of one authorization request.
#[derive(Debug)]
pub struct Authorization {
    /// The redirect URI it was sent with, which the token request repeats.
    pub redirect_uri: String,
    /// What arrived on the listener.
    pub callback: Callback,
}

impl Authorization {
    /// The code, or what came instead.
    pub fn code(&self) -> Result<&str, BoxError> {
        match &self.callback {
            Callback::Code(code) => Ok(code),
            Callback::Error { error, description } => {
                Err(format!("no code: {error} ({description})").into())
            }
        }
    }
}

/// The token endpoint's answer.
#[derive(Debug)]
pub struct TokenReply {
    /// The HTTP status.
    pub status: u16,
    /// The JSON body.
    pub body: serde_json::Value,
}

impl TokenReply {
    /// A string field of the body.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.body.get(name)?.as_str()
    }
}

/// The PKCE parameters of an authorization request, raw, so that the demo
/// can also send what a careless or hostile client would.
#[derive(Debug, Clone, Copy)]
pub struct Pkce<'a> {
    /// `code_challenge`.
    pub code_challenge: Option<&'a str>,
    /// `code_challenge_method`.
    pub code_challenge_method: Option<&'a str>,
}

impl<'a> Pkce<'a> {
    /// What a PKCE client sends: the challenge and its method.
    pub fn of(challenge: &'a CodeChallenge) -> Self {
        Self {
            code_challenge: Some(challenge.as_str()),
            code_challenge_method: Some(challenge.method().as_str()),
        }
    }

    /// No PKCE at all.
    pub const NONE: Self = Self {
        code_challenge: None,
        code_challenge_method: None,
    };
}

/// The agent's listener for the redirect (RFC 8252 §7.3): an axum server
/// on `http://127.0.0.1:PORT/callback` that hands every request's raw query
/// to the agent, in the order they arrive, and stops when dropped.
///
/// Any process on the host, and any web page, can request this URL: the
/// agent decides which request is the real redirect by its `state`, and a
/// request with another `state` is ignored without ending the sign-in
/// (RFC 8252 §8.3, RFC 6749 §10.12).
///
/// This is the seam where a client keeps its pending authorization (the
/// verifier, `state`, redirect URI, expected issuer):
/// [`DesktopAgent::sign_in`] keeps a `PendingAuthorization` across it;
/// [`DesktopAgent::authorize`], which sends what a careless or hostile
/// client would, holds only `state`.
pub struct RedirectListener {
    redirect_uri: String,
    received: Receiver<String>,
    // Kept so that the listener stops when this is dropped.
    _serving: Serving,
}

/// The channel to the agent: every request's raw query, undecoded, so that
/// a repeated parameter is still there to be refused.
type Handoff = Arc<Mutex<Sender<String>>>;

async fn callback(State(handoff): State<Handoff>, RawQuery(query): RawQuery) -> &'static str {
    // The receiver may be gone (its owner gave up); nothing to do then.
    let _ = handoff
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .send(query.unwrap_or_default());
    "Received. You can close this window and go back to the app."
}

impl RedirectListener {
    /// Starts listening on a port the OS picks.
    pub fn start() -> Result<Self, BoxError> {
        let (send, received) = mpsc::channel();
        let handoff: Handoff = Arc::new(Mutex::new(send));
        // Anything else (a browser asks for a favicon too) is a 404.
        let router = Router::new()
            .route(REDIRECT_PATH, get(callback))
            .with_state(handoff);
        let serving = Serving::start(router)?;
        Ok(Self {
            redirect_uri: format!("http://{}{REDIRECT_PATH}", serving.addr()),
            received,
            _serving: serving,
        })
    }

    /// `http://127.0.0.1:PORT/callback`.
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// The raw query of the next request to reach the listener.
    fn next_query(&self) -> Result<String, BoxError> {
        self.received
            .recv_timeout(TIMEOUT)
            .map_err(|_| "nothing more reached the listener".into())
    }
}

/// An HTTP client acting as a desktop agent and its user's browser, or as
/// someone who got hold of its codes.
pub struct DesktopAgent {
    name: &'static str,
    http: ureq::Agent,
}

impl DesktopAgent {
    /// An agent called `name` in the transcript.
    pub fn new(name: &'static str) -> Self {
        Self {
            name,
            http: http_client(),
        }
    }

    /// Runs an authorization request: listen on a loopback port, send the
    /// request with `pkce` through the browser, and take what the server
    /// redirects back.
    pub fn authorize(&self, endpoint: &str, pkce: Pkce<'_>) -> Result<Authorization, BoxError> {
        let listener = RedirectListener::start()?;
        let redirect_uri = listener.redirect_uri().to_owned();
        println!(
            "    {:<8} listens for the redirect on {redirect_uri}",
            self.name
        );
        // Ties the redirect to this request (RFC 6749 §10.12).
        let state = Alphanumeric.sample_string(&mut rand::rng(), 22);
        let mut url = Url::parse(endpoint)?;
        {
            let mut query = url.query_pairs_mut();
            query
                .append_pair("response_type", "code")
                .append_pair("client_id", CLIENT_ID)
                .append_pair("redirect_uri", &redirect_uri)
                .append_pair("state", &state);
            if let Some(challenge) = pkce.code_challenge {
                query.append_pair("code_challenge", challenge);
            }
            if let Some(method) = pkce.code_challenge_method {
                query.append_pair("code_challenge_method", method);
            }
        }
        let callback = self.open_in_browser(url.as_str(), listener, &state)?;
        Ok(Authorization {
            redirect_uri,
            callback,
        })
    }

    /// Signs in as a client should: one `PendingAuthorization` for the
    /// request (verifier, `state`, redirect URI), kept across the redirect
    /// in its stored form only, as a web client keeps it in a session (with
    /// the `serde` feature), and every request to the listener checked by
    /// it until one has its `state`: a request with a missing or wrong
    /// `state`, which any process on the host can send, is ignored and
    /// leaves the record usable. Returns the code and the verifier that
    /// redeems it.
    pub fn sign_in(&self, endpoint: &str) -> Result<(Authorization, CodeVerifier), BoxError> {
        self.sign_in_racing(endpoint, |_| Ok(()))
    }

    /// [`sign_in`](Self::sign_in), with `meanwhile` run once the listener
    /// is up and before the browser is sent: given the redirect URI, it
    /// stands for another process on the host that reaches the listener
    /// first.
    pub fn sign_in_racing(
        &self,
        endpoint: &str,
        meanwhile: impl FnOnce(&str) -> Result<(), BoxError>,
    ) -> Result<(Authorization, CodeVerifier), BoxError> {
        let listener = RedirectListener::start()?;
        // The demo server's issuer identifier is its origin; it sends `iss`
        // (RFC 9207), which the record then checks.
        let issuer = Url::parse(endpoint)?.origin().ascii_serialization();
        let mut pending = PendingAuthorization::builder(listener.redirect_uri())
            .issuer(&issuer)
            .build()?;
        println!(
            "    {:<8} listens for the redirect on {}, with a pending authorization \
             (verifier and state, never shown)",
            self.name,
            pending.redirect_uri()
        );
        let mut url = Url::parse(endpoint)?;
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", CLIENT_ID)
            .extend_pairs(pending.authorization_request().pairs());
        #[cfg(feature = "serde")]
        let stored = serde_json::to_string(&pending.expose_for_storage())?;
        #[cfg(feature = "serde")]
        drop(pending);
        meanwhile(listener.redirect_uri())?;
        self.browse(url.as_str(), &listener)?;
        #[cfg(feature = "serde")]
        {
            pending = serde_json::from_str(&stored)?;
        }
        let (code, redirect_uri, verifier) = loop {
            let query = listener.next_query()?;
            let params = CallbackParams::from_query(&query)?;
            match pending.validate_callback(&params) {
                // Not this request's response: the record is untouched.
                Err(e @ (client::Error::MissingState | client::Error::StateMismatch)) => {
                    println!(
                        "    {:<8} ignored a request to its listener: {e}",
                        self.name
                    );
                }
                result => {
                    let token = result?;
                    let code = token.code().to_owned();
                    break (
                        code,
                        token.redirect_uri().to_owned(),
                        token.into_code_verifier(),
                    );
                }
            }
        };
        println!(
            "    {:<8} got a code ({} characters) on its listener; the pending authorization \
             checked the response",
            self.name,
            code.len(),
        );
        let auth = Authorization {
            redirect_uri,
            callback: Callback::Code(code),
        };
        Ok((auth, verifier))
    }

    /// What the system browser does with an authorization URL: GET it, and
    /// follow the server's redirect to the agent's listener, which takes the
    /// code. The user's consent is left out: the server grants at once.
    pub fn open_in_browser(
        &self,
        url: &str,
        listener: RedirectListener,
        state: &str,
    ) -> Result<Callback, BoxError> {
        self.browse(url, &listener)?;
        let query = listener.next_query()?;
        let params: HashMap<String, String> = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        if params.get("state").map(String::as_str) != Some(state) {
            return Err("the redirect's state is not this request's: refusing its code".into());
        }
        let param = |name: &str| params.get(name).cloned().unwrap_or_default();
        let callback = match params.get("code") {
            Some(code) => Callback::Code(code.clone()),
            None => Callback::Error {
                error: param("error"),
                description: param("error_description"),
            },
        };
        println!(
            "    {:<8} got {callback} on its listener, state matches",
            self.name
        );
        Ok(callback)
    }

    /// The browser's round trip: GET `url` and follow the redirect to the
    /// listener, which passes on what it received.
    fn browse(&self, url: &str, listener: &RedirectListener) -> Result<(), BoxError> {
        println!("    browser  -> GET {}", without_state(url));
        let response = self.http.get(url).call()?;
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| format!("expected a redirect, got {status} without Location"))?;
        println!(
            "    server   <- {status} Location: {}",
            without_state(location)
        );
        // A browser goes wherever it is sent. This one only goes to the
        // listener, so that nothing here ever leaves loopback.
        if !location.starts_with(&format!("{}?", listener.redirect_uri)) {
            return Err(format!("redirected away from {}", listener.redirect_uri).into());
        }
        println!("    browser  -> GET {}", without_state(location));
        let reached = self.http.get(location).call()?.status().as_u16();
        if reached != 200 {
            return Err(format!("the listener answered {reached}").into());
        }
        Ok(())
    }

    /// The token request (RFC 6749 §4.1.3, RFC 7636 §4.5), with
    /// `code_verifier` if one is given.
    pub fn redeem(
        &self,
        token_endpoint: &str,
        code: &str,
        redirect_uri: &str,
        code_verifier: Option<&str>,
    ) -> Result<TokenReply, BoxError> {
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("client_id", CLIENT_ID),
        ];
        // The code and the verifier are secrets: the transcript shows their
        // lengths only.
        let shown: Vec<String> = form
            .iter()
            .map(|(k, v)| match *k {
                "code" => format!("code=<{} characters>", v.len()),
                _ => format!("{k}={v}"),
            })
            .collect();
        let shown = match code_verifier {
            Some(v) => format!("{} code_verifier=<{} characters>", shown.join(" "), v.len()),
            None => shown.join(" "),
        };
        println!("    {:<8} -> POST {token_endpoint} {shown}", self.name);
        if let Some(verifier) = code_verifier {
            form.push(("code_verifier", verifier));
        }
        let mut response = self.http.post(token_endpoint).send_form(form)?;
        let status = response.status().as_u16();
        let body = response.body_mut().read_to_string()?;
        let body: serde_json::Value = serde_json::from_str(&body)?;
        println!("    server   <- {status} {}", without_tokens(&body));
        Ok(TokenReply { status, body })
    }
}

/// `url` for the transcript: the values of `state` (a secret until the
/// response is checked) and `code` (a credential until redeemed) left out,
/// the code's length shown.
fn without_state(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let query: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some(("state", _)) => "state=<not shown>".to_owned(),
            Some(("code", code)) => format!("code=<{} characters>", code.len()),
            _ => pair.to_owned(),
        })
        .collect();
    format!("{base}?{}", query.join("&"))
}

/// A token endpoint's answer for the transcript: the tokens' lengths, not
/// the tokens.
fn without_tokens(body: &serde_json::Value) -> serde_json::Value {
    let mut shown = body.clone();
    if let Some(fields) = shown.as_object_mut() {
        for (name, value) in fields.iter_mut() {
            if name.ends_with("_token") {
                let len = value.as_str().map_or(0, str::len);
                *value = serde_json::Value::String(format!("<{len} characters>"));
            }
        }
    }
    shown
}
