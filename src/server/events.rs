//! One structured event per refusal, with no value from the request in
//! it, and counts per kind for metrics.
//!
//! What an operator needs to see a failing client or an attack is where
//! the request was refused and by which rule; what must never reach a log
//! is what would let someone redeem a code: the code, the verifier, a
//! `plain` challenge, `state`. A [`Refusal`] holds only the first kind of
//! thing: an endpoint, a stable [`kind`](super::Error::kind), the OAuth
//! error code, the client's type and the PKCE method, each from a fixed set.

use core::fmt;

use super::{ClientType, Error};
use crate::Method;

/// Where a request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// The authorization endpoint (RFC 6749 §3.1).
    Authorization,
    /// The pushed authorization request endpoint (RFC 9126 §2).
    PushedAuthorization,
    /// The token endpoint (RFC 6749 §3.2).
    Token,
}

impl Endpoint {
    /// `authorization`, `pushed_authorization` or `token`.
    ///
    /// ```
    /// assert_eq!(oauth_pkce::server::Endpoint::Token.as_str(), "token");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Authorization => "authorization",
            Self::PushedAuthorization => "pushed_authorization",
            Self::Token => "token",
        }
    }
}

/// One refused request, as it is logged and counted: nothing in it came
/// from the request but the choice among fixed names.
///
/// With the `tracing` feature, [`log`](Self::log) emits it as one `tracing`
/// event at `WARN`, target `oauth_pkce::refusal`, message `request
/// refused` (or `would be refused` for a report), with the fields
/// `endpoint`, `kind`, `error`, `client_type` (`public`, `confidential` or
/// `unknown`), `method` (`S256`, `plain` or `none`) and `action`
/// (`refused` or `reported`). [`RefusalCounts`] counts them by kind.
///
/// ```
/// use oauth_pkce::Method;
/// use oauth_pkce::server::{ClientType, Endpoint, Error, Refusal};
///
/// let refusal = Refusal::new(Endpoint::Token, &Error::MissingVerifier)
///     .client_type(ClientType::Public)
///     .method(Some(Method::S256));
/// assert_eq!(refusal.kind(), "missing_verifier");
/// assert_eq!(
///     refusal.to_string(),
///     "endpoint=token kind=missing_verifier error=invalid_grant client_type=public method=S256 action=refused",
/// );
/// refusal.log(); // one event, with the `tracing` feature
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Refusal {
    endpoint: Endpoint,
    kind: &'static str,
    error: &'static str,
    client_type: Option<ClientType>,
    method: Option<Method>,
    enforced: bool,
}

impl Refusal {
    /// `error`, refused at `endpoint`.
    ///
    /// ```
    /// use oauth_pkce::server::{Endpoint, Error, Refusal};
    /// let r = Refusal::new(Endpoint::Authorization, &Error::MissingChallenge);
    /// assert_eq!(r.error(), "invalid_request");
    /// ```
    #[must_use]
    pub const fn new(endpoint: Endpoint, error: &Error) -> Self {
        Self::other(endpoint, error.kind(), error.error_code().as_str())
    }

    /// A refusal of the server's own, outside PKCE (an unknown client,
    /// failed client authentication, an unsupported grant type), logged and
    /// counted the same way: `kind` is the server's stable name for it and
    /// `error` the OAuth code sent. Both must be fixed texts, never a value
    /// from the request.
    ///
    /// ```
    /// use oauth_pkce::server::{Endpoint, Refusal};
    /// let r = Refusal::other(Endpoint::Token, "invalid_client", "invalid_client");
    /// assert_eq!(r.kind(), "invalid_client");
    /// ```
    #[must_use]
    pub const fn other(endpoint: Endpoint, kind: &'static str, error: &'static str) -> Self {
        Self {
            endpoint,
            kind,
            error,
            client_type: None,
            method: None,
            enforced: true,
        }
    }

    /// With the type of the client, once it is known.
    ///
    /// ```
    /// use oauth_pkce::server::{ClientType, Endpoint, Error, Refusal};
    /// let r = Refusal::new(Endpoint::Token, &Error::UnusableCode).client_type(ClientType::Confidential);
    /// assert_eq!(r.client_type_name(), "confidential");
    /// ```
    #[must_use]
    pub const fn client_type(self, client_type: ClientType) -> Self {
        Self {
            client_type: Some(client_type),
            ..self
        }
    }

