//! The pending authorization: what a client keeps between sending the
//! browser to the authorization endpoint and receiving the response on its
//! redirect URI (RFC 6749 §4.1, RFC 7636 §4.1 to §4.5, RFC 9207).
//!
//! One record per authorization request, used once: it is made with a fresh
//! verifier and a fresh `state`, gives the authorization request's
//! parameters, and is spent by the check of the response that carries its
//! `state`, which hands over what the token request needs. A response with
//! another `state` leaves it as it was.

use core::fmt;

use crate::client::bounded::{BoundedStr, ISSUER_MAX_LEN, REDIRECT_URI_MAX_LEN};
use crate::client::callback::{self, Expected};
use crate::client::clock::with_system_clock;
use crate::client::{
    AuthorizationRequest, CallbackParams, Error, PendingAuthorizationBuilder, State, TokenRequest,
};
use crate::ct::{SCRUB_RECORD, scrubbed};
use crate::{CodeChallenge, CodeVerifier};

/// One authorization request in flight: its code verifier, `state`,
/// redirect URI, the issuer the response must come from, and when it
/// expires (RFC 6749 §4.1.1, RFC 7636 §4.1 to §4.3, RFC 9207 §2.4).
///
/// Make one per authorization request with [`PendingAuthorization::builder`],
/// send the browser to the authorization endpoint with the parameters of
/// [`authorization_request`](Self::authorization_request), keep the record
/// while the browser goes round the redirect, and give it the response's
/// parameters in [`validate_callback`](Self::validate_callback), which
/// returns the code, verifier and redirect URI for the token request, or
/// the reason to refuse the response. A response with the wrong `state`
/// leaves the record as it was; one with the right `state` spends it.
///
/// It holds two secrets, the verifier and the `state`, and behaves like
/// each of them: they are read only through explicit accessors, `Debug`
/// shows neither, nothing is `Clone`, and both are wiped on drop. It is
/// fixed-size (about 1.1 KiB): making and checking it never allocates, and
/// it works without `std`.
///
/// # Keeping it across the redirect
///
/// In a desktop or mobile app or a CLI, keep it in memory. A web client
/// keeps it in the user's server-side session, or serializes it (feature
/// `serde`) into storage only the client can read: an encrypted cookie,
/// the OS keychain. Serializing is an explicit opt-in: this type does not
/// implement `Serialize`, so it never ends up in a log line or a struct's
/// derived serialization by accident;
/// `expose_for_storage` (feature `serde`) returns the wrapper
/// that does. Mistakes to avoid:
///
/// - **The verifier in `state`**: `state` travels in the URL through the
///   browser, where PKCE assumes an attacker can read it. The verifier
///   never leaves the client before the token request.
/// - **A signed but unencrypted cookie**: signing stops changes, not
///   reading; the verifier would be in every request the browser sends.
/// - **Reusing a record**: one per authorization request. The record is
///   spent in memory, but a stored copy is not: delete it (clear the
///   cookie, remove it from the session) when the response arrives, before
///   redeeming the code, so that the same response cannot be replayed.
/// - **One record per session**: a second sign-in in another tab then
///   overwrites the first. Keep several, found by the response's `state`:
///   [`PendingAuthorizations`](crate::client::PendingAuthorizations).
///
/// ```
/// # #[cfg(feature = "std")] {
/// use oauth_pkce::client::{CallbackParams, PendingAuthorization};
///
/// let mut pending = PendingAuthorization::builder("http://127.0.0.1:8400/callback")
///     .issuer("https://auth.example.com")
///     .build()?;
/// let mut url = url::Url::parse("https://auth.example.com/authorize")?;
/// url.query_pairs_mut() // percent-encodes each value
///     .extend_pairs([("response_type", "code"), ("client_id", "cli")])
///     .extend_pairs(pending.authorization_request().pairs());
/// # let state = pending.state().secret().to_owned();
///
/// // ... the browser comes back to the redirect URI with this query:
/// let query = format!("code=SplxlOBeZQQYbYS6WxSbIA&state={state}&iss=https%3A%2F%2Fauth.example.com");
/// let params = CallbackParams::from_query(&query)?;
/// let token = pending.validate_callback(&params)?;
/// // POST token.form(), plus client_id, to the token endpoint.
/// # assert!(url.as_str().contains("code_challenge_method=S256"));
/// # assert_eq!(token.code(), "SplxlOBeZQQYbYS6WxSbIA");
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct PendingAuthorization {
    pub(super) verifier: CodeVerifier,
    pub(super) challenge: CodeChallenge,
    pub(super) state: State,
    pub(super) redirect_uri: BoundedStr<REDIRECT_URI_MAX_LEN>,
    /// Empty when no issuer is expected.
    pub(super) issuer: BoundedStr<ISSUER_MAX_LEN>,
    pub(super) require_iss: bool,
    /// Seconds since the Unix epoch when it was made.
    pub(super) issued_at: u64,
    pub(super) expires_at: u64,
}

