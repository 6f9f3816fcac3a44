//! Authorization server metadata (feature `serde`): the JSON a server
//! publishes at `/.well-known/oauth-authorization-server` (RFC 8414) or
//! `/.well-known/openid-configuration` (OpenID Connect Discovery 1.0),
//! read and checked before a client relies on it, then used to configure
//! the pending authorization and to build the authorization URL.
//!
//! The checks, each for a reason:
//!
//! - **`issuer`** equals the issuer the client expected, exactly
//!   (RFC 8414 §3.3): otherwise the document describes another server, and
//!   an attacker who can serve it could point the client at theirs.
//! - **`code_challenge_methods_supported`** lists `S256` (RFC 9700 §4.7.1:
//!   a client relying on PKCE must know the server supports it). Absent
//!   means the server does not support PKCE (RFC 8414 §2).
//! - **`authorization_endpoint`** and **`token_endpoint`** are present,
//!   without a fragment (RFC 6749 §3.1, §3.2), and use `https`, or `http`
//!   on a loopback host only (RFC 6749 §3.1, RFC 8252 §8.3).
//! - **`require_pushed_authorization_requests`** is not true (RFC 9126
//!   §6): this crate builds front-channel authorization URLs, which such a
//!   server refuses.
//!
//! And **`authorization_response_iss_parameter_supported`** (RFC 9207 §3),
//! when true, makes the record require `iss` in the response
//! (RFC 9207 §2.4), so that a mix-up is caught even when the attacker's
//! response leaves `iss` out.

use core::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::client::bounded::{BoundedStr, ISSUER_MAX_LEN};
use crate::client::{
    AuthorizationUrl, MetadataError, PendingAuthorization, PendingAuthorizationBuilder,
};
use crate::serialization::once;

/// The longest endpoint URL read from metadata, in bytes.
pub const ENDPOINT_MAX_LEN: usize = 512;

/// A server's metadata as published (RFC 8414 §2, OpenID Connect
/// Discovery §3), read with serde from its JSON, not yet checked: the
/// fields a client of the code flow with PKCE needs, each URL at most
/// [`ENDPOINT_MAX_LEN`] bytes of visible ASCII. Other fields are ignored; a
/// repeated one is refused. Nothing is allocated.
///
/// Check it with [`check`](Self::check) to use it.
///
/// ```
/// use oauth_pkce::client::ServerMetadata;
///
/// let json = r#"{
///     "issuer": "https://auth.example.com",
///     "authorization_endpoint": "https://auth.example.com/authorize",
///     "token_endpoint": "https://auth.example.com/token",
///     "code_challenge_methods_supported": ["S256"],
///     "authorization_response_iss_parameter_supported": true
/// }"#;
/// let metadata: ServerMetadata = serde_json::from_str(json)?;
/// let server = metadata.check("https://auth.example.com")?;
/// assert_eq!(server.token_endpoint(), "https://auth.example.com/token");
/// assert!(server.sends_iss());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct ServerMetadata {
    issuer: BoundedStr<ISSUER_MAX_LEN>,
    authorization_endpoint: BoundedStr<ENDPOINT_MAX_LEN>,
    token_endpoint: BoundedStr<ENDPOINT_MAX_LEN>,
    s256: bool,
    sends_iss: bool,
    requires_par: bool,
}

/// A server whose metadata passed [`ServerMetadata::check`]: it is the
/// expected issuer, it supports PKCE with S256, and its endpoints are
/// usable.
///
/// See [`ServerMetadata`] and [`authorization_url`](Self::authorization_url)
/// for examples.
#[derive(Clone)]
pub struct AuthorizationServer {
    metadata: ServerMetadata,
}

impl ServerMetadata {
    /// Checks the metadata (this module's list) against the issuer the
    /// client expects, compared exactly (RFC 8414 §3.3).
    ///
    /// See [`ServerMetadata`] for an example.
    ///
    /// # Errors
    ///
    /// [`MetadataError::IssuerMismatch`], [`MetadataError::S256NotSupported`],
    /// [`MetadataError::MissingField`], [`MetadataError::InsecureEndpoint`],
    /// [`MetadataError::PushedAuthorizationRequired`].
    pub fn check(self, expected_issuer: &str) -> Result<AuthorizationServer, MetadataError> {
        if self.issuer.is_empty() {
            return Err(MetadataError::MissingField("issuer"));
        }
        if self.issuer.as_str() != expected_issuer {
            return Err(MetadataError::IssuerMismatch);
        }
        if !self.s256 {
            return Err(MetadataError::S256NotSupported);
        }
        if self.requires_par {
            return Err(MetadataError::PushedAuthorizationRequired);
        }
        for (name, url) in [
            ("authorization_endpoint", &self.authorization_endpoint),
            ("token_endpoint", &self.token_endpoint),
        ] {
            if url.is_empty() {
                return Err(MetadataError::MissingField(name));
            }
            if !usable_endpoint(url.as_str()) {
                return Err(MetadataError::InsecureEndpoint(name));
            }
        }
        Ok(AuthorizationServer { metadata: self })
    }
}

