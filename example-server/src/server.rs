//! The authorization server's decisions, over decoded parameters: which
//! clients exist, what the authorization endpoint answers, what the token
//! endpoint answers. PKCE is `oauth_pkce`'s, and so are the answers it
//! gives: `check_authorization_request`, the constant-challenge detector,
//! `SuccessRedirect` and `ErrorRedirect` at the authorization endpoint;
//! `check_token_request` and `token_response` at the token endpoint;
//! `supported_methods` in the metadata; `RefusalCounts::record` for every
//! refusal. What is left here is the server's own: clients, the store, and
//! its own refusals (`oauth_error.rs`). `http.rs` routes to it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use oauth_pkce::Method;
use oauth_pkce::server::{
    ChallengeDetector, ClientType, Endpoint, Error, ErrorRedirect, Policy, Refusal, RefusalCounts,
    Response, Sighting, SuccessRedirect,
};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use url::Url;

use crate::oauth_error::OAuthError;
use crate::store::{BoundChallenge, Grant, Store};

/// Query or form parameters, by name.
pub type Params = HashMap<String, String>;

/// Lifetime of the access tokens handed out, in seconds.
const TOKEN_LIFETIME_SECS: u64 = 3600;

/// The path of every client's redirect URI, on any loopback port
/// (RFC 8252 §7.3).
pub const REDIRECT_PATH: &str = "/callback";

/// The constant-challenge detector's size: 256 buckets of 16 fingerprints,
/// about 36 KiB, for a server with up to a few hundred clients.
pub type Detector = ChallengeDetector<256, 16>;

/// A registered client.
#[derive(Debug, Clone, Copy)]
pub struct Client {
    /// `client_id`.
    pub id: &'static str,
    /// Public or confidential (RFC 6749 §2.1).
    pub client_type: ClientType,
    /// The secret of a confidential client (a demo: a real server keeps a
    /// hash of it).
    pub secret: Option<&'static str>,
}

/// The demo's clients: a native app, public, and a confidential one that
/// authenticates with `client_secret_post` or `client_secret_basic`
/// (RFC 6749 §2.3.1). Both redirect to a loopback listener.
pub const CLIENTS: [Client; 2] = [
    Client {
        id: "demo-public",
        client_type: ClientType::Public,
        secret: None,
    },
    Client {
        id: "demo-confidential",
        client_type: ClientType::Confidential,
        secret: Some("demo-secret"),
    },
];

fn client(id: Option<&str>) -> Option<Client> {
    let id = id?;
    CLIENTS.iter().copied().find(|c| c.id == id)
}

/// `uri`, if it is a loopback redirect URI: `http` to `127.0.0.1` or
/// `[::1]`, any port, the registered path, no query, fragment or user info
/// (RFC 8252 §7.3, RFC 6749 §3.1.2).
fn loopback_redirect(uri: &str) -> Option<Url> {
    let url = Url::parse(uri).ok()?;
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "[::1]"));
    let allowed = url.scheme() == "http"
        && loopback
        && url.port().is_some()
        && url.path() == REDIRECT_PATH
        && url.query().is_none()
        && url.fragment().is_none()
        && url.username().is_empty()
        && url.password().is_none();
    allowed.then_some(url)
}

/// How a client authenticated at the token endpoint (RFC 6749 §2.3.1).
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    /// From `Authorization: Basic`, decoded: `client_id` and secret.
    pub basic: Option<(String, String)>,
}

/// The server: its issuer, policy, code lifetime, store, detector and
/// refusal counts.
pub struct AuthorizationServer {
    /// `http://127.0.0.1:PORT`.
    pub issuer: String,
    /// The PKCE policy, for both clients.
    pub policy: Policy,
    /// Seconds a code may wait for its redemption.
    pub code_lifetime: u64,
    /// Where codes wait.
    pub store: Store,
    /// Challenges each client sent before (RFC 9700 §2.1.1).
    pub detector: Mutex<Detector>,
    /// Refusals by kind, for `/metrics`.
    pub counts: RefusalCounts,
}

/// Why a token request failed: PKCE's refusal (the crate's answer) or the
/// server's own, with the client's type once known, for the log.
enum TokenRefusal {
    Pkce(Error, Option<ClientType>, Option<Method>),
    Own(OAuthError, Option<ClientType>),
}

