//! The authorization server over HTTP, on axum: `GET /authorize`,
//! `POST /par` (RFC 9126), `POST /token` and
//! `GET /.well-known/oauth-authorization-server` (RFC 8414 §3).
//!
//! The handlers only move bytes: parameters in (refusing a repeated one),
//! the server's answer out, with the headers RFC 6749 asks for. Every
//! decision is in `super::AuthorizationServer`.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use oauth_pkce::server::{JsonErrorResponse, Policy};

use super::serve::{BoxError, Serving};
use super::{AuthorizationServer, AuthorizeReply, Client, JsonReply, OAuthError, Params};

/// The largest token request body read; a real one is a few hundred bytes.
const MAX_BODY: usize = 16 * 1024;

/// The routes, over a shared server.
pub fn router(server: Arc<AuthorizationServer>) -> Router {
    Router::new()
        .route("/authorize", get(authorize))
        .route("/token", post(token))
        .route("/par", post(pushed_authorization))
        .route("/.well-known/oauth-authorization-server", get(metadata))
        .with_state(server)
}

/// A running authorization server on `127.0.0.1`, stopped when dropped.
pub struct HttpServer {
    server: Arc<AuthorizationServer>,
    serving: Serving,
}

impl HttpServer {
    /// A server whose one client is the desktop agent, held to `policy`.
    pub fn start(policy: Policy) -> Result<Self, BoxError> {
        Self::with_clients(vec![Client::public(super::CLIENT_ID, policy)])
    }

    /// A server with these clients, on a port the OS picks.
    pub fn with_clients(clients: Vec<Client>) -> Result<Self, BoxError> {
        Self::with_clients_on("127.0.0.1:0", clients)
    }

    /// A server with these clients on `addr`.
    pub fn with_clients_on(addr: &str, clients: Vec<Client>) -> Result<Self, BoxError> {
        // The issuer is the server's own URL, known once the port is: bind
        // first, then build the server with it.
        let listener = std::net::TcpListener::bind(addr)?;
        let issuer = format!("http://{}", listener.local_addr()?);
        let server = Arc::new(AuthorizationServer::new(issuer, clients));
        let serving = Serving::start_with(listener, router(Arc::clone(&server)))?;
        Ok(Self { server, serving })
    }

    /// The server behind the routes: its reports, its clients' policies.
    pub fn server(&self) -> &AuthorizationServer {
        &self.server
    }

    /// `http://127.0.0.1:PORT`, the issuer identifier.
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

    /// `http://127.0.0.1:PORT/par`, the pushed authorization request
    /// endpoint (RFC 9126 §2).
    pub fn par_endpoint(&self) -> String {
        format!("{}/par", self.issuer())
    }

    /// `http://127.0.0.1:PORT/.well-known/oauth-authorization-server`.
    pub fn metadata_endpoint(&self) -> String {
        format!("{}/.well-known/oauth-authorization-server", self.issuer())
    }

    /// Serves until the process is stopped.
    pub fn wait(self) {
        self.serving.wait();
    }
}

async fn authorize(
    State(server): State<Arc<AuthorizationServer>>,
    RawQuery(query): RawQuery,
) -> Response {
    let reply = match parse_params(query.unwrap_or_default().as_bytes()) {
        Ok(query) => server.authorize(&query),
        Err(e) => AuthorizeReply::Refuse(e),
    };
    match reply {
        AuthorizeReply::Redirect(location) => {
            (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
        }
        // Shown to the user, not sent to the client: a page, here JSON.
        AuthorizeReply::Refuse(e) => json(JsonReply {
            status: e.status,
            body: e.to_json(),
            refused: Some(e.kind),
        }),
    }
}

async fn token(
    State(server): State<Arc<AuthorizationServer>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let reply = match read_form(&headers, &body) {
        Ok(form) => server.token(&form),
        Err(e) => JsonReply {
            status: e.status,
            body: e.to_json(),
            refused: Some(e.kind),
        },
    };
    if let Some(kind) = reply.refused {
        // What an operator logs about a failed redemption: the kind, never
        // the code or the verifier.
        println!("    server log: token request refused: {kind}");
    }
    json(reply)
}

async fn pushed_authorization(
    State(server): State<Arc<AuthorizationServer>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let reply = match read_form(&headers, &body) {
        Ok(form) => server.pushed_authorization(&form),
        Err(e) => JsonReply {
            status: e.status,
            body: e.to_json(),
            refused: Some(e.kind),
        },
    };
    if let Some(kind) = reply.refused {
        println!("    server log: pushed authorization request refused: {kind}");
    }
    json(reply)
}

async fn metadata(State(server): State<Arc<AuthorizationServer>>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        server.metadata().to_string(),
    )
        .into_response()
}

/// A JSON answer with the headers every token endpoint answer carries:
/// `Content-Type: application/json` and `Cache-Control: no-store`
/// (RFC 6749 §5.1, §5.2).
fn json(reply: JsonReply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, JsonErrorResponse::HEADERS, reply.body).into_response()
}

/// The token request's form, from a body of the right type and size.
fn read_form(headers: &HeaderMap, body: &[u8]) -> Result<Params, OAuthError> {
    let form_encoded = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    if !form_encoded || body.len() > MAX_BODY {
        return Err(OAuthError::MALFORMED_BODY);
    }
    parse_params(body)
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
