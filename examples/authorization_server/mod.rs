//! An authorization server's two endpoints as plain functions over query and
//! form parameters, with no HTTP in sight. `examples/server.rs` calls them
//! directly; the loopback demo (`examples/loopback/`) puts them behind a real
//! HTTP server. Everything PKCE is decided by `oauth_pkce::Policy`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use oauth_pkce::{ClientType, CodeChallenge, Error, Policy};
use rand::distr::{Alphanumeric, SampleString};
use url::Url;

/// Query or form parameters, by name.
pub type Params = HashMap<String, String>;

/// The one client this server knows: a desktop agent. It is registered as
/// public because a secret shipped inside an app can be extracted
/// (RFC 8252 §8.5), which is exactly the client PKCE was made for.
pub const CLIENT_ID: &str = "desktop-agent";

/// The path of that client's redirect URI. Any port is accepted: a native app
/// listens on whatever loopback port the OS gives it (RFC 8252 §7.3).
pub const REDIRECT_PATH: &str = "/callback";

/// RFC 6749 §4.1.2 recommends at most ten minutes.
const CODE_LIFETIME: Duration = Duration::from_secs(600);

/// Lifetime of the access tokens handed out, in seconds.
const TOKEN_LIFETIME_SECS: u64 = 3600;

/// An OAuth error response: on the redirect (RFC 6749 §4.1.2.1) or from the
/// token endpoint (§5.2), always with status 400 there, since 401 is for a
/// failed client authentication and a public client has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OAuthError {
    /// The `error` code.
    pub error: &'static str,
    /// The `error_description`: fixed text, never a value the client sent.
    pub description: &'static str,
    /// A stable name for logs and metrics. Failed redemptions are logged by
    /// this name alone: a code or a verifier in a log is one more place to
    /// steal it from.
    pub kind: &'static str,
}

impl OAuthError {
    /// The code is unknown, expired, or was already presented once.
    pub const UNUSABLE_CODE: Self = Self::new(
        "invalid_grant",
        "authorization code unknown, expired or already used",
        "unusable_code",
    );
    /// The code was issued to another client (RFC 6749 §4.1.3).
    pub const OTHER_CLIENT: Self = Self::new(
        "invalid_grant",
        "authorization code issued to another client",
        "other_client",
    );
    /// The `redirect_uri` differs from the one the code was sent to
    /// (RFC 6749 §4.1.3).
    pub const REDIRECT_URI_MISMATCH: Self = Self::new(
        "invalid_grant",
        "redirect_uri does not match the authorization request",
        "redirect_uri_mismatch",
    );
    /// No `client_id`, or one this server does not know.
    pub const UNKNOWN_CLIENT: Self =
        Self::new("invalid_request", "unknown client_id", "unknown_client");
    /// A `redirect_uri` that is not the client's loopback callback.
    pub const INVALID_REDIRECT_URI: Self = Self::new(
        "invalid_request",
        "redirect_uri is not a registered redirect URI",
        "invalid_redirect_uri",
    );
    /// Only the authorization code flow exists here.
    pub const UNSUPPORTED_RESPONSE_TYPE: Self = Self::new(
        "unsupported_response_type",
        "only response_type=code is supported",
        "unsupported_response_type",
    );
    /// Only the authorization code grant exists here.
    pub const UNSUPPORTED_GRANT_TYPE: Self = Self::new(
        "unsupported_grant_type",
        "only grant_type=authorization_code is supported",
        "unsupported_grant_type",
    );
    /// The token request has no `code`.
    pub const MISSING_CODE: Self = Self::new("invalid_request", "code required", "missing_code");

    /// An error with these fields.
    pub const fn new(error: &'static str, description: &'static str, kind: &'static str) -> Self {
        Self {
            error,
            description,
            kind,
        }
    }

    /// The error as the token endpoint's JSON body (RFC 6749 §5.2).
    pub fn to_json(self) -> String {
        serde_json::json!({ "error": self.error, "error_description": self.description })
            .to_string()
    }
}

impl From<Error> for OAuthError {
    /// The crate maps each refusal to its OAuth code and a description that
    /// is safe to send: nothing to decide here.
    fn from(e: Error) -> Self {
        Self::new(e.error_code().as_str(), e.error_description(), e.kind())
    }
}

/// What the authorization endpoint answers.
#[derive(Debug)]
pub enum AuthorizeResponse {
    /// Send the browser back to the client, `302 Found` to this URL, which
    /// carries either `code` or `error` (RFC 6749 §4.1.2, §4.1.2.1).
    Redirect(String),
    /// The client or its redirect URI is not valid: tell the user, and do not
    /// redirect, since the URI is not known to belong to the client
    /// (RFC 6749 §4.1.2.1; an open redirector otherwise, §10.15).
    Refuse(OAuthError),
}

/// A successful token response (RFC 6749 §5.1).
#[derive(Debug)]
pub struct TokenResponse {
    /// The access token.
    pub access_token: String,
    /// Its lifetime in seconds.
    pub expires_in: u64,
}