    /// With the PKCE method involved: the request's at the authorization
    /// endpoint (when it named a valid one), the bound challenge's at the
    /// token endpoint.
    ///
    /// ```
    /// use oauth_pkce::Method;
    /// use oauth_pkce::server::{Endpoint, Error, Refusal};
    /// let r = Refusal::new(Endpoint::Token, &Error::MissingVerifier).method(Some(Method::Plain));
    /// assert_eq!(r.method_name(), "plain");
    /// ```
    #[must_use]
    pub const fn method(self, method: Option<Method>) -> Self {
        Self { method, ..self }
    }

    /// Marks it as only reported: a refusal that a policy in observation
    /// would make (a [`Migration`](super::Migration)'s target, a
    /// [`ChallengeDetector`](super::ChallengeDetector) that reports) while
    /// the request goes on.
    ///
    /// ```
    /// use oauth_pkce::server::{Endpoint, Error, Refusal};
    /// let r = Refusal::new(Endpoint::Authorization, &Error::RepeatedChallenge).reported_only();
    /// assert!(!r.is_enforced());
    /// ```
    #[must_use]
    pub const fn reported_only(self) -> Self {
        Self {
            enforced: false,
            ..self
        }
    }

    /// The endpoint.
    ///
    /// ```
    /// use oauth_pkce::server::{Endpoint, Error, Refusal};
    /// assert_eq!(Refusal::new(Endpoint::Token, &Error::UnusableCode).endpoint(), Endpoint::Token);
    /// ```
    #[must_use]
    pub const fn endpoint(&self) -> Endpoint {
        self.endpoint
    }

    /// The refusal's stable [`kind`](Error::kind).
    ///
    /// ```
    /// use oauth_pkce::server::{Endpoint, Error, Refusal};
    /// assert_eq!(Refusal::new(Endpoint::Token, &Error::UnusableCode).kind(), "unusable_code");
    /// ```
    #[must_use]
    pub const fn kind(&self) -> &'static str {
        self.kind
    }

    /// The OAuth `error` code sent.
    ///
    /// ```
    /// use oauth_pkce::server::{Endpoint, Error, Refusal};
    /// assert_eq!(Refusal::new(Endpoint::Token, &Error::UnusableCode).error(), "invalid_grant");
    /// ```
    #[must_use]
    pub const fn error(&self) -> &'static str {
        self.error
    }

    /// `public`, `confidential`, or `unknown` before the client is known.
    ///
    /// ```
    /// use oauth_pkce::server::{Endpoint, Error, Refusal};
    /// assert_eq!(Refusal::new(Endpoint::Token, &Error::UnusableCode).client_type_name(), "unknown");
    /// ```
    #[must_use]
    pub const fn client_type_name(&self) -> &'static str {
        match self.client_type {
            Some(ClientType::Public) => "public",
            Some(ClientType::Confidential) => "confidential",
            None => "unknown",
        }
    }

    /// `S256`, `plain`, or `none`.
    ///
    /// ```
    /// use oauth_pkce::server::{Endpoint, Error, Refusal};
    /// assert_eq!(Refusal::new(Endpoint::Authorization, &Error::MissingChallenge).method_name(), "none");
    /// ```
    #[must_use]
    pub const fn method_name(&self) -> &'static str {
        match self.method {
            Some(method) => method.as_str(),
            None => "none",
        }
    }

    /// Whether the request was refused (`true`), or would be and goes on
    /// ([`reported_only`](Self::reported_only)).
    ///
    /// ```
    /// use oauth_pkce::server::{Endpoint, Error, Refusal};
    /// assert!(Refusal::new(Endpoint::Token, &Error::UnusableCode).is_enforced());
    /// ```
    #[must_use]
    pub const fn is_enforced(&self) -> bool {
        self.enforced
    }

    const fn action(&self) -> &'static str {
        if self.enforced { "refused" } else { "reported" }
    }

    /// Emits this refusal as one `tracing` event (feature `tracing`; without
    /// it, nothing). Call it once per refused request, or use
    /// [`RefusalCounts::record`], which calls it.
    ///
    /// ```
    /// use oauth_pkce::server::{Endpoint, Error, Refusal};
    /// Refusal::new(Endpoint::Token, &Error::UnusableCode).log();
    /// ```
    pub fn log(&self) {
        #[cfg(feature = "tracing")]
        tracing::warn!(
            target: "oauth_pkce::refusal",
            endpoint = self.endpoint.as_str(),
            kind = self.kind,
            error = self.error,
            client_type = self.client_type_name(),
            method = self.method_name(),
            action = self.action(),
            "{}",
            if self.enforced { "request refused" } else { "would be refused" }
        );
    }
}

