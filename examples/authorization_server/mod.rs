//! An authorization server's endpoints (authorization, pushed
//! authorization requests, token) and its metadata, with PKCE decided by
//! `oauth_pkce`, one policy per registered client.
//!
//! This file is the server's logic, over decoded parameters; `http.rs` puts
//! it behind axum on `127.0.0.1`, and `serve.rs` runs an axum router on its
//! own thread. `examples/server.rs` drives it over HTTP and prints the
//! exchange; the loopback demo (`examples/loopback/`) and the integration
//! tests (`tests/server_http.rs`, `tests/loopback.rs`) run the same code.
//!
//! Everything PKCE is three calls: `Migration::check_authorization_request`
//! at the authorization endpoint (or the PAR endpoint, RFC 9126),
//! `Migration::check_token_request` at the token endpoint,
//! `Policy::supported_methods` in the metadata. A
//! `Migration` whose target is the enforced policy is simply that policy.
#![allow(dead_code)] // Each includer uses a part.

pub mod client;
pub mod http;
pub mod serve;

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use oauth_pkce::server::{ClientType, Error, ErrorRedirect, JsonErrorResponse, Migration, Policy};
use oauth_pkce::{CodeChallenge, Method};
use rand::distr::{Alphanumeric, SampleString};
use url::Url;

/// Query or form parameters, by name.
pub type Params = HashMap<String, String>;

/// The desktop agent of the demos: public, since a secret shipped inside an
/// app can be extracted (RFC 8252 §8.5), which is exactly the client PKCE
/// was made for.
pub const CLIENT_ID: &str = "desktop-agent";

/// The path of a loopback client's redirect URI. Any port is accepted: a
/// native app listens on whatever loopback port the OS gives it
/// (RFC 8252 §7.3).
pub const REDIRECT_PATH: &str = "/callback";

/// RFC 6749 §4.1.2 recommends at most ten minutes.
const CODE_LIFETIME: Duration = Duration::from_secs(600);

/// How long a pushed authorization request's `request_uri` may be used:
/// RFC 9126 §2.2 suggests between five and six hundred seconds.
const PUSHED_LIFETIME_SECS: u64 = 60;

/// Lifetime of the access tokens handed out, in seconds.
const TOKEN_LIFETIME_SECS: u64 = 3600;

