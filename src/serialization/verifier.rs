//! `serde` (feature `serde`): a verifier deserializes from its characters,
//! validated as [`CodeVerifier::parse`] does, and serializes only where a
//! field asks for it by name.
//!
//! `CodeVerifier` does not implement `Serialize`: deriving `Serialize` on a
//! struct that holds one, or handing it to a structured logger, fails to
//! compile instead of writing the secret out. Storing it across the redirect
//! is an explicit opt-in, the pattern of the `secrecy` crate:
//!
//! ```
//! # #[cfg(feature = "serde")] {
//! use oauth_pkce::CodeVerifier;
//!
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Pending {
//!     #[serde(serialize_with = "CodeVerifier::serialize_secret")]
//!     verifier: CodeVerifier,
//! }
//!
//! let pending = Pending { verifier: CodeVerifier::parse("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")? };
//! // Into storage only the client can read: an encrypted session, a keychain.
//! let stored = serde_json::to_string(&pending).unwrap();
//! let restored: Pending = serde_json::from_str(&stored).unwrap();
//! assert_eq!(restored.verifier.secret(), pending.verifier.secret());
//! # }
//! # Ok::<(), oauth_pkce::Error>(())
//! ```
//!
//! Without the opt-in, the derive does not compile:
//!
//! ```compile_fail
//! #[derive(serde::Serialize)]
//! struct Pending {
//!     verifier: oauth_pkce::CodeVerifier,
//! }
//! ```

use core::cell::Cell;
use core::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::Serializer;

use crate::Error;
use crate::ct::{SCRUB_SERDE, scrubbed};
use crate::serialization::{refuse, without_echo};
use crate::verifier::CodeVerifier;

impl CodeVerifier {
    /// Serializes the secret itself, as a string: for a field that opts
    /// in with `#[serde(serialize_with = "CodeVerifier::serialize_secret")]`.
    /// Store the output only where the client alone can read it (an
    /// encrypted session or cookie, an OS keychain; a signed cookie is
    /// readable by anyone who holds it) and delete it once the token
    /// request is sent. This crate wipes its own copy on drop; the
    /// serializer's output is yours to protect.
    ///
    /// ```
    /// let verifier = oauth_pkce::CodeVerifier::parse("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")?;
    /// let json = verifier.serialize_secret(serde_json::value::Serializer).unwrap();
    /// assert_eq!(json, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Whatever the serializer returns.
    pub fn serialize_secret<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.secret())
    }
}

impl<'de> Deserialize<'de> for CodeVerifier {
    /// A refusal of the characters is the parse error, which names
    /// lengths and offsets only; any other (not a string) is one fixed
    /// message, since a format's own message could quote the input.
    #[inline(always)]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct VerifierVisitor<'a> {
            ours: &'a Cell<Option<Error>>,
        }
        impl Visitor<'_> for VerifierVisitor<'_> {
            type Value = CodeVerifier;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a code_verifier of 43 to 128 characters A-Z a-z 0-9 - . _ ~")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<CodeVerifier, E> {
                CodeVerifier::parse(v).map_err(|e| refuse(self.ours, e))
            }
        }
        scrubbed::<SCRUB_SERDE, _>(|| {
            without_echo(
                deserializer,
                "expected a code_verifier as a string",
                |d, ours| d.deserialize_str(VerifierVisitor { ours }),
            )
        })
    }
}
