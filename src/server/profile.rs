//! Policies named for the standards that define them, each with the
//! clauses it enforces.

use core::fmt;
use core::str::FromStr;

use super::{Policy, Requirement};

/// A standard's PKCE rules for an authorization server, as a [`Policy`]
/// and the list of the clauses it enforces.
///
/// | profile | PKCE required from | methods | codes live at most |
/// |---|---|---|---|
/// | [`Rfc7636`](Self::Rfc7636) | no client | `S256`, `plain` | 600 s |
/// | [`Rfc9700`](Self::Rfc9700) | public clients | `S256` | 600 s |
/// | [`OAuth21`](Self::OAuth21) | every client | `S256` | 600 s |
/// | [`Fapi2`](Self::Fapi2) | every client | `S256` | 60 s |
///
/// Whatever the profile, a verifier for a code issued without a challenge
/// is refused (the downgrade, RFC 9700 §4.8.2), and a code issued with one
/// needs its verifier (RFC 7636 §4.6).
///
/// ```
/// use oauth_pkce::server::{Policy, Profile};
///
/// let profile: Profile = "fapi2".parse()?;
/// assert_eq!(profile.policy(), Policy::strict());
/// assert_eq!(profile.max_code_lifetime_secs(), 60);
/// for clause in profile.clauses() {
///     println!("{}: {}", clause.source, clause.rule);
/// }
/// # Ok::<(), oauth_pkce::server::UnknownProfile>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Profile {
    /// RFC 7636 as written: PKCE when the client sends it, `S256` or
    /// `plain`.
    Rfc7636,
    /// RFC 9700 (OAuth 2.0 Security Best Current Practice) §2.1.1: PKCE
    /// required from public clients, `S256` only.
    Rfc9700,
    /// OAuth 2.1 (draft-ietf-oauth-v2-1): PKCE from every client (§4.1.1,
    /// which §7.5.1 has servers enforce), `S256` (the method §4.1.1 asks
    /// clients for).
    OAuth21,
    /// FAPI 2.0 Security Profile: PKCE from every client with `S256`, and
    /// codes that live at most 60 seconds.
    Fapi2,
}

/// A rule a [`Profile`] enforces, and where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Clause {
    /// The document and section, e.g. `"RFC 9700 §2.1.1"`.
    pub source: &'static str,
    /// What is enforced, in a line.
    pub rule: &'static str,
}

const fn clause(source: &'static str, rule: &'static str) -> Clause {
    Clause { source, rule }
}

/// Enforced by every profile, since every [`Policy`] enforces them.
const COMMON: [Clause; 5] = [
    clause("RFC 6749 §3.1", "a parameter sent empty counts as absent"),
    clause(
        "RFC 7636 §4.3",
        "a code_challenge without code_challenge_method is plain; a method without a challenge is refused",
    ),
    clause(
        "RFC 7636 §4.2",
        "a code_challenge must be well formed for its method, checked at the authorization endpoint",
    ),
    clause(
        "RFC 7636 §4.6",
        "a code issued with a challenge is redeemed only with its code_verifier, compared in constant time",
    ),
    clause(
        "RFC 9700 §4.8.2",
        "a code_verifier for a code issued without a challenge is refused (the PKCE downgrade)",
    ),
];

const RFC7636: [Clause; 2] = [
    clause(
        "RFC 7636 §5",
        "PKCE is optional: a client that sends no code_challenge gets a code",
    ),
    clause(
        "RFC 7636 §4.2",
        "code_challenge_method S256 and plain are accepted",
    ),
];

const RFC9700: [Clause; 2] = [
    clause(
        "RFC 9700 §2.1.1",
        "public clients must use PKCE, at both endpoints",
    ),
    clause(
        "RFC 9700 §2.1.1",
        "only S256: plain exposes the verifier in the authorization request",
    ),
];

const OAUTH21: [Clause; 2] = [
    clause(
        "draft-ietf-oauth-v2-1 §4.1.1, §7.5.1",
        "every client must use PKCE, at both endpoints; not taken: the draft's exception for a confidential client trusted to check OpenID Connect's nonce",
    ),
    clause(
        "draft-ietf-oauth-v2-1 §4.1.1",
        "only S256: clients are to use a method that does not expose the verifier, and S256 is the only one",
    ),
];

