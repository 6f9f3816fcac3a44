//! `serde` for [`Method`] (feature `serde`): its registered name, as a string.

use core::cell::Cell;
use core::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::Error;
use crate::method::Method;
use crate::serialization::{refuse, without_echo};

impl Serialize for Method {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Method {
    /// A name other than the two is [`Error::UnsupportedMethod`]'s
    /// message; any other refusal is one fixed message, since a format's
    /// own message could quote the input.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MethodVisitor<'a> {
            ours: &'a Cell<Option<Error>>,
        }
        impl Visitor<'_> for MethodVisitor<'_> {
            type Value = Method;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(r#""S256" or "plain""#)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Method, E> {
                v.parse().map_err(|e| refuse(self.ours, e))
            }
        }
        without_echo(
            deserializer,
            "expected a code_challenge_method as a string",
            |d, ours| d.deserialize_str(MethodVisitor { ours }),
        )
    }
}
