//! PKCE end to end over real HTTP on `127.0.0.1`: an authorization server
//! (`/authorize`, `/token`, this crate's `Policy`) and a desktop agent that
//! listens on its own loopback port for the redirect (RFC 8252 §7.3), then an
//! attacker who intercepted codes. Nothing leaves loopback.
//!
//! Run with `cargo run --example loopback`. It prints a transcript and exits
//! non-zero if any step does not behave as it should. The parts live in
//! `examples/loopback/`, where the integration tests run the same code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "loopback/mod.rs"]
mod loopback;

use std::process::ExitCode;

fn main() -> ExitCode {
    match loopback::run() {
        Ok(report) if report.failed().next().is_none() => ExitCode::SUCCESS,
        Ok(report) => {
            for step in report.failed() {
                eprintln!("failed: {}", step.title);
            }
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("the demo could not run: {e}");
            ExitCode::FAILURE
        }
    }
}
