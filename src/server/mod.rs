//! The authorization server's side of PKCE: the challenge checked at the
//! authorization endpoint and bound to the code, the verifier checked at
//! the token endpoint, and the OAuth error that goes back (RFC 7636 §4.4
//! to §4.6, RFC 9700 §2.1.1 and §4.8.2).
//!
//! | step | item |
//! |---|---|
//! | choose what to enforce | [`Policy`] ([`Requirement`], `plain` or not), or a [`Migration`] from one policy to another |
//! | authorization endpoint: validate, then store the challenge with the code | [`Policy::check_authorization_request`] |
//! | token endpoint: check the verifier against what was stored | [`Policy::check_token_request`] |
//! | answer a refusal | [`Error::error_code`], [`JsonErrorResponse`], [`ErrorRedirect`] |
//! | advertise the methods | [`Policy::supported_methods`] |
//!
//! ```
//! use oauth_pkce::server::{ClientType, Policy};
//!
//! let policy = Policy::strict();
//! // Authorization endpoint: the challenge to store with the code.
//! let bound = policy.check_authorization_request(
//!     ClientType::Public,
//!     Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
//!     Some("S256"),
//! )?;
//! // Token endpoint: the code taken out of the store, then its verifier.
//! policy.check_token_request(
//!     ClientType::Public,
//!     bound.as_ref(),
//!     Some("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
//! )?;
//! # Ok::<(), oauth_pkce::server::Error>(())
//! ```

mod detector;
mod error;
mod events;
#[cfg(feature = "http")]
mod http;
mod migration;
mod policy;
mod profile;
mod response;

pub use detector::{ChallengeDetector, OnRepeat, Sighting};
pub use error::{Error, ErrorCode};
#[cfg(feature = "std")]
pub use events::RefusalCounts;
pub use events::{Endpoint, MAX_KINDS, Refusal};
#[cfg(feature = "http")]
pub use http::{Response, SuccessRedirect};
pub use migration::{Checked, Migration};
pub use policy::{ClientType, Policy, Requirement};
pub use profile::{Clause, Profile, UnknownProfile};
pub use response::{ErrorRedirect, JsonErrorResponse};
