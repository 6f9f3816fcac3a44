//! Storage of a pending authorization across the redirect (feature
//! `serde`): an explicit opt-in to serialize, and a validating
//! `Deserialize`.

use core::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeStruct, Serializer};

use core::cell::Cell;

use crate::CodeVerifier;
use crate::client::bounded::{BoundedStr, ISSUER_MAX_LEN, REDIRECT_URI_MAX_LEN};
use crate::client::{Error, PendingAuthorization, State};
use crate::ct::secret::wipe;
use crate::serialization::{once, refuse, without_echo};

/// A [`PendingAuthorization`] opened for storage: the one type that
/// serializes it, secrets included (feature `serde`). Made only by
/// [`PendingAuthorization::expose_for_storage`], so that serializing the
/// verifier and `state` is always a line someone wrote on purpose, as
/// with `secrecy`'s `ExposeSecret`.
///
/// The form is a map: `code_verifier`, `state`, `redirect_uri`,
/// `issuer` (a string or null), `require_iss` and `expires_at` (seconds
/// since the Unix epoch). Store it only where the client alone can read
/// it: a server-side session, an encrypted (not merely signed) cookie,
/// the OS keychain.
///
/// ```
/// use oauth_pkce::client::PendingAuthorization;
/// use rand::SeedableRng;
///
/// let mut rng = rand::rngs::StdRng::seed_from_u64(7); // tests only
/// let pending = PendingAuthorization::builder("https://app.example/cb")
///     .build_with(1_700_000_000, &mut rng)?;
/// let stored = serde_json::to_string(&pending.expose_for_storage()).unwrap();
/// // ... the redirect ...
/// let restored: PendingAuthorization = serde_json::from_str(&stored).unwrap();
/// assert_eq!(restored.redirect_uri(), "https://app.example/cb");
/// assert!(restored.state().matches(pending.state().secret()));
/// # Ok::<(), oauth_pkce::client::Error>(())
/// ```
pub struct PendingAuthorizationForStorage<'a> {
    pending: &'a PendingAuthorization,
}

impl fmt::Debug for PendingAuthorizationForStorage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PendingAuthorizationForStorage")
            .field(self.pending)
            .finish()
    }
}

impl PendingAuthorization {
    /// Opens the record for serialization into the client's own
    /// storage: see [`PendingAuthorizationForStorage`] (feature
    /// `serde`). Deserializing needs no such step: `Deserialize` on
    /// `PendingAuthorization` validates every field.
    ///
    /// See [`PendingAuthorizationForStorage`] for an example.
    #[must_use]
    pub fn expose_for_storage(&self) -> PendingAuthorizationForStorage<'_> {
        PendingAuthorizationForStorage { pending: self }
    }
}

const FIELDS: &[&str] = &[
    "code_verifier",
    "state",
    "redirect_uri",
    "issuer",
    "require_iss",
    "expires_at",
];

impl Serialize for PendingAuthorizationForStorage<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let p = self.pending;
        let mut s = serializer.serialize_struct("PendingAuthorization", FIELDS.len())?;
        s.serialize_field("code_verifier", p.verifier.secret())?;
        s.serialize_field("state", p.state.secret())?;
        s.serialize_field("redirect_uri", p.redirect_uri.as_str())?;
        s.serialize_field("issuer", &p.issuer())?;
        s.serialize_field("require_iss", &p.require_iss)?;
        s.serialize_field("expires_at", &p.expires_at)?;
        s.end()
    }
}

/// A field's characters, held on the stack until the fields are
/// checked together, and wiped on drop: two of them are secrets. Longer
/// than `N` is refused at once, with nothing of the value in the error.
struct Raw<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> Raw<N> {
    fn as_str(&self) -> &str {
        // Copied from a `&str` whole, so this never falls back.
        core::str::from_utf8(self.bytes.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
}

impl<const N: usize> Drop for Raw<N> {
    fn drop(&mut self) {
        wipe(&mut self.bytes);
    }
}

impl<'de, const N: usize> Deserialize<'de> for Raw<N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<const N: usize>;
        impl<const N: usize> Visitor<'_> for V<N> {
            type Value = Raw<N>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a string of at most {N} bytes")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw<N>, E> {
                let mut raw = Raw {
                    bytes: [0u8; N],
                    len: v.len(),
                };
                let Some(dst) = raw.bytes.get_mut(..v.len()) else {
                    return Err(E::invalid_length(v.len(), &self));
                };
                dst.copy_from_slice(v.as_bytes());
                Ok(raw)
            }
        }
        deserializer.deserialize_str(V::<N>)
    }
}

enum Field {
    Verifier,
    State,
    RedirectUri,
    Issuer,
    RequireIss,
    ExpiresAt,
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field of a stored pending authorization")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
                match v {
                    "code_verifier" => Ok(Field::Verifier),
                    "state" => Ok(Field::State),
                    "redirect_uri" => Ok(Field::RedirectUri),
                    "issuer" => Ok(Field::Issuer),
                    "require_iss" => Ok(Field::RequireIss),
                    "expires_at" => Ok(Field::ExpiresAt),
                    _ => Err(E::unknown_field(v, FIELDS)),
                }
            }
        }
        deserializer.deserialize_identifier(V)
    }
}

