//! What an authorization server enforces: when PKCE is required, which
//! methods it accepts, and the checks at both endpoints (RFC 7636 §4.4 to
//! §4.6, RFC 9700 §2.1.1 and §4.8.2).

use crate::params::present;
use crate::server::Error;
use crate::{CodeChallenge, Method};

/// The kind of client making the request (RFC 6749 §2.1).
///
/// ```
/// use oauth_pkce::server::{ClientType, Policy, Requirement};
/// let policy = Policy::strict().require(Requirement::PublicClients);
/// assert!(policy.check_authorization_request(ClientType::Confidential, None, None).is_ok());
/// assert!(policy.check_authorization_request(ClientType::Public, None, None).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientType {
    /// A client that cannot keep a secret: native, desktop, CLI and browser
    /// apps.
    Public,
    /// A client that authenticates to the token endpoint.
    Confidential,
}

/// Which clients must use PKCE.
///
/// ```
/// use oauth_pkce::server::{Policy, Requirement};
/// assert_eq!(Policy::strict().requirement(), Requirement::AllClients);
/// assert_eq!(Policy::rfc7636().requirement(), Requirement::Optional);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Requirement {
    /// Every client (OAuth 2.1; RFC 9700 §2.1.1 recommends it, since PKCE
    /// also stops code injection against confidential clients).
    AllClients,
    /// Public clients only (RFC 9700 §2.1.1's minimum: "MUST" for public
    /// clients).
    PublicClients,
    /// No client; PKCE is used when the client sends it (RFC 7636 as
    /// written).
    Optional,
}

/// An authorization server's PKCE policy.
///
/// [`Policy::strict`] (the default) requires PKCE from every client and
/// accepts only `S256`. [`Policy::rfc7636`] is RFC 7636 as written: PKCE when
/// the client sends it, with either method. Whatever the policy, a verifier
/// presented for a code issued without a challenge is refused (the PKCE
/// downgrade, RFC 9700 §4.8.2), and a code issued with one cannot be redeemed
/// without the verifier.
///
/// The policy is applied at both endpoints: a code issued under a laxer
/// policy than the one in force when it is redeemed is refused, so a
/// tightened policy takes effect at once, for outstanding codes too.
/// [`Migration`](crate::server::Migration) reports what a tighter policy would
/// refuse before it is enforced.
///
/// The builder methods are `const`, so a server can hold its policy in a
/// `const`:
///
/// ```
/// use oauth_pkce::Method;
/// use oauth_pkce::server::{ClientType, Policy, Requirement};
///
/// const POLICY: Policy = Policy::strict().require(Requirement::PublicClients).allow_plain(false);
///
/// // Authorization endpoint: the challenge to store with the code.
/// let bound = POLICY.check_authorization_request(
///     ClientType::Public,
///     Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
///     Some("S256"),
/// )?;
/// // Token endpoint: the policy is applied again, then the verifier checked.
/// POLICY.check_token_request(
///     ClientType::Public,
///     bound.as_ref(),
///     Some("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
/// )?;
/// assert_eq!(POLICY.supported_methods(), &[Method::S256]);
/// # Ok::<(), oauth_pkce::server::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Policy {
    requirement: Requirement,
    allow_plain: bool,
}

impl Default for Policy {
    /// [`Policy::strict`].
    fn default() -> Self {
        Self::strict()
    }
}

impl Policy {
    /// PKCE required for every client, `S256` only: OAuth 2.1, and
    /// RFC 9700 §2.1.1's recommendation.
    ///
    /// ```
    /// use oauth_pkce::Method;
    /// use oauth_pkce::server::Policy;
    /// assert_eq!(Policy::strict(), Policy::default());
    /// assert_eq!(Policy::strict().supported_methods(), &[Method::S256]);
    /// ```
    #[must_use]
    pub const fn strict() -> Self {
        Self {
            requirement: Requirement::AllClients,
            allow_plain: false,
        }
    }

    /// RFC 7636 as written: PKCE optional, `S256` and `plain` accepted.
    /// Downgrades are still refused.
    ///
    /// ```
    /// use oauth_pkce::Method;
    /// use oauth_pkce::server::Policy;
    /// assert_eq!(Policy::rfc7636().supported_methods(), &[Method::S256, Method::Plain]);
    /// ```
    #[must_use]
    pub const fn rfc7636() -> Self {
        Self {
            requirement: Requirement::Optional,
            allow_plain: true,
        }
    }

    /// This policy, requiring PKCE from the given clients.
    ///
    /// ```
    /// use oauth_pkce::server::{Policy, Requirement};
    /// let policy = Policy::rfc7636().require(Requirement::PublicClients);
    /// assert_eq!(policy.requirement(), Requirement::PublicClients);
    /// ```
    #[must_use]
    pub const fn require(self, requirement: Requirement) -> Self {
        Self {
            requirement,
            ..self
        }
    }

    /// This policy, accepting the `plain` method or not (RFC 7636 §4.2;
    /// RFC 9700 §2.1.1 says not to).
    ///
    /// ```
    /// use oauth_pkce::server::Policy;
    /// assert!(Policy::strict().allow_plain(true).allows_plain());
    /// ```
    #[must_use]
    pub const fn allow_plain(self, allow: bool) -> Self {
        Self {
            allow_plain: allow,
            ..self
        }
    }

