//! The core: parsing, deriving, verifying and generating verifiers and
//! challenges (RFC 7636 §4.1 to §4.6), their serde forms, their `Debug`,
//! and every comparison of a secret, one module per area.

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

mod challenge;
mod concurrency;
mod debug_output;
mod errors;
mod generate;
mod method_names;
mod per_position;
mod proptest;
mod python_diff;
mod serde;
mod verifier;
mod wipe;
