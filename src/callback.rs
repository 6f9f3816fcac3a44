//! The authorization response, as it reaches the client's redirect URI
//! (RFC 6749 §4.1.2, §4.1.2.1; RFC 9207 §2), and what the token request
//! then needs (RFC 6749 §4.1.3, RFC 7636 §4.5).
//!
//! The checks, in the order [`PendingAuthorization::validate_callback_at`]
//! makes them, each for a reason:
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
//! [`PendingAuthorization::validate_callback_at`]: crate::PendingAuthorization::validate_callback_at

use core::fmt;

use crate::bounded::BoundedStr;
use crate::pending::REDIRECT_URI_MAX_LEN;
use crate::{CodeVerifier, Error, ErrorCode, State};

/// The parameters of an authorization response, as the client's redirect
/// endpoint received them in its query (RFC 6749 §4.1.2, §4.1.2.1;
/// RFC 9207 §2): already percent-decoded, borrowed from wherever the
/// caller's HTTP framework put them. An empty value counts as absent
/// (RFC 6749 §3.1).
///
/// `error_description` and `error_uri` are the server's text, kept here for
/// the caller to show (escaped) if it wants: this crate never logs them or
/// puts them in an [`Error`]'s message. They are untrusted input.
///
/// ```
/// use oauth_pkce::CallbackParams;
///
/// // From a framework's decoded query pairs; unknown parameters are ignored
/// // (RFC 6749 §4.1.2), repeated ones refused (§3.1).
/// let query = [("code", "SplxlOBeZQQYbYS6WxSbIA"), ("state", "xyz"), ("foo", "bar")];
/// let params = CallbackParams::from_pairs(query)?;
/// assert_eq!(params.code, Some("SplxlOBeZQQYbYS6WxSbIA"));
/// assert_eq!(params.iss, None);
///
/// let repeated = [("state", "a"), ("state", "b")];
/// assert!(CallbackParams::from_pairs(repeated).is_err());
/// # Ok::<(), oauth_pkce::Error>(())
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct CallbackParams<'q> {
    /// `state`: must be the request's own (RFC 6749 §4.1.2).
    pub state: Option<&'q str>,
    /// `code`: the authorization code (RFC 6749 §4.1.2).
    pub code: Option<&'q str>,
    /// `error`: the server's error code (RFC 6749 §4.1.2.1).
    pub error: Option<&'q str>,
    /// `error_description`: the server's human-readable text, untrusted
    /// (RFC 6749 §4.1.2.1).
    pub error_description: Option<&'q str>,
    /// `error_uri`: a page about the error, untrusted (RFC 6749 §4.1.2.1).
    pub error_uri: Option<&'q str>,
    /// `iss`: the issuer identifier of the server that responded
    /// (RFC 9207 §2).
    pub iss: Option<&'q str>,
}

impl<'q> CallbackParams<'q> {
    /// Collects the response parameters from decoded `(name, value)` pairs,
    /// such as a web framework's query map or
    /// `url::form_urlencoded::parse`. Parameters this crate does not know
    /// are ignored, as RFC 6749 §4.1.2 asks of a client.
    ///
    /// ```
    /// let params = oauth_pkce::CallbackParams::from_pairs([
    ///     ("error", "access_denied"),
    ///     ("state", "xyz"),
    /// ])?;
    /// assert_eq!(params.error, Some("access_denied"));
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::CallbackParameterRepeated`] when one of the six parameters
    /// appears more than once (RFC 6749 §3.1): which of two `state` or
    /// `code` values to believe is exactly what an attacker who can add one
    /// would like the client to guess.
    pub fn from_pairs<I>(pairs: I) -> Result<Self, Error>
    where
        I: IntoIterator<Item = (&'q str, &'q str)>,
    {
        let mut params = Self::default();
        for (name, value) in pairs {
            let slot = match name {
                "state" => &mut params.state,
                "code" => &mut params.code,
                "error" => &mut params.error,
                "error_description" => &mut params.error_description,
                "error_uri" => &mut params.error_uri,
                "iss" => &mut params.iss,
                _ => continue,
            };
            if slot.is_some() {
                return Err(Error::CallbackParameterRepeated);
            }
            *slot = Some(value);
        }
        Ok(params)
    }
}

/// A value that is present and not empty (RFC 6749 §3.1).
fn present(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.is_empty())
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
        return Err(error_response(error));
    }
    // 5. code.
    present(params.code).ok_or(Error::MissingCode)
}

/// The [`Error`] for an `error` parameter: one of RFC 6749 §4.1.2.1's
/// codes, or an extension's (§8.5), whose name the caller reads from
/// [`CallbackParams::error`].
fn error_response(error: &str) -> Error {
    let code = match error {
        "invalid_request" => ErrorCode::InvalidRequest,
        "unauthorized_client" => ErrorCode::UnauthorizedClient,
        "access_denied" => ErrorCode::AccessDenied,
        "unsupported_response_type" => ErrorCode::UnsupportedResponseType,
        "invalid_scope" => ErrorCode::InvalidScope,
        "server_error" => ErrorCode::ServerError,
        "temporarily_unavailable" => ErrorCode::TemporarilyUnavailable,
        _ => return Error::ExtensionErrorResponse,
    };
    Error::ErrorResponse { error: code }
}

/// A checked authorization response, and everything the token request
/// needs (RFC 6749 §4.1.3, RFC 7636 §4.5): the code, the verifier and the
/// redirect URI the authorization request was sent with.
///
/// Made only by [`PendingAuthorization::validate_callback_at`] (or
/// [`validate_callback`]), from a response that passed every check. It
/// owns the verifier now: dropping it wipes the verifier. `Debug` shows
/// neither the code nor the verifier.
///
/// ```
/// use oauth_pkce::{CallbackParams, PendingAuthorization};
/// use rand::SeedableRng;
///
/// let mut rng = rand::rngs::StdRng::seed_from_u64(7); // tests only: use the OS RNG
/// let pending = PendingAuthorization::builder("http://127.0.0.1:8400/cb")
///     .build_with(1_700_000_000, &mut rng)?;
/// let state = pending.state().secret().to_owned(); // what came back in the redirect
/// let params = CallbackParams::from_pairs([("code", "abc"), ("state", state.as_str())])?;
///
/// let token = pending.validate_callback_at(&params, 1_700_000_060)?;
/// let form = token.form();
/// assert_eq!(form[0], ("grant_type", "authorization_code"));
/// assert_eq!(form[1], ("code", "abc"));
/// assert_eq!(form[2], ("redirect_uri", "http://127.0.0.1:8400/cb"));
/// assert_eq!(form[3].0, "code_verifier");
/// # Ok::<(), oauth_pkce::Error>(())
/// ```
///
/// [`PendingAuthorization::validate_callback_at`]: crate::PendingAuthorization::validate_callback_at
/// [`validate_callback`]: crate::PendingAuthorization::validate_callback
pub struct TokenRequest<'q> {
    code: &'q str,
    verifier: CodeVerifier,
    redirect_uri: BoundedStr<REDIRECT_URI_MAX_LEN>,
}

