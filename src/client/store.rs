//! Several authorization requests in flight at once, each found by the
//! `state` of its response (RFC 6749 §10.12), so that a second sign-in does
//! not overwrite the first.

use core::fmt;

use subtle::Choice;

use crate::client::clock::with_system_clock;
use crate::client::{CallbackParams, Error, PendingAuthorization, TokenRequest};
use crate::ct;
use crate::params::present;

/// Up to `N` [`PendingAuthorization`]s, found by the `state` of the
/// response each one answers: a user who starts two sign-ins, in two tabs or
/// one after giving up on the other, can complete them in either order.
///
/// Fixed capacity, inline, no allocation, `no_std`. Finding a record
/// compares the response's `state` with every stored one in full, in
/// constant time, whichever matches or whether any does: how long it takes
/// depends on `N` and on how many records are stored, never on how much of
/// the received `state` agrees with a stored one. Which record matched
/// becomes public, as it must, once it is taken.
///
/// ```
/// use oauth_pkce::client::{CallbackParams, Error, PendingAuthorization, PendingAuthorizations};
/// use rand::SeedableRng;
///
/// let mut rng = rand::rngs::StdRng::seed_from_u64(7); // tests only: use the OS RNG
/// let now = 1_700_000_000;
/// let mut pending = PendingAuthorizations::<4>::new();
/// let first = PendingAuthorization::builder("http://127.0.0.1:8400/cb").build_with(now, &mut rng)?;
/// let second = PendingAuthorization::builder("http://127.0.0.1:8400/cb").build_with(now, &mut rng)?;
/// let (state_1, state_2) = (first.state().secret().to_owned(), second.state().secret().to_owned());
/// assert!(pending.insert(first).is_none()); // None: stored, nothing evicted
/// assert!(pending.insert(second).is_none());
///
/// // The second one's response arrives first.
/// let params = CallbackParams::from_pairs([("code", "c2"), ("state", state_2.as_str())])?;
/// assert_eq!(pending.validate_callback_at(&params, now + 5)?.code(), "c2");
/// let params = CallbackParams::from_pairs([("code", "c1"), ("state", state_1.as_str())])?;
/// assert_eq!(pending.validate_callback_at(&params, now + 9)?.code(), "c1");
///
/// // Each was used once.
/// assert_eq!(pending.validate_callback_at(&params, now + 9).unwrap_err(), Error::StateMismatch);
/// assert!(pending.is_empty());
/// # Ok::<(), oauth_pkce::client::Error>(())
/// ```
pub struct PendingAuthorizations<const N: usize> {
    slots: [Option<PendingAuthorization>; N],
}

impl<const N: usize> PendingAuthorizations<N> {
    /// An empty store. A store of no records is refused when the program
    /// is built, since it could keep none of those given to it:
    ///
    /// ```compile_fail
    /// let store = oauth_pkce::client::PendingAuthorizations::<0>::new();
    /// ```
    ///
    /// See [`PendingAuthorizations`] for an example.
    #[must_use]
    pub fn new() -> Self {
        Self {
            slots: {
                // A store of no records would drop every one it is given.
                const { assert!(N > 0, "PendingAuthorizations::<0> cannot keep a record") };
                [const { None }; N]
            },
        }
    }

