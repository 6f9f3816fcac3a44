//! What the integration tests share: RFC vectors, RNG stubs, rule models,
//! references, and all of the repository's `unsafe` code, in [`alloc`] (a
//! global allocator that counts and tracks blocks), [`probe`] (forensic
//! reads of dropped values and of the dead stack) and [`fork`]. The library
//! forbids `unsafe`; these files allow it, one block at a time, each with
//! its reason.
//!
//! The same files are the `oauth-pkce-test-support` crate of the workspace
//! (`test-support/`), for the benchmarks, the fuzz targets and the
//! constant-time harness; here they are a module of each test binary, so
//! that the tests build from the published package too. Each binary uses
//! part of them.
#![allow(dead_code, unused_imports)]

#[cfg(unix)]
pub mod alloc;
pub mod errors;
#[cfg(unix)]
pub mod fork;
pub mod model;
#[cfg(unix)]
pub mod probe;
#[cfg(not(target_arch = "wasm32"))]
pub mod reference;
pub mod rng;
pub mod vectors;

pub use rng::{FillRng, Replay};
pub use vectors::*;