/// Where a client may be sent back to.
#[derive(Debug, Clone)]
pub enum RedirectRule {
    /// `http://127.0.0.1:{any port}{path}`: a native app's loopback
    /// listener (RFC 8252 §7.3).
    Loopback(&'static str),
    /// Exactly this URI (RFC 9700 §4.1.1: exact string matching).
    Exact(&'static str),
}

/// A registered client, and the PKCE policy it is held to. Spring
/// Authorization Server, Keycloak and Duende IdentityServer all configure
/// PKCE per client: a migration moves one client at a time.
#[derive(Debug, Clone)]
pub struct Client {
    /// `client_id`.
    pub id: &'static str,
    /// Public or confidential (RFC 6749 §2.1).
    pub client_type: ClientType,
    /// `client_secret`, sent in the token request body
    /// (`client_secret_post`, RFC 6749 §2.3.1), for a confidential client.
    pub secret: Option<&'static str>,
    /// The policy enforced for this client, and the one being moved to.
    pub pkce: Migration,
    /// Its redirect URIs.
    pub redirect: RedirectRule,
}

impl Client {
    /// A public loopback client held to `policy`.
    pub fn public(id: &'static str, policy: Policy) -> Self {
        Self {
            id,
            client_type: ClientType::Public,
            secret: None,
            pkce: Migration::new(policy, policy),
            redirect: RedirectRule::Loopback(REDIRECT_PATH),
        }
    }

    /// A confidential web client with one redirect URI, held to `pkce`.
    pub fn confidential(
        id: &'static str,
        secret: &'static str,
        redirect_uri: &'static str,
        pkce: Migration,
    ) -> Self {
        Self {
            id,
            client_type: ClientType::Confidential,
            secret: Some(secret),
            pkce,
            redirect: RedirectRule::Exact(redirect_uri),
        }
    }

    /// The redirect URI as a URL to add parameters to, if `uri` is one of
    /// this client's: `http` to the loopback IP literal, any port, the
    /// registered path, or the registered URI exactly; never a query,
    /// fragment or user info (RFC 8252 §7.3, RFC 6749 §3.1.2).
    fn redirect_uri(&self, uri: &str) -> Option<Url> {
        let url = Url::parse(uri).ok()?;
        let allowed = match self.redirect {
            RedirectRule::Loopback(path) => {
                url.scheme() == "http"
                    && url.host_str() == Some("127.0.0.1")
                    && url.path() == path
                    && url.query().is_none()
                    && url.fragment().is_none()
                    && url.username().is_empty()
                    && url.password().is_none()
            }
            RedirectRule::Exact(registered) => uri == registered,
        };
        allowed.then_some(url)
    }
}

/// The clients of the demo server: the desktop agent, strict; and a legacy
/// confidential web app that is being moved from RFC 7636 as written to
/// strict, still in observation.
pub fn demo_clients() -> Vec<Client> {
    vec![
        Client::public(CLIENT_ID, Policy::strict()),
        Client::confidential(
            LEGACY_CLIENT_ID,
            LEGACY_CLIENT_SECRET,
            LEGACY_REDIRECT_URI,
            Migration::new(Policy::rfc7636(), Policy::strict()),
        ),
    ]
}

/// The legacy web app's `client_id`.
pub const LEGACY_CLIENT_ID: &str = "legacy-web";
/// Its secret (a demo: never put one in source).
pub const LEGACY_CLIENT_SECRET: &str = "legacy-web-secret";
/// Its one redirect URI. Nothing ever contacts it: the demo and the tests
/// read the redirect's `Location` and stop there.
pub const LEGACY_REDIRECT_URI: &str = "https://legacy.example/callback";

/// An OAuth error that is not PKCE's: unknown client, code, grant type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OAuthError {
    /// The HTTP status of its JSON response.
    pub status: u16,
    /// The `error` code.
    pub error: &'static str,
    /// The `error_description`: fixed text, never a value the client sent.
    pub description: &'static str,
    /// A stable name for logs and metrics. Failed requests are logged by
    /// this name alone: a code or a verifier in a log is one more place to
    /// steal it from.
    pub kind: &'static str,
}

impl OAuthError {
    /// The code is unknown, expired, or was already presented once.
    pub const UNUSABLE_CODE: Self = Self::new(
        400,
        "invalid_grant",
        "authorization code unknown, expired or already used",
        "unusable_code",
    );
    /// The code was issued to another client (RFC 6749 §4.1.3).
    pub const OTHER_CLIENT: Self = Self::new(
        400,
        "invalid_grant",
        "authorization code issued to another client",
        "other_client",
    );
    /// The `redirect_uri` differs from the one the code was sent to
    /// (RFC 6749 §4.1.3).
    pub const REDIRECT_URI_MISMATCH: Self = Self::new(
        400,
        "invalid_grant",
        "redirect_uri does not match the authorization request",
        "redirect_uri_mismatch",
    );
    /// A confidential client that did not authenticate (RFC 6749 §5.2).
    pub const INVALID_CLIENT: Self = Self::new(
        401,
        "invalid_client",
        "client authentication failed",
        "invalid_client",
    );
    /// No `client_id`, or one this server does not know.
    pub const UNKNOWN_CLIENT: Self = Self::new(
        400,
        "invalid_request",
        "unknown client_id",
        "unknown_client",
    );
    /// A `redirect_uri` that is not one of the client's.
    pub const INVALID_REDIRECT_URI: Self = Self::new(
        400,
        "invalid_request",
        "redirect_uri is not a registered redirect URI",
        "invalid_redirect_uri",
    );
    /// Only the authorization code flow exists here.
    pub const UNSUPPORTED_RESPONSE_TYPE: Self = Self::new(
        400,
        "unsupported_response_type",
        "only response_type=code is supported",
        "unsupported_response_type",
    );
    /// Only the authorization code grant exists here.
    pub const UNSUPPORTED_GRANT_TYPE: Self = Self::new(
        400,
        "unsupported_grant_type",
        "only grant_type=authorization_code is supported",
        "unsupported_grant_type",
    );
    /// A `request_uri` that was not pushed, has expired, was already used, or
    /// was pushed by another client (RFC 9126 §4).
    pub const INVALID_REQUEST_URI: Self = Self::new(
        400,
        "invalid_request",
        "request_uri unknown, expired or already used",
        "invalid_request_uri",
    );
    /// A pushed request that carries a `request_uri` itself (RFC 9126 §2.1).
    pub const REQUEST_URI_PUSHED: Self = Self::new(
        400,
        "invalid_request",
        "request_uri cannot be pushed",
        "request_uri_pushed",
    );
    /// The token request has no `code`.
    pub const MISSING_CODE: Self =
        Self::new(400, "invalid_request", "code required", "missing_code");
    /// A repeated parameter (RFC 6749 §3.1: parameters "MUST NOT be
    /// included more than once"). Refused rather than resolved, since two
    /// parsers that resolve it differently are how a checked value and a
    /// used value part.
    pub const REPEATED_PARAMETER: Self = Self::new(
        400,
        "invalid_request",
        "a parameter is repeated",
        "repeated_parameter",
    );
    /// A token request that is not `application/x-www-form-urlencoded`
    /// (RFC 6749 §4.1.3), or too large.
    pub const MALFORMED_BODY: Self = Self::new(
        400,
        "invalid_request",
        "body must be application/x-www-form-urlencoded",
        "malformed_body",
    );