impl TokenResponse {
    /// The response as the token endpoint's JSON body.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "access_token": self.access_token,
            "token_type": "Bearer",
            "expires_in": self.expires_in,
        })
        .to_string()
    }
}

/// What the server remembers about a code it issued.
struct Grant {
    client_id: String,
    /// As the client sent it: the token request must repeat it exactly
    /// (RFC 6749 §4.1.3), so it is kept unnormalized.
    redirect_uri: String,
    /// What `Policy::check_authorization_request` returned: the challenge,
    /// or `None` if the code was issued without one.
    challenge: Option<CodeChallenge>,
    expires_at: Instant,
}

/// An authorization server with one registered public client.
pub struct AuthorizationServer {
    policy: Policy,
    grants: HashMap<String, Grant>,
}

impl AuthorizationServer {
    /// A server enforcing `policy`, with no code issued yet.
    pub fn new(policy: Policy) -> Self {
        Self {
            policy,
            grants: HashMap::new(),
        }
    }

    /// The authorization endpoint, once the user has approved: issue a code
    /// bound to the request's PKCE challenge, or say why not.
    pub fn authorize(&mut self, query: &Params) -> AuthorizeResponse {
        let param = |name: &str| query.get(name).map(String::as_str);
        if param("client_id") != Some(CLIENT_ID) {
            return AuthorizeResponse::Refuse(OAuthError::UNKNOWN_CLIENT);
        }
        let Some((redirect_uri, mut redirect)) = param("redirect_uri")
            .and_then(|uri| Some((uri.to_owned(), loopback_redirect_uri(uri)?)))
        else {
            return AuthorizeResponse::Refuse(OAuthError::INVALID_REDIRECT_URI);
        };
        let outcome = if param("response_type") != Some("code") {
            Err(OAuthError::UNSUPPORTED_RESPONSE_TYPE)
        } else {
            // The whole of PKCE at this endpoint: required or not, which
            // methods, and whether the challenge is well formed.
            self.policy
                .check_authorization_request(
                    ClientType::Public,
                    param("code_challenge"),
                    param("code_challenge_method"),
                )
                .map_err(OAuthError::from)
        };
        {
            let mut reply = redirect.query_pairs_mut();
            match outcome {
                Ok(challenge) => {
                    let code = random_token();
                    reply.append_pair("code", &code);
                    self.grants.insert(
                        code,
                        Grant {
                            client_id: CLIENT_ID.to_owned(),
                            redirect_uri,
                            challenge,
                            expires_at: Instant::now() + CODE_LIFETIME,
                        },
                    );
                }
                Err(e) => {
                    reply.append_pair("error", e.error);
                    reply.append_pair("error_description", e.description);
                }
            }
            if let Some(state) = param("state") {
                reply.append_pair("state", state);
            }
        }
        AuthorizeResponse::Redirect(redirect.into())
    }

    /// The token endpoint, `grant_type=authorization_code`.
    pub fn token(&mut self, form: &Params) -> Result<TokenResponse, OAuthError> {
        let param = |name: &str| form.get(name).map(String::as_str);
        if param("grant_type") != Some("authorization_code") {
            return Err(OAuthError::UNSUPPORTED_GRANT_TYPE);
        }
        let code = param("code").ok_or(OAuthError::MISSING_CODE)?;
        // A code is single-use (RFC 6749 §4.1.2): it leaves the store on its
        // first redemption, whatever the outcome, so an attacker who guesses
        // wrong once has no second try, and neither has a replay.
        let grant = self.grants.remove(code).ok_or(OAuthError::UNUSABLE_CODE)?;
        if Instant::now() > grant.expires_at {
            return Err(OAuthError::UNUSABLE_CODE);
        }
        if param("client_id") != Some(grant.client_id.as_str()) {
            return Err(OAuthError::OTHER_CLIENT);
        }
        if param("redirect_uri") != Some(grant.redirect_uri.as_str()) {
            return Err(OAuthError::REDIRECT_URI_MISMATCH);
        }
        // The whole of PKCE at this endpoint: a verifier where a challenge
        // was bound, none where none was (the downgrade), and a
        // constant-time match.
        self.policy
            .check_token_request(grant.challenge.as_ref(), param("code_verifier"))?;
        Ok(TokenResponse {
            access_token: random_token(),
            expires_in: TOKEN_LIFETIME_SECS,
        })
    }
}

/// The client's redirect URI, if `uri` is one: `http` to the loopback IP
/// literal, any port, the registered path, no fragment (RFC 8252 §7.3,
/// RFC 6749 §3.1.2).
fn loopback_redirect_uri(uri: &str) -> Option<Url> {
    let url = Url::parse(uri).ok()?;
    let loopback = url.scheme() == "http"
        && url.host_str() == Some("127.0.0.1")
        && url.path() == REDIRECT_PATH
        && url.query().is_none()
        && url.fragment().is_none()
        && url.username().is_empty()
        && url.password().is_none();
    loopback.then_some(url)
}

/// An unguessable code or token: 32 characters from 62, about 190 bits
/// (RFC 6749 §10.10 asks for at most 2^-128 odds of a guess).
fn random_token() -> String {
    Alphanumeric.sample_string(&mut rand::rng(), 32)
}
