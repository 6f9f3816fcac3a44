//! The settings of a pending authorization before it is made, and the
//! making: the record's secrets drawn, its text settings checked.

use crate::CodeVerifier;
use crate::client::bounded::{BoundedStr, ISSUER_MAX_LEN, REDIRECT_URI_MAX_LEN, Refusal};
use crate::client::clock::with_system_clock;
use crate::client::{Error, PendingAuthorization, State};
use crate::ct::{SCRUB_RECORD, scrubbed};
#[cfg(any(feature = "std", feature = "wasm_js"))]
use crate::os_random;

/// The settings of a [`PendingAuthorization`] before it is made: from
/// [`PendingAuthorization::builder`].
///
/// ```
/// use oauth_pkce::client::PendingAuthorization;
/// use rand::SeedableRng;
///
/// let mut rng = rand::rngs::StdRng::seed_from_u64(7); // tests only: use the OS RNG
/// let pending = PendingAuthorization::builder("https://app.example/cb")
///     .issuer_requiring_iss("https://auth.example.com")
///     .lifetime_secs(300)
///     .verifier_len(128)
///     .build_with(1_700_000_000, &mut rng)?;
/// assert_eq!(pending.expires_at(), 1_700_000_300);
/// # Ok::<(), oauth_pkce::client::Error>(())
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
    /// The defaults, for [`PendingAuthorization::builder`].
    pub(super) const fn new(redirect_uri: &'a str) -> Self {
        Self {
            redirect_uri,
            issuer: None,
            require_iss: false,
            lifetime_secs: PendingAuthorization::DEFAULT_LIFETIME_SECS,
            verifier_len: 43,
        }
    }

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
    /// [`PendingAuthorization::DEFAULT_LIFETIME_SECS`] unless set; 1 to
    /// [`PendingAuthorization::LIFETIME_MAX_SECS`] (a day), or making the
    /// record fails with [`Error::LifetimeOutOfRange`].
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
    fn check(&self) -> Result<TextSettings, Error> {
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
        if !(1..=PendingAuthorization::LIFETIME_MAX_SECS).contains(&self.lifetime_secs) {
            return Err(Error::LifetimeOutOfRange {
                secs: self.lifetime_secs,
                max: PendingAuthorization::LIFETIME_MAX_SECS,
            });
        }
        if !(43..=128).contains(&self.verifier_len) {
            return Err(Error::Pkce(crate::Error::LengthOutOfRange {
                len: self.verifier_len,
            }));
        }
        Ok(TextSettings {
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
            Ok(CodeVerifier::generate_len_with(self.verifier_len, rng)?)
        }
    }

    fn assemble(
        &self,
        checked: TextSettings,
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
            issued_at: now_unix_secs,
            expires_at: now_unix_secs.saturating_add(self.lifetime_secs),
        }
    }

    with_system_clock! {
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
        /// [`Error::LifetimeOutOfRange`],
        /// and [`Error::Pkce`] with [`crate::Error::LengthOutOfRange`] for a
        /// verifier length outside 43..=128 or [`crate::Error::RngFailure`].
        #[inline(always)]
        pub fn build(self) -> Result<PendingAuthorization, Error> {
            self.build_at(crate::client::clock::unix_now())
        }
    }

    /// [`build`](Self::build), with the current time given by the caller,
    /// in seconds since the Unix epoch: for targets without a system clock
    /// and for tests.
    ///
    /// ```
    /// let pending = oauth_pkce::client::PendingAuthorization::builder("https://app.example/cb")
    ///     .build_at(1_700_000_000)?;
    /// assert_eq!(pending.expires_at(), 1_700_000_600);
    /// # Ok::<(), oauth_pkce::client::Error>(())
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
            None => Err(crate::Error::LengthOutOfRange {
                len: self.verifier_len,
            }),
            Some(wanted) => os_random::fill(wanted).and_then(|()| {
                // Always `Some`: `wanted` is longer than the state's part.
                let Some((for_state, for_verifier)) =
                    wanted.split_first_chunk_mut::<STATE_ENTROPY>()
                else {
                    return Err(crate::Error::RngFailure);
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
    /// As [`build`](Self::build), except [`crate::Error::RngFailure`].
    #[inline(always)]
    pub fn build_with<R: rand::CryptoRng + ?Sized>(
        self,
        now_unix_secs: u64,
        rng: &mut R,
    ) -> Result<PendingAuthorization, Error> {
        scrubbed::<SCRUB_RECORD, _>(|| {
            let checked = self.check()?;
            let verifier = self.verifier_with(rng)?;
            // Unscrubbed: this call's own scrub covers its frames.
            let state = State::from_rng(rng);
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
const STATE_ENTROPY: usize = crate::client::state::ENTROPY_BYTES;

/// The builder's text settings, checked.
struct TextSettings {
    redirect_uri: BoundedStr<REDIRECT_URI_MAX_LEN>,
    issuer: BoundedStr<ISSUER_MAX_LEN>,
}
