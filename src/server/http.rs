//! Refusals and redirects as `http::Response`s (feature `http`): what a
//! server on axum, hyper or any framework over the `http` crate returns
//! from a handler as it is.
//!
//! - the token endpoint's JSON error, `400` (or `500` for `server_error`),
//!   with `Content-Type: application/json`, `Cache-Control: no-store` and
//!   `Pragma: no-cache` (RFC 6749 §5.1, §5.2): [`Error::token_response`];
//! - the authorization endpoint's error redirect, `302` to the client's
//!   redirect URI with `error`, `error_description`, `state` and `iss`
//!   (RFC 6749 §4.1.2.1, RFC 9207 §2): [`ErrorRedirect::to_response`];
//! - the success redirect with `code`, `state` and `iss` (RFC 6749 §4.1.2):
//!   [`SuccessRedirect`].
//!
//! Values are percent-encoded in the query (RFC 6749 Appendix B, every byte
//! outside RFC 3986's unreserved set), after the redirect URI's own query
//! if it has one (RFC 6749 §3.1.2: "MUST retain the query component").

extern crate alloc;

use alloc::string::String;
use core::fmt::Write;

use super::{Error, ErrorRedirect, JsonErrorResponse};

/// The body type of every response here: axum, hyper and tower take it as
/// it is.
pub type Response = http::Response<String>;

/// The headers every token endpoint answer carries, error or not:
/// `Content-Type: application/json`, `Cache-Control: no-store`,
/// `Pragma: no-cache` (RFC 6749 §5.1).
fn json(status: u16, body: String) -> Response {
    let mut response = http::Response::new(body);
    *response.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    for (name, value) in JsonErrorResponse::HEADERS {
        headers.insert(name, http::HeaderValue::from_static(value));
    }
    response
}

/// `302 Found` to `location`, not cached. A location that cannot be a
/// header (a redirect URI with a control character) is a `500`: the server
/// should not have accepted that redirect URI.
fn found(location: &str) -> Response {
    match http::HeaderValue::from_str(location) {
        Ok(value) => {
            let mut response = http::Response::new(String::new());
            *response.status_mut() = http::StatusCode::FOUND;
            let headers = response.headers_mut();
            headers.insert(http::header::LOCATION, value);
            headers.insert(
                http::header::CACHE_CONTROL,
                http::HeaderValue::from_static("no-store"),
            );
            response
        }
        Err(_) => {
            let mut response = http::Response::new(String::new());
            *response.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
            response
        }
    }
}

impl Error {
    /// This refusal as the token endpoint's answer (RFC 6749 §5.2): the
    /// JSON body of [`JsonErrorResponse`], its status, and the headers of
    /// RFC 6749 §5.1. Also the answer of a pushed authorization request
    /// endpoint (RFC 9126 §2.3).
    ///
    /// ```
    /// use oauth_pkce::server::Error;
    /// let response = Error::UnusableCode.token_response();
    /// assert_eq!(response.status(), 400);
    /// assert_eq!(response.headers()["cache-control"], "no-store");
    /// assert_eq!(response.headers()["pragma"], "no-cache");
    /// assert!(response.body().contains(r#""error":"invalid_grant""#));
    /// ```
    #[must_use]
    pub fn token_response(&self) -> Response {
        let error = JsonErrorResponse::new(self);
        let mut body = String::new();
        // Writing to a String cannot fail.
        let _ = error.write_json(&mut body);
        json(error.status(), body)
    }
}

impl ErrorRedirect<'_> {
    /// The redirect URI with this error's parameters added to its query.
    ///
    /// ```
    /// use oauth_pkce::server::{Error, ErrorRedirect};
    /// let location = ErrorRedirect::new(&Error::MissingChallenge)
    ///     .state(Some("a b&c"))
    ///     .location("http://127.0.0.1:8400/callback");
    /// assert_eq!(
    ///     location,
    ///     "http://127.0.0.1:8400/callback?error=invalid_request\
    ///      &error_description=code_challenge%20required&state=a%20b%26c",
    /// );
    /// ```
    #[must_use]
    pub fn location(&self, redirect_uri: &str) -> String {
        with_query(redirect_uri, self.pairs())
    }

    /// `302 Found` to [`location`](Self::location), for the authorization
    /// endpoint, once the client and its redirect URI are known to be
    /// valid (RFC 6749 §4.1.2.1).
    ///
    /// ```
    /// use oauth_pkce::server::{Error, ErrorRedirect};
    /// let response = ErrorRedirect::new(&Error::MissingChallenge)
    ///     .issuer(Some("https://as.example"))
    ///     .to_response("https://app.example/cb");
    /// assert_eq!(response.status(), 302);
    /// assert_eq!(
    ///     response.headers()["location"],
    ///     "https://app.example/cb?error=invalid_request&error_description=code_challenge%20required\
    ///      &iss=https%3A%2F%2Fas.example",
    /// );
    /// ```
    #[must_use]
    pub fn to_response(&self, redirect_uri: &str) -> Response {
        found(&self.location(redirect_uri))
    }
}

