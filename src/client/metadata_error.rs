//! Why a server's metadata is not relied on.

/// Why a server's metadata is not relied on, or an authorization URL not
/// built. Metadata is public: messages name fields, never values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MetadataError {
    /// `issuer` is not the expected issuer (RFC 8414 §3.3).
    #[error("the metadata's issuer is not the expected issuer (RFC 8414 section 3.3)")]
    IssuerMismatch,
    /// `code_challenge_methods_supported` is absent or lacks `S256`
    /// (RFC 8414 §2, RFC 9700 §4.7.1).
    #[error("the server does not advertise PKCE with S256 (RFC 9700 section 4.7.1)")]
    S256NotSupported,
    /// A field the client needs is absent.
    #[error("the metadata has no {0}")]
    MissingField(&'static str),
    /// An endpoint with a fragment, or neither `https` nor `http` on a
    /// loopback host (RFC 6749 §3.1, §3.2).
    #[error("the metadata's {0} is not an https URL without a fragment")]
    InsecureEndpoint(&'static str),
    /// The server requires pushed authorization requests (RFC 9126 §6).
    #[error("the server requires pushed authorization requests (RFC 9126)")]
    PushedAuthorizationRequired,
    /// An extra parameter of the authorization URL that the URL already
    /// carries.
    #[error("the authorization URL sets {0} itself")]
    ParameterReserved(&'static str),
}