/// The fields as read, before they are checked together.
struct Parts {
    verifier: Raw<128>,
    state: Raw<43>,
    redirect_uri: Raw<REDIRECT_URI_MAX_LEN>,
    issuer: Option<Raw<ISSUER_MAX_LEN>>,
    require_iss: bool,
    expires_at: u64,
}

impl Parts {
    /// Checks every field as making a record does. A refusal of this
    /// crate's own is recorded in `ours`, so that its message (lengths,
    /// never values) is the one returned.
    fn build<E: de::Error>(self, ours: &Cell<Option<Error>>) -> Result<PendingAuthorization, E> {
        let verifier = CodeVerifier::parse(self.verifier.as_str())
            .map_err(|e| refuse(ours, Error::Pkce(e)))?;
        let state = State::from_stored(self.state.as_str())
            .ok_or_else(|| E::custom("state is not 43 base64url characters"))?;
        let redirect_uri = BoundedStr::new(self.redirect_uri.as_str())
            .map_err(|_| refuse(ours, Error::RedirectUriInvalid))?;
        let issuer = match &self.issuer {
            None if self.require_iss => {
                return Err(E::custom("require_iss is set without an issuer"));
            }
            None => BoundedStr::EMPTY,
            Some(issuer) => {
                BoundedStr::new(issuer.as_str()).map_err(|_| refuse(ours, Error::IssuerInvalid))?
            }
        };
        Ok(PendingAuthorization {
            challenge: verifier.challenge(),
            verifier,
            state,
            redirect_uri,
            issuer,
            require_iss: self.require_iss,
            expires_at: self.expires_at,
        })
    }
}

struct RecordVisitor<'c> {
    ours: &'c Cell<Option<Error>>,
}

impl<'de> Visitor<'de> for RecordVisitor<'_> {
    type Value = PendingAuthorization;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a stored pending authorization")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut verifier = None;
        let mut state = None;
        let mut redirect_uri = None;
        let mut issuer: Option<Option<Raw<ISSUER_MAX_LEN>>> = None;
        let mut require_iss = None;
        let mut expires_at = None;
        while let Some(field) = map.next_key()? {
            match field {
                Field::Verifier => once(&mut map, &mut verifier, "code_verifier")?,
                Field::State => once(&mut map, &mut state, "state")?,
                Field::RedirectUri => once(&mut map, &mut redirect_uri, "redirect_uri")?,
                Field::Issuer => once(&mut map, &mut issuer, "issuer")?,
                Field::RequireIss => once(&mut map, &mut require_iss, "require_iss")?,
                Field::ExpiresAt => once(&mut map, &mut expires_at, "expires_at")?,
            }
        }
        Parts {
            verifier: verifier.ok_or_else(|| de::Error::missing_field("code_verifier"))?,
            state: state.ok_or_else(|| de::Error::missing_field("state"))?,
            redirect_uri: redirect_uri.ok_or_else(|| de::Error::missing_field("redirect_uri"))?,
            issuer: issuer.ok_or_else(|| de::Error::missing_field("issuer"))?,
            require_iss: require_iss.ok_or_else(|| de::Error::missing_field("require_iss"))?,
            expires_at: expires_at.ok_or_else(|| de::Error::missing_field("expires_at"))?,
        }
        .build(self.ours)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        fn next<'de, A: SeqAccess<'de>, T: Deserialize<'de>>(
            seq: &mut A,
            index: usize,
        ) -> Result<T, A::Error> {
            seq.next_element()?
                .ok_or_else(|| de::Error::invalid_length(index, &"6 fields"))
        }
        let parts = Parts {
            verifier: next(&mut seq, 0)?,
            state: next(&mut seq, 1)?,
            redirect_uri: next(&mut seq, 2)?,
            issuer: next(&mut seq, 3)?,
            require_iss: next(&mut seq, 4)?,
            expires_at: next(&mut seq, 5)?,
        };
        if seq.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_length(7, &"6 fields"));
        }
        parts.build(self.ours)
    }
}

impl<'de> Deserialize<'de> for PendingAuthorization {
    /// Reads a record stored through
    /// [`expose_for_storage`](PendingAuthorization::expose_for_storage),
    /// checking every field as making one does: the verifier by
    /// RFC 7636 §4.1, the `state` as 43 base64url characters, the
    /// redirect URI and issuer by their limits. Unknown and repeated
    /// fields are refused; nothing is allocated. A refusal's message is
    /// this crate's own (lengths and offsets, never a value) or one
    /// fixed text, never the format's, which could quote the input.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        without_echo(
            deserializer,
            "not a stored pending authorization",
            |deserializer, ours| {
                deserializer.deserialize_struct(
                    "PendingAuthorization",
                    FIELDS,
                    RecordVisitor { ours },
                )
            },
        )
    }
}