impl AuthorizationServer {
    /// Authorization server metadata (RFC 8414 §2).
    pub fn metadata(&self) -> serde_json::Value {
        let methods: Vec<&str> = self
            .policy
            .supported_methods()
            .iter()
            .map(|m| m.as_str())
            .collect();
        serde_json::json!({
            "issuer": self.issuer,
            "authorization_endpoint": format!("{}/authorize", self.issuer),
            "token_endpoint": format!("{}/token", self.issuer),
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "token_endpoint_auth_methods_supported": ["none", "client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": methods,
            "authorization_response_iss_parameter_supported": true,
        })
    }

    /// Refusal counts in Prometheus' text format.
    pub fn metrics(&self) -> String {
        let mut out = String::from("# TYPE oauth_pkce_refusals_total counter\n");
        self.counts.for_each(|kind, n| {
            out.push_str(&format!(
                "oauth_pkce_refusals_total{{kind=\"{kind}\"}} {n}\n"
            ));
        });
        out
    }

    /// Logs and counts the server's own refusal, and answers it.
    pub fn refuse(
        &self,
        endpoint: Endpoint,
        e: OAuthError,
        client: Option<ClientType>,
    ) -> Response {
        let refusal = Refusal::other(endpoint, e.kind, e.error);
        self.counts.record(&match client {
            Some(client) => refusal.client_type(client),
            None => refusal,
        });
        e.to_response()
    }

    /// The authorization endpoint, the user having approved at once.
    pub async fn authorize(&self, query: &Params) -> Response {
        let param = |name: &str| {
            query
                .get(name)
                .map(String::as_str)
                .filter(|v| !v.is_empty())
        };
        let Some(client) = client(param("client_id")) else {
            return self.refuse(Endpoint::Authorization, OAuthError::UNKNOWN_CLIENT, None);
        };
        let Some(redirect_uri) = param("redirect_uri").filter(|u| loopback_redirect(u).is_some())
        else {
            let e = OAuthError::INVALID_REDIRECT_URI;
            return self.refuse(Endpoint::Authorization, e, Some(client.client_type));
        };
        // From here on, refusals go back on the redirect URI, with `state`
        // and `iss` (RFC 6749 §4.1.2.1, RFC 9207 §2).
        let state = param("state");
        let issuer = Some(self.issuer.as_str());
        if param("response_type") != Some("code") {
            let e = OAuthError::UNSUPPORTED_RESPONSE_TYPE;
            self.refuse(Endpoint::Authorization, e, Some(client.client_type));
            return e.redirect(redirect_uri, state, &self.issuer);
        }
        let challenge = param("code_challenge");
        let method = param("code_challenge_method");
        // For the log: the method named, or implied (RFC 7636 §4.3).
        let named = match (challenge, method) {
            (_, Some(m)) => m.parse::<Method>().ok(),
            (Some(_), None) => Some(Method::Plain),
            (None, None) => None,
        };
        let refusal = |e: &Error| {
            Refusal::new(Endpoint::Authorization, e)
                .client_type(client.client_type)
                .method(named)
        };
        let bound = match self.check_challenge(client, challenge, method) {
            Ok(bound) => bound,
            Err(e) => {
                self.counts.record(&refusal(&e));
                return ErrorRedirect::new(&e)
                    .state(state)
                    .issuer(issuer)
                    .to_response(redirect_uri);
            }
        };
        if bound
            .as_ref()
            .is_some_and(|(_, sighting)| *sighting == Sighting::Repeated)
        {
            self.counts
                .record(&refusal(&Error::RepeatedChallenge).reported_only());
        }
        match self
            .issue(client, redirect_uri, bound.map(|(b, _)| b))
            .await
        {
            Ok(code) => SuccessRedirect::new(&code)
                .state(state)
                .issuer(issuer)
                .to_response(redirect_uri),
            Err(e) => {
                self.refuse(Endpoint::Authorization, e, Some(client.client_type));
                e.redirect(redirect_uri, state, &self.issuer)
            }
        }
    }

    /// The policy's check, then the detector's: the challenge to bind, and
    /// whether the client sent it before (in report mode).
    fn check_challenge(
        &self,
        client: Client,
        challenge: Option<&str>,
        method: Option<&str>,
    ) -> Result<Option<(BoundChallenge, Sighting)>, Error> {
        let Some(bound) =
            self.policy
                .check_authorization_request(client.client_type, challenge, method)?
        else {
            return Ok(None);
        };
        let sighting = lock(&self.detector).check(client.id, &bound)?;
        Ok(Some((
            BoundChallenge::new(&bound).map_err(Error::Challenge)?,
            sighting,
        )))
    }

    /// A code bound to `bound`, stored.
    async fn issue(
        &self,
        client: Client,
        redirect_uri: &str,
        bound: Option<BoundChallenge>,
    ) -> Result<String, OAuthError> {
        let code = random_token().ok_or(OAuthError::SERVER_ERROR)?;
        let now = unix_now();
        let grant = Grant {
            client_id: client.id.to_owned(),
            redirect_uri: redirect_uri.to_owned(),
            challenge: bound.map(|b| b.to_column()),
            expires_at: now.saturating_add(i64::try_from(self.code_lifetime).unwrap_or(i64::MAX)),
        };
        self.store
            .put(code_hash(&code), grant, now)
            .await
            .map_err(|e| {
                eprintln!("store: could not store a code: {e}");
                OAuthError::SERVER_ERROR
            })?;
        Ok(code)
    }

    /// The token endpoint, `grant_type=authorization_code`.
    pub async fn token(&self, form: &Params, credentials: &Credentials) -> Response {
        match self.redeem(form, credentials).await {
            Ok(()) => match random_token() {
                Some(token) => OAuthError::json(
                    200,
                    serde_json::json!({
                        "access_token": token,
                        "token_type": "Bearer",
                        "expires_in": TOKEN_LIFETIME_SECS,
                    })
                    .to_string(),
                ),
                None => self.refuse(Endpoint::Token, OAuthError::SERVER_ERROR, None),
            },
            Err(TokenRefusal::Pkce(e, client, method)) => {
                let refusal = Refusal::new(Endpoint::Token, &e).method(method);
                self.counts.record(&match client {
                    Some(client) => refusal.client_type(client),
                    None => refusal,
                });
                e.token_response()
            }
            Err(TokenRefusal::Own(e, client)) => self.refuse(Endpoint::Token, e, client),
        }
    }

    async fn redeem(&self, form: &Params, credentials: &Credentials) -> Result<(), TokenRefusal> {
        let param = |name: &str| form.get(name).map(String::as_str).filter(|v| !v.is_empty());
        let own = |e| TokenRefusal::Own(e, None);
        if param("grant_type") != Some("authorization_code") {
            return Err(own(OAuthError::UNSUPPORTED_GRANT_TYPE));
        }
        let code = param("code").ok_or(own(OAuthError::MISSING_CODE))?;
        // A code is single-use (RFC 6749 §4.1.2): it leaves the store before
        // anything is checked, so that whatever the outcome there is no
        // second try, and of concurrent redemptions only one finds it.
        let grant = self.store.take(code_hash(code)).await.map_err(|e| {
            eprintln!("store: could not take a code: {e}");
            own(OAuthError::SERVER_ERROR)
        })?;
        let Some(grant) = grant.filter(|g| unix_now() < g.expires_at) else {
            return Err(TokenRefusal::Pkce(Error::UnusableCode, None, None));
        };
        let client = authenticate(form, credentials).map_err(own)?;
        let own = |e| TokenRefusal::Own(e, Some(client.client_type));
        if client.id != grant.client_id {
            return Err(own(OAuthError::OTHER_CLIENT));
        }
        if param("redirect_uri") != Some(grant.redirect_uri.as_str()) {
            return Err(own(OAuthError::REDIRECT_URI_MISMATCH));
        }
        let bound = match grant.challenge.as_deref() {
            None => None,
            Some(text) => {
                Some(BoundChallenge::from_column(text).ok_or(own(OAuthError::SERVER_ERROR))?)
            }
        };
        let method = bound.as_ref().map(|b| {
            if b.was_plain {
                Method::Plain
            } else {
                Method::S256
            }
        });
        let pkce = |e| TokenRefusal::Pkce(e, Some(client.client_type), method);
        // A plain challenge is kept as its S256 transform (store.rs): the
        // method rule that the policy applies to a bound plain challenge is
        // applied here, and the rest by the crate.
        if bound.as_ref().is_some_and(|b| b.was_plain) && !self.policy.allows_plain() {
            return Err(pkce(Error::BoundMethodNotAllowed));
        }
        self.policy
            .check_token_request(
                client.client_type,
                bound.as_ref().map(|b| &b.s256),
                param("code_verifier"),
            )
            .map_err(pkce)
    }
}

/// The client of a token request, authenticated: by `client_secret_basic`
/// or `client_secret_post` for a confidential client, by `client_id` alone
/// for a public one. One method at most (RFC 6749 §2.3).
fn authenticate(form: &Params, credentials: &Credentials) -> Result<Client, OAuthError> {
    let param = |name: &str| form.get(name).map(String::as_str).filter(|v| !v.is_empty());
    let (id, secret) = match (&credentials.basic, param("client_secret")) {
        (Some(_), Some(_)) => return Err(OAuthError::TWO_AUTHENTICATION_METHODS),
        (Some((id, secret)), None) => {
            if param("client_id").is_some_and(|form_id| form_id != id) {
                return Err(OAuthError::INVALID_CLIENT);
            }
            (Some(id.as_str()), Some(secret.as_str()))
        }
        (None, secret) => (param("client_id"), secret),
    };
    let client = client(id).ok_or(OAuthError::INVALID_CLIENT)?;
    match (client.secret, secret) {
        (None, None) => Ok(client),
        (Some(expected), Some(given))
            if bool::from(expected.as_bytes().ct_eq(given.as_bytes())) =>
        {
            Ok(client)
        }
        _ => Err(OAuthError::INVALID_CLIENT),
    }
}

/// The key of a code in the store: its SHA-256, base64url.
pub fn code_hash(code: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(code.as_bytes()))
}

