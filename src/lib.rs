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
//!
//! # Client: four steps ([RFC 7636 §4.1–§4.5][RFC 7636])
//!
//! ```
//! use oauth_pkce::{CodeVerifier, Method};
//!
//! // 1. A fresh verifier for each authorization request (§4.1): 256 bits
//! //    from the OS-seeded CSPRNG, 43 characters.
//! let verifier = CodeVerifier::generate();
//!
//! // 2. Its S256 challenge (§4.2), sent with the authorization request (§4.3).
//! let challenge = verifier.challenge();
//! let url = format!(
//!     "https://auth.example/authorize?response_type=code&client_id=cli\
//!      &code_challenge={}&code_challenge_method={}",
//!     challenge.as_str(),
//!     challenge.method(), // always S256 unless you ask for plain
//! );
//!
//! // 3. Keep the verifier while the browser goes round the redirect.
//! // 4. Send it with the code in the token request (§4.5).
//! let form = [
//!     ("grant_type", "authorization_code"),
//!     ("code", "the-code-from-the-redirect"),
//!     ("code_verifier", verifier.secret()),
//! ];
//! # assert!(url.ends_with("S256"));
//! # assert_eq!(form[2].1.len(), 43);
//! ```
//!
//! # Authorization server: two checks ([RFC 7636 §4.4–§4.6][RFC 7636], [RFC 9700 §2.1.1])
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
//! match policy.check_token_request(bound.as_ref(), Some("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")) {
//!     Ok(()) => { /* issue the tokens */ }
//!     Err(e) => {
//!         // {"error": "invalid_grant", "error_description": "..."}
//!         let (error, description) = (e.error_code().as_str(), e.error_description());
//!         # let _ = (error, description);
//!     }
//! }
//! # Ok::<(), oauth_pkce::Error>(())
//! ```
//!
//! [`Policy`] also refuses the PKCE downgrade (a verifier for a code that was
//! issued without a challenge, [RFC 9700 §4.8.2]), treats empty parameters as
//! absent, and never reads a missing method as `S256`.
//!
//! # Guarantees
//!
//! - **Types are proofs.** A [`CodeVerifier`] or [`CodeChallenge`] can only
//!   hold a value that is valid by the RFC; parsing is exact (no trimming, no
//!   decoding, ASCII only) and every refusal is a typed [`Error`] with its
//!   OAuth [`ErrorCode`]. No input makes this crate panic.
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
//!
//! The minimum supported Rust version is 1.88.
//!
//! [RFC 7636]: https://www.rfc-editor.org/rfc/rfc7636
//! [RFC 9700 §2.1.1]: https://www.rfc-editor.org/rfc/rfc9700#section-2.1.1
//! [RFC 9700 §4.8.2]: https://www.rfc-editor.org/rfc/rfc9700#section-4.8.2
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "std")]
extern crate std;

mod base64url;
mod challenge;
mod error;
mod method;
mod policy;
mod s256;
mod secret;
mod syntax;
mod verifier;
mod verify;

pub use challenge::CodeChallenge;
pub use error::{Error, ErrorCode};
pub use method::Method;
pub use policy::{ClientType, Policy, Requirement};
pub use verifier::CodeVerifier;

/// Re-exported so that callers of [`CodeVerifier::generate_with`] name the
/// same `CryptoRng` trait this crate does.
pub use rand;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