impl PendingAuthorization {
    /// The longest redirect URI a record holds: 512 bytes. Longer ones are
    /// refused with [`Error::RedirectUriTooLong`].
    pub const REDIRECT_URI_MAX_LEN: usize = REDIRECT_URI_MAX_LEN;

    /// The longest issuer identifier a record holds: 256 bytes. Longer ones
    /// are refused with [`Error::IssuerTooLong`].
    pub const ISSUER_MAX_LEN: usize = ISSUER_MAX_LEN;

    /// How long a record lasts unless told otherwise: 10 minutes, enough
    /// for a user to sign in and consent, and short enough that a forgotten
    /// tab does not keep a request open for good.
    pub const DEFAULT_LIFETIME_SECS: u64 = 600;

    /// The longest lifetime a record may have: a day. Longer ones are
    /// refused with [`Error::LifetimeOutOfRange`], and a stored record that
    /// claims one is refused when read back: no sign-in takes a day, and a
    /// record that lives for good is a request an attacker can answer for
    /// good.
    pub const LIFETIME_MAX_SECS: u64 = 86_400;

    /// Starts the settings of a record for an authorization request whose
    /// responses come back to `redirect_uri` (RFC 6749 §3.1.2): 1 to 512
    /// bytes of visible ASCII, the URI exactly as registered and as it will
    /// be sent, since the token request must repeat it (§4.1.3).
    ///
    /// See [`PendingAuthorization`] for an example.
    pub fn builder(redirect_uri: &str) -> PendingAuthorizationBuilder<'_> {
        PendingAuthorizationBuilder::new(redirect_uri)
    }

    /// The PKCE and `state` parameters of the authorization request, with
    /// the redirect URI (RFC 6749 §4.1.1, RFC 7636 §4.3).
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// let pending = oauth_pkce::client::PendingAuthorization::builder("https://app.example/cb").build()?;
    /// let request = pending.authorization_request();
    /// assert_eq!(request.code_challenge_method(), "S256");
    /// assert_eq!(request.code_challenge().len(), 43);
    /// assert_eq!(request.redirect_uri(), "https://app.example/cb");
    /// assert_eq!(request.pairs()[2].0, "state");
    /// # }
    /// # Ok::<(), oauth_pkce::client::Error>(())
    /// ```
    #[must_use]
    pub fn authorization_request(&self) -> AuthorizationRequest<'_> {
        AuthorizationRequest::new(self)
    }

    /// The `state` of this request, by which a client that has several in
    /// flight finds the one a response answers. A secret until the response
    /// comes back: read it only to send it.
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// let pending = oauth_pkce::client::PendingAuthorization::builder("https://app.example/cb").build()?;
    /// assert!(pending.state().matches(pending.authorization_request().state()));
    /// # }
    /// # Ok::<(), oauth_pkce::client::Error>(())
    /// ```
    #[must_use]
    pub fn state(&self) -> &State {
        &self.state
    }

    /// The redirect URI the request is sent with.
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// let pending = oauth_pkce::client::PendingAuthorization::builder("https://app.example/cb").build()?;
    /// assert_eq!(pending.redirect_uri(), "https://app.example/cb");
    /// # }
    /// # Ok::<(), oauth_pkce::client::Error>(())
    /// ```
    #[must_use]
    pub fn redirect_uri(&self) -> &str {
        self.redirect_uri.as_str()
    }

    /// The issuer the response must come from, if one was set.
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// use oauth_pkce::client::PendingAuthorization;
    /// let pending = PendingAuthorization::builder("https://app.example/cb").build()?;
    /// assert_eq!(pending.issuer(), None);
    /// # }
    /// # Ok::<(), oauth_pkce::client::Error>(())
    /// ```
    #[must_use]
    pub fn issuer(&self) -> Option<&str> {
        (!self.issuer.is_empty()).then(|| self.issuer.as_str())
    }

    /// When the record was made, in seconds since the Unix epoch: a
    /// response checked before this time, by a clock set back or with a
    /// record from the future, is refused.
    ///
    /// ```
    /// use rand::SeedableRng;
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7); // tests only: use `build()`
    /// let pending = oauth_pkce::client::PendingAuthorization::builder("https://app.example/cb")
    ///     .build_with(1_700_000_000, &mut rng)?;
    /// assert_eq!(pending.issued_at(), 1_700_000_000);
    /// # Ok::<(), oauth_pkce::client::Error>(())
    /// ```
    #[must_use]
    pub fn issued_at(&self) -> u64 {
        self.issued_at
    }

    /// When the record expires, in seconds since the Unix epoch: a response
    /// checked at or after this time is refused.
    ///
    /// See [`PendingAuthorizationBuilder`] for an example.
    #[must_use]
    pub fn expires_at(&self) -> u64 {
        self.expires_at
    }

    /// Checks the authorization response (RFC 6749 §4.1.2, §4.1.2.1,
    /// §10.12; RFC 9207 §2.4) at `now_unix_secs`, seconds since the Unix
    /// epoch.
    ///
    /// A response whose `state` is missing or not this request's leaves the
    /// record untouched and usable: it was not caused by this request, so
    /// it cannot end it, and the real response can still arrive (RFC 6749
    /// §10.12; a forged callback to a loopback redirect URI, RFC 8252 §8.3).
    /// Once the `state` matches, the record is spent, whatever the rest of
    /// the response says: the verifier moves into the token request (or is
    /// wiped with a refusal), the `state` is wiped, and any later call
    /// returns [`Error::AlreadyUsed`]. A record answers one response.
    ///
    /// The checks and their order, each with its reason, are those of
    /// the [`callback`](crate::client::callback) module: `state`, `iss`,
    /// time, `error`, `code`.
    ///
    /// An empty parameter counts as absent (RFC 6749 §3.1).
    ///
    /// See [`TokenRequest`] for an example.
    ///
    /// # Errors
    ///
    /// Without spending the record: [`Error::AlreadyUsed`],
    /// [`Error::MissingState`], [`Error::StateMismatch`]. Spending it:
    /// [`Error::IssuerMismatch`], [`Error::MissingIssuer`],
    /// [`Error::CheckedBeforeIssued`], [`Error::AuthorizationExpired`], [`Error::ErrorResponse`] (with the
    /// server's code), or [`Error::MissingCode`].
    #[inline(always)]
    pub fn validate_callback_at<'p>(
        &mut self,
        params: &'p CallbackParams<'_>,
        now_unix_secs: u64,
    ) -> Result<TokenRequest<'p>, Error> {
        // The verifier moves into the token request: `scrubbed`
        // overwrites the frames it moved through.
        scrubbed::<SCRUB_RECORD, _>(|| {
            if self.is_spent() {
                return Err(Error::AlreadyUsed);
            }
            callback::check_state(params, &self.state)?;
            // The response answers this request: from here on it is spent.
            let verifier = self.spend();
            let expected = Expected {
                issuer: self.issuer(),
                require_iss: self.require_iss,
                issued_at: self.issued_at,
                expires_at: self.expires_at,
            };
            let code = callback::check(params, &expected, now_unix_secs)?;
            Ok(TokenRequest::new(code, verifier, self.redirect_uri))
        })
    }

    /// Whether a response has already matched this record's `state`.
    pub(crate) fn is_spent(&self) -> bool {
        self.state.is_wiped()
    }

    /// Moves the verifier out, leaving an empty one in its place, and
    /// wipes the `state`: the record's secrets leave it or are gone.
    #[inline(always)]
    fn spend(&mut self) -> CodeVerifier {
        self.state.wipe();
        core::mem::replace(&mut self.verifier, CodeVerifier::empty())
    }

    /// The record, moved out of `self` secret by secret, leaving `self`
    /// spent: where it lay, no verifier or `state` byte is left, which a
    /// plain move (`Option::take`) would leave behind.
    #[inline(always)]
    pub(crate) fn take_out(&mut self) -> Self {
        Self {
            state: core::mem::replace(&mut self.state, State::empty()),
            verifier: core::mem::replace(&mut self.verifier, CodeVerifier::empty()),
            challenge: self.challenge.clone_secret(),
            redirect_uri: self.redirect_uri,
            issuer: self.issuer,
            require_iss: self.require_iss,
            issued_at: self.issued_at,
            expires_at: self.expires_at,
        }
    }

    /// Whether a stored record's times are those a builder could have
    /// made: it expires after it was made, and at most a day after.
    #[cfg(any(feature = "serde", feature = "seal"))]
    pub(crate) fn times_are_valid(issued_at: u64, expires_at: u64) -> bool {
        expires_at
            .checked_sub(issued_at)
            .is_some_and(|lifetime| (1..=Self::LIFETIME_MAX_SECS).contains(&lifetime))
    }

    with_system_clock! {
        /// [`validate_callback_at`](Self::validate_callback_at) now, by the
        /// system clock.
        ///
        /// See [`PendingAuthorization`] for an example.
        ///
        /// # Errors
        ///
        /// As [`validate_callback_at`](Self::validate_callback_at).
        #[inline(always)]
        pub fn validate_callback<'p>(
            &mut self,
            params: &'p CallbackParams<'_>,
        ) -> Result<TokenRequest<'p>, Error> {
            self.validate_callback_at(params, crate::client::clock::unix_now())
        }
    }
}

