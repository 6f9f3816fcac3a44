//! The audit's HTTP requests: metadata and token requests only, never a
//! redirect followed, never more than [`MAX_REQUESTS`], never a body kept
//! beyond the facts a verdict needs.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ureq::Agent;
use url::Url;

use crate::observe::{TokenOutcome, error_code};
use crate::values::Secret;

/// The most HTTP requests one run sends to the server (the browser's are
/// counted by the authorization budget in `probe`).
pub const MAX_REQUESTS: usize = 24;

/// How the client authenticates at the token endpoint (RFC 6749 §2.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    /// A public client: `client_id` in the body.
    None,
    /// `client_secret_post`: id and secret in the body.
    Post,
    /// `client_secret_basic`: HTTP Basic, each part form-encoded first.
    Basic,
}

/// The client the token requests speak for.
pub struct Client {
    /// `client_id`.
    pub id: String,
    /// Its secret, for a confidential client.
    pub secret: Option<Secret>,
    /// How it authenticates.
    pub auth: ClientAuth,
}

/// The blocking HTTP client, with its request budget.
pub struct Http {
    agent: Agent,
    sent: usize,
}

/// Why a request could not be made (the run cannot continue).
#[derive(Debug)]
pub struct HttpError(pub String);

impl std::fmt::Display for HttpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Http {
    /// An agent that reports 4xx and 5xx as responses and follows no
    /// redirect: every request goes exactly where it was addressed.
    pub fn new() -> Self {
        let agent = Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(15)))
            .user_agent(concat!("oauth-pkce-audit/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Self { agent, sent: 0 }
    }

    fn spend(&mut self) -> Result<(), HttpError> {
        if self.sent >= MAX_REQUESTS {
            return Err(HttpError(format!("request budget of {MAX_REQUESTS} spent")));
        }
        self.sent += 1;
        Ok(())
    }

    /// Requests sent so far.
    pub fn sent(&self) -> usize {
        self.sent
    }

    /// GET a JSON document: `Ok(None)` on a 404, an error on any other
    /// non-200 or on a body that is not a JSON object.
    pub fn get_json(&mut self, url: &Url) -> Result<Option<serde_json::Value>, HttpError> {
        self.spend()?;
        let mut resp = self
            .agent
            .get(url.as_str())
            .header("Accept", "application/json")
            .call()
            .map_err(|e| HttpError(format!("GET {url}: {e}")))?;
        match resp.status().as_u16() {
            200 => {}
            404 => return Ok(None),
            s => return Err(HttpError(format!("GET {url}: HTTP {s}"))),
        }
        let body = resp
            .body_mut()
            .with_config()
            .limit(1 << 20)
            .read_to_string()
            .map_err(|e| HttpError(format!("GET {url}: {e}")))?;
        match serde_json::from_str::<serde_json::Value>(&body) {
            Ok(v) if v.is_object() => Ok(Some(v)),
            _ => Err(HttpError(format!("GET {url}: not a JSON object"))),
        }
    }

    /// A token request (RFC 6749 §4.1.3), reduced to a [`TokenOutcome`]:
    /// the body, which holds the token when one is issued, is dropped here.
    pub fn redeem(
        &mut self,
        token_endpoint: &Url,
        client: &Client,
        code: &Secret,
        redirect_uri: &str,
        verifier: Option<&str>,
    ) -> Result<TokenOutcome, HttpError> {
        self.spend()?;
        let mut form: Vec<(&str, &str)> = vec![
            ("grant_type", "authorization_code"),
            ("code", code.expose()),
            ("redirect_uri", redirect_uri),
        ];
        if client.auth != ClientAuth::Basic {
            form.push(("client_id", &client.id));
        }
        if let (ClientAuth::Post, Some(secret)) = (client.auth, &client.secret) {
            form.push(("client_secret", secret.expose()));
        }
        if let Some(v) = verifier {
            form.push(("code_verifier", v));
        }
        let mut req = self
            .agent
            .post(token_endpoint.as_str())
            .header("Accept", "application/json");
        if let (ClientAuth::Basic, Some(secret)) = (client.auth, &client.secret) {
            req = req.header("Authorization", basic(&client.id, secret.expose()).expose());
        }
        let mut resp = req
            .send_form(form)
            .map_err(|e| HttpError(format!("POST {token_endpoint}: {e}")))?;
        let status = resp.status().as_u16();
        let cache_control: Vec<String> = resp
            .headers()
            .get_all("cache-control")
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect();
        let body = Secret::new(
            resp.body_mut()
                .with_config()
                .limit(1 << 20)
                .read_to_string()
                .unwrap_or_default(),
        );
        Ok(reduce(status, &cache_control, &body))
    }
}

