// The crate's documentation is the README, so that the two cannot drift:
// every example in it runs as a doctest. Its examples generate from the OS
// and read server metadata, so without `std` and `serde` they are left out.
#![cfg_attr(all(feature = "std", feature = "serde"), doc = include_str!("../README.md"))]
#![cfg_attr(
    not(all(feature = "std", feature = "serde")),
    doc = "PKCE (RFC 7636) for OAuth 2.0 clients and authorization servers. \
           The README, whose examples generate from the OS and read server \
           metadata, is the crate documentation with the `std` and `serde` \
           features on (as on docs.rs)."
)]
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "std")]
extern crate std;

mod challenge;
pub mod client;
mod ct;
mod diagnosis;
mod error;
mod method;
#[cfg(any(feature = "std", feature = "wasm_js"))]
mod os_random;
mod params;
#[cfg(feature = "serde")]
mod serialization;
pub mod server;
mod verifier;

// The root holds the core, which both sides use: the verifier, the
// challenge, the method and what parsing and verifying refuse. Each side's
// items are reached by their module's path only (`client::…`,
// `server::…`), so that a reader sees at each use which side it is on.
pub use challenge::CodeChallenge;
pub use error::Error;
pub use method::Method;
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