    /// An error with these fields.
    pub const fn new(
        status: u16,
        error: &'static str,
        description: &'static str,
        kind: &'static str,
    ) -> Self {
        Self {
            status,
            error,
            description,
            kind,
        }
    }

    /// The JSON body (RFC 6749 §5.2).
    pub fn to_json(self) -> String {
        serde_json::json!({ "error": self.error, "error_description": self.description })
            .to_string()
    }
}

impl From<Error> for OAuthError {
    /// The crate maps each refusal to its status, code and a description
    /// that is safe to send: nothing to decide here.
    fn from(e: Error) -> Self {
        let response = JsonErrorResponse::new(&e);
        Self::new(
            response.status(),
            response.error(),
            response.error_description(),
            e.kind(),
        )
    }
}

/// A JSON response from the token endpoint: status and body. Every one
/// carries `JsonErrorResponse::HEADERS` (`Cache-Control: no-store`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonReply {
    /// The HTTP status.
    pub status: u16,
    /// The JSON body.
    pub body: String,
    /// The stable name of the refusal, for the log; `None` on success.
    pub refused: Option<&'static str>,
}

impl JsonReply {
    fn error(e: OAuthError) -> Self {
        Self {
            status: e.status,
            body: e.to_json(),
            refused: Some(e.kind),
        }
    }

    /// PKCE's refusal, written by `JsonErrorResponse` itself, no serde.
    fn pkce(e: Error) -> Self {
        let response = JsonErrorResponse::new(&e);
        let mut body = String::new();
        // Writing to a String cannot fail.
        let _ = response.write_json(&mut body);
        Self {
            status: response.status(),
            body,
            refused: Some(e.kind()),
        }
    }
}

/// What the authorization endpoint answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthorizeReply {
    /// `302 Found` to this URL, which carries either `code` or `error`
    /// (RFC 6749 §4.1.2, §4.1.2.1).
    Redirect(String),
    /// The client or its redirect URI is not valid: tell the user, and do not
    /// redirect, since the URI is not known to belong to the client
    /// (RFC 6749 §4.1.2.1; an open redirector otherwise, §10.15).
    Refuse(OAuthError),
}

/// A migration report: what the target policy would have refused, by
/// client, endpoint and error kind. No value from the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// The client's `client_id`, as registered.
    pub client_id: &'static str,
    /// `"authorize"`, `"par"` or `"token"`.
    pub endpoint: &'static str,
    /// `Error::kind` of the target's refusal.
    pub kind: &'static str,
}

/// What the server remembers about a code it issued.
struct Grant {
    client_id: &'static str,
    /// As the client sent it: the token request must repeat it exactly
    /// (RFC 6749 §4.1.3), so it is kept unnormalized.
    redirect_uri: String,
    /// What the PKCE check returned: the challenge, or `None` if the code
    /// was issued without one.
    challenge: Option<CodeChallenge>,
    expires_at: Instant,
}

