//! The authorization response, as it reaches the client's redirect URI
//! (RFC 6749 §4.1.2, §4.1.2.1; RFC 9207 §2), and what the token request
//! then needs (RFC 6749 §4.1.3, RFC 7636 §4.5).
//!
//! The checks, in the order [`PendingAuthorization::validate_callback_at`]
//! and [`PendingAuthorizations::validate_callback_at`] make them, each for a
//! reason:
//!
//! 1. **`state`** (RFC 6749 §10.12, RFC 9700 §4.7.1), compared in constant
//!    time. A response whose `state` is not this request's was not caused
//!    by it: nothing else in it is trusted, not even an error, which an
//!    attacker could forge to end a victim's sign-in.
//! 2. **`iss`** (RFC 9207 §2.4), when an issuer is expected: the response
//!    must come from the server the request went to, or it is a mix-up
//!    attack (RFC 9700 §4.4). This comes before `error` because RFC 9207
//!    puts `iss` in error responses too, so that a client does not act on
//!    another server's error.
//! 3. **expiry**: a response to a request older than its lifetime is
//!    refused, whatever it says; the user starts again.
//! 4. **`error`** (RFC 6749 §4.1.2.1): the server refused. A response with
//!    both `error` and `code` is taken as the error; its code is never
//!    redeemed.
//! 5. **`code`** (RFC 6749 §4.1.2): absent or empty, there is nothing to
//!    redeem.
//!
//! [`PendingAuthorization::validate_callback_at`]: crate::client::PendingAuthorization::validate_callback_at
//! [`PendingAuthorizations::validate_callback_at`]: crate::client::PendingAuthorizations::validate_callback_at

use core::fmt;

use crate::client::{Error, ReceivedError, State};
use crate::params::present;

/// The parameters of an authorization response, as the client's redirect
/// endpoint received them in its query (RFC 6749 §4.1.2, §4.1.2.1;
/// RFC 9207 §2): already percent-decoded, borrowed from wherever the
/// caller's HTTP framework put them. An empty value counts as absent
/// (RFC 6749 §3.1).
///
/// Made only from the whole list of pairs, so that a repeated parameter is
/// always seen: a map that has already merged duplicates would hide one.
///
/// `error_description` and `error_uri` are the server's text, kept here for
/// the caller to show (escaped) if it wants: this crate never logs them or
/// puts them in an [`Error`]'s message. They are untrusted input.
///
/// ```
/// use oauth_pkce::client::{CallbackParams, Error};
///
/// // From the decoded query pairs; unknown parameters are ignored
/// // (RFC 6749 §4.1.2), repeated ones refused (§3.1).
/// let query = [("code", "SplxlOBeZQQYbYS6WxSbIA"), ("state", "xyz"), ("foo", "bar")];
/// let params = CallbackParams::from_pairs(query)?;
/// assert_eq!(params.code(), Some("SplxlOBeZQQYbYS6WxSbIA"));
/// assert_eq!(params.iss(), None);
///
/// let repeated = [("state", "a"), ("state", "b")];
/// assert_eq!(
///     CallbackParams::from_pairs(repeated),
///     Err(Error::RepeatedParameter { name: "state" }),
/// );
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct CallbackParams<'q> {
    state: Option<&'q str>,
    code: Option<&'q str>,
    error: Option<&'q str>,
    error_description: Option<&'q str>,
    error_uri: Option<&'q str>,
    iss: Option<&'q str>,
}

impl<'q> CallbackParams<'q> {
    /// Collects the response parameters from decoded `(name, value)` pairs,
    /// in the order they came: `url::form_urlencoded::parse` over the raw
    /// query, or a framework's list of query pairs (not a map, which would
    /// have merged a repeated parameter already). Parameters this crate
    /// does not know are ignored, as RFC 6749 §4.1.2 asks of a client.
    ///
    /// See [`CallbackParams`] for an example.
    ///
    /// # Errors
    ///
    /// [`Error::RepeatedParameter`], naming it, when one of the six
    /// parameters appears more than once (RFC 6749 §3.1).
    pub fn from_pairs<I>(pairs: I) -> Result<Self, Error>
    where
        I: IntoIterator<Item = (&'q str, &'q str)>,
    {
        let mut params = Self::default();
        for (name, value) in pairs {
            let (slot, name) = match name {
                "state" => (&mut params.state, "state"),
                "code" => (&mut params.code, "code"),
                "error" => (&mut params.error, "error"),
                "error_description" => (&mut params.error_description, "error_description"),
                "error_uri" => (&mut params.error_uri, "error_uri"),
                "iss" => (&mut params.iss, "iss"),
                _ => continue,
            };
            if slot.is_some() {
                return Err(Error::RepeatedParameter { name });
            }
            *slot = Some(value);
        }
        Ok(params)
    }

