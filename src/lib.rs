// The crate's documentation is the README, so that the two cannot drift:
// every example in it runs as a doctest. Without `std` its examples, which
// generate from the OS, are left out.
#![cfg_attr(feature = "std", doc = include_str!("../README.md"))]
#![cfg_attr(
    not(feature = "std"),
    doc = "PKCE (RFC 7636) for OAuth 2.0 clients and authorization servers, `no_std`. \
           The README, whose examples generate from the OS, is the crate \
           documentation when the `std` feature is on."
)]
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "std")]
extern crate std;

mod bounded;
mod callback;
pub mod client {
    //! The client's side beyond the pending authorization itself: sealed
    //! storage (feature `seal`) and the authorization server's metadata
    //! (feature `serde`).
    #[cfg(feature = "seal")]
    mod base64_text;
    #[cfg(feature = "serde")]
    mod metadata;
    // Wired into the callback's parameters with the client module's layout.
    #[allow(dead_code)]
    mod query;
    #[cfg(feature = "seal")]
    mod record_bytes;
    #[cfg(feature = "seal")]
    mod sealed;
    #[cfg(feature = "serde")]
    pub use metadata::{
        AuthorizationServer, AuthorizationUrl, ENDPOINT_MAX_LEN, MetadataError, ServerMetadata,
    };
    #[cfg(feature = "seal")]
    pub use sealed::{
        ASSOCIATED_DATA_MAX_LEN, RECORDS_MAX, SEAL_LIFETIME_MAX_SECS, SEALED_RECORD_MAX_LEN,
        SealError, SealedRecord, SealingKey, SealingKeys,
    };
}
mod challenge;
mod ct;
mod diagnosis;
mod error;
mod method;
mod migration;
#[cfg(any(feature = "std", feature = "wasm_js"))]
mod os_random;
mod pending;
mod pending_store;
mod policy;
mod response;
#[cfg(feature = "serde")]
mod serialization;
mod state;
mod verifier;

pub use callback::{CallbackParams, TokenRequest};
pub use challenge::CodeChallenge;
pub use error::{Error, ErrorCode};
pub use method::Method;
pub use migration::{Checked, Migration};
#[cfg(feature = "serde")]
pub use pending::PendingAuthorizationForStorage;
pub use pending::{AuthorizationRequest, PendingAuthorization, PendingAuthorizationBuilder};
pub use pending_store::PendingAuthorizations;
pub use policy::{ClientType, Policy, Requirement};
pub use response::{ErrorRedirect, JsonErrorResponse};
pub use state::State;
pub use verifier::CodeVerifier;

/// How many decisions on a secret (is it well formed, does it match) the
/// library has taken since the process started. Built only for the
/// constant-time harness (`--cfg oauth_pkce_ct`, set by its script), which
/// pins the number each operation takes; it observes and changes nothing.
#[cfg(oauth_pkce_ct)]
pub fn ct_declassifications() -> usize {
    ct::DECLASSIFIED.load(core::sync::atomic::Ordering::Relaxed)
}

/// Re-exported so that callers of [`CodeVerifier::generate_with`] name the
/// same `CryptoRng` trait this crate does.
pub use rand;

// The server guides' examples run as doctests too.
#[cfg(all(doctest, feature = "std"))]
#[doc = include_str!("../docs/SERVER.md")]
struct ServerGuideDoctests;

#[cfg(all(doctest, feature = "std"))]
#[doc = include_str!("../docs/MIGRATION.md")]
struct MigrationGuideDoctests;

#[cfg(all(doctest, feature = "std"))]
#[doc = include_str!("../docs/OAUTH2.md")]
struct Oauth2RecipeDoctests;
