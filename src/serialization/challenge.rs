//! `serde` (feature `serde`): a challenge is a map of method and value,
//! `{"method":"S256","value":"..."}`, so that a stored `plain` challenge can
//! never be read back as `S256`, or the reverse. A `plain` challenge is the
//! verifier: `Serialize` refuses it, and
//! [`CodeChallenge::serialize_secret`] writes it on purpose. Unknown and repeated fields
//! are refused, the value is validated as [`CodeChallenge::parse`] does, and
//! no error quotes what it was given. No allocation, from borrowed, owned
//! and streamed input alike.

use core::cell::Cell;
use core::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::challenge::CodeChallenge;
use crate::ct::secret::SecretBuf;
use crate::ct::syntax::MAX_LEN;
use crate::ct::{SCRUB_SERDE, scrubbed};
use crate::serialization::{refuse, without_echo};
use crate::{Error, Method};

const FIELDS: &[&str] = &["method", "value"];

impl CodeChallenge {
    /// Serializes the challenge whatever its method, a `plain` one included:
    /// for a field that opts in with
    /// `#[serde(serialize_with = "CodeChallenge::serialize_secret")]`, such
    /// as the challenge a server following RFC 7636 as written binds to a
    /// code. A `plain` challenge is the verifier: store it only where the
    /// server alone can read it, and delete it with the code.
    ///
    /// ```
    /// use oauth_pkce::{CodeChallenge, Method};
    ///
    /// let plain = CodeChallenge::parse("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", Method::Plain)?;
    /// assert!(serde_json::to_string(&plain).is_err()); // no opt-in, no output
    /// let json = plain.serialize_secret(serde_json::value::Serializer).unwrap();
    /// assert_eq!(json["method"], "plain");
    /// # Ok::<(), oauth_pkce::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Whatever the serializer returns.
    pub fn serialize_secret<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("CodeChallenge", 2)?;
        s.serialize_field("method", &self.method())?;
        s.serialize_field("value", self.as_str())?;
        s.end()
    }
}

impl Serialize for CodeChallenge {
    /// An `S256` challenge, public, as `{"method":"S256","value":"..."}`. A
    /// `plain` one is refused, with an error that names the opt-in,
    /// [`CodeChallenge::serialize_secret`]: it is the verifier, and must
    /// not reach a log or a derived serialization by accident.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.method() == Method::Plain {
            return Err(serde::ser::Error::custom(
                "a plain code challenge is the verifier: serialize it with CodeChallenge::serialize_secret",
            ));
        }
        let mut s = serializer.serialize_struct("CodeChallenge", 2)?;
        s.serialize_field("method", &self.method())?;
        s.serialize_field("value", self.as_str())?;
        s.end()
    }
}

/// A challenge's characters held on the stack until the method is known:
/// no allocation, and wiped on drop since a `plain` value is a verifier.
struct Value(SecretBuf<MAX_LEN>);

impl Drop for Value {
    fn drop(&mut self) {
        self.0.wipe();
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
                Ok(Value(SecretBuf::copied(v.as_bytes())))
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
                    _ => Err(E::custom("unknown field")),
                }
            }
        }
        deserializer.deserialize_identifier(FieldVisitor)
    }
}

/// Builds the challenge once both fields are in, recording a refusal
/// of the value as this crate's own.
struct ChallengeVisitor<'a> {
    ours: &'a Cell<Option<Error>>,
}

impl ChallengeVisitor<'_> {
    fn build<E: de::Error>(&self, method: Method, value: &Value) -> Result<CodeChallenge, E> {
        CodeChallenge::parse(value.0.as_str(), method).map_err(|e| refuse(self.ours, e))
    }
}

impl<'de> Visitor<'de> for ChallengeVisitor<'_> {
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
        self.build(method, &value)
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
        self.build(method, &value)
    }
}

impl<'de> Deserialize<'de> for CodeChallenge {
    /// Any refusal other than the value's own parse error (wrong shape,
    /// unknown, missing or repeated field, bad method) is one fixed
    /// message: a format's own message could quote the input.
    #[inline(always)]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        scrubbed::<SCRUB_SERDE, _>(|| {
            without_echo(
                deserializer,
                "expected a code_challenge as a map of `method` and `value`, each once",
                |d, ours| d.deserialize_struct("CodeChallenge", FIELDS, ChallengeVisitor { ours }),
            )
        })
    }
}