    /// `state`: must be the request's own (RFC 6749 §4.1.2).
    #[must_use]
    pub fn state(&self) -> Option<&'q str> {
        self.state
    }

    /// `code`: the authorization code (RFC 6749 §4.1.2). A credential until
    /// redeemed: don't log it.
    #[must_use]
    pub fn code(&self) -> Option<&'q str> {
        self.code
    }

    /// `error`: the server's error code (RFC 6749 §4.1.2.1), as received.
    ///
    /// ```
    /// let params = oauth_pkce::client::CallbackParams::from_pairs([
    ///     ("error", "access_denied"),
    ///     ("state", "xyz"),
    /// ])?;
    /// assert_eq!(params.error(), Some("access_denied"));
    /// # Ok::<(), oauth_pkce::client::Error>(())
    /// ```
    #[must_use]
    pub fn error(&self) -> Option<&'q str> {
        self.error
    }

    /// `error_description`: the server's human-readable text, untrusted
    /// (RFC 6749 §4.1.2.1).
    #[must_use]
    pub fn error_description(&self) -> Option<&'q str> {
        self.error_description
    }

    /// `error_uri`: a page about the error, untrusted (RFC 6749 §4.1.2.1).
    #[must_use]
    pub fn error_uri(&self) -> Option<&'q str> {
        self.error_uri
    }

    /// `iss`: the issuer identifier of the server that responded
    /// (RFC 9207 §2).
    #[must_use]
    pub fn iss(&self) -> Option<&'q str> {
        self.iss
    }
}

impl fmt::Debug for CallbackParams<'_> {
    /// Which parameters are present, not their values: `state` and `code`
    /// are secrets, and the server's text is not ours to log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |v: Option<&str>| match v {
            Some(_) => "<present>",
            None => "<absent>",
        };
        f.debug_struct("CallbackParams")
            .field("state", &format_args!("{}", shown(self.state)))
            .field("code", &format_args!("{}", shown(self.code)))
            .field("error", &format_args!("{}", shown(self.error)))
            .field(
                "error_description",
                &format_args!("{}", shown(self.error_description)),
            )
            .field("error_uri", &format_args!("{}", shown(self.error_uri)))
            .field("iss", &format_args!("{}", shown(self.iss)))
            .finish()
    }
}

/// What a pending authorization expects of its response.
pub(crate) struct Expected<'r> {
    pub(crate) state: &'r State,
    /// The issuer, or `None` when the caller gave none.
    pub(crate) issuer: Option<&'r str>,
    /// Whether the server said it sends `iss` (RFC 9207 §3).
    pub(crate) require_iss: bool,
    /// Seconds since the Unix epoch from which the response is refused.
    pub(crate) expires_at: u64,
}

/// The checks of this module's documentation, in its order. Returns the
/// code to redeem.
pub(crate) fn check<'q>(
    params: &CallbackParams<'q>,
    expected: &Expected<'_>,
    now: u64,
) -> Result<&'q str, Error> {
    // 1. state, in constant time; its presence and length are public.
    let Some(state) = present(params.state) else {
        return Err(Error::MissingState);
    };
    if !expected.state.matches(state) {
        return Err(Error::StateMismatch);
    }
    // 2. iss: a simple string comparison (RFC 9207 §2.4, RFC 3986 §6.2.1).
    if let Some(issuer) = expected.issuer {
        match present(params.iss) {
            Some(iss) if iss == issuer => {}
            Some(_) => return Err(Error::IssuerMismatch),
            None if expected.require_iss => return Err(Error::MissingIssuer),
            None => {}
        }
    }
    // 3. expiry.
    if now >= expected.expires_at {
        return Err(Error::AuthorizationExpired);
    }
    // 4. error, whether or not a code came with it.
    if let Some(error) = present(params.error) {
        return Err(Error::ErrorResponse(ReceivedError::parse(error)));
    }
    // 5. code.
    present(params.code).ok_or(Error::MissingCode)
}
