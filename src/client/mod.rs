//! The client's side of PKCE: one record per sign-in, kept across the
//! redirect, that checks the authorization response and hands over what
//! the token request needs (RFC 6749 §4.1, RFC 7636 §4.1 to §4.5,
//! RFC 9207, RFC 9700 §4.7).
//!
//! | step | item |
//! |---|---|
//! | make a fresh verifier and `state`, send the S256 challenge | [`PendingAuthorization::builder`], [`PendingAuthorization::authorization_request`] |
//! | keep the record across the redirect | in memory, in [`PendingAuthorizations`] for several sign-ins, or stored (feature `serde`) |
//! | check the response | [`CallbackParams::from_query`] (or `from_url`, `from_uri`), [`PendingAuthorization::validate_callback`], in the order the [`callback`] module gives |
//! | redeem the code with the verifier | [`TokenRequest::form`] |
//!
//! Everything here is fixed-size: no allocation, and `no_std` keeps it.
//! What it refuses is a [`client::Error`](Error), with the authorization
//! server's own error kept as a [`ReceivedError`].
//!
//! ```
//! # #[cfg(feature = "std")] {
//! use oauth_pkce::client::{CallbackParams, PendingAuthorization};
//!
//! let mut pending = PendingAuthorization::builder("http://127.0.0.1:8400/callback")
//!     .issuer("https://auth.example.com")
//!     .build()?;
//! let mut url = url::Url::parse("https://auth.example.com/authorize")?;
//! url.query_pairs_mut() // percent-encodes each value
//!     .extend_pairs([("response_type", "code"), ("client_id", "cli")])
//!     .extend_pairs(pending.authorization_request().pairs());
//! # let redirect = format!("http://127.0.0.1:8400/callback?code=SplxlOBeZQQYbYS6WxSbIA&state={}&iss=https%3A%2F%2Fauth.example.com", pending.state().secret());
//!
//! // ... the browser comes back to the redirect URI:
//! let redirect = url::Url::parse(&redirect)?;
//! let params = CallbackParams::from_query(redirect.query().unwrap_or_default())?;
//! let token = pending.validate_callback(&params)?;
//! // POST token.form(), plus client_id, to the token endpoint.
//! # assert!(url.as_str().contains("code_challenge_method=S256"));
//! # assert_eq!(token.code(), "SplxlOBeZQQYbYS6WxSbIA");
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#[cfg(feature = "serde")]
mod authorization_url;
#[cfg(feature = "seal")]
mod base64_text;
mod bounded;
mod builder;
pub mod callback;
mod clock;
mod error;
#[cfg(feature = "serde")]
mod metadata;
#[cfg(feature = "serde")]
mod metadata_error;
mod query;
mod received;
mod record;
#[cfg(feature = "seal")]
mod record_bytes;
mod request;
#[cfg(feature = "seal")]
mod sealed;
mod state;
#[cfg(feature = "serde")]
mod storage;
mod store;
mod token;

#[cfg(feature = "serde")]
pub use authorization_url::AuthorizationUrl;
pub use builder::PendingAuthorizationBuilder;
pub use callback::{CallbackParams, DECODED_MAX_LEN};
pub use error::Error;
#[cfg(feature = "serde")]
pub use metadata::{AuthorizationServer, ENDPOINT_MAX_LEN, ServerMetadata};
#[cfg(feature = "serde")]
pub use metadata_error::MetadataError;
pub use received::{EXTENSION_CODE_MAX_LEN, ExtensionCode, ReceivedError};
pub use record::PendingAuthorization;
pub use request::AuthorizationRequest;
#[cfg(feature = "seal")]
pub use sealed::{
    ASSOCIATED_DATA_MAX_LEN, RECORDS_MAX, SEAL_LIFETIME_MAX_SECS, SEALED_RECORD_MAX_LEN, SealError,
    SealedRecord, SealingKey, SealingKeys,
};
pub use state::State;
#[cfg(feature = "serde")]
pub use storage::PendingAuthorizationForStorage;
pub use store::PendingAuthorizations;
pub use token::TokenRequest;
