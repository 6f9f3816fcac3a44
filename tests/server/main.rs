//! The authorization server's side: the policy's checks at both endpoints
//! (RFC 7636 §4.4 to §4.6, RFC 9700 §2.1.1, §4.8.2), migration between
//! policies, every refusal's code and description, the HTTP helpers, and
//! the example server over real HTTP.

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

mod detector;
mod errors;
mod events;
mod migration;
mod policy;
mod profiles;
mod response;
