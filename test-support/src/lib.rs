//! What the benchmarks, the fuzz targets, the constant-time harness and the
//! browser tests of `oauth-pkce` share with its integration tests: RFC
//! vectors, RNG stubs, rule models, references. Test code only, never
//! published.
//!
//! The sources live in the library's `tests/support/`, which ships with the
//! crate so that its tests build from the published package; this crate
//! compiles the same files for the workspace's other members.
#![allow(clippy::missing_panics_doc)]

#[cfg(unix)]
#[path = "../../tests/support/alloc.rs"]
pub mod alloc;
#[path = "../../tests/support/errors.rs"]
pub mod errors;
#[cfg(unix)]
#[path = "../../tests/support/fork.rs"]
pub mod fork;
#[path = "../../tests/support/model.rs"]
pub mod model;
#[cfg(unix)]
#[path = "../../tests/support/probe.rs"]
pub mod probe;
#[cfg(not(target_arch = "wasm32"))]
#[path = "../../tests/support/reference.rs"]
pub mod reference;
#[path = "../../tests/support/rng.rs"]
pub mod rng;
#[path = "../../tests/support/vectors.rs"]
pub mod vectors;

pub use rng::{FillRng, Replay};
pub use vectors::*;
