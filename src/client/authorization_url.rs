//! The authorization request's URL, written from a checked server's
//! `authorization_endpoint` (RFC 6749 §4.1.1, RFC 7636 §4.3, RFC 8414 §2).

use core::fmt;

use crate::client::{MetadataError, PendingAuthorization};

/// The parameters an [`AuthorizationUrl`] sets itself.
const RESERVED: [&str; 8] = [
    "response_type",
    "client_id",
    "redirect_uri",
    "state",
    "code_challenge",
    "code_challenge_method",
    "scope",
    "iss",
];

/// An authorization request's URL, written on demand into any
/// [`fmt::Write`] (no allocation) or, with `std`, a `String`. It holds the
/// `state`, a secret until the response returns: there is no `Display`,
/// and `Debug` shows the endpoint only.
///
/// See [`AuthorizationServer::authorization_url`](crate::client::AuthorizationServer::authorization_url) for an example.
#[derive(Clone, Copy)]
#[must_use]
pub struct AuthorizationUrl<'a> {
    endpoint: &'a str,
    client_id: &'a str,
    pending: &'a PendingAuthorization,
    scope: Option<&'a str>,
    extra: &'a [(&'a str, &'a str)],
}

impl<'a> AuthorizationUrl<'a> {
    /// The URL of `pending`'s request to `endpoint`, without scope or extra
    /// parameters: for [`AuthorizationServer::authorization_url`](crate::client::AuthorizationServer::authorization_url).
    pub(super) const fn new(
        endpoint: &'a str,
        client_id: &'a str,
        pending: &'a PendingAuthorization,
    ) -> Self {
        Self {
            endpoint,
            client_id,
            pending,
            scope: None,
            extra: &[],
        }
    }

    /// Adds `scope` (RFC 6749 §3.3), space-separated.
    ///
    /// See [`AuthorizationServer::authorization_url`](crate::client::AuthorizationServer::authorization_url) for an example.
    pub fn scope(self, scope: &'a str) -> Self {
        Self {
            scope: Some(scope),
            ..self
        }
    }

    /// Adds further parameters (`prompt`, `login_hint`, `nonce`, ...),
    /// percent-encoded as every other value is.
    ///
    /// See [`AuthorizationServer::authorization_url`](crate::client::AuthorizationServer::authorization_url) for an example.
    ///
    /// # Errors
    ///
    /// [`MetadataError::ParameterReserved`] for a parameter the URL sets
    /// itself (or `scope`, set by [`scope`](Self::scope); or `iss`, which is
    /// the server's).
    pub fn extra(self, params: &'a [(&'a str, &'a str)]) -> Result<Self, MetadataError> {
        for (name, _) in params {
            if let Some(reserved) = RESERVED.iter().find(|r| **r == *name) {
                return Err(MetadataError::ParameterReserved(reserved));
            }
        }
        Ok(Self {
            extra: params,
            ..self
        })
    }

    /// Writes the URL into `out`.
    ///
    /// ```
    /// use oauth_pkce::client::ServerMetadata;
    ///
    /// let json = r#"{"issuer": "https://as.example", "authorization_endpoint": "https://as.example/a",
    ///     "token_endpoint": "https://as.example/t", "code_challenge_methods_supported": ["S256"]}"#;
    /// let server = serde_json::from_str::<ServerMetadata>(json)?.check("https://as.example")?;
    /// # use rand::SeedableRng;
    /// # let mut rng = rand::rngs::StdRng::seed_from_u64(7); // tests only: use `build()`
    /// let pending = server.pending_authorization("https://app.example/cb").build_with(0, &mut rng)?;
    /// let mut location = String::new(); // or any other fmt::Write
    /// server.authorization_url(&pending, "app").write_to(&mut location)?;
    /// assert!(location.starts_with("https://as.example/a?response_type=code&client_id=app&"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Those of `out`.
    pub fn write_to<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        out.write_str(self.endpoint)?;
        let mut separator = match self.endpoint.find('?') {
            None => '?',
            Some(_) if self.endpoint.ends_with(['?', '&']) => '\0',
            Some(_) => '&',
        };
        let request = self.pending.authorization_request();
        let fixed = [
            ("response_type", "code"),
            ("client_id", self.client_id),
            ("redirect_uri", request.redirect_uri()),
            ("state", request.state()),
            ("code_challenge", request.code_challenge()),
            ("code_challenge_method", request.code_challenge_method()),
        ];
        let scope = self.scope.map(|s| ("scope", s));
        for (name, value) in fixed
            .into_iter()
            .chain(scope)
            .chain(self.extra.iter().copied())
        {
            if separator != '\0' {
                out.write_char(separator)?;
            }
            separator = '&';
            percent_encode(name, out)?;
            out.write_char('=')?;
            percent_encode(value, out)?;
        }
        Ok(())
    }

    /// The URL as a `String`, to redirect the browser to.
    ///
    /// See [`AuthorizationServer::authorization_url`](crate::client::AuthorizationServer::authorization_url) for an example.
    #[cfg(feature = "std")]
    #[must_use]
    pub fn to_url_string(&self) -> std::string::String {
        let mut url = std::string::String::new();
        // Writing into a String never fails.
        let _ = self.write_to(&mut url);
        url
    }
}

impl fmt::Debug for AuthorizationUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthorizationUrl")
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

/// `value` with every byte outside RFC 3986 §2.3's unreserved set as
/// `%XX` (§2.1), which `application/x-www-form-urlencoded` readers decode.
fn percent_encode<W: fmt::Write + ?Sized>(value: &str, out: &mut W) -> fmt::Result {
    // Every byte of a multi-byte character is encoded, so the slices of
    // unreserved runs always start and end on character boundaries.
    let mut run = 0;
    for (i, b) in value.bytes().enumerate() {
        if !is_unreserved(b) {
            out.write_str(value.get(run..i).unwrap_or_default())?;
            write!(out, "%{b:02X}")?;
            run = i + 1;
        }
    }
    out.write_str(value.get(run..).unwrap_or_default())
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}