/// A record's fields as text, for a stored form to write and read back:
/// the sealed form (`record_bytes.rs`).
#[cfg(feature = "seal")]
pub(crate) struct RecordParts<'a> {
    /// Bytes, not text: reading a secret as `str` would check it for UTF-8
    /// a byte at a time, branching on it.
    pub(crate) verifier: &'a [u8],
    pub(crate) state: &'a [u8],
    pub(crate) redirect_uri: &'a str,
    pub(crate) issuer: Option<&'a str>,
    pub(crate) require_iss: bool,
    pub(crate) issued_at: u64,
    pub(crate) expires_at: u64,
}

#[cfg(feature = "seal")]
impl PendingAuthorization {
    /// The fields, secrets included, for a stored form.
    pub(crate) fn parts(&self) -> RecordParts<'_> {
        RecordParts {
            verifier: self.verifier.as_bytes(),
            state: self.state.as_bytes(),
            redirect_uri: self.redirect_uri.as_str(),
            issuer: self.issuer(),
            require_iss: self.require_iss,
            issued_at: self.issued_at,
            expires_at: self.expires_at,
        }
    }

    /// A record read back from a stored form, each field checked as making
    /// one does; `None` for any field that fails, with nothing of its value.
    pub(crate) fn from_parts(parts: &RecordParts<'_>) -> Option<Self> {
        if !Self::times_are_valid(parts.issued_at, parts.expires_at) {
            return None;
        }
        let verifier = CodeVerifier::parse(core::str::from_utf8(parts.verifier).ok()?).ok()?;
        let state = State::from_stored(core::str::from_utf8(parts.state).ok()?)?;
        let redirect_uri = BoundedStr::new(parts.redirect_uri).ok()?;
        let issuer = match parts.issuer {
            None if parts.require_iss => return None,
            None => BoundedStr::EMPTY,
            Some(issuer) => BoundedStr::new(issuer).ok()?,
        };
        Some(Self {
            challenge: verifier.challenge(),
            verifier,
            state,
            redirect_uri,
            issuer,
            require_iss: parts.require_iss,
            issued_at: parts.issued_at,
            expires_at: parts.expires_at,
        })
    }
}

// Its secrets, the verifier and the `state`, wipe themselves on drop.
impl zeroize::ZeroizeOnDrop for PendingAuthorization {}

impl fmt::Debug for PendingAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingAuthorization")
            .field("code_verifier", &self.verifier)
            .field("state", &self.state)
            .field("redirect_uri", &self.redirect_uri.as_str())
            .field("issuer", &self.issuer())
            .field("require_iss", &self.require_iss)
            .field("issued_at", &self.issued_at)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}
