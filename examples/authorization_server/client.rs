//! The other side of the wire, for the demos and the tests: a blocking
//! HTTP client (ureq) that sends authorization and token requests as
//! parameter lists and returns what came back, status and headers
//! included, so that a caller can check exactly what a client sees.

use std::time::Duration;

use url::Url;

use super::Params;
use super::serve::BoxError;

/// How long one HTTP exchange may take. Everything is on loopback: seconds
/// mean something is stuck.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The HTTP client used throughout: no proxy, so that nothing leaves
/// loopback whatever the environment says; no automatic redirects, so that
/// a 302 is seen as it is sent; errors as responses, since a 400 with a JSON
/// body is an answer here, not a failure; no connection pool, so that a
/// stopping server has no idle connection to wait for.
pub fn http_client() -> ureq::Agent {
    ureq::Agent::config_builder()
        .proxy(None)
        .max_redirects(0)
        .http_status_as_error(false)
        .max_idle_connections(0)
        .timeout_global(Some(TIMEOUT))
        .build()
        .new_agent()
}

/// The authorization endpoint's answer.
#[derive(Debug)]
pub struct Redirected {
    /// The HTTP status: 302 when it redirects.
    pub status: u16,
    /// The `Location`, if any.
    pub location: Option<String>,
    /// The parameters of the `Location`'s query, decoded.
    pub params: Params,
    /// The body, for a refusal that is not redirected.
    pub body: String,
}

impl Redirected {
    /// One parameter of the redirect.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }
}

/// `GET endpoint?pairs`, without following the redirect.
pub fn authorize(
    http: &ureq::Agent,
    endpoint: &str,
    pairs: &[(&str, &str)],
) -> Result<Redirected, BoxError> {
    let mut url = Url::parse(endpoint)?;
    url.query_pairs_mut().extend_pairs(pairs);
    let mut response = http.get(url.as_str()).call()?;
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let params = match &location {
        Some(location) => Url::parse(location)?.query_pairs().into_owned().collect(),
        None => Params::new(),
    };
    let body = response.body_mut().read_to_string()?;
    Ok(Redirected {
        status,
        location,
        params,
        body,
    })
}

/// The token endpoint's answer, as the OpenID conformance suite checks it.
#[derive(Debug)]
pub struct TokenAnswer {
    /// The HTTP status.
    pub status: u16,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// `Cache-Control`.
    pub cache_control: Option<String>,
    /// The body, parsed.
    pub body: serde_json::Value,
}

impl TokenAnswer {
    /// A string member of the body.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.body.get(name)?.as_str()
    }
}

/// `POST endpoint` with `pairs` as a form.
pub fn token(
    http: &ureq::Agent,
    endpoint: &str,
    pairs: &[(&str, &str)],
) -> Result<TokenAnswer, BoxError> {
    let mut response = http.post(endpoint).send_form(pairs.iter().copied())?;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header("content-type");
    let cache_control = header("cache-control");
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string()?;
    Ok(TokenAnswer {
        status,
        content_type,
        cache_control,
        body: serde_json::from_str(&text)?,
    })
}
