//! The refusals that are the server's own rather than PKCE's: unknown
//! client or grant type, failed client authentication, a code issued to
//! another client. PKCE's, and the unknown, expired or used code, are the
//! crate's (`oauth_pkce::server::Error`).

use oauth_pkce::server::{JsonErrorResponse, Response};

/// An OAuth error: its status, code, a description safe to send, and a
/// stable name for the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OAuthError {
    /// The HTTP status of its JSON response.
    pub status: u16,
    /// The `error` code (RFC 6749 §4.1.2.1, §5.2).
    pub error: &'static str,
    /// The `error_description`: fixed text, never a value the client sent.
    pub description: &'static str,
    /// A stable name for logs and metrics: failed requests are logged by
    /// this name alone, never with a code, verifier or secret.
    pub kind: &'static str,
}

impl OAuthError {
    /// The code was issued to another client (RFC 6749 §4.1.3).
    pub const OTHER_CLIENT: Self = Self::new(
        400,
        "invalid_grant",
        "authorization code issued to another client",
        "other_client",
    );
    /// The `redirect_uri` differs from the authorization request's
    /// (RFC 6749 §4.1.3).
    pub const REDIRECT_URI_MISMATCH: Self = Self::new(
        400,
        "invalid_grant",
        "redirect_uri does not match the authorization request",
        "redirect_uri_mismatch",
    );
    /// Client authentication failed (RFC 6749 §5.2).
    pub const INVALID_CLIENT: Self = Self::new(
        401,
        "invalid_client",
        "client authentication failed",
        "invalid_client",
    );
    /// Two authentication methods in one request (RFC 6749 §2.3).
    pub const TWO_AUTHENTICATION_METHODS: Self = Self::new(
        400,
        "invalid_request",
        "more than one client authentication method",
        "two_authentication_methods",
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
    /// The token request has no `code`.
    pub const MISSING_CODE: Self =
        Self::new(400, "invalid_request", "code required", "missing_code");
    /// A repeated parameter (RFC 6749 §3.1), refused rather than resolved.
    pub const REPEATED_PARAMETER: Self = Self::new(
        400,
        "invalid_request",
        "a parameter is repeated",
        "repeated_parameter",
    );
    /// A token request that is not `application/x-www-form-urlencoded`
    /// (RFC 6749 §4.1.3), too large, or with a malformed `Authorization`.
    pub const MALFORMED_REQUEST: Self = Self::new(
        400,
        "invalid_request",
        "malformed request",
        "malformed_request",
    );
    /// The store failed, or the OS random source did.
    pub const SERVER_ERROR: Self = Self::new(
        500,
        "server_error",
        "the server could not complete the request",
        "server_error",
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

    /// A JSON answer with the token endpoint's headers (RFC 6749 §5.1),
    /// which also serves the authorization endpoint's page for a refusal
    /// that must not be redirected.
    pub fn to_response(self) -> Response {
        let mut response = Self::json(self.status, self.to_json());
        if self.status == 401 {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Basic realm=\"token\""),
            );
        }
        response
    }

    /// `body` with `status` and the headers of `JsonErrorResponse::HEADERS`.
    pub fn json(status: u16, body: String) -> Response {
        let mut response = Response::new(body);
        *response.status_mut() = axum::http::StatusCode::from_u16(status)
            .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        for (name, value) in JsonErrorResponse::HEADERS {
            response
                .headers_mut()
                .insert(name, axum::http::HeaderValue::from_static(value));
        }
        response
    }

    /// This error on the client's redirect URI, with `state` and `iss`
    /// (RFC 6749 §4.1.2.1, RFC 9207 §2).
    pub fn redirect(self, redirect_uri: &str, state: Option<&str>, issuer: &str) -> Response {
        let mut location = match url::Url::parse(redirect_uri) {
            Ok(url) => url,
            Err(_) => return Self::SERVER_ERROR.to_response(),
        };
        {
            let mut pairs = location.query_pairs_mut();
            pairs.append_pair("error", self.error);
            pairs.append_pair("error_description", self.description);
            if let Some(state) = state {
                pairs.append_pair("state", state);
            }
            pairs.append_pair("iss", issuer);
        }
        let mut response = Response::new(String::new());
        *response.status_mut() = axum::http::StatusCode::FOUND;
        if let Ok(value) = axum::http::HeaderValue::from_str(location.as_str()) {
            response
                .headers_mut()
                .insert(axum::http::header::LOCATION, value);
        }
        response
    }
}
