//! The pending authorization: what a client keeps between sending the
//! browser to the authorization endpoint and receiving the response on its
//! redirect URI (RFC 6749 §4.1, RFC 7636 §4.1 to §4.5, RFC 9207).
//!
//! One record per authorization request, used once: it is made with a fresh
//! verifier and a fresh `state`, gives the authorization request's
//! parameters, and is consumed by the check of the response, which hands
//! over what the token request needs.

use core::fmt;

use crate::bounded::{BoundedStr, Refusal};
use crate::callback::{self, CallbackParams, Expected, TokenRequest};
use crate::ct::{SCRUB_RECORD, scrubbed};
#[cfg(any(feature = "std", feature = "wasm_js"))]
use crate::os_random;
use crate::{CodeChallenge, CodeVerifier, Error, Method, State};

/// The longest redirect URI a record holds, in bytes.
pub(crate) const REDIRECT_URI_MAX_LEN: usize = 512;

/// The longest issuer identifier a record holds, in bytes.
pub(crate) const ISSUER_MAX_LEN: usize = 256;

/// One authorization request in flight: its code verifier, `state`,
/// redirect URI, the issuer the response must come from, and when it
/// expires (RFC 6749 §4.1.1, RFC 7636 §4.1 to §4.3, RFC 9207 §2.4).
///
/// Make one per authorization request with [`PendingAuthorization::builder`],
/// send the browser to the authorization endpoint with the parameters of
/// [`authorization_request`](Self::authorization_request), keep the record
/// while the browser goes round the redirect, and give it the response's
/// parameters in [`validate_callback`](Self::validate_callback), which
/// consumes it and returns the code, verifier and redirect URI for the token
/// request, or the reason to refuse the response.
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
/// [`expose_for_storage`](Self::expose_for_storage) returns the wrapper
/// that does. Mistakes to avoid:
///
/// - **The verifier in `state`**: `state` travels in the URL through the
///   browser, where PKCE assumes an attacker can read it. The verifier
///   never leaves the client before the token request.
/// - **A signed but unencrypted cookie**: signing stops changes, not
///   reading; the verifier would be in every request the browser sends.
/// - **Reusing a record**: one per authorization request. The record is
///   consumed in memory, but a stored copy is not: delete it (clear the
///   cookie, remove it from the session) when the response arrives, before
///   redeeming the code, so that the same response cannot be replayed.
/// - **One record per session**: a second sign-in in another tab then
///   overwrites the first. Keep several, found by the response's `state`:
///   [`PendingAuthorizations`](crate::PendingAuthorizations).
///
/// ```
/// # #[cfg(feature = "std")] {
/// use oauth_pkce::{CallbackParams, PendingAuthorization};
///
/// let pending = PendingAuthorization::builder("http://127.0.0.1:8400/callback")
///     .issuer("https://auth.example.com")
///     .build()?;
/// let mut url = url::Url::parse("https://auth.example.com/authorize")?;
/// url.query_pairs_mut() // percent-encodes each value
///     .extend_pairs([("response_type", "code"), ("client_id", "cli")])
///     .extend_pairs(pending.authorization_request().pairs());
/// # let state = pending.state().secret().to_owned();
///
/// // ... the browser comes back to the redirect URI with this query:
/// let query = [("code", "SplxlOBeZQQYbYS6WxSbIA"), ("state", state.as_str()),
///              ("iss", "https://auth.example.com")];
/// let token = pending.validate_callback(&CallbackParams::from_pairs(query)?)?;
/// // POST token.form(), plus client_id, to the token endpoint.
/// # assert!(url.as_str().contains("code_challenge_method=S256"));
/// # assert_eq!(token.code(), "SplxlOBeZQQYbYS6WxSbIA");
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct PendingAuthorization {
    verifier: CodeVerifier,
    challenge: CodeChallenge,
    state: State,
    redirect_uri: BoundedStr<REDIRECT_URI_MAX_LEN>,
    /// Empty when no issuer is expected.
    issuer: BoundedStr<ISSUER_MAX_LEN>,
    require_iss: bool,
    expires_at: u64,
}