impl<'q> TokenRequest<'q> {
    pub(crate) fn new(
        code: &'q str,
        verifier: CodeVerifier,
        redirect_uri: BoundedStr<REDIRECT_URI_MAX_LEN>,
    ) -> Self {
        Self {
            code,
            verifier,
            redirect_uri,
        }
    }

    /// The authorization code, for `code` (RFC 6749 §4.1.3). A credential
    /// until redeemed: don't log it.
    ///
    /// See [`TokenRequest`] for an example.
    #[must_use]
    pub fn code(&self) -> &'q str {
        self.code
    }

    /// The verifier, for `code_verifier` (RFC 7636 §4.5), through its
    /// [`secret`](CodeVerifier::secret).
    ///
    /// See [`TokenRequest`] for an example.
    #[must_use]
    pub fn code_verifier(&self) -> &CodeVerifier {
        &self.verifier
    }

    /// The verifier itself, for a client that keeps it past this value: to
    /// retry a token request that failed on the network, say. It is still
    /// wiped when dropped.
    ///
    /// ```
    /// use oauth_pkce::{CallbackParams, PendingAuthorization};
    /// use rand::SeedableRng;
    ///
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7); // tests only
    /// let pending = PendingAuthorization::builder("https://app.example/cb").build_with(0, &mut rng)?;
    /// let state = pending.state().secret().to_owned();
    /// let params = CallbackParams { code: Some("c"), state: Some(&state), ..Default::default() };
    /// let verifier = pending.validate_callback_at(&params, 1)?.into_code_verifier();
    /// assert_eq!(verifier.secret().len(), 43);
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    #[must_use]
    pub fn into_code_verifier(self) -> CodeVerifier {
        self.verifier
    }

    /// The redirect URI of the authorization request, which the token
    /// request repeats (RFC 6749 §4.1.3).
    ///
    /// See [`TokenRequest`] for an example.
    #[must_use]
    pub fn redirect_uri(&self) -> &str {
        self.redirect_uri.as_str()
    }

    /// The token request's parameters, to send form-encoded to the token
    /// endpoint (RFC 6749 §4.1.3, RFC 7636 §4.5), with the client's own
    /// authentication or `client_id` added by the caller: `grant_type`,
    /// `code`, `redirect_uri` and `code_verifier`, in that order.
    ///
    /// See [`TokenRequest`] for an example.
    #[must_use]
    pub fn form(&self) -> [(&'static str, &str); 4] {
        [
            ("grant_type", "authorization_code"),
            ("code", self.code),
            ("redirect_uri", self.redirect_uri.as_str()),
            ("code_verifier", self.verifier.secret()),
        ]
    }
}

// Its secret, the verifier, wipes itself on drop.
impl zeroize::ZeroizeOnDrop for TokenRequest<'_> {}

impl fmt::Debug for TokenRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenRequest")
            .field("code", &format_args!("<redacted>"))
            .field("code_verifier", &self.verifier)
            .field("redirect_uri", &self.redirect_uri.as_str())
            .finish()
    }
}