/// `https`, or `http` on a loopback host (RFC 8252 §8.3), and no fragment
/// (RFC 6749 §3.1).
fn usable_endpoint(url: &str) -> bool {
    let loopback = ["http://127.0.0.1", "http://[::1]", "http://localhost"]
        .iter()
        .any(|host| {
            url.strip_prefix(host)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '/', '?']))
        });
    (url.starts_with("https://") || loopback) && !url.contains('#')
}

impl AuthorizationServer {
    /// The issuer identifier (RFC 8414 §2).
    ///
    /// See [`ServerMetadata`] for an example.
    #[must_use]
    pub fn issuer(&self) -> &str {
        self.metadata.issuer.as_str()
    }

    /// The authorization endpoint (RFC 6749 §3.1).
    ///
    /// See [`ServerMetadata`] for an example.
    #[must_use]
    pub fn authorization_endpoint(&self) -> &str {
        self.metadata.authorization_endpoint.as_str()
    }

    /// The token endpoint (RFC 6749 §3.2), where the token request goes.
    ///
    /// See [`ServerMetadata`] for an example.
    #[must_use]
    pub fn token_endpoint(&self) -> &str {
        self.metadata.token_endpoint.as_str()
    }

    /// Whether the server puts `iss` in every authorization response
    /// (`authorization_response_iss_parameter_supported`, RFC 9207 §3).
    ///
    /// See [`ServerMetadata`] for an example.
    #[must_use]
    pub fn sends_iss(&self) -> bool {
        self.metadata.sends_iss
    }

    /// The settings of a pending authorization for this server: its issuer
    /// expected in the response, and `iss` required when the server says
    /// it sends it (RFC 9207 §2.4).
    ///
    /// See [`authorization_url`](Self::authorization_url) for an example.
    pub fn pending_authorization<'a>(
        &'a self,
        redirect_uri: &'a str,
    ) -> PendingAuthorizationBuilder<'a> {
        let builder = PendingAuthorization::builder(redirect_uri);
        if self.sends_iss() {
            builder.issuer_requiring_iss(self.issuer())
        } else {
            builder.issuer(self.issuer())
        }
    }

    /// The authorization request's URL (RFC 6749 §4.1.1, RFC 7636 §4.3):
    /// the authorization endpoint with `response_type=code`, `client_id`,
    /// the record's `redirect_uri`, `state`, `code_challenge` and
    /// `code_challenge_method`, then a scope and extra parameters if set.
    ///
    /// ```
    /// use oauth_pkce::client::ServerMetadata;
    /// use rand::SeedableRng;
    ///
    /// let json = r#"{"issuer": "https://as.example", "authorization_endpoint":
    ///     "https://as.example/authorize?tenant=a", "token_endpoint": "https://as.example/token",
    ///     "code_challenge_methods_supported": ["S256"]}"#;
    /// let server = serde_json::from_str::<ServerMetadata>(json)?.check("https://as.example")?;
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(7); // tests only: use `build()`
    /// let pending = server.pending_authorization("https://app.example/cb").build_with(0, &mut rng)?;
    /// let url = server.authorization_url(&pending, "my app")
    ///     .scope("openid profile")
    ///     .extra(&[("prompt", "login")])?;
    /// # #[cfg(feature = "std")] {
    /// let url = url.to_url_string(); // with `std`; `write_to` without
    /// assert!(url.starts_with("https://as.example/authorize?tenant=a&response_type=code&client_id=my%20app&"));
    /// assert!(url.contains("&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&"));
    /// assert!(url.ends_with("&code_challenge_method=S256&scope=openid%20profile&prompt=login"));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn authorization_url<'a>(
        &'a self,
        pending: &'a PendingAuthorization,
        client_id: &'a str,
    ) -> AuthorizationUrl<'a> {
        AuthorizationUrl::new(self.authorization_endpoint(), client_id, pending)
    }
}