/// What the server remembers about a pushed authorization request
/// (RFC 9126): the parameters it checked, PKCE's answer included.
struct Pushed {
    client_id: &'static str,
    redirect_uri: String,
    state: Option<String>,
    challenge: Option<CodeChallenge>,
    expires_at: Instant,
}

/// The server: its clients, the codes it issued, the pushed requests, and
/// the migration reports. Shared by every request, so every part is behind
/// a lock.
pub struct AuthorizationServer {
    issuer: String,
    clients: Mutex<Vec<Client>>,
    grants: Mutex<HashMap<String, Grant>>,
    pushed: Mutex<HashMap<String, Pushed>>,
    reports: Mutex<Vec<Report>>,
}

impl AuthorizationServer {
    /// A server called `issuer` (its URL, RFC 8414 §2) with these clients.
    pub fn new(issuer: String, clients: Vec<Client>) -> Self {
        Self {
            issuer,
            clients: Mutex::new(clients),
            grants: Mutex::new(HashMap::new()),
            pushed: Mutex::new(HashMap::new()),
            reports: Mutex::new(Vec::new()),
        }
    }

    /// The issuer identifier.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    fn client(&self, id: Option<&str>) -> Option<Client> {
        let id = id?;
        lock(&self.clients).iter().find(|c| c.id == id).cloned()
    }

    /// Moves a client to another PKCE policy. It applies at once, to codes
    /// already issued too: the token endpoint applies the policy again.
    pub fn set_pkce(&self, client_id: &str, pkce: Migration) -> bool {
        match lock(&self.clients).iter_mut().find(|c| c.id == client_id) {
            Some(client) => {
                client.pkce = pkce;
                true
            }
            None => false,
        }
    }

    /// The migration reports so far.
    pub fn reports(&self) -> Vec<Report> {
        lock(&self.reports).clone()
    }

    fn report(&self, client: &Client, endpoint: &'static str, would_refuse: Option<Error>) {
        if let Some(e) = would_refuse {
            // What an operator logs during a migration: who, where, which
            // rule. Never a value from the request.
            println!(
                "    server log: migration: {} at {endpoint}: the target policy would refuse: {}",
                client.id,
                e.kind()
            );
            lock(&self.reports).push(Report {
                client_id: client.id,
                endpoint,
                kind: e.kind(),
            });
        }
    }

    /// Authorization server metadata (RFC 8414 §2), with
    /// `code_challenge_methods_supported`: every method some client may
    /// use, `S256` first.
    pub fn metadata(&self) -> serde_json::Value {
        let mut methods: Vec<&str> = vec![];
        for client in lock(&self.clients).iter() {
            for m in client.pkce.enforced().supported_methods() {
                if !methods.contains(&m.as_str()) {
                    methods.push(m.as_str());
                }
            }
        }
        methods.sort_by_key(|m| *m != Method::S256.as_str());
        serde_json::json!({
            "issuer": self.issuer,
            "authorization_endpoint": format!("{}/authorize", self.issuer),
            "token_endpoint": format!("{}/token", self.issuer),
            "pushed_authorization_request_endpoint": format!("{}/par", self.issuer),
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "token_endpoint_auth_methods_supported": ["none", "client_secret_post"],
            "code_challenge_methods_supported": methods,
            "authorization_response_iss_parameter_supported": true,
        })
    }

    /// The authorization endpoint, once the user has approved: issue a code
    /// bound to the request's PKCE challenge, or say why not.
    pub fn authorize(&self, query: &Params) -> AuthorizeReply {
        let param = |name: &str| query.get(name).map(String::as_str);
        let Some(client) = self.client(param("client_id")) else {
            return AuthorizeReply::Refuse(OAuthError::UNKNOWN_CLIENT);
        };
        if let Some(request_uri) = param("request_uri") {
            return self.authorize_pushed(&client, request_uri);
        }
        let Some(redirect_uri) = param("redirect_uri") else {
            return AuthorizeReply::Refuse(OAuthError::INVALID_REDIRECT_URI);
        };
        let Some(mut redirect) = client.redirect_uri(redirect_uri) else {
            return AuthorizeReply::Refuse(OAuthError::INVALID_REDIRECT_URI);
        };
        // From here on, errors go back to the client on its redirect URI.
        let state = param("state");
        {
            let mut reply = redirect.query_pairs_mut();
            if param("response_type") != Some("code") {
                let e = OAuthError::UNSUPPORTED_RESPONSE_TYPE;
                reply.append_pair("error", e.error);
                reply.append_pair("error_description", e.description);
                for (name, value) in [("state", state), ("iss", Some(&self.issuer))] {
                    if let Some(value) = value.filter(|v| !v.is_empty()) {
                        reply.append_pair(name, value);
                    }
                }
            } else {
                // The whole of PKCE at this endpoint: required or not, which
                // methods, whether the challenge is well formed; and, while
                // migrating, what the target policy would refuse.
                let checked = client.pkce.check_authorization_request(
                    client.client_type,
                    param("code_challenge"),
                    param("code_challenge_method"),
                );
                self.report(&client, "authorize", checked.report().copied());
                match checked.into_result() {
                    Ok(challenge) => {
                        let code = self.issue_code(client.id, redirect_uri, challenge);
                        reply.append_pair("code", &code);
                        if let Some(state) = state.filter(|s| !s.is_empty()) {
                            reply.append_pair("state", state);
                        }
                        reply.append_pair("iss", &self.issuer);
                    }
                    Err(e) => {
                        let error = ErrorRedirect::new(&e)
                            .state(state)
                            .issuer(Some(&self.issuer));
                        reply.extend_pairs(error.pairs());
                    }
                }
            }
        }
        AuthorizeReply::Redirect(redirect.into())
    }

    /// A code bound to `challenge`, stored until it is redeemed or expires.
    fn issue_code(
        &self,
        client_id: &'static str,
        redirect_uri: &str,
        challenge: Option<CodeChallenge>,
    ) -> String {
        let code = random_token();
        lock(&self.grants).insert(
            code.clone(),
            Grant {
                client_id,
                redirect_uri: redirect_uri.to_owned(),
                challenge,
                expires_at: Instant::now() + CODE_LIFETIME,
            },
        );
        code
    }

    /// The authorization endpoint with a `request_uri` from the pushed
    /// authorization request endpoint (RFC 9126 §4): the parameters, PKCE
    /// included, were checked when pushed; the `request_uri` is single-use.
    fn authorize_pushed(&self, client: &Client, request_uri: &str) -> AuthorizeReply {
        let pushed = lock(&self.pushed).remove(request_uri);
        let Some(pushed) =
            pushed.filter(|p| p.client_id == client.id && Instant::now() <= p.expires_at)
        else {
            return AuthorizeReply::Refuse(OAuthError::INVALID_REQUEST_URI);
        };
        let Some(mut redirect) = client.redirect_uri(&pushed.redirect_uri) else {
            return AuthorizeReply::Refuse(OAuthError::INVALID_REDIRECT_URI);
        };
        let code = self.issue_code(client.id, &pushed.redirect_uri, pushed.challenge);
        {
            let mut reply = redirect.query_pairs_mut();
            reply.append_pair("code", &code);
            if let Some(state) = pushed.state.as_deref().filter(|s| !s.is_empty()) {
                reply.append_pair("state", state);
            }
            reply.append_pair("iss", &self.issuer);
        }
        AuthorizeReply::Redirect(redirect.into())
    }

    /// The pushed authorization request endpoint (RFC 9126 §2): the
    /// authorization request's checks, PKCE's included, with every refusal a
    /// JSON `400` as from the token endpoint (§2.3), never a redirect.
    pub fn pushed_authorization(&self, form: &Params) -> JsonReply {
        let param = |name: &str| form.get(name).map(String::as_str);
        // RFC 9126 §2.1: the client authenticates as at the token endpoint.
        let Some(client) = self.client(param("client_id")) else {
            return JsonReply::error(OAuthError::INVALID_CLIENT);
        };
        if client
            .secret
            .is_some_and(|secret| param("client_secret") != Some(secret))
        {
            return JsonReply::error(OAuthError::INVALID_CLIENT);
        }
        if param("request_uri").is_some() {
            return JsonReply::error(OAuthError::REQUEST_URI_PUSHED);
        }
        let Some(redirect_uri) = param("redirect_uri").filter(|u| client.redirect_uri(u).is_some())
        else {
            return JsonReply::error(OAuthError::INVALID_REDIRECT_URI);
        };
        if param("response_type") != Some("code") {
            return JsonReply::error(OAuthError::UNSUPPORTED_RESPONSE_TYPE);
        }
        let checked = client.pkce.check_authorization_request(
            client.client_type,
            param("code_challenge"),
            param("code_challenge_method"),
        );
        self.report(&client, "par", checked.report().copied());
        let challenge = match checked.into_result() {
            Ok(challenge) => challenge,
            Err(e) => return JsonReply::pkce(e),
        };
        let request_uri = format!("urn:ietf:params:oauth:request_uri:{}", random_token());
        lock(&self.pushed).insert(
            request_uri.clone(),
            Pushed {
                client_id: client.id,
                redirect_uri: redirect_uri.to_owned(),
                state: param("state").map(str::to_owned),
                challenge,
                expires_at: Instant::now() + Duration::from_secs(PUSHED_LIFETIME_SECS),
            },
        );
        JsonReply {
            status: 201,
            body: serde_json::json!({
                "request_uri": request_uri,
                "expires_in": PUSHED_LIFETIME_SECS,
            })
            .to_string(),
            refused: None,
        }
    }

    /// The token endpoint, `grant_type=authorization_code`.
    pub fn token(&self, form: &Params) -> JsonReply {
        match self.redeem(form) {
            Ok(Ok(())) => JsonReply {
                status: 200,
                body: serde_json::json!({
                    "access_token": random_token(),
                    "token_type": "Bearer",
                    "expires_in": TOKEN_LIFETIME_SECS,
                })
                .to_string(),
                refused: None,
            },
            Ok(Err(e)) => JsonReply::pkce(e),
            Err(e) => JsonReply::error(e),
        }
    }

    /// The token request's checks: the server's own (outer `Err`), then
    /// PKCE's (inner).
    fn redeem(&self, form: &Params) -> Result<Result<(), Error>, OAuthError> {
        let param = |name: &str| form.get(name).map(String::as_str);
        if param("grant_type") != Some("authorization_code") {
            return Err(OAuthError::UNSUPPORTED_GRANT_TYPE);
        }
        let code = param("code").ok_or(OAuthError::MISSING_CODE)?;
        // A code is single-use (RFC 6749 §4.1.2): it leaves the store before
        // anything is checked, so that whatever the outcome there is no
        // second try, for an attacker who guessed wrong or for a replay, and
        // so that of two concurrent redemptions only one finds it.
        let grant = lock(&self.grants)
            .remove(code)
            .ok_or(OAuthError::UNUSABLE_CODE)?;
        if Instant::now() > grant.expires_at {
            return Err(OAuthError::UNUSABLE_CODE);
        }
        let client = self
            .client(param("client_id"))
            .ok_or(OAuthError::INVALID_CLIENT)?;
        if let Some(secret) = client.secret {
            // A demo: a real server compares a hash of the secret.
            if param("client_secret") != Some(secret) {
                return Err(OAuthError::INVALID_CLIENT);
            }
        }
        if client.id != grant.client_id {
            return Err(OAuthError::OTHER_CLIENT);
        }
        if param("redirect_uri") != Some(grant.redirect_uri.as_str()) {
            return Err(OAuthError::REDIRECT_URI_MISMATCH);
        }
        // The whole of PKCE at this endpoint: the client's policy applied
        // again, a verifier where a challenge was bound, none where none was
        // (the downgrade), and a constant-time match.
        let checked = client.pkce.check_token_request(
            client.client_type,
            grant.challenge.as_ref(),
            param("code_verifier"),
        );
        self.report(&client, "token", checked.report().copied());
        Ok(checked.into_result())
    }
}

/// A lock that a panic on another request's thread does not take down: the
/// data behind it is left consistent by every writer here.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// An unguessable code or token: 32 characters from 62, about 190 bits
/// (RFC 6749 §10.10 asks for at most 2^-128 odds of a guess).
fn random_token() -> String {
    Alphanumeric.sample_string(&mut rand::rng(), 32)
}