    /// Which clients this policy requires PKCE from.
    ///
    /// ```
    /// assert_eq!(oauth_pkce::server::Policy::default().requirement(), oauth_pkce::server::Requirement::AllClients);
    /// ```
    #[must_use]
    pub const fn requirement(&self) -> Requirement {
        self.requirement
    }

    /// Whether this policy accepts the `plain` method.
    ///
    /// ```
    /// assert!(!oauth_pkce::server::Policy::default().allows_plain());
    /// ```
    #[must_use]
    pub const fn allows_plain(&self) -> bool {
        self.allow_plain
    }

    /// The methods this policy accepts, strongest first, for
    /// `code_challenge_methods_supported` in authorization server metadata
    /// (RFC 8414 §2).
    ///
    /// ```
    /// use oauth_pkce::server::Policy;
    /// let names: Vec<&str> = Policy::rfc7636().supported_methods().iter().map(|m| m.as_str()).collect();
    /// assert_eq!(names, ["S256", "plain"]);
    /// ```
    #[must_use]
    pub const fn supported_methods(&self) -> &'static [Method] {
        if self.allow_plain {
            &[Method::S256, Method::Plain]
        } else {
            &[Method::S256]
        }
    }

    const fn requires(&self, client: ClientType) -> bool {
        match self.requirement {
            Requirement::AllClients => true,
            Requirement::PublicClients => matches!(client, ClientType::Public),
            Requirement::Optional => false,
        }
    }

    /// Checks the PKCE parameters of an authorization request (RFC 7636
    /// §4.3, §4.4) and returns the challenge to store with the authorization
    /// code, or `None` when the client sent none and the policy allows that.
    ///
    /// Pass the raw `code_challenge` and `code_challenge_method` parameters,
    /// `None` where absent. The rules:
    /// - a present but empty parameter counts as absent (RFC 6749 §3.1);
    /// - a `code_challenge_method` without a `code_challenge` is refused;
    /// - no challenge, where the policy requires one for `client`, is refused
    ///   (RFC 7636 §4.4.1);
    /// - a challenge without a method means `plain` (RFC 7636 §4.3), never
    ///   `S256`, and `plain` is refused unless the policy allows it;
    /// - the method must be exactly `S256` or `plain` (case-sensitive,
    ///   RFC 7636 §6.2.1; `s256` or `PLAIN` is refused as
    ///   [`crate::Error::MethodWrongCase`], which says so);
    /// - the challenge must be well formed for its method, checked here
    ///   rather than when the code is redeemed, and an `S256` challenge with
    ///   one of the usual encoding mistakes is refused with the error that
    ///   names it (see [`CodeChallenge::parse`]).
    ///
    /// Every error maps to `invalid_request`, sent back on the redirect
    /// (RFC 6749 §4.1.2.1; [`ErrorRedirect`](crate::server::ErrorRedirect)), or as a
    /// JSON `400` from a pushed authorization request endpoint (RFC 9126
    /// §2.3; [`JsonErrorResponse`](crate::server::JsonErrorResponse)).
    ///
    /// ```
    /// use oauth_pkce::server::{ClientType, Error, Policy};
    ///
    /// let policy = Policy::strict();
    /// let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    /// assert!(policy.check_authorization_request(ClientType::Public, Some(challenge), Some("S256"))?.is_some());
    ///
    /// // No method means plain, which the strict policy refuses.
    /// assert_eq!(
    ///     policy.check_authorization_request(ClientType::Public, Some(challenge), None),
    ///     Err(Error::PlainNotAllowed),
    /// );
    /// assert_eq!(
    ///     policy.check_authorization_request(ClientType::Confidential, Some(""), None),
    ///     Err(Error::MissingChallenge),
    /// );
    /// assert_eq!(
    ///     policy.check_authorization_request(ClientType::Public, Some(challenge), Some("s256")),
    ///     Err(Error::Challenge(oauth_pkce::Error::MethodWrongCase)),
    /// );
    /// # Ok::<(), oauth_pkce::server::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::MethodWithoutChallenge`], [`Error::MissingChallenge`],
    /// [`Error::PlainNotAllowed`], or [`Error::Challenge`] with the method's
    /// or the challenge's parse error, all `invalid_request`.
    pub fn check_authorization_request(
        &self,
        client: ClientType,
        code_challenge: Option<&str>,
        code_challenge_method: Option<&str>,
    ) -> Result<Option<CodeChallenge>, Error> {
        let challenge = present(code_challenge);
        let method = present(code_challenge_method);
        let Some(challenge) = challenge else {
            return if method.is_some() {
                Err(Error::MethodWithoutChallenge)
            } else if self.requires(client) {
                Err(Error::MissingChallenge)
            } else {
                Ok(None)
            };
        };
        let method = match method {
            Some(name) => name.parse().map_err(Error::Challenge)?,
            None => Method::Plain,
        };
        if method == Method::Plain && !self.allow_plain {
            return Err(Error::PlainNotAllowed);
        }
        CodeChallenge::parse(challenge, method)
            .map(Some)
            .map_err(Error::Challenge)
    }

    /// Checks a token request's `code_verifier` against what was bound to
    /// the code, under this policy as it stands now (RFC 7636 §4.5, §4.6;
    /// RFC 9700 §2.1.1, §4.8.2).
    ///
    /// Pass the client's type, the challenge stored with the code (`None` if
    /// it was issued without one) and the raw `code_verifier` parameter. The
    /// rules, in order:
    /// - a present but empty verifier counts as absent (RFC 6749 §3.1);
    /// - a verifier with no bound challenge is refused whatever the policy:
    ///   accepting it would let an attacker who stripped the challenge from
    ///   the authorization request pass as a PKCE client (the downgrade,
    ///   RFC 9700 §4.8.2): [`Error::UnexpectedVerifier`];
    /// - no bound challenge, where this policy requires PKCE for `client`,
    ///   is refused: [`Error::PkceRequiredAtRedemption`]. The policy is
    ///   applied again here, so a policy tightened after the code was issued
    ///   applies to it;
    /// - a bound `plain` challenge, where this policy no longer allows
    ///   `plain`, is refused: [`Error::BoundMethodNotAllowed`];
    /// - a bound challenge and no verifier is refused (RFC 7636 §4.5):
    ///   [`Error::MissingVerifier`];
    /// - otherwise the verifier is checked with [`CodeChallenge::verify`]:
    ///   its syntax, then a constant-time comparison.
    ///
    /// Every refusal is `invalid_grant` (RFC 6749 §5.2, RFC 7636 §4.6), as
    /// the OpenID conformance suite expects and as fosite, Keycloak, Spring
    /// Authorization Server, Duende and node-oidc-provider answer. Send it as
    /// a JSON `400` ([`JsonErrorResponse`](crate::server::JsonErrorResponse)), and
    /// take the code out of your store before calling this: a code is
    /// single-use (RFC 6749 §4.1.2), also after a failed attempt.
    ///
    /// ```
    /// use oauth_pkce::{CodeChallenge, Method};
    /// use oauth_pkce::server::{ClientType, Error, ErrorCode, Policy};
    ///
    /// let policy = Policy::strict();
    /// let bound = CodeChallenge::parse("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Method::S256).expect("a valid challenge");
    /// let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /// policy.check_token_request(ClientType::Public, Some(&bound), Some(verifier))?;
    ///
    /// assert_eq!(
    ///     policy.check_token_request(ClientType::Public, Some(&bound), None),
    ///     Err(Error::MissingVerifier),
    /// );
    /// let downgrade = policy
    ///     .check_token_request(ClientType::Public, None, Some(verifier))
    ///     .unwrap_err();
    /// assert_eq!(downgrade, Error::UnexpectedVerifier);
    /// assert_eq!(downgrade.error_code(), ErrorCode::InvalidGrant);
    /// // A code issued without PKCE under a laxer policy:
    /// assert_eq!(
    ///     policy.check_token_request(ClientType::Confidential, None, None),
    ///     Err(Error::PkceRequiredAtRedemption),
    /// );
    /// # Ok::<(), oauth_pkce::server::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::UnexpectedVerifier`], [`Error::PkceRequiredAtRedemption`],
    /// [`Error::BoundMethodNotAllowed`], [`Error::MissingVerifier`], or
    /// [`Error::Verifier`] with [`crate::Error::VerifierMismatch`] or the
    /// verifier's syntax error, all `invalid_grant`.
    pub fn check_token_request(
        &self,
        client: ClientType,
        bound: Option<&CodeChallenge>,
        code_verifier: Option<&str>,
    ) -> Result<(), Error> {
        match self.token_request_policy(client, bound, code_verifier)? {
            Some((challenge, verifier)) => challenge.verify(verifier).map_err(Error::Verifier),
            None => Ok(()),
        }
    }

    /// The rules of [`check_token_request`](Self::check_token_request) that
    /// this policy decides, without the verifier's check: the pair to verify,
    /// `None` when there is nothing to verify and the request passes, or the
    /// refusal. None of it reads a secret: it branches on presence and on the
    /// bound method, both public.
    pub(crate) fn token_request_policy<'a>(
        &self,
        client: ClientType,
        bound: Option<&'a CodeChallenge>,
        code_verifier: Option<&'a str>,
    ) -> Result<Option<(&'a CodeChallenge, &'a str)>, Error> {
        let verifier = present(code_verifier);
        let Some(challenge) = bound else {
            return if verifier.is_some() {
                Err(Error::UnexpectedVerifier)
            } else if self.requires(client) {
                Err(Error::PkceRequiredAtRedemption)
            } else {
                Ok(None)
            };
        };
        if challenge.method() == Method::Plain && !self.allow_plain {
            return Err(Error::BoundMethodNotAllowed);
        }
        match verifier {
            Some(verifier) => Ok(Some((challenge, verifier))),
            None => Err(Error::MissingVerifier),
        }
    }
}
