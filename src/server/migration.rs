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
/// assert_eq!(checked.report().map(|e| e.kind()), Some("missing_challenge"));
/// assert_eq!(checked.into_result(), Ok(None)); // still issued a code
///
/// // A public client without PKCE is refused from step 2 on.
/// assert!(PUBLIC.check_authorization_request(ClientType::Public, None, None).into_result().is_err());
/// assert!(ALL.check_authorization_request(ClientType::Confidential, None, None).into_result().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Migration {
    enforce: Policy,
    target: Policy,
}

/// What a [`Migration`] check found: refused, accepted, or accepted with
/// the target policy's refusal to report.
///
/// An enum, so that no part of it reads as "accepted" when the enforced
/// policy refused: the value to go on with is only in the accepted
/// variants, and [`into_result`](Self::into_result) gives the answer to
/// send.
///
/// ```
/// use oauth_pkce::server::{Checked, ClientType, Migration, Policy};
///
/// let migration = Migration::new(Policy::rfc7636(), Policy::strict());
/// match migration.check_token_request(ClientType::Public, None, None) {
///     Checked::Refused(e) => panic!("send {}", e.error_code()),
///     Checked::TargetWouldRefuse((), e) => {
///         // Log the kind only: it names the rule, never a value.
///         assert_eq!(e.kind(), "pkce_required_at_redemption");
///     }
///     Checked::Accepted(()) => {}
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a refusal is the answer to send"]
pub enum Checked<T> {
    /// Both policies accept: go on with the value.
    Accepted(T),
    /// The enforced policy accepts (go on with the value), and the target
    /// policy would refuse with this error: report it.
    TargetWouldRefuse(T, Error),
    /// The enforced policy refuses: send this error, whatever the target
    /// says.
    Refused(Error),
}

impl<T> Checked<T> {
    /// The enforced answer: the value to go on with, or the error to send.
    ///
    /// ```
    /// use oauth_pkce::server::{ClientType, Error, Migration, Policy};
    /// let migration = Migration::new(Policy::strict(), Policy::strict());
    /// assert_eq!(
    ///     migration.check_token_request(ClientType::Public, None, None).into_result(),
    ///     Err(Error::PkceRequiredAtRedemption),
    /// );
    /// ```
    ///
    /// # Errors
    ///
    /// The enforced policy's refusal.
    pub fn into_result(self) -> Result<T, Error> {
        match self {
            Self::Accepted(value) | Self::TargetWouldRefuse(value, _) => Ok(value),
            Self::Refused(e) => Err(e),
        }
    }

    /// The target policy's refusal of an accepted request, to report; `None`
    /// when there is nothing to report, which includes a refused request:
    /// this says nothing about acceptance.
    ///
    /// ```
    /// use oauth_pkce::server::{ClientType, Error, Migration, Policy};
    /// let migration = Migration::new(Policy::rfc7636(), Policy::strict());
    /// let checked = migration.check_authorization_request(ClientType::Public, None, None);
    /// assert_eq!(checked.report(), Some(&Error::MissingChallenge));
    /// ```
    #[must_use]
    pub const fn report(&self) -> Option<&Error> {
        match self {
            Self::TargetWouldRefuse(_, e) => Some(e),
            Self::Accepted(_) | Self::Refused(_) => None,
        }
    }

    /// The answers of the two policies, the target's run only when the
    /// enforced one accepts.
    fn from_answers(enforced: Result<T, Error>, target: impl FnOnce() -> Option<Error>) -> Self {
        match enforced {
            Ok(value) => match target() {
                Some(e) => Self::TargetWouldRefuse(value, e),
                None => Self::Accepted(value),
            },
            Err(e) => Self::Refused(e),
        }
    }
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
    /// assert_eq!(checked.report(), Some(&Error::PlainNotAllowed));
    /// assert!(checked.into_result().is_ok());
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
        Checked::from_answers(result, || {
            self.target
                .check_authorization_request(client, code_challenge, code_challenge_method)
                .err()
        })
    }

    /// [`Policy::check_token_request`] under the enforced policy, and what
    /// the target policy would refuse. The verifier is hashed and compared
    /// once: whether it matches does not depend on the policy.
    ///
    /// ```
    /// use oauth_pkce::{CodeChallenge, Method};
    /// use oauth_pkce::server::{Checked, ClientType, Error, Migration, Policy};
    ///
    /// let migration = Migration::new(Policy::rfc7636(), Policy::strict());
    /// let plain = CodeChallenge::parse("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", Method::Plain).expect("a valid challenge");
    /// let checked = migration.check_token_request(
    ///     ClientType::Public,
    ///     Some(&plain),
    ///     Some("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
    /// );
    /// assert_eq!(checked, Checked::TargetWouldRefuse((), Error::BoundMethodNotAllowed));
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
        Checked::from_answers(result, || {
            self.target
                .token_request_policy(client, bound, code_verifier)
                .err()
        })
    }
}
