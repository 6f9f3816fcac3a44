//! The authorization server of `examples/authorization_server/` behind a
//! real HTTP server (tiny_http) on `127.0.0.1`: `GET /authorize` and
//! `POST /token`.

use std::io::Read;
use std::ops::ControlFlow;

use oauth_pkce::Policy;
use tiny_http::{Header, Method, Request, Response, ResponseBox};

use super::BoxError;
use super::authorization_server::{AuthorizationServer, AuthorizeResponse, OAuthError, Params};
use super::serve::Serving;

/// The largest token request body read; a real one is a few hundred bytes.
const MAX_BODY: u64 = 16 * 1024;

/// A repeated parameter (RFC 6749 §3.1: parameters "MUST NOT be included
/// more than once"). Refused rather than resolved, since two parsers that
/// resolve it differently are how a checked value and a used value part.
const REPEATED_PARAMETER: OAuthError = OAuthError::new(
    "invalid_request",
    "a parameter is repeated",
    "repeated_parameter",
);

/// A token request that is not `application/x-www-form-urlencoded`
/// (RFC 6749 §4.1.3), or too large.
const MALFORMED_BODY: OAuthError = OAuthError::new(
    "invalid_request",
    "body must be application/x-www-form-urlencoded",
    "malformed_body",
);

/// A running authorization server, stopped when dropped.
pub struct HttpServer {
    serving: Serving,
}

impl HttpServer {
    /// Starts a server enforcing `policy` on a port the OS picks.
    pub fn start(policy: Policy) -> Result<Self, BoxError> {
        let mut endpoints = AuthorizationServer::new(policy);
        let serving = Serving::start(move |request| {
            handle(&mut endpoints, request);
            ControlFlow::Continue(())
        })?;
        Ok(Self { serving })
    }

    /// `http://127.0.0.1:PORT/authorize`.
    pub fn authorize_endpoint(&self) -> String {
        format!("http://{}/authorize", self.serving.addr())
    }

    /// `http://127.0.0.1:PORT/token`.
    pub fn token_endpoint(&self) -> String {
        format!("http://{}/token", self.serving.addr())
    }
}

fn handle(endpoints: &mut AuthorizationServer, mut request: Request) {
    let url = request.url().to_owned();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let response = match (request.method(), path) {
        (Method::Get, "/authorize") => match parse_params(query.as_bytes()) {
            Ok(query) => match endpoints.authorize(&query) {
                AuthorizeResponse::Redirect(location) => Response::empty(302)
                    .with_header(header("Location", &location))
                    .boxed(),
                AuthorizeResponse::Refuse(e) => error_response(e),
            },
            Err(e) => error_response(e),
        },
        (Method::Post, "/token") => {
            match read_form(&mut request).and_then(|form| endpoints.token(&form)) {
                Ok(tokens) => json_response(200, tokens.to_json()),
                Err(e) => {
                    // What an operator logs about a failed redemption: the kind,
                    // never the code or the verifier.
                    println!("    server log: token request refused: {}", e.kind);
                    error_response(e)
                }
            }
        }
        _ => Response::from_string("not found")
            .with_status_code(404)
            .boxed(),
    };
    // If the client hung up there is no one left to tell.
    let _ = request.respond(response);
}

/// The token request's form, from a body of the right type and size.
fn read_form(request: &mut Request) -> Result<Params, OAuthError> {
    let form_encoded = request.headers().iter().any(|h| {
        h.field.equiv("Content-Type")
            && h.value
                .as_str()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
    });
    if !form_encoded {
        return Err(MALFORMED_BODY);
    }
    let mut body = Vec::new();
    request
        .as_reader()
        .take(MAX_BODY + 1)
        .read_to_end(&mut body)
        .map_err(|_| MALFORMED_BODY)?;
    if body.len() as u64 > MAX_BODY {
        return Err(MALFORMED_BODY);
    }
    parse_params(&body)
}

/// Decodes `application/x-www-form-urlencoded` parameters, refusing any
/// repeated name.
fn parse_params(encoded: &[u8]) -> Result<Params, OAuthError> {
    let mut params = Params::new();
    for (name, value) in url::form_urlencoded::parse(encoded) {
        if params
            .insert(name.into_owned(), value.into_owned())
            .is_some()
        {
            return Err(REPEATED_PARAMETER);
        }
    }
    Ok(params)
}

fn error_response(e: OAuthError) -> ResponseBox {
    json_response(400, e.to_json())
}

/// A JSON response that no cache keeps: it may carry tokens (RFC 6749 §5.1).
fn json_response(status: u16, body: String) -> ResponseBox {
    Response::from_string(body)
        .with_status_code(status)
        .with_header(header("Content-Type", "application/json"))
        .with_header(header("Cache-Control", "no-store"))
        .boxed()
}

fn header(name: &str, value: &str) -> Header {
    // Only fixed names and URLs this server built go here, all ASCII
    // without line breaks, which is all `from_bytes` refuses.
    Header::from_bytes(name, value).expect("a valid header")
}
