//! What the tests, the fuzz targets and the constant-time harness of
//! `oauth-pkce` share: RFC vectors, RNG stubs and rule models. Test code
//! only, never published.
//!
//! All of the repository's `unsafe` code is here, in [`alloc`] (a global
//! allocator that counts and tracks blocks) and [`probe`] (forensic reads of
//! dropped values and of the dead stack): the library forbids it, and so do
//! its tests.
#![allow(clippy::missing_panics_doc)]

#[cfg(unix)]
pub mod alloc;
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