impl fmt::Display for Refusal {
    /// `endpoint=... kind=... error=... client_type=... method=...
    /// action=...`, for a plain-text log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "endpoint={} kind={} error={} client_type={} method={} action={}",
            self.endpoint.as_str(),
            self.kind,
            self.error,
            self.client_type_name(),
            self.method_name(),
            self.action()
        )
    }
}

/// How many kinds [`RefusalCounts`] keeps apart; later ones are counted
/// under `other`. Every kind this crate defines fits, with room to spare.
pub const MAX_KINDS: usize = 64;

/// Refusals counted by kind, for a metrics exporter: fixed memory, no
/// allocation, shareable between threads.
///
/// ```
/// use oauth_pkce::server::{ClientType, Endpoint, Error, Refusal, RefusalCounts};
///
/// static COUNTS: RefusalCounts = RefusalCounts::new();
/// let refusal = Refusal::new(Endpoint::Token, &Error::UnusableCode).client_type(ClientType::Public);
/// COUNTS.record(&refusal); // counts, and logs with the `tracing` feature
/// COUNTS.record(&refusal);
/// assert_eq!(COUNTS.get("unusable_code"), 2);
/// COUNTS.for_each(|kind, n| println!("oauth_pkce_refusals_total{{kind=\"{kind}\"}} {n}"));
/// ```
#[cfg(feature = "std")]
#[derive(Debug)]
pub struct RefusalCounts {
    slots: std::sync::Mutex<[(&'static str, u64); MAX_KINDS]>,
}

#[cfg(feature = "std")]
impl Default for RefusalCounts {
    /// [`RefusalCounts::new`].
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(feature = "std")]
impl RefusalCounts {
    /// No refusal counted yet.
    ///
    /// ```
    /// assert_eq!(oauth_pkce::server::RefusalCounts::new().get("unusable_code"), 0);
    /// ```
    #[must_use]
    pub const fn new() -> Self {
        Self {
            slots: std::sync::Mutex::new([("", 0); MAX_KINDS]),
        }
    }

    /// Logs `refusal` ([`Refusal::log`]) and counts it under its kind: the
    /// one call a server makes per refused request.
    ///
    /// ```
    /// use oauth_pkce::server::{Endpoint, Error, Refusal, RefusalCounts};
    /// let counts = RefusalCounts::new();
    /// counts.record(&Refusal::new(Endpoint::Authorization, &Error::MissingChallenge));
    /// assert_eq!(counts.get("missing_challenge"), 1);
    /// ```
    pub fn record(&self, refusal: &Refusal) {
        refusal.log();
        let mut slots = self.lock();
        let kind = refusal.kind();
        // Slots fill in order: a kind's slot comes before the first free
        // one. The last slot is kept for `other`, once the rest are taken.
        let (named, other) = slots.split_at_mut(MAX_KINDS - 1);
        let slot = match named.iter_mut().find(|(k, _)| *k == kind || k.is_empty()) {
            Some(slot) => {
                slot.0 = kind;
                slot
            }
            None => match other.first_mut() {
                Some(slot) => {
                    slot.0 = "other";
                    slot
                }
                None => return,
            },
        };
        slot.1 = slot.1.saturating_add(1);
    }

    /// The count for `kind` so far.
    ///
    /// ```
    /// assert_eq!(oauth_pkce::server::RefusalCounts::new().get("verifier_mismatch"), 0);
    /// ```
    #[must_use]
    pub fn get(&self, kind: &str) -> u64 {
        self.lock()
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    }

    /// Calls `f` with each kind counted so far and its count, in the order
    /// first seen.
    ///
    /// ```
    /// use oauth_pkce::server::RefusalCounts;
    /// let mut seen = 0;
    /// RefusalCounts::new().for_each(|_, _| seen += 1);
    /// assert_eq!(seen, 0);
    /// ```
    pub fn for_each(&self, mut f: impl FnMut(&'static str, u64)) {
        let slots = *self.lock();
        for (kind, n) in slots.iter().filter(|(k, _)| !k.is_empty()) {
            f(kind, *n);
        }
    }

    /// A lock that a panic elsewhere does not take down: every writer
    /// leaves the table consistent.
    fn lock(&self) -> std::sync::MutexGuard<'_, [(&'static str, u64); MAX_KINDS]> {
        self.slots
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