/// The settings of a [`PendingAuthorization`] before it is made: from
/// [`PendingAuthorization::builder`].
///
/// ```
/// use oauth_pkce::PendingAuthorization;
/// use rand::SeedableRng;
///
/// let mut rng = rand::rngs::StdRng::seed_from_u64(7); // tests only: use the OS RNG
/// let pending = PendingAuthorization::builder("https://app.example/cb")
///     .issuer_requiring_iss("https://auth.example.com")
///     .lifetime_secs(300)
///     .verifier_len(128)
///     .build_with(1_700_000_000, &mut rng)?;
/// assert_eq!(pending.expires_at(), 1_700_000_300);
/// # Ok::<(), oauth_pkce::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
#[must_use]
pub struct PendingAuthorizationBuilder<'a> {
    redirect_uri: &'a str,
    issuer: Option<&'a str>,
    require_iss: bool,
    lifetime_secs: u64,
    verifier_len: usize,
}

impl<'a> PendingAuthorizationBuilder<'a> {
    /// The issuer identifier of the authorization server the request goes
    /// to (RFC 8414 §2, `issuer` in its metadata). The response's `iss`,
    /// when present, must equal it exactly (RFC 9207 §2.4); a client that
    /// talks to more than one server should always set it, against mix-up
    /// attacks (RFC 9700 §4.4).
    ///
    /// See [`PendingAuthorizationBuilder`] for an example.
    pub fn issuer(mut self, issuer: &'a str) -> Self {
        self.issuer = Some(issuer);
        self.require_iss = false;
        self
    }

    /// As [`issuer`](Self::issuer), for a server whose metadata says
    /// `"authorization_response_iss_parameter_supported": true`: then a
    /// response without `iss` is refused too (RFC 9207 §2.4, §3).
    ///
    /// See [`PendingAuthorizationBuilder`] for an example.
    pub fn issuer_requiring_iss(mut self, issuer: &'a str) -> Self {
        self.issuer = Some(issuer);
        self.require_iss = true;
        self
    }

    /// How long the user has to complete the authorization, in seconds:
    /// [`PendingAuthorization::DEFAULT_LIFETIME_SECS`] unless set.
    ///
    /// See [`PendingAuthorizationBuilder`] for an example.
    pub fn lifetime_secs(mut self, secs: u64) -> Self {
        self.lifetime_secs = secs;
        self
    }

    /// The verifier's length, 43 (the default: 256 bits) to 128 characters
    /// (RFC 7636 §4.1).
    ///
    /// See [`PendingAuthorizationBuilder`] for an example.
    pub fn verifier_len(mut self, len: usize) -> Self {
        self.verifier_len = len;
        self
    }

    /// Checks the settings that do not need randomness, before any is
    /// drawn.
    fn check(&self) -> Result<Checked, Error> {
        let redirect_uri = BoundedStr::new(self.redirect_uri).map_err(|r| match r {
            Refusal::TooLong => Error::RedirectUriTooLong {
                len: self.redirect_uri.len(),
                max: REDIRECT_URI_MAX_LEN,
            },
            Refusal::Invalid => Error::RedirectUriInvalid,
        })?;
        let issuer = match self.issuer {
            None => BoundedStr::EMPTY,
            Some(issuer) => BoundedStr::new(issuer).map_err(|r| match r {
                Refusal::TooLong => Error::IssuerTooLong {
                    len: issuer.len(),
                    max: ISSUER_MAX_LEN,
                },
                Refusal::Invalid => Error::IssuerInvalid,
            })?,
        };
        if !(43..=128).contains(&self.verifier_len) {
            return Err(Error::LengthOutOfRange {
                len: self.verifier_len,
            });
        }
        Ok(Checked {
            redirect_uri,
            issuer,
        })
    }

