//! The server over HTTP, on axum: routing, and the bytes of a request
//! turned into parameters. Every answer, refusals included, comes back from
//! `server.rs` as an `http::Response` that axum sends as it is.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use oauth_pkce::server::Endpoint;

use crate::oauth_error::OAuthError;
use crate::server::{AuthorizationServer, Credentials, Params};

/// The largest token request body read; a real one is a few hundred bytes.
const MAX_BODY: usize = 16 * 1024;

/// The routes, over a shared server.
pub fn router(server: Arc<AuthorizationServer>) -> Router {
    Router::new()
        .route("/authorize", get(authorize))
        .route("/token", post(token))
        .route("/.well-known/oauth-authorization-server", get(metadata))
        .route("/metrics", get(metrics))
        .with_state(server)
}

async fn authorize(
    State(server): State<Arc<AuthorizationServer>>,
    RawQuery(query): RawQuery,
) -> Response {
    match parse_params(query.unwrap_or_default().as_bytes()) {
        Ok(query) => server.authorize(&query).await.into_response(),
        Err(e) => server
            .refuse(Endpoint::Authorization, e, None)
            .into_response(),
    }
}

async fn token(
    State(server): State<Arc<AuthorizationServer>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match read_request(&headers, &body) {
        Ok((form, credentials)) => server.token(&form, &credentials).await.into_response(),
        Err(e) => server.refuse(Endpoint::Token, e, None).into_response(),
    }
}

async fn metadata(State(server): State<Arc<AuthorizationServer>>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        server.metadata().to_string(),
    )
        .into_response()
}

async fn metrics(State(server): State<Arc<AuthorizationServer>>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        server.metrics(),
    )
        .into_response()
}

/// The token request's form, from a body of the right type and size, and
/// its `Authorization: Basic` credentials if any.
fn read_request(headers: &HeaderMap, body: &[u8]) -> Result<(Params, Credentials), OAuthError> {
    let form_encoded = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    if !form_encoded || body.len() > MAX_BODY {
        return Err(OAuthError::MALFORMED_REQUEST);
    }
    let basic = match headers.get(header::AUTHORIZATION) {
        None => None,
        Some(value) => Some(basic_credentials(value).ok_or(OAuthError::MALFORMED_REQUEST)?),
    };
    Ok((parse_params(body)?, Credentials { basic }))
}
/// `Basic base64(urlencode(client_id) ":" urlencode(secret))`
/// (RFC 6749 §2.3.1, RFC 7617).
fn basic_credentials(value: &HeaderValue) -> Option<(String, String)> {
    let value = value.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = STANDARD.decode(encoded.trim()).ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    let unescape = |s: &str| -> Option<String> {
        if s.contains('&') {
            return None;
        }
        let pair = format!("x={s}");
        let mut out = url::form_urlencoded::parse(pair.as_bytes());
        out.next().map(|(_, v)| v.into_owned())
    };
    Some((unescape(id)?, unescape(secret)?))
}

/// Decodes `application/x-www-form-urlencoded` parameters, refusing any
/// repeated name (RFC 6749 §3.1).
fn parse_params(encoded: &[u8]) -> Result<Params, OAuthError> {
    let mut params = Params::new();
    for (name, value) in url::form_urlencoded::parse(encoded) {
        if params
            .insert(name.into_owned(), value.into_owned())
            .is_some()
        {
            return Err(OAuthError::REPEATED_PARAMETER);
        }
    }
    Ok(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6749 §2.3.1: the id and secret are form-encoded before base64.
    #[test]
    fn basic_credentials_are_form_decoded() {
        let header = HeaderValue::from_str(&format!(
            "Basic {}",
            STANDARD.encode("demo%2Dconfidential:a+b%3Ac")
        ))
        .unwrap();
        assert_eq!(
            basic_credentials(&header),
            Some(("demo-confidential".into(), "a b:c".into()))
        );
        assert_eq!(
            basic_credentials(&HeaderValue::from_static("Bearer x")),
            None
        );
    }

    /// RFC 6749 §3.1: "Request and response parameters MUST NOT be included
    /// more than once."
    #[test]
    fn a_repeated_parameter_is_refused() {
        assert_eq!(
            parse_params(b"code=a&code=b").unwrap_err(),
            OAuthError::REPEATED_PARAMETER
        );
        assert_eq!(parse_params(b"a=1&b=2").unwrap().len(), 2);
    }
}