/// A token response reduced to what a verdict needs: issued (a 200 with an
/// `access_token`, RFC 6749 §5.1), the `error` of a refusal (§5.2), and
/// `Cache-Control: no-store`. The body, which holds the token when one is
/// issued, is not kept.
pub fn reduce(status: u16, cache_control: &[String], body: &Secret) -> TokenOutcome {
    let no_store = cache_control
        .iter()
        .flat_map(|v| v.split(','))
        .any(|d| d.trim().eq_ignore_ascii_case("no-store"));
    let json = serde_json::from_str::<serde_json::Value>(body.expose()).ok();
    let field = |k: &str| json.as_ref().and_then(|j| j.get(k));
    let issued = status == 200 && field("access_token").is_some_and(|t| t.is_string());
    let error = if issued {
        None
    } else {
        error_code(field("error").and_then(|e| e.as_str()))
    };
    TokenOutcome {
        status,
        issued,
        error,
        no_store,
    }
}

/// `client_secret_basic` credentials: RFC 6749 §2.3.1 form-encodes the id
/// and the secret before Basic joins and encodes them.
fn basic(id: &str, secret: &str) -> Secret {
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let pair = Secret::new(format!("{}:{}", enc(id), enc(secret)));
    Secret::new(format!("Basic {}", STANDARD.encode(pair.expose())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recorded(status: u16, cache_control: &[&str], body: &str) -> TokenOutcome {
        let cc: Vec<String> = cache_control.iter().map(|s| (*s).to_owned()).collect();
        reduce(status, &cc, &Secret::new(body.to_owned()))
    }

    /// oidc-provider's refusal of a wrong verifier, as recorded: a 400
    /// `invalid_grant` with `no-store`; the description is not kept.
    #[test]
    fn recorded_refusal() {
        let t = recorded(
            400,
            &["no-store"],
            r#"{"error":"invalid_grant","error_description":"grant request is invalid"}"#,
        );
        assert_eq!(
            t,
            TokenOutcome {
                status: 400,
                issued: false,
                error: Some("invalid_grant".into()),
                no_store: true
            }
        );
    }

    /// Authlib's token response, as recorded (`Cache-Control: no-store`,
    /// `Pragma: no-cache`), an `access_token`: issued. `no-store` is found
    /// among other directives too.
    #[test]
    fn recorded_success() {
        let body = r#"{"access_token":"x","expires_in":3600,"token_type":"Bearer"}"#;
        let t = recorded(200, &["no-store"], body);
        assert_eq!(
            t,
            TokenOutcome {
                status: 200,
                issued: true,
                error: None,
                no_store: true
            }
        );
        assert!(recorded(200, &["private, No-Store"], body).no_store);
        assert!(!recorded(200, &["no-cache"], body).no_store);
    }

    /// A 200 without an `access_token` is not a token; an HTML error page
    /// is a refusal without an OAuth error; an `error` holding a quote (not
    /// RFC 6749's charset) is dropped.
    #[test]
    fn odd_answers() {
        assert!(!recorded(200, &[], r#"{"error":"invalid_grant"}"#).issued);
        let page = recorded(500, &["private"], "<html>oops</html>");
        assert_eq!(
            (page.issued, page.error, page.no_store),
            (false, None, false)
        );
        assert_eq!(recorded(400, &[], r#"{"error":"bad\"code"}"#).error, None);
    }

    /// RFC 6749 §2.3.1: each part form-encoded, then Basic (RFC 7617).
    #[test]
    fn basic_encodes_each_part_first() {
        // "a+b%3Ac:s%2F" in base64.
        assert_eq!(basic("a b:c", "s/").expose(), "Basic YStiJTNBYzpzJTJG");
    }
}
