//! What the token request needs once the authorization response has passed
//! every check (RFC 6749 §4.1.3, RFC 7636 §4.5).

use core::fmt;

use crate::CodeVerifier;
use crate::client::bounded::{BoundedStr, REDIRECT_URI_MAX_LEN};

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
/// use oauth_pkce::client::{CallbackParams, PendingAuthorization};
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
/// # Ok::<(), oauth_pkce::client::Error>(())
/// ```
///
/// [`PendingAuthorization::validate_callback_at`]: crate::client::PendingAuthorization::validate_callback_at
/// [`validate_callback`]: crate::client::PendingAuthorization::validate_callback
pub struct TokenRequest<'q> {
    code: &'q str,
    verifier: CodeVerifier,
    redirect_uri: BoundedStr<REDIRECT_URI_MAX_LEN>,
}

impl<'q> TokenRequest<'q> {
    pub(super) fn new(
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
    /// use oauth_pkce::client::{CallbackParams, PendingAuthorization};
    /// use rand::SeedableRng;
    ///
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7); // tests only
    /// let pending = PendingAuthorization::builder("https://app.example/cb").build_with(0, &mut rng)?;
    /// let state = pending.state().secret().to_owned();
    /// let params = CallbackParams::from_pairs([("code", "c"), ("state", state.as_str())])?;
    /// let verifier = pending.validate_callback_at(&params, 1)?.into_code_verifier();
    /// assert_eq!(verifier.secret().len(), 43);
    /// # Ok::<(), oauth_pkce::client::Error>(())
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
