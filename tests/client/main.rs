//! The client's side: the pending authorization, the callback check in its
//! order (RFC 6749 §4.1.2, §10.12; RFC 9207 §2.4), storage across the
//! redirect, the store of several flows, and the flow against real servers
//! (the loopback demo, oauth2's client, node oidc-provider).

// `clippy.toml` allows these in `#[test]` functions; the helpers the tests
// share are test code too.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "in a test a panic is the failure report"
)]

#[path = "../support/mod.rs"]
#[allow(
    unsafe_code,
    reason = "the forensic probes and the counting allocator read raw memory"
)]
mod support;

/// The loopback demo (`cargo run --example loopback`): its servers, agent
/// and browser, driven by the tests that read the very code users read.
#[cfg(feature = "std")]
#[path = "../../examples/loopback/mod.rs"]
mod demo;

mod callback;
mod errors;
mod forged;
mod loopback;
mod metadata;
mod oidc_provider;
mod oidc_sealed;
mod os_rng;
mod proptest;
mod query;
mod sealed;
mod storage;
mod store_bounds;
mod wipe;
