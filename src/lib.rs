//! PKCE, Proof Key for Code Exchange ([RFC 7636]), for both sides of
//! OAuth 2.0: strict parsing, constant-time checks, secrets that wipe
//! themselves, and no heap allocation.
//!
//! # What PKCE does
//!
//! An authorization code travels through the browser, where another app on
//! the device, a log or a referrer can see it. PKCE makes the stolen code
//! useless: before redirecting, the client makes a one-time secret, the
//! *code verifier*, and sends only its SHA-256 hash, the *code challenge*.
//! The server stores the challenge with the code and, at the token endpoint,
//! redeems the code only for the client that presents the matching verifier.
//! [RFC 9700 §2.1.1] (the OAuth 2.0 Security Best Current Practice) asks
//! every client to use it and every authorization server to enforce it.
//!
//! # Client: four steps
//!
//! 1. Make a fresh verifier for each authorization request
//!    ([RFC 7636 §4.1]): [`CodeVerifier::generate`].
//! 2. Derive its `S256` challenge ([§4.2][RFC 7636 §4.2]):
//!    [`CodeVerifier::challenge`].
//! 3. Send the challenge and its method with the authorization request
//!    ([§4.3][RFC 7636 §4.3]), and keep the verifier while the browser goes
//!    round the redirect.
//! 4. Send the verifier with the code in the token request
//!    ([§4.5][RFC 7636 §4.5]): [`CodeVerifier::secret`].
//!
//! ```
//! # #[cfg(feature = "std")] {
//! use oauth_pkce::{CodeVerifier, Method};
//!
//! // 1. 256 bits from the OS-seeded CSPRNG, 43 characters.
//! let verifier = CodeVerifier::generate();
//!
//! // 2. and 3. Only the challenge goes out with the authorization request.
//! let challenge = verifier.challenge();
//! let url = format!(
//!     "https://auth.example/authorize?response_type=code&client_id=cli\
//!      &code_challenge={}&code_challenge_method={}",
//!     challenge.as_str(),
//!     challenge.method(), // always S256 unless you ask for plain
//! );
//!
//! // 4. The verifier goes with the code, to the token endpoint only.
//! let form = [
//!     ("grant_type", "authorization_code"),
//!     ("code", "the-code-from-the-redirect"),
//!     ("code_verifier", verifier.secret()),
//! ];
//! # assert!(url.ends_with("S256"));
//! # assert_eq!(form[2].1.len(), 43);
//! # }
//! ```
//!
//! A desktop app or CLI receives the redirect on a loopback port it listens
//! on itself ([RFC 8252 §7.3]); `cargo run --example loopback` shows the
//! whole round trip over real HTTP.
//!
//! # Authorization server: two checks
//!
//! 1. At the authorization endpoint, [`Policy::check_authorization_request`]
//!    validates `code_challenge` and `code_challenge_method`
//!    ([RFC 7636 §4.4]) and returns the challenge to store with the code.
//! 2. At the token endpoint, [`Policy::check_token_request`] checks the
//!    `code_verifier` against what was stored ([§4.6][RFC 7636 §4.6]), in
//!    constant time.
//!
//! Every refusal is an [`Error`] whose [`error_code`](Error::error_code) and
//! [`error_description`](Error::error_description) are what to send back: in
//! the redirect from the authorization endpoint ([RFC 6749 §4.1.2.1]), as a
//! JSON body with status 400 from the token endpoint ([RFC 6749 §5.2]).
//!
//! ```
//! use oauth_pkce::{ClientType, Policy};
//!
//! let policy = Policy::strict(); // PKCE for every client, S256 only
//!
//! // Authorization endpoint: validate, then store the challenge with the code.
//! let bound = policy.check_authorization_request(
//!     ClientType::Public,
//!     Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"), // code_challenge
//!     Some("S256"),                                        // code_challenge_method
//! )?;
//!
//! // Token endpoint: the verifier must match what was bound, in constant time.
//! let verifier = Some("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
//! match policy.check_token_request(ClientType::Public, bound.as_ref(), verifier) {
//!     Ok(()) => { /* issue the tokens */ }
//!     Err(e) => {
//!         // HTTP 400, {"error": "invalid_grant", "error_description": "..."}
//!         let (error, description) = (e.error_code().as_str(), e.error_description());
//!         # let _ = (error, description);
//!     }
//! }
//! # Ok::<(), oauth_pkce::Error>(())
//! ```
//!
//! Whatever the outcome, remove the code from your store on its first
//! redemption: a code is single-use ([RFC 6749 §4.1.2]), and a failed
//! attempt must not leave it open to another.
//!
//! [`JsonErrorResponse`] is a refusal as the token endpoint sends it (status,
//! headers, JSON body, written with or without `serde`), [`ErrorRedirect`]
//! as the authorization endpoint's redirect carries it, and [`Migration`]
//! enforces one policy while reporting what a stricter one would refuse.
//!
//! [`Policy`] also refuses the PKCE downgrade (a verifier for a code that was
//! issued without a challenge, [RFC 9700 §4.8.2]), treats empty parameters as
//! absent ([RFC 6749 §3.1]), and never reads a missing method as `S256`
//! ([RFC 7636 §4.3]: it means `plain`).
//!
//! | policy | PKCE required from | methods |
//! |---|---|---|
//! | [`Policy::strict`] (the default) | every client | `S256` |
//! | [`Policy::rfc7636`] | no client: used when sent | `S256`, `plain` |
//!
//! [`Policy::require`] and [`Policy::allow_plain`] adjust either, and
//! [`Policy::supported_methods`] gives `code_challenge_methods_supported` for
//! the server's metadata ([RFC 8414 §2]).
//!
//! # Guarantees
//!
//! - **Types are proofs.** A [`CodeVerifier`] or [`CodeChallenge`] can only
//!   hold a value that is valid by the RFC; parsing is exact (no trimming, no
//!   decoding, ASCII only) and every refusal is a typed [`Error`] with its
//!   OAuth [`ErrorCode`] and a stable [`kind`](Error::kind) for logs and
//!   metrics. No input makes this crate panic.
//! - **Constant time.** Generating, parsing and verifying a verifier, and
//!   comparing challenges, take time that depends on lengths only, not on
//!   the secret's characters: no secret-dependent branch or table look-up.
//! - **Secret hygiene.** A verifier is read only through
//!   [`CodeVerifier::secret`], never appears in `Debug` or an error, and is
//!   wiped on drop, as is every scratch buffer that held it.
//! - **No allocation.** Values live in fixed buffers; generate, derive,
//!   parse and verify never touch the heap.
//! - **`S256` by default**; `plain` must be asked for by name.
//!
//! # Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `std` | yes | [`CodeVerifier::generate`], [`generate_len`](CodeVerifier::generate_len) and [`try_generate`](CodeVerifier::try_generate), from the OS-seeded RNG. Without it the crate is `#![no_std]`: bring a [`rand::CryptoRng`] to [`CodeVerifier::generate_with`]. |
//! | `serde` | no | `Serialize` and `Deserialize` for [`Method`] (`"S256"`), [`CodeChallenge`] (`{"method":"S256","value":"..."}`, so a stored challenge keeps its method) and [`CodeVerifier`] (its characters: a secret, for a client's own session store). Deserializing validates exactly as `parse` does. |
//!
//! ```
//! # #[cfg(feature = "serde")] {
//! use oauth_pkce::{CodeChallenge, Method};
//!
//! // What a server stores with the code, and reads back when it is redeemed.
//! let stored = r#"{"method":"S256","value":"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"}"#;
//! let bound: CodeChallenge = serde_json::from_str(stored).unwrap();
//! assert_eq!(bound.method(), Method::S256);
//! assert_eq!(serde_json::to_string(&bound).unwrap(), stored);
//! # }
//! ```
//!
//! # Examples
//!
//! | command | what it shows |
//! |---|---|
//! | `cargo run --example client` | a verifier, its authorization URL and the token request |
//! | `cargo run --example server` | an authorization server on axum, a policy per client, driven over HTTP: the right verifier, a wrong one, none, a replayed code, a client migrated to strict |
//! | `cargo run --example loopback` | a desktop agent and an authorization server over HTTP on `127.0.0.1`, then an attacker with intercepted codes |
//!
//! # Minimum supported Rust version
//!
//! Rust 1.88, which `sha2` 0.11 needs.
//!
//! # Security
//!
//! `SECURITY.md`, at the root of the repository and of the published
//! package, sets out the threat model (what PKCE stops, and what it leaves
//! to the rest of the server: redirect URI validation, token theft,
//! consent), what this crate guarantees and how each guarantee is tested,
//! and how to report a vulnerability.
//!
//! [RFC 6749 §3.1]: https://www.rfc-editor.org/rfc/rfc6749#section-3.1
//! [RFC 6749 §4.1.2]: https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
//! [RFC 6749 §4.1.2.1]: https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
//! [RFC 6749 §5.2]: https://www.rfc-editor.org/rfc/rfc6749#section-5.2
//! [RFC 7636]: https://www.rfc-editor.org/rfc/rfc7636
//! [RFC 7636 §4.1]: https://www.rfc-editor.org/rfc/rfc7636#section-4.1
//! [RFC 7636 §4.2]: https://www.rfc-editor.org/rfc/rfc7636#section-4.2
//! [RFC 7636 §4.3]: https://www.rfc-editor.org/rfc/rfc7636#section-4.3
//! [RFC 7636 §4.4]: https://www.rfc-editor.org/rfc/rfc7636#section-4.4
//! [RFC 7636 §4.5]: https://www.rfc-editor.org/rfc/rfc7636#section-4.5
//! [RFC 7636 §4.6]: https://www.rfc-editor.org/rfc/rfc7636#section-4.6
//! [RFC 8252 §7.3]: https://www.rfc-editor.org/rfc/rfc8252#section-7.3
//! [RFC 8414 §2]: https://www.rfc-editor.org/rfc/rfc8414#section-2
//! [RFC 9700 §2.1.1]: https://www.rfc-editor.org/rfc/rfc9700#section-2.1.1
//! [RFC 9700 §4.8.2]: https://www.rfc-editor.org/rfc/rfc9700#section-4.8.2
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "std")]
extern crate std;

mod bounded;
mod callback;
mod challenge;
mod ct;
mod diagnosis;
mod error;
mod method;
mod migration;
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

// The README shows the `std` API.
#[cfg(all(doctest, feature = "std"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

// The server guides' examples run as doctests too.
#[cfg(all(doctest, feature = "std"))]
#[doc = include_str!("../docs/SERVER.md")]
struct ServerGuideDoctests;

#[cfg(all(doctest, feature = "std"))]
#[doc = include_str!("../docs/MIGRATION.md")]
struct MigrationGuideDoctests;
