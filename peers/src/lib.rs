//! `oauth-pkce` beside its peers, as a package of its own so that the
//! library's `cargo test` and `cargo run --example loopback` build neither
//! peer: the `oauth2` crate's client against the loopback demo's server and
//! with our pending authorization (`tests/oauth2.rs`), the recipe that joins
//! the two (docs/OAUTH2.md, run here as a doctest), the peers' heap
//! allocations beside ours (`tests/alloc.rs`), and the interleaved
//! benchmark against the lower bound, `oauth2` and `pkce-std`
//! (`benches/pkce.rs`, BENCHMARKS.md). Nothing here is published.

#[cfg(doctest)]
#[doc = include_str!("../../docs/OAUTH2.md")]
struct OAuth2Recipe;