    /// The verifier, from `rng`: the default length through the
    /// fixed-size path.
    fn verifier_with<R: rand::CryptoRng + ?Sized>(
        &self,
        rng: &mut R,
    ) -> Result<CodeVerifier, Error> {
        if self.verifier_len == 43 {
            Ok(CodeVerifier::generate_with(rng))
        } else {
            CodeVerifier::generate_len_with(self.verifier_len, rng)
        }
    }

    fn assemble(
        &self,
        checked: Checked,
        verifier: CodeVerifier,
        state: State,
        now_unix_secs: u64,
    ) -> PendingAuthorization {
        PendingAuthorization {
            challenge: verifier.challenge(),
            verifier,
            state,
            redirect_uri: checked.redirect_uri,
            issuer: checked.issuer,
            require_iss: self.require_iss,
            expires_at: now_unix_secs.saturating_add(self.lifetime_secs),
        }
    }

    /// Makes the record, with the verifier and `state` read straight from
    /// the operating system's CSPRNG and the current time from the system
    /// clock.
    ///
    /// See [`PendingAuthorization`] for an example.
    ///
    /// # Errors
    ///
    /// [`Error::RedirectUriTooLong`], [`Error::RedirectUriInvalid`],
    /// [`Error::IssuerTooLong`], [`Error::IssuerInvalid`],
    /// [`Error::LengthOutOfRange`] for a verifier length outside 43..=128,
    /// and [`Error::RngFailure`].
    // Not on wasm32-unknown-unknown, which has no clock `SystemTime` can
    // read: a browser app passes `Date.now() / 1000` to the `_at` forms.
    #[cfg(all(
        feature = "std",
        not(all(target_arch = "wasm32", target_os = "unknown"))
    ))]
    #[inline(always)]
    pub fn build(self) -> Result<PendingAuthorization, Error> {
        self.build_at(unix_now())
    }

    /// [`build`](Self::build), with the current time given by the caller,
    /// in seconds since the Unix epoch: for targets without a system clock
    /// and for tests.
    ///
    /// ```
    /// let pending = oauth_pkce::PendingAuthorization::builder("https://app.example/cb")
    ///     .build_at(1_700_000_000)?;
    /// assert_eq!(pending.expires_at(), 1_700_000_600);
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`build`](Self::build).
    #[cfg(any(feature = "std", feature = "wasm_js"))]
    #[inline(always)]
    pub fn build_at(self, now_unix_secs: u64) -> Result<PendingAuthorization, Error> {
        // A record is a value of about a kilobyte, moved from frame to
        // frame as it is made: `scrubbed` overwrites those frames after.
        scrubbed::<SCRUB_RECORD, _>(|| self.build_at_unscrubbed(now_unix_secs))
    }

    #[cfg(any(feature = "std", feature = "wasm_js"))]
    #[inline(always)]
    fn build_at_unscrubbed(self, now_unix_secs: u64) -> Result<PendingAuthorization, Error> {
        let checked = self.check()?;
        // The state's bytes and the verifier's in one read from the OS, not
        // two: the read is most of the cost of making a record, and it
        // grows with the bytes read, so no more are read than the two take
        // (Linux makes getrandom's output 64 bytes at a time: a 43-character
        // record reads 32 + 32, one such block). The state takes the first
        // 32, the verifier the rest, exactly as many as its length takes:
        // the two never share a byte.
        let verifier_bytes = CodeVerifier::random_bytes_for(self.verifier_len);
        let mut entropy = [0u8; STATE_ENTROPY + VERIFIER_ENTROPY_MAX];
        let result = match entropy.get_mut(..STATE_ENTROPY + verifier_bytes) {
            // `check` has refused a length whose bytes would not fit.
            None => Err(Error::LengthOutOfRange {
                len: self.verifier_len,
            }),
            Some(wanted) => os_random::fill(wanted).and_then(|()| {
                // Always `Some`: `wanted` is longer than the state's part.
                let Some((for_state, for_verifier)) =
                    wanted.split_first_chunk_mut::<STATE_ENTROPY>()
                else {
                    return Err(Error::RngFailure);
                };
                let verifier = CodeVerifier::from_random_bytes(self.verifier_len, for_verifier)?;
                Ok((verifier, State::from_entropy(for_state)))
            }),
        };
        crate::ct::secret::wipe(&mut entropy);
        let (verifier, state) = result?;
        Ok(self.assemble(checked, verifier, state, now_unix_secs))
    }

    /// Makes the record with the caller's cryptographically secure RNG and
    /// the current time in seconds since the Unix epoch: for `no_std`
    /// targets and deterministic tests.
    ///
    /// See [`PendingAuthorizationBuilder`] for an example.
    ///
    /// # Errors
    ///
    /// As [`build`](Self::build), except [`Error::RngFailure`].
    #[inline(always)]
    pub fn build_with<R: rand::CryptoRng + ?Sized>(
        self,
        now_unix_secs: u64,
        rng: &mut R,
    ) -> Result<PendingAuthorization, Error> {
        scrubbed::<SCRUB_RECORD, _>(|| {
            let checked = self.check()?;
            let verifier = self.verifier_with(rng)?;
            let state = State::generate_with(rng);
            Ok(self.assemble(checked, verifier, state, now_unix_secs))
        })
    }
}