impl fmt::Debug for ServerMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerMetadata")
            .field("issuer", &self.issuer.as_str())
            .field(
                "authorization_endpoint",
                &self.authorization_endpoint.as_str(),
            )
            .field("token_endpoint", &self.token_endpoint.as_str())
            .field("code_challenge_methods_supported_s256", &self.s256)
            .field(
                "authorization_response_iss_parameter_supported",
                &self.sends_iss,
            )
            .field("require_pushed_authorization_requests", &self.requires_par)
            .finish()
    }
}

impl fmt::Debug for AuthorizationServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("AuthorizationServer")
            .field(&self.metadata)
            .finish()
    }
}

/// A URL field: visible ASCII of at most `N` bytes.
struct Text<const N: usize>(BoundedStr<N>);

impl<'de, const N: usize> Deserialize<'de> for Text<N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<const N: usize>;
        impl<const N: usize> Visitor<'_> for V<N> {
            type Value = Text<N>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a URL of at most {N} bytes of visible ASCII")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<N>, E> {
                BoundedStr::new(v)
                    .map(Text)
                    .map_err(|_| E::invalid_length(v.len(), &self))
            }
        }
        deserializer.deserialize_str(V::<N>)
    }
}

/// `code_challenge_methods_supported`: whether it lists `S256`.
struct ListsS256(bool);

impl<'de> Deserialize<'de> for ListsS256 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ListsS256;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of PKCE method names")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ListsS256, A::Error> {
                let mut s256 = false;
                while let Some(method) = seq.next_element::<MethodName>()? {
                    s256 |= method.0;
                }
                Ok(ListsS256(s256))
            }
        }
        deserializer.deserialize_seq(V)
    }
}

/// One method name: whether it is exactly `S256` (RFC 7636 §4.3).
struct MethodName(bool);

impl<'de> Deserialize<'de> for MethodName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = MethodName;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a PKCE method name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<MethodName, E> {
                Ok(MethodName(v == "S256"))
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// The fields read; every other is skipped.
enum Field {
    Issuer,
    AuthorizationEndpoint,
    TokenEndpoint,
    Methods,
    SendsIss,
    RequiresPar,
    Other,
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a metadata field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
                Ok(match v {
                    "issuer" => Field::Issuer,
                    "authorization_endpoint" => Field::AuthorizationEndpoint,
                    "token_endpoint" => Field::TokenEndpoint,
                    "code_challenge_methods_supported" => Field::Methods,
                    "authorization_response_iss_parameter_supported" => Field::SendsIss,
                    "require_pushed_authorization_requests" => Field::RequiresPar,
                    _ => Field::Other,
                })
            }
        }
        deserializer.deserialize_identifier(V)
    }
}

impl<'de> Deserialize<'de> for ServerMetadata {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ServerMetadata;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("authorization server metadata (RFC 8414)")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ServerMetadata, A::Error> {
                let mut issuer: Option<Text<ISSUER_MAX_LEN>> = None;
                let mut authorization: Option<Text<ENDPOINT_MAX_LEN>> = None;
                let mut token: Option<Text<ENDPOINT_MAX_LEN>> = None;
                let (mut methods, mut sends_iss, mut requires_par) = (None, None, None);
                while let Some(field) = map.next_key()? {
                    match field {
                        Field::Issuer => once(&mut map, &mut issuer, "issuer")?,
                        Field::AuthorizationEndpoint => {
                            once(&mut map, &mut authorization, "authorization_endpoint")?;
                        }
                        Field::TokenEndpoint => once(&mut map, &mut token, "token_endpoint")?,
                        Field::Methods => {
                            once(&mut map, &mut methods, "code_challenge_methods_supported")?;
                        }
                        Field::SendsIss => once(
                            &mut map,
                            &mut sends_iss,
                            "authorization_response_iss_parameter_supported",
                        )?,
                        Field::RequiresPar => once(
                            &mut map,
                            &mut requires_par,
                            "require_pushed_authorization_requests",
                        )?,
                        Field::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                let text = |t: Option<Text<ENDPOINT_MAX_LEN>>| t.map_or(BoundedStr::EMPTY, |t| t.0);
                Ok(ServerMetadata {
                    issuer: issuer.map_or(BoundedStr::EMPTY, |t| t.0),
                    authorization_endpoint: text(authorization),
                    token_endpoint: text(token),
                    s256: methods.is_some_and(|m: ListsS256| m.0),
                    // Both default to false (RFC 9207 §3, RFC 9126 §5).
                    sends_iss: sends_iss.unwrap_or(false),
                    requires_par: requires_par.unwrap_or(false),
                })
            }
        }
        deserializer.deserialize_map(V)
    }
}