/// The authorization endpoint's success redirect (RFC 6749 §4.1.2): `code`,
/// the request's `state` if it had one, and the issuer `iss` (RFC 9207 §2).
///
/// ```
/// use oauth_pkce::server::SuccessRedirect;
/// let response = SuccessRedirect::new("SplxlOBeZQQYbYS6WxSbIA")
///     .state(Some("xyz"))
///     .issuer(Some("https://as.example"))
///     .to_response("https://app.example/cb?tenant=1");
/// assert_eq!(response.status(), 302);
/// assert_eq!(
///     response.headers()["location"],
///     "https://app.example/cb?tenant=1&code=SplxlOBeZQQYbYS6WxSbIA&state=xyz&iss=https%3A%2F%2Fas.example",
/// );
/// ```
#[derive(Clone, Copy)]
pub struct SuccessRedirect<'a> {
    code: &'a str,
    state: Option<&'a str>,
    issuer: Option<&'a str>,
}

impl<'a> SuccessRedirect<'a> {
    /// The redirect for `code`, without `state` or `iss`.
    ///
    /// ```
    /// let location = oauth_pkce::server::SuccessRedirect::new("c0de").location("https://app.example/cb");
    /// assert_eq!(location, "https://app.example/cb?code=c0de");
    /// ```
    #[must_use]
    pub const fn new(code: &'a str) -> Self {
        Self {
            code,
            state: None,
            issuer: None,
        }
    }

    /// With the request's `state`, echoed exactly (RFC 6749 §4.1.2). An
    /// empty `state` counts as absent (RFC 6749 §3.1).
    ///
    /// ```
    /// let location = oauth_pkce::server::SuccessRedirect::new("c").state(Some("")).location("https://a.example/");
    /// assert_eq!(location, "https://a.example/?code=c");
    /// ```
    #[must_use]
    pub const fn state(self, state: Option<&'a str>) -> Self {
        Self { state, ..self }
    }

    /// With the server's issuer identifier as `iss` (RFC 9207 §2).
    ///
    /// ```
    /// let location = oauth_pkce::server::SuccessRedirect::new("c").issuer(Some("https://as")).location("https://a/");
    /// assert_eq!(location, "https://a/?code=c&iss=https%3A%2F%2Fas");
    /// ```
    #[must_use]
    pub const fn issuer(self, issuer: Option<&'a str>) -> Self {
        Self { issuer, ..self }
    }

    /// The `(name, value)` pairs, in order: `code`, then `state` and `iss`
    /// where present and not empty. Values are not encoded.
    ///
    /// ```
    /// let pairs: Vec<_> = oauth_pkce::server::SuccessRedirect::new("c").pairs().collect();
    /// assert_eq!(pairs, [("code", "c")]);
    /// ```
    pub fn pairs(&self) -> impl Iterator<Item = (&'static str, &'a str)> + use<'a> {
        super::response::redirect_pairs([("code", self.code)], self.state, self.issuer)
    }

    /// The redirect URI with these parameters added to its query.
    ///
    /// ```
    /// let location = oauth_pkce::server::SuccessRedirect::new("c").location("https://a.example/cb?x=1");
    /// assert_eq!(location, "https://a.example/cb?x=1&code=c");
    /// ```
    #[must_use]
    pub fn location(&self, redirect_uri: &str) -> String {
        with_query(redirect_uri, self.pairs())
    }

    /// `302 Found` to [`location`](Self::location).
    ///
    /// ```
    /// let response = oauth_pkce::server::SuccessRedirect::new("c").to_response("https://a.example/cb");
    /// assert_eq!(response.status(), 302);
    /// ```
    #[must_use]
    pub fn to_response(&self, redirect_uri: &str) -> Response {
        found(&self.location(redirect_uri))
    }
}

impl core::fmt::Debug for SuccessRedirect<'_> {
    /// The code and `state` are redacted: the code redeems, and `state`
    /// ties the browser's session to the request.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SuccessRedirect")
            .field("code", &"<redacted>")
            .field("state", &self.state.map(|_| "<redacted>"))
            .field("issuer", &self.issuer)
            .finish()
    }
}

/// `uri` with `pairs` appended to its query, each value percent-encoded; a
/// fragment, which a redirect URI may not have (RFC 6749 §3.1.2), is
/// dropped.
fn with_query<'a>(uri: &str, pairs: impl Iterator<Item = (&'static str, &'a str)>) -> String {
    let uri = uri.split_once('#').map_or(uri, |(before, _)| before);
    let mut out = String::with_capacity(uri.len() + 128);
    out.push_str(uri);
    let mut separator = if uri.contains('?') {
        if uri.ends_with('?') || uri.ends_with('&') {
            ""
        } else {
            "&"
        }
    } else {
        "?"
    };
    for (name, value) in pairs {
        out.push_str(separator);
        out.push_str(name);
        out.push('=');
        percent_encode(&mut out, value);
        separator = "&";
    }
    out
}

/// Every byte outside RFC 3986's unreserved set (`A-Z a-z 0-9 - . _ ~`) as
/// `%XX`, which `application/x-www-form-urlencoded` decoders read as well.
fn percent_encode(out: &mut String, value: &str) {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
}