/// The random bytes of the longest verifier: 96, which encode to 128
/// characters (RFC 7636 §4.1).
#[cfg(any(feature = "std", feature = "wasm_js"))]
const VERIFIER_ENTROPY_MAX: usize = crate::verifier::MAX_ENTROPY_BYTES;

/// The random bytes of a `state`.
#[cfg(any(feature = "std", feature = "wasm_js"))]
const STATE_ENTROPY: usize = crate::state::ENTROPY_BYTES;

/// The builder's text settings, checked.
struct Checked {
    redirect_uri: BoundedStr<REDIRECT_URI_MAX_LEN>,
    issuer: BoundedStr<ISSUER_MAX_LEN>,
}

/// Seconds since the Unix epoch by the system clock; 0 for a clock set
/// before 1970, which makes every record already old rather than a panic.
// Not on wasm32-unknown-unknown, which has no clock `SystemTime` can
// read: a browser app passes `Date.now() / 1000` to the `_at` forms.
#[cfg(all(
    feature = "std",
    not(all(target_arch = "wasm32", target_os = "unknown"))
))]
pub(crate) fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
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

    /// Starts the settings of a record for an authorization request whose
    /// responses come back to `redirect_uri` (RFC 6749 §3.1.2): 1 to 512
    /// bytes of visible ASCII, the URI exactly as registered and as it will
    /// be sent, since the token request must repeat it (§4.1.3).
    ///
    /// See [`PendingAuthorization`] for an example.
    pub fn builder(redirect_uri: &str) -> PendingAuthorizationBuilder<'_> {
        PendingAuthorizationBuilder {
            redirect_uri,
            issuer: None,
            require_iss: false,
            lifetime_secs: Self::DEFAULT_LIFETIME_SECS,
            verifier_len: 43,
        }
    }

    /// The PKCE and `state` parameters of the authorization request, with
    /// the redirect URI (RFC 6749 §4.1.1, RFC 7636 §4.3).
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// let pending = oauth_pkce::PendingAuthorization::builder("https://app.example/cb").build()?;
    /// let request = pending.authorization_request();
    /// assert_eq!(request.code_challenge_method(), "S256");
    /// assert_eq!(request.code_challenge().len(), 43);
    /// assert_eq!(request.redirect_uri(), "https://app.example/cb");
    /// assert_eq!(request.pairs()[2].0, "state");
    /// # }
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    #[must_use]
    pub fn authorization_request(&self) -> AuthorizationRequest<'_> {
        AuthorizationRequest { pending: self }
    }

    /// The `state` of this request, by which a client that has several in
    /// flight finds the one a response answers. A secret until the response
    /// comes back: read it only to send it.
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// let pending = oauth_pkce::PendingAuthorization::builder("https://app.example/cb").build()?;
    /// assert!(pending.state().matches(pending.authorization_request().state()));
    /// # }
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    #[must_use]
    pub fn state(&self) -> &State {
        &self.state
    }

    /// The redirect URI the request is sent with.
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// let pending = oauth_pkce::PendingAuthorization::builder("https://app.example/cb").build()?;
    /// assert_eq!(pending.redirect_uri(), "https://app.example/cb");
    /// # }
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    #[must_use]
    pub fn redirect_uri(&self) -> &str {
        self.redirect_uri.as_str()
    }

    /// The issuer the response must come from, if one was set.
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// use oauth_pkce::PendingAuthorization;
    /// let pending = PendingAuthorization::builder("https://app.example/cb").build()?;
    /// assert_eq!(pending.issuer(), None);
    /// # }
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    #[must_use]
    pub fn issuer(&self) -> Option<&str> {
        (!self.issuer.is_empty()).then(|| self.issuer.as_str())
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
    /// epoch, and consumes the record either way: a record answers one
    /// response.
    ///
    /// The checks, in this order, each for a reason:
    ///
    /// 1. **`state`** (RFC 6749 §10.12, RFC 9700 §4.7.1), in constant
    ///    time. A response whose `state` is not this request's was not
    ///    caused by it: nothing else in it is trusted, not even an error,
    ///    which an attacker could forge to end a victim's sign-in.
    /// 2. **`iss`** (RFC 9207 §2.4), when an issuer is set: the response
    ///    must come from the server the request went to, or it is a mix-up
    ///    attack (RFC 9700 §4.4). Before `error`, because RFC 9207 puts
    ///    `iss` in error responses too, so that a client does not act on
    ///    another server's error.
    /// 3. **Expiry**: a response to a request older than its lifetime is
    ///    refused, whatever it says.
    /// 4. **`error`** (RFC 6749 §4.1.2.1): the server refused. A response
    ///    with both `error` and `code` is taken as the error; its code is
    ///    never redeemed.
    /// 5. **`code`** (RFC 6749 §4.1.2): absent or empty, there is nothing
    ///    to redeem.
    ///
    /// An empty parameter counts as absent (RFC 6749 §3.1).
    ///
    /// See [`TokenRequest`] for an example.
    ///
    /// # Errors
    ///
    /// [`Error::MissingState`], [`Error::StateMismatch`],
    /// [`Error::IssuerMismatch`], [`Error::MissingIssuer`],
    /// [`Error::AuthorizationExpired`], [`Error::ErrorResponse`] (with the
    /// server's RFC 6749 §4.1.2.1 code), [`Error::ExtensionErrorResponse`]
    /// (another code: read it from [`CallbackParams::error`]), or
    /// [`Error::MissingCode`].
    #[inline(always)]
    pub fn validate_callback_at<'q>(
        self,
        params: &CallbackParams<'q>,
        now_unix_secs: u64,
    ) -> Result<TokenRequest<'q>, Error> {
        // The record's parts move into the token request: `scrubbed`
        // overwrites the frames they moved through.
        scrubbed::<SCRUB_RECORD, _>(|| {
            let Self {
                verifier,
                challenge: _,
                state,
                redirect_uri,
                issuer,
                require_iss,
                expires_at,
            } = self;
            let expected = Expected {
                state: &state,
                issuer: (!issuer.is_empty()).then(|| issuer.as_str()),
                require_iss,
                expires_at,
            };
            let code = callback::check(params, &expected, now_unix_secs)?;
            Ok(TokenRequest::new(code, verifier, redirect_uri))
        })
    }

    /// [`validate_callback_at`](Self::validate_callback_at) now, by the
    /// system clock.
    ///
    /// See [`PendingAuthorization`] for an example.
    ///
    /// # Errors
    ///
    /// As [`validate_callback_at`](Self::validate_callback_at).
    // Not on wasm32-unknown-unknown, which has no clock `SystemTime` can
    // read: a browser app passes `Date.now() / 1000` to the `_at` forms.
    #[cfg(all(
        feature = "std",
        not(all(target_arch = "wasm32", target_os = "unknown"))
    ))]
    #[inline(always)]
    pub fn validate_callback<'q>(
        self,
        params: &CallbackParams<'q>,
    ) -> Result<TokenRequest<'q>, Error> {
        self.validate_callback_at(params, unix_now())
    }
}

