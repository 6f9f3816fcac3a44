//! The parameters a pending authorization adds to the authorization
//! request.

use core::fmt;

use crate::Method;
use crate::client::PendingAuthorization;

/// The parameters a [`PendingAuthorization`] adds to the authorization
/// request (RFC 6749 §4.1.1, RFC 7636 §4.3). The caller adds
/// `response_type=code`, `client_id` and `scope`, and percent-encodes every
/// value: the challenge and `state` are base64url and need none, but a
/// redirect URI does.
///
/// `Debug` redacts `state`, which is a secret until the response returns.
///
/// See [`PendingAuthorization::authorization_request`] for an example.
#[derive(Clone, Copy)]
pub struct AuthorizationRequest<'a> {
    pending: &'a PendingAuthorization,
}

impl<'a> AuthorizationRequest<'a> {
    /// The request's parameters, for
    /// [`PendingAuthorization::authorization_request`].
    pub(super) const fn new(pending: &'a PendingAuthorization) -> Self {
        Self { pending }
    }

    /// `code_challenge`: the verifier's S256 challenge (RFC 7636 §4.2).
    ///
    /// See [`PendingAuthorization::authorization_request`] for an example.
    #[must_use]
    pub fn code_challenge(&self) -> &'a str {
        self.pending.challenge.as_str()
    }

    /// `code_challenge_method`: always `S256` (RFC 7636 §4.3).
    ///
    /// See [`PendingAuthorization::authorization_request`] for an example.
    #[must_use]
    pub fn code_challenge_method(&self) -> &'static str {
        Method::S256.as_str()
    }

    /// `state` (RFC 6749 §4.1.1).
    ///
    /// See [`PendingAuthorization::authorization_request`] for an example.
    #[must_use]
    pub fn state(&self) -> &'a str {
        self.pending.state.secret()
    }

    /// `redirect_uri` (RFC 6749 §4.1.1).
    ///
    /// See [`PendingAuthorization::authorization_request`] for an example.
    #[must_use]
    pub fn redirect_uri(&self) -> &'a str {
        self.pending.redirect_uri.as_str()
    }

    /// The four as `(name, value)` pairs: `code_challenge`,
    /// `code_challenge_method`, `state`, `redirect_uri`.
    ///
    /// See [`PendingAuthorization::authorization_request`] for an example.
    #[must_use]
    pub fn pairs(&self) -> [(&'static str, &'a str); 4] {
        [
            ("code_challenge", self.code_challenge()),
            ("code_challenge_method", self.code_challenge_method()),
            ("state", self.state()),
            ("redirect_uri", self.redirect_uri()),
        ]
    }
}

impl fmt::Debug for AuthorizationRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthorizationRequest")
            .field("code_challenge", &self.code_challenge())
            .field("code_challenge_method", &self.code_challenge_method())
            .field("state", &format_args!("<redacted>"))
            .field("redirect_uri", &self.redirect_uri())
            .finish()
    }
}