const FAPI2: [Clause; 3] = [
    clause(
        "FAPI 2.0 Security Profile §5.3.2.2",
        "every client must use PKCE, at both endpoints",
    ),
    clause("FAPI 2.0 Security Profile §5.3.2.2", "only S256"),
    clause(
        "FAPI 2.0 Security Profile §5.3.2.1",
        "authorization codes live at most 60 seconds",
    ),
];

impl Profile {
    /// Every profile, from the laxest to the strictest.
    ///
    /// ```
    /// assert_eq!(oauth_pkce::server::Profile::ALL.len(), 4);
    /// ```
    pub const ALL: [Self; 4] = [Self::Rfc7636, Self::Rfc9700, Self::OAuth21, Self::Fapi2];

    /// Its short name, as [`FromStr`] reads it: `rfc7636`, `rfc9700`,
    /// `oauth21`, `fapi2`.
    ///
    /// ```
    /// use oauth_pkce::server::Profile;
    /// assert_eq!(Profile::OAuth21.name(), "oauth21");
    /// ```
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Rfc7636 => "rfc7636",
            Self::Rfc9700 => "rfc9700",
            Self::OAuth21 => "oauth21",
            Self::Fapi2 => "fapi2",
        }
    }

    /// The policy that enforces it.
    ///
    /// ```
    /// use oauth_pkce::server::{Policy, Profile, Requirement};
    /// assert_eq!(Profile::Rfc7636.policy(), Policy::rfc7636());
    /// assert_eq!(Profile::Rfc9700.policy().requirement(), Requirement::PublicClients);
    /// assert_eq!(Profile::OAuth21.policy(), Policy::strict());
    /// ```
    #[must_use]
    pub const fn policy(self) -> Policy {
        match self {
            Self::Rfc7636 => Policy::rfc7636(),
            Self::Rfc9700 => Policy::strict().require(Requirement::PublicClients),
            Self::OAuth21 | Self::Fapi2 => Policy::strict(),
        }
    }

    /// The longest an authorization code may live, in seconds: RFC 6749
    /// §4.1.2 recommends at most ten minutes, FAPI 2.0 asks for at most 60.
    /// The server keeps the code's expiry; this is the bound to hold it to.
    ///
    /// ```
    /// use oauth_pkce::server::Profile;
    /// assert_eq!(Profile::Rfc9700.max_code_lifetime_secs(), 600);
    /// ```
    #[must_use]
    pub const fn max_code_lifetime_secs(self) -> u64 {
        match self {
            Self::Fapi2 => 60,
            _ => 600,
        }
    }

    /// The clauses it enforces, each with its source: those every policy
    /// enforces, then its own.
    ///
    /// ```
    /// use oauth_pkce::server::Profile;
    /// assert!(Profile::Fapi2.clauses().any(|c| c.rule.contains("60 seconds")));
    /// assert!(Profile::ALL.iter().all(|p| p.clauses().any(|c| c.source == "RFC 9700 §4.8.2")));
    /// ```
    pub fn clauses(self) -> impl Iterator<Item = &'static Clause> {
        let own: &'static [Clause] = match self {
            Self::Rfc7636 => &RFC7636,
            Self::Rfc9700 => &RFC9700,
            Self::OAuth21 => &OAUTH21,
            Self::Fapi2 => &FAPI2,
        };
        COMMON.iter().chain(own)
    }
}

impl fmt::Display for Profile {
    /// Its [`name`](Profile::name).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A profile name that is not one of [`Profile::name`]'s.
///
/// ```
/// assert!("oauth2".parse::<oauth_pkce::server::Profile>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("unknown profile: expected rfc7636, rfc9700, oauth21 or fapi2")]
pub struct UnknownProfile;

impl FromStr for Profile {
    type Err = UnknownProfile;

    /// Exactly one of the names: `rfc7636`, `rfc9700`, `oauth21`, `fapi2`.
    fn from_str(name: &str) -> Result<Self, UnknownProfile> {
        Self::ALL
            .into_iter()
            .find(|p| p.name() == name)
            .ok_or(UnknownProfile)
    }
}