/// A record's fields as text, for a stored form to write and read back:
/// the sealed form (`client::record_bytes`).
#[cfg(feature = "seal")]
pub(crate) struct RecordParts<'a> {
    pub(crate) verifier: &'a str,
    pub(crate) state: &'a str,
    pub(crate) redirect_uri: &'a str,
    pub(crate) issuer: Option<&'a str>,
    pub(crate) require_iss: bool,
    pub(crate) expires_at: u64,
}

#[cfg(feature = "seal")]
impl PendingAuthorization {
    /// The fields, secrets included, for a stored form.
    pub(crate) fn parts(&self) -> RecordParts<'_> {
        RecordParts {
            verifier: self.verifier.secret(),
            state: self.state.secret(),
            redirect_uri: self.redirect_uri.as_str(),
            issuer: self.issuer(),
            require_iss: self.require_iss,
            expires_at: self.expires_at,
        }
    }

    /// A record read back from a stored form, each field checked as making
    /// one does; `None` for any field that fails, with nothing of its value.
    pub(crate) fn from_parts(parts: &RecordParts<'_>) -> Option<Self> {
        let verifier = CodeVerifier::parse(parts.verifier).ok()?;
        let state = State::from_stored(parts.state)?;
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
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

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

#[cfg(feature = "serde")]
pub use storage::PendingAuthorizationForStorage;

/// Storage across the redirect (feature `serde`): an explicit opt-in to
/// serialize, and a validating `Deserialize`.
#[cfg(feature = "serde")]
mod storage {
    use core::fmt;

    use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde::ser::{Serialize, SerializeStruct, Serializer};

    use core::cell::Cell;

    use super::{ISSUER_MAX_LEN, PendingAuthorization, REDIRECT_URI_MAX_LEN};
    use crate::bounded::BoundedStr;
    use crate::ct::secret::wipe;
    use crate::serialization::{once, refuse, without_echo};
    use crate::{CodeVerifier, Error, State};

    /// A [`PendingAuthorization`] opened for storage: the one type that
    /// serializes it, secrets included (feature `serde`). Made only by
    /// [`PendingAuthorization::expose_for_storage`], so that serializing the
    /// verifier and `state` is always a line someone wrote on purpose, as
    /// with `secrecy`'s `ExposeSecret`.
    ///
    /// The form is a map: `code_verifier`, `state`, `redirect_uri`,
    /// `issuer` (a string or null), `require_iss` and `expires_at` (seconds
    /// since the Unix epoch). Store it only where the client alone can read
    /// it: a server-side session, an encrypted (not merely signed) cookie,
    /// the OS keychain.
    ///
    /// ```
    /// use oauth_pkce::PendingAuthorization;
    /// use rand::SeedableRng;
    ///
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7); // tests only
    /// let pending = PendingAuthorization::builder("https://app.example/cb")
    ///     .build_with(1_700_000_000, &mut rng)?;
    /// let stored = serde_json::to_string(&pending.expose_for_storage()).unwrap();
    /// // ... the redirect ...
    /// let restored: PendingAuthorization = serde_json::from_str(&stored).unwrap();
    /// assert_eq!(restored.redirect_uri(), "https://app.example/cb");
    /// assert!(restored.state().matches(pending.state().secret()));
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    pub struct PendingAuthorizationForStorage<'a> {
        pending: &'a PendingAuthorization,
    }

    impl fmt::Debug for PendingAuthorizationForStorage<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_tuple("PendingAuthorizationForStorage")
                .field(self.pending)
                .finish()
        }
    }

    impl PendingAuthorization {
        /// Opens the record for serialization into the client's own
        /// storage: see [`PendingAuthorizationForStorage`] (feature
        /// `serde`). Deserializing needs no such step: `Deserialize` on
        /// `PendingAuthorization` validates every field.
        ///
        /// See [`PendingAuthorizationForStorage`] for an example.
        #[must_use]
        pub fn expose_for_storage(&self) -> PendingAuthorizationForStorage<'_> {
            PendingAuthorizationForStorage { pending: self }
        }
    }

    const FIELDS: &[&str] = &[
        "code_verifier",
        "state",
        "redirect_uri",
        "issuer",
        "require_iss",
        "expires_at",
    ];

    impl Serialize for PendingAuthorizationForStorage<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let p = self.pending;
            let mut s = serializer.serialize_struct("PendingAuthorization", FIELDS.len())?;
            s.serialize_field("code_verifier", p.verifier.secret())?;
            s.serialize_field("state", p.state.secret())?;
            s.serialize_field("redirect_uri", p.redirect_uri.as_str())?;
            s.serialize_field("issuer", &p.issuer())?;
            s.serialize_field("require_iss", &p.require_iss)?;
            s.serialize_field("expires_at", &p.expires_at)?;
            s.end()
        }
    }

    /// A field's characters, held on the stack until the fields are
    /// checked together, and wiped on drop: two of them are secrets. Longer
    /// than `N` is refused at once, with nothing of the value in the error.
    struct Raw<const N: usize> {
        bytes: [u8; N],
        len: usize,
    }

    impl<const N: usize> Raw<N> {
        fn as_str(&self) -> &str {
            // Copied from a `&str` whole, so this never falls back.
            core::str::from_utf8(self.bytes.get(..self.len).unwrap_or_default()).unwrap_or_default()
        }
    }

    impl<const N: usize> Drop for Raw<N> {
        fn drop(&mut self) {
            wipe(&mut self.bytes);
        }
    }

    impl<'de, const N: usize> Deserialize<'de> for Raw<N> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct V<const N: usize>;
            impl<const N: usize> Visitor<'_> for V<N> {
                type Value = Raw<N>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    write!(f, "a string of at most {N} bytes")
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw<N>, E> {
                    let mut raw = Raw {
                        bytes: [0u8; N],
                        len: v.len(),
                    };
                    let Some(dst) = raw.bytes.get_mut(..v.len()) else {
                        return Err(E::invalid_length(v.len(), &self));
                    };
                    dst.copy_from_slice(v.as_bytes());
                    Ok(raw)
                }
            }
            deserializer.deserialize_str(V::<N>)
        }
    }

    enum Field {
        Verifier,
        State,
        RedirectUri,
        Issuer,
        RequireIss,
        ExpiresAt,
    }

    impl<'de> Deserialize<'de> for Field {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct V;
            impl Visitor<'_> for V {
                type Value = Field;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a field of a stored pending authorization")
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
                    match v {
                        "code_verifier" => Ok(Field::Verifier),
                        "state" => Ok(Field::State),
                        "redirect_uri" => Ok(Field::RedirectUri),
                        "issuer" => Ok(Field::Issuer),
                        "require_iss" => Ok(Field::RequireIss),
                        "expires_at" => Ok(Field::ExpiresAt),
                        _ => Err(E::unknown_field(v, FIELDS)),
                    }
                }
            }
            deserializer.deserialize_identifier(V)
        }
    }

    /// The fields as read, before they are checked together.
    struct Parts {
        verifier: Raw<128>,
        state: Raw<43>,
        redirect_uri: Raw<REDIRECT_URI_MAX_LEN>,
        issuer: Option<Raw<ISSUER_MAX_LEN>>,
        require_iss: bool,
        expires_at: u64,
    }

    impl Parts {
        /// Checks every field as making a record does. A refusal of this
        /// crate's own is recorded in `ours`, so that its message (lengths,
        /// never values) is the one returned.
        fn build<E: de::Error>(
            self,
            ours: &Cell<Option<Error>>,
        ) -> Result<PendingAuthorization, E> {
            let verifier =
                CodeVerifier::parse(self.verifier.as_str()).map_err(|e| refuse(ours, e))?;
            let state = State::from_stored(self.state.as_str())
                .ok_or_else(|| E::custom("state is not 43 base64url characters"))?;
            let redirect_uri = BoundedStr::new(self.redirect_uri.as_str())
                .map_err(|_| refuse(ours, Error::RedirectUriInvalid))?;
            let issuer = match &self.issuer {
                None if self.require_iss => {
                    return Err(E::custom("require_iss is set without an issuer"));
                }
                None => BoundedStr::EMPTY,
                Some(issuer) => BoundedStr::new(issuer.as_str())
                    .map_err(|_| refuse(ours, Error::IssuerInvalid))?,
            };
            Ok(PendingAuthorization {
                challenge: verifier.challenge(),
                verifier,
                state,
                redirect_uri,
                issuer,
                require_iss: self.require_iss,
                expires_at: self.expires_at,
            })
        }
    }

    struct RecordVisitor<'c> {
        ours: &'c Cell<Option<Error>>,
    }

    impl<'de> Visitor<'de> for RecordVisitor<'_> {
        type Value = PendingAuthorization;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a stored pending authorization")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut verifier = None;
            let mut state = None;
            let mut redirect_uri = None;
            let mut issuer: Option<Option<Raw<ISSUER_MAX_LEN>>> = None;
            let mut require_iss = None;
            let mut expires_at = None;
            while let Some(field) = map.next_key()? {
                match field {
                    Field::Verifier => once(&mut map, &mut verifier, "code_verifier")?,
                    Field::State => once(&mut map, &mut state, "state")?,
                    Field::RedirectUri => once(&mut map, &mut redirect_uri, "redirect_uri")?,
                    Field::Issuer => once(&mut map, &mut issuer, "issuer")?,
                    Field::RequireIss => once(&mut map, &mut require_iss, "require_iss")?,
                    Field::ExpiresAt => once(&mut map, &mut expires_at, "expires_at")?,
                }
            }
            Parts {
                verifier: verifier.ok_or_else(|| de::Error::missing_field("code_verifier"))?,
                state: state.ok_or_else(|| de::Error::missing_field("state"))?,
                redirect_uri: redirect_uri
                    .ok_or_else(|| de::Error::missing_field("redirect_uri"))?,
                issuer: issuer.ok_or_else(|| de::Error::missing_field("issuer"))?,
                require_iss: require_iss.ok_or_else(|| de::Error::missing_field("require_iss"))?,
                expires_at: expires_at.ok_or_else(|| de::Error::missing_field("expires_at"))?,
            }
            .build(self.ours)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            fn next<'de, A: SeqAccess<'de>, T: Deserialize<'de>>(
                seq: &mut A,
                index: usize,
            ) -> Result<T, A::Error> {
                seq.next_element()?
                    .ok_or_else(|| de::Error::invalid_length(index, &"6 fields"))
            }
            let parts = Parts {
                verifier: next(&mut seq, 0)?,
                state: next(&mut seq, 1)?,
                redirect_uri: next(&mut seq, 2)?,
                issuer: next(&mut seq, 3)?,
                require_iss: next(&mut seq, 4)?,
                expires_at: next(&mut seq, 5)?,
            };
            if seq.next_element::<de::IgnoredAny>()?.is_some() {
                return Err(de::Error::invalid_length(7, &"6 fields"));
            }
            parts.build(self.ours)
        }
    }

    impl<'de> Deserialize<'de> for PendingAuthorization {
        /// Reads a record stored through
        /// [`expose_for_storage`](PendingAuthorization::expose_for_storage),
        /// checking every field as making one does: the verifier by
        /// RFC 7636 §4.1, the `state` as 43 base64url characters, the
        /// redirect URI and issuer by their limits. Unknown and repeated
        /// fields are refused; nothing is allocated. A refusal's message is
        /// this crate's own (lengths and offsets, never a value) or one
        /// fixed text, never the format's, which could quote the input.
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            without_echo(
                deserializer,
                "not a stored pending authorization",
                |deserializer, ours| {
                    deserializer.deserialize_struct(
                        "PendingAuthorization",
                        FIELDS,
                        RecordVisitor { ours },
                    )
                },
            )
        }
    }
}
