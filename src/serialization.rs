//! `serde` support (feature `serde`): values are validated on the way in,
//! exactly as [`parse`](crate::CodeVerifier::parse) validates them.
//!
//! The forms:
//!
//! | type | form | example (JSON) |
//! |---|---|---|
//! | [`Method`] | its name | `"S256"` |
//! | [`CodeChallenge`] | a map of method and value | `{"method":"S256","value":"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"}` |
//! | [`CodeVerifier`] | its characters | `"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"` |
//!
//! A challenge keeps its method beside it so that a stored `plain` challenge
//! can never be read back as `S256`, or the reverse. Unknown and repeated
//! fields are refused. Deserializing needs no allocation and works from
//! borrowed, owned and streamed input alike.
//!
//! A serialized [`CodeVerifier`] is the secret itself: serialize it only into
//! storage the client alone can read (for example an encrypted session kept
//! across the redirect), and drop the stored copy once the token request is
//! sent. What this crate wipes on drop is its own copy; the serializer's
//! output buffer is yours to protect.
//!
//! ```
//! # #[cfg(feature = "serde")] {
//! use oauth_pkce::{CodeChallenge, Method};
//! let challenge: CodeChallenge = serde_json::from_str(
//!     r#"{"method":"S256","value":"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"}"#,
//! ).unwrap();
//! assert_eq!(challenge.method(), Method::S256);
//! assert!(serde_json::from_str::<CodeChallenge>(r#"{"method":"S256","value":"nope"}"#).is_err());
//! # }
//! ```

use core::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::syntax::MAX_LEN;
use crate::{CodeChallenge, CodeVerifier, Method, secret::wipe};

impl Serialize for Method {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Method {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MethodVisitor;
        impl Visitor<'_> for MethodVisitor {
            type Value = Method;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(r#""S256" or "plain""#)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Method, E> {
                Method::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(MethodVisitor)
    }
}

impl Serialize for CodeVerifier {
    /// Serializes the secret itself: store it only where the client alone
    /// can read it, and delete it once the token request is sent.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.secret())
    }
}

impl<'de> Deserialize<'de> for CodeVerifier {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct VerifierVisitor;
        impl Visitor<'_> for VerifierVisitor {
            type Value = CodeVerifier;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a code_verifier of 43 to 128 characters A-Z a-z 0-9 - . _ ~")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<CodeVerifier, E> {
                // The error names lengths and offsets only, never the value.
                CodeVerifier::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(VerifierVisitor)
    }
}

const FIELDS: &[&str] = &["method", "value"];

impl Serialize for CodeChallenge {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("CodeChallenge", 2)?;
        s.serialize_field("method", &self.method())?;
        s.serialize_field("value", self.as_str())?;
        s.end()
    }
}

/// A challenge's characters held on the stack until the method is known:
/// no allocation, and wiped on drop since a `plain` value is a verifier.
struct Value {
    bytes: [u8; MAX_LEN],
    len: usize,
}

impl Value {
    fn as_str(&self) -> &str {
        core::str::from_utf8(self.bytes.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
}

impl Drop for Value {
    fn drop(&mut self) {
        wipe(&mut self.bytes);
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl Visitor<'_> for ValueVisitor {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a code_challenge of 43 to 128 characters")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
                if v.len() > MAX_LEN {
                    return Err(E::invalid_length(v.len(), &self));
                }
                let mut value = Value {
                    bytes: [0u8; MAX_LEN],
                    len: v.len(),
                };
                for (d, s) in value.bytes.iter_mut().zip(v.as_bytes()) {
                    *d = *s;
                }
                Ok(value)
            }
        }
        deserializer.deserialize_str(ValueVisitor)
    }
}

enum Field {
    Method,
    Value,
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldVisitor;
        impl Visitor<'_> for FieldVisitor {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`method` or `value`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
                match v {
                    "method" => Ok(Field::Method),
                    "value" => Ok(Field::Value),
                    _ => Err(E::unknown_field(v, FIELDS)),
                }
            }
        }
        deserializer.deserialize_identifier(FieldVisitor)
    }
}

struct ChallengeVisitor;

impl ChallengeVisitor {
    fn build<E: de::Error>(method: Method, value: &Value) -> Result<CodeChallenge, E> {
        CodeChallenge::parse(value.as_str(), method).map_err(E::custom)
    }
}

impl<'de> Visitor<'de> for ChallengeVisitor {
    type Value = CodeChallenge;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a code_challenge with its method")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CodeChallenge, A::Error> {
        let mut method = None;
        let mut value: Option<Value> = None;
        while let Some(field) = map.next_key()? {
            match field {
                Field::Method if method.is_some() => {
                    return Err(de::Error::duplicate_field("method"));
                }
                Field::Method => method = Some(map.next_value()?),
                Field::Value if value.is_some() => {
                    return Err(de::Error::duplicate_field("value"));
                }
                Field::Value => value = Some(map.next_value()?),
            }
        }
        let method = method.ok_or_else(|| de::Error::missing_field("method"))?;
        let value = value.ok_or_else(|| de::Error::missing_field("value"))?;
        Self::build(method, &value)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<CodeChallenge, A::Error> {
        let method = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let value: Value = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(1, &self))?;
        if seq.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_length(3, &self));
        }
        Self::build(method, &value)
    }
}

impl<'de> Deserialize<'de> for CodeChallenge {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("CodeChallenge", FIELDS, ChallengeVisitor)
    }
}