    /// How many records are stored.
    ///
    /// ```
    /// assert_eq!(oauth_pkce::client::PendingAuthorizations::<2>::new().len(), 0);
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.slots.iter().filter(|s| s.is_some()).count()
    }

    /// Whether no record is stored.
    ///
    /// ```
    /// assert!(oauth_pkce::client::PendingAuthorizations::<2>::new().is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.slots.iter().all(Option::is_none)
    }

    /// Stores `record`. When the store is full, the record that expires
    /// first makes room and is returned, so that the caller knows that
    /// sign-in can no longer complete; otherwise `None`.
    ///
    /// ```
    /// use oauth_pkce::client::{PendingAuthorization, PendingAuthorizations};
    /// use rand::SeedableRng;
    ///
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7); // tests only
    /// let mut store = PendingAuthorizations::<1>::new();
    /// let old = PendingAuthorization::builder("https://app.example/cb").build_with(100, &mut rng)?;
    /// let new = PendingAuthorization::builder("https://app.example/cb").build_with(200, &mut rng)?;
    /// assert!(store.insert(old).is_none());
    /// assert_eq!(store.insert(new).map(|r| r.expires_at()), Some(700));
    /// # Ok::<(), oauth_pkce::client::Error>(())
    /// ```
    #[must_use = "a record returned was evicted: that sign-in can no longer complete"]
    pub fn insert(&mut self, record: PendingAuthorization) -> Option<PendingAuthorization> {
        if let Some(free) = self.slots.iter_mut().find(|s| s.is_none()) {
            *free = Some(record);
            return None;
        }
        let oldest = self
            .slots
            .iter_mut()
            .min_by_key(|s| s.as_ref().map_or(0, PendingAuthorization::expires_at))?;
        oldest.replace(record)
    }

    /// Drops every record that has expired at `now_unix_secs`, wiping its
    /// secrets, and returns how many.
    ///
    /// ```
    /// use oauth_pkce::client::{PendingAuthorization, PendingAuthorizations};
    /// use rand::SeedableRng;
    ///
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7); // tests only
    /// let mut store = PendingAuthorizations::<2>::new();
    /// let record = PendingAuthorization::builder("https://app.example/cb").build_with(0, &mut rng)?;
    /// assert!(store.insert(record).is_none());
    /// assert_eq!(store.remove_expired(599), 0);
    /// assert_eq!(store.remove_expired(600), 1);
    /// # Ok::<(), oauth_pkce::client::Error>(())
    /// ```
    pub fn remove_expired(&mut self, now_unix_secs: u64) -> usize {
        let mut removed = 0;
        for slot in &mut self.slots {
            if slot
                .as_ref()
                .is_some_and(|r| now_unix_secs >= r.expires_at())
            {
                *slot = None;
                removed += 1;
            }
        }
        removed
    }

    /// Takes out the record whose `state` is `state`, if any.
    ///
    /// Every stored `state` is compared in full, in constant time, before
    /// anything is decided; only then is it made public which slot, if any,
    /// matched.
    ///
    /// ```
    /// use oauth_pkce::client::{PendingAuthorization, PendingAuthorizations};
    /// use rand::SeedableRng;
    ///
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7); // tests only
    /// let mut store = PendingAuthorizations::<2>::new();
    /// let record = PendingAuthorization::builder("https://app.example/cb").build_with(0, &mut rng)?;
    /// let state = record.state().secret().to_owned();
    /// assert!(store.insert(record).is_none());
    /// assert!(store.take("not-it").is_none());
    /// assert!(store.take(&state).is_some());
    /// assert!(store.take(&state).is_none());
    /// # Ok::<(), oauth_pkce::client::Error>(())
    /// ```
    pub fn take(&mut self, state: &str) -> Option<PendingAuthorization> {
        // First every comparison, in full, whatever the outcomes.
        let mut hits = [Choice::from(0); N];
        for (hit, slot) in hits.iter_mut().zip(&self.slots) {
            // Whether a slot is occupied is public; its `state` is not.
            if let Some(record) = slot {
                *hit = record.state().ct_matches(state);
            }
        }
        // Then which slot matched, if any, becomes public: the caller
        // learns it anyway from the record it gets.
        let index = hits.iter().position(|&hit| ct::declassify(hit))?;
        self.slots.get_mut(index)?.take()
    }

    /// Finds the record the response answers by its `state`, takes it out,
    /// and checks the response with it
    /// ([`PendingAuthorization::validate_callback_at`]). Whatever the
    /// outcome, that record is gone; the others stay.
    ///
    /// See [`PendingAuthorizations`] for an example.
    ///
    /// # Errors
    ///
    /// [`Error::MissingState`] when the response has no `state`,
    /// [`Error::StateMismatch`] when no record has it, and otherwise those
    /// of [`PendingAuthorization::validate_callback_at`].
    pub fn validate_callback_at<'q>(
        &mut self,
        params: &CallbackParams<'q>,
        now_unix_secs: u64,
    ) -> Result<TokenRequest<'q>, Error> {
        let state = present(params.state()).ok_or(Error::MissingState)?;
        let record = self.take(state).ok_or(Error::StateMismatch)?;
        record.validate_callback_at(params, now_unix_secs)
    }

    with_system_clock! {
        /// [`validate_callback_at`](Self::validate_callback_at) now, by the
        /// system clock.
        ///
        /// See [`PendingAuthorizations`] for an example.
        ///
        /// # Errors
        ///
        /// As [`validate_callback_at`](Self::validate_callback_at).
        pub fn validate_callback<'q>(
            &mut self,
            params: &CallbackParams<'q>,
        ) -> Result<TokenRequest<'q>, Error> {
            self.validate_callback_at(params, crate::client::clock::unix_now())
        }
    }
}

impl<const N: usize> Default for PendingAuthorizations<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> fmt::Debug for PendingAuthorizations<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.slots.iter().flatten()).finish()
    }
}
