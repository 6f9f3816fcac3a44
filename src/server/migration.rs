//! Tightening a PKCE policy without surprises: enforce the policy in force,
//! and report what a target policy would refuse on top of it (RFC 9700
//! §2.1.1 asks servers to require PKCE; this is how an existing one gets
//! there).

use crate::CodeChallenge;
use crate::server::{ClientType, Error, Policy};

/// Two policies at once: `enforce`, whose decisions are the answers, and
/// `target`, whose extra refusals are only reported, at both endpoints.
///
/// A server moving to [`Policy::strict`] runs with the target in
/// observation first, watches the reports (by [`Error::kind`], a stable
/// name that carries no value from the request), fixes or warns the clients
/// they name, and then enforces, by client type first if it likes. Nothing
/// allocates, and the token endpoint hashes the verifier once.
///
/// The rollout this is made for, from RFC 7636 as written to OAuth 2.1:
///
/// ```
/// use oauth_pkce::server::{ClientType, Migration, Policy, Requirement};
///
/// // 1. Observe: enforce what you enforce today, report what strict refuses.
/// const OBSERVE: Migration = Migration::new(Policy::rfc7636(), Policy::strict());
/// // 2. Enforce for public clients, S256 only; keep observing the rest.
/// const PUBLIC: Migration = Migration::new(
///     Policy::strict().require(Requirement::PublicClients),
///     Policy::strict(),
/// );
/// // 3. Enforce for all: the target is what is enforced, nothing to report.
/// const ALL: Migration = Migration::new(Policy::strict(), Policy::strict());
///
/// // A confidential client that sends no challenge yet.
/// let checked = OBSERVE.check_authorization_request(ClientType::Confidential, None, None);
/// assert_eq!(checked.result, Ok(None)); // still issued a code
/// assert_eq!(checked.target_would_refuse.map(|e| e.kind()), Some("missing_challenge"));
///
/// // A public client without PKCE is refused from step 2 on.
/// assert!(PUBLIC.check_authorization_request(ClientType::Public, None, None).result.is_err());
/// assert!(ALL.check_authorization_request(ClientType::Confidential, None, None).result.is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Migration {
    enforce: Policy,
    target: Policy,
}

/// What a [`Migration`] check found: the enforced policy's answer, and the
/// target policy's refusal of a request the enforced one accepted.
///
/// ```
/// use oauth_pkce::server::{ClientType, Migration, Policy};
///
/// let migration = Migration::new(Policy::rfc7636(), Policy::strict());
/// let checked = migration.check_token_request(ClientType::Public, None, None);
/// if let Some(e) = checked.target_would_refuse {
///     // Log the kind only: it names the rule, never a value.
///     assert_eq!(e.kind(), "pkce_required_at_redemption");
/// }
/// assert_eq!(checked.result, Ok(()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "the enforced result is the answer to send"]
pub struct Checked<T> {
    /// The enforced policy's answer: what to do with the request.
    pub result: Result<T, Error>,
    /// `Some` when the enforced policy accepted the request and the target
    /// policy would have refused it, with the target's error; `None` when
    /// both accept, and whenever the enforced policy refuses (the request
    /// fails either way).
    pub target_would_refuse: Option<Error>,
}

impl Migration {
    /// Enforce `enforce`, and report what `target` would refuse on top of it.
    ///
    /// ```
    /// use oauth_pkce::server::{Migration, Policy};
    /// const OBSERVE: Migration = Migration::new(Policy::rfc7636(), Policy::strict());
    /// assert_eq!(OBSERVE.enforced(), Policy::rfc7636());
    /// assert_eq!(OBSERVE.target(), Policy::strict());
    /// ```
    #[must_use]
    pub const fn new(enforce: Policy, target: Policy) -> Self {
        Self { enforce, target }
    }

    /// The policy whose decisions are enforced.
    ///
    /// Advertise its methods in the server's metadata (RFC 8414 §2):
    ///
    /// ```
    /// use oauth_pkce::Method;
    /// use oauth_pkce::server::{Migration, Policy};
    /// let migration = Migration::new(Policy::rfc7636(), Policy::strict());
    /// assert_eq!(migration.enforced().supported_methods(), &[Method::S256, Method::Plain]);
    /// ```
    #[must_use]
    pub const fn enforced(&self) -> Policy {
        self.enforce
    }

    /// The policy whose refusals are reported.
    ///
    /// ```
    /// use oauth_pkce::server::{Migration, Policy};
    /// assert_eq!(Migration::new(Policy::rfc7636(), Policy::strict()).target(), Policy::strict());
    /// ```
    #[must_use]
    pub const fn target(&self) -> Policy {
        self.target
    }

    /// [`Policy::check_authorization_request`] under the enforced policy,
    /// and what the target policy would refuse.
    ///
    /// ```
    /// use oauth_pkce::server::{ClientType, Error, Migration, Policy};
    ///
    /// let migration = Migration::new(Policy::rfc7636(), Policy::strict());
    /// // A plain challenge (no method means plain, RFC 7636 §4.3).
    /// let checked = migration.check_authorization_request(
    ///     ClientType::Public,
    ///     Some("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
    ///     None,
    /// );
    /// assert!(checked.result.is_ok());
    /// assert_eq!(checked.target_would_refuse, Some(Error::PlainNotAllowed));
    /// ```
    pub fn check_authorization_request(
        &self,
        client: ClientType,
        code_challenge: Option<&str>,
        code_challenge_method: Option<&str>,
    ) -> Checked<Option<CodeChallenge>> {
        let result =
            self.enforce
                .check_authorization_request(client, code_challenge, code_challenge_method);
        // The policy decides whether to accept, never what is bound: the
        // target, run on the same parameters, binds the same challenge or
        // refuses.
        let target_would_refuse = match &result {
            Ok(_) => self
                .target
                .check_authorization_request(client, code_challenge, code_challenge_method)
                .err(),
            Err(_) => None,
        };
        Checked {
            result,
            target_would_refuse,
        }
    }

    /// [`Policy::check_token_request`] under the enforced policy, and what
    /// the target policy would refuse. The verifier is hashed and compared
    /// once: whether it matches does not depend on the policy.
    ///
    /// ```
    /// use oauth_pkce::{CodeChallenge, Method};
    /// use oauth_pkce::server::{ClientType, Error, Migration, Policy};
    ///
    /// let migration = Migration::new(Policy::rfc7636(), Policy::strict());
    /// let plain = CodeChallenge::parse("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", Method::Plain).expect("a valid challenge");
    /// let checked = migration.check_token_request(
    ///     ClientType::Public,
    ///     Some(&plain),
    ///     Some("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
    /// );
    /// assert_eq!(checked.result, Ok(()));
    /// assert_eq!(checked.target_would_refuse, Some(Error::BoundMethodNotAllowed));
    /// # Ok::<(), oauth_pkce::server::Error>(())
    /// ```
    pub fn check_token_request(
        &self,
        client: ClientType,
        bound: Option<&CodeChallenge>,
        code_verifier: Option<&str>,
    ) -> Checked<()> {
        let result = match self
            .enforce
            .token_request_policy(client, bound, code_verifier)
        {
            Ok(Some((challenge, verifier))) => challenge.verify(verifier).map_err(Error::Verifier),
            Ok(None) => Ok(()),
            Err(e) => Err(e),
        };
        // Accepted means the verifier, if any, matched: under the target
        // only the policy's own rules can differ.
        let target_would_refuse = match result {
            Ok(()) => self
                .target
                .token_request_policy(client, bound, code_verifier)
                .err(),
            Err(_) => None,
        };
        Checked {
            result,
            target_would_refuse,
        }
    }
}
