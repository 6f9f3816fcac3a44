//! The refusals that are the server's own rather than PKCE's: unknown
//! client, code or grant type, failed client authentication.

use oauth_pkce::server::{Error, JsonErrorResponse};

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
}

impl From<Error> for OAuthError {
    /// PKCE's refusal: the crate gives its status, code, description and
    /// name.
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
