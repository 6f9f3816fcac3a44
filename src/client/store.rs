//! Several authorization requests in flight at once, each found by the
//! `state` of its response (RFC 6749 §10.12), so that a second sign-in does
//! not overwrite the first.

use core::fmt;

use subtle::Choice;

use crate::client::clock::with_system_clock;
use crate::client::{CallbackParams, Error, PendingAuthorization, TokenRequest};
use crate::ct::{self, SCRUB_RECORD, scrubbed};
use crate::params::present;

/// Up to `N` [`PendingAuthorization`]s, found by the `state` of the
/// response each one answers: a user who starts two sign-ins, in two tabs or
/// one after giving up on the other, can complete them in either order.
///
/// Fixed capacity, inline, no allocation, `no_std`. A slot is one record,
/// at most 1,168 bytes, and the store is `N` of them: about 290 KiB for
/// `N = 256`. Keep a large store on the heap, `Box::new(PendingAuthorizations::<256>::new())`,
/// which works on a thread with a 2 MiB stack, Rust's default (tested);
/// the value is made on the stack before it is boxed, so a store of more
/// than about a thousand slots may not fit a thread's stack: use several,
/// or keep records in your own map, found by [`take`](Self::take).
///
/// A record leaves its slot wiped: checked, taken, evicted or expired, the
/// slot keeps none of its verifier or `state`, and dropping the store wipes
/// every record still in it. To keep several sign-ins across a restart,
/// seal them together from [`iter`](Self::iter) (feature `seal`:
/// `SealingKeys::seal_all`, opened back with `SealingKeys::open_in_place`).
///
/// Finding a record
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
        let evicted = oldest.as_mut().map(PendingAuthorization::take_out);
        *oldest = Some(record);
        evicted
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

    /// Takes out the record whose `state` is `state`, if any. Its slot
    /// keeps none of its secrets.
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
    #[inline(always)]
    pub fn take(&mut self, state: &str) -> Option<PendingAuthorization> {
        // The record moves out through this call's frames: `scrubbed`
        // overwrites them.
        scrubbed::<SCRUB_RECORD, _>(|| {
            let slot = self.find(state)?;
            let record = slot.as_mut()?.take_out();
            // What is left in the slot is a spent shell: no verifier, no
            // `state`. Dropping it leaves only the tag's write.
            *slot = None;
            Some(record)
        })
    }

    /// The slot whose record's `state` is `state`, if any.
    ///
    /// Every stored `state` is compared in full, in constant time, before
    /// anything is decided.
    fn find(&mut self, state: &str) -> Option<&mut Option<PendingAuthorization>> {
        // First every comparison, in full, whatever the outcomes.
        let mut hits = [Choice::from(0); N];
        for (hit, slot) in hits.iter_mut().zip(&self.slots) {
            // Whether a slot is occupied is public; its `state` is not.
            if let Some(record) = slot {
                *hit = record.state().ct_matches(state);
            }
        }
        // Then which slot matched, if any, becomes public: the caller
        // learns it anyway from what follows.
        let index = hits.iter().position(|&hit| ct::declassify(hit))?;
        self.slots.get_mut(index)
    }

    /// Finds the record the response answers by its `state` and checks
    /// the response with it
    /// ([`PendingAuthorization::validate_callback_at`]), where it lies.
    /// A response whose `state` no record has changes nothing: every
    /// record stays usable, so a forged callback cannot end a sign-in. The
    /// record whose `state` matched is spent and removed, whatever the
    /// rest of the response says; its slot keeps none of its secrets.
    ///
    /// See [`PendingAuthorizations`] for an example.
    ///
    /// # Errors
    ///
    /// [`Error::MissingState`] when the response has no `state`,
    /// [`Error::StateMismatch`] when no record has it, and otherwise those
    /// of [`PendingAuthorization::validate_callback_at`].
    #[inline(always)]
    pub fn validate_callback_at<'p>(
        &mut self,
        params: &'p CallbackParams<'_>,
        now_unix_secs: u64,
    ) -> Result<TokenRequest<'p>, Error> {
        scrubbed::<SCRUB_RECORD, _>(|| {
            let state = present(params.state()).ok_or(Error::MissingState)?;
            let slot = self.find(state).ok_or(Error::StateMismatch)?;
            let result = match slot.as_mut() {
                Some(record) => record.validate_callback_at(params, now_unix_secs),
                None => Err(Error::StateMismatch),
            };
            // Spent in place: its verifier moved out or was wiped, its
            // `state` wiped.
            *slot = None;
            result
        })
    }

    /// The stored records, in no particular order: to seal them all
    /// (`SealingKeys::seal_all`, feature `seal`) so that several sign-ins
    /// survive a restart.
    ///
    /// ```
    /// use oauth_pkce::client::{PendingAuthorization, PendingAuthorizations};
    /// use rand::SeedableRng;
    ///
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7); // tests only
    /// let mut store = PendingAuthorizations::<2>::new();
    /// let record = PendingAuthorization::builder("https://app.example/cb").build_with(0, &mut rng)?;
    /// assert!(store.insert(record).is_none());
    /// assert_eq!(store.iter().map(|r| r.expires_at()).collect::<Vec<_>>(), [600]);
    /// # Ok::<(), oauth_pkce::client::Error>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = &PendingAuthorization> + Clone {
        self.slots.iter().flatten()
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
        pub fn validate_callback<'p>(
            &mut self,
            params: &'p CallbackParams<'_>,
        ) -> Result<TokenRequest<'p>, Error> {
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
        f.debug_list().entries(self.iter()).finish()
    }
}