/// An unguessable code or token: 32 bytes from the OS CSPRNG, base64url
/// (RFC 6749 §10.10 asks for at most 2^-128 odds of a guess).
fn random_token() -> Option<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).ok()?;
    Some(URL_SAFE_NO_PAD.encode(bytes))
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A lock that a panic on another request's thread does not take down: the
/// detector is left consistent by every call.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8252 §7.3: any port on the loopback IP literal; nothing else.
    #[test]
    fn loopback_redirect_uris() {
        assert!(loopback_redirect("http://127.0.0.1:49152/callback").is_some());
        assert!(loopback_redirect("http://[::1]:8080/callback").is_some());
        for refused in [
            "http://localhost:8080/callback",
            "https://127.0.0.1:8080/callback",
            "http://127.0.0.1:8080/other",
            "http://127.0.0.1:8080/callback?x=1",
            "http://127.0.0.1:8080/callback#f",
            "http://u@127.0.0.1:8080/callback",
            "http://127.0.0.2:8080/callback",
        ] {
            assert!(loopback_redirect(refused).is_none(), "{refused}");
        }
    }

    fn form(pairs: &[(&str, &str)]) -> Params {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    /// RFC 6749 §2.3.1: post or basic for the confidential client, never
    /// both; a public client by its id.
    #[test]
    fn client_authentication() {
        let none = Credentials::default();
        let post = form(&[
            ("client_id", "demo-confidential"),
            ("client_secret", "demo-secret"),
        ]);
        assert_eq!(authenticate(&post, &none).unwrap().id, "demo-confidential");
        let basic = Credentials {
            basic: Some(("demo-confidential".into(), "demo-secret".into())),
        };
        assert_eq!(
            authenticate(&form(&[]), &basic).unwrap().id,
            "demo-confidential"
        );
        assert_eq!(
            authenticate(&post, &basic).unwrap_err(),
            OAuthError::TWO_AUTHENTICATION_METHODS
        );
        let wrong = form(&[
            ("client_id", "demo-confidential"),
            ("client_secret", "demo-secreT"),
        ]);
        assert_eq!(
            authenticate(&wrong, &none).unwrap_err(),
            OAuthError::INVALID_CLIENT
        );
        let bare = form(&[("client_id", "demo-confidential")]);
        assert_eq!(
            authenticate(&bare, &none).unwrap_err(),
            OAuthError::INVALID_CLIENT
        );
        let public = form(&[("client_id", "demo-public")]);
        assert_eq!(authenticate(&public, &none).unwrap().id, "demo-public");
        let public_with_secret = form(&[("client_id", "demo-public"), ("client_secret", "x")]);
        assert_eq!(
            authenticate(&public_with_secret, &none).unwrap_err(),
            OAuthError::INVALID_CLIENT
        );
    }
}
