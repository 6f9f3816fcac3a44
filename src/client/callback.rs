//! The authorization response, as it reaches the client's redirect URI
//! (RFC 6749 §4.1.2, §4.1.2.1; RFC 9207 §2), and what the token request
//! then needs (RFC 6749 §4.1.3, RFC 7636 §4.5).
//!
//! The checks, in the order [`PendingAuthorization::validate_callback_at`]
//! and [`PendingAuthorizations::validate_callback_at`] make them, each for a
//! reason:
//!
//! 1. **`state`** (RFC 6749 §10.12, RFC 9700 §4.7.1), compared in constant
//!    time. A response whose `state` is not this request's was not caused
//!    by it: nothing else in it is trusted, not even an error, which an
//!    attacker could forge to end a victim's sign-in.
//! 2. **`iss`** (RFC 9207 §2.4), when an issuer is expected: the response
//!    must come from the server the request went to, or it is a mix-up
//!    attack (RFC 9700 §4.4). This comes before `error` because RFC 9207
//!    puts `iss` in error responses too, so that a client does not act on
//!    another server's error.
//! 3. **time**: a response to a request older than its lifetime is
//!    refused, whatever it says; the user starts again. So is one checked
//!    before the record was made: a clock set back would otherwise make an
//!    expired record valid again, and a stored record could claim a time
//!    to come.
//! 4. **`error`** (RFC 6749 §4.1.2.1): the server refused. A response with
//!    both `error` and `code` is taken as the error; its code is never
//!    redeemed.
//! 5. **`code`** (RFC 6749 §4.1.2): absent or empty, there is nothing to
//!    redeem.
//!
//! [`PendingAuthorization::validate_callback_at`]: crate::client::PendingAuthorization::validate_callback_at
//! [`PendingAuthorizations::validate_callback_at`]: crate::client::PendingAuthorizations::validate_callback_at

use core::fmt;

use crate::client::query::{self, QueryValue};
use crate::client::{Error, ReceivedError, State};
use crate::ct::secret::wipe;
use crate::params::present;

/// The parameters of an authorization response, as the client's redirect
/// endpoint received them (RFC 6749 §4.1.2, §4.1.2.1; RFC 9207 §2). An
/// empty value counts as absent (RFC 6749 §3.1).
///
/// Made from the raw query string ([`from_query`](Self::from_query)), a
/// `url::Url` or an `http::Uri` (features `url`, `http`), or the whole list
/// of decoded pairs ([`from_pairs`](Self::from_pairs)): always from every
/// parameter as it came, so that a repeated one is seen. A map that has
/// already merged duplicates would hide one.
///
/// Values that are percent-encoded are decoded into a buffer of
/// [`DECODED_MAX_LEN`] bytes inside this value: nothing is allocated, and
/// the buffer is wiped on drop (it may hold the code). Values without an
/// escape are borrowed from the query.
///
/// `error_description` and `error_uri` are the server's text, kept here for
/// the caller to show (escaped) if it wants: this crate never logs them or
/// puts them in an [`Error`]'s message. They are untrusted input.
///
/// ```
/// use oauth_pkce::client::{CallbackParams, Error};
///
/// // The redirect's raw query; unknown parameters are ignored (RFC 6749
/// // §4.1.2), repeated ones refused (§3.1).
/// let params = CallbackParams::from_query("code=SplxlOBeZQQYbYS6WxSbIA&state=xyz&foo=bar")?;
/// assert_eq!(params.code(), Some("SplxlOBeZQQYbYS6WxSbIA"));
/// assert_eq!(params.iss(), None);
///
/// let repeated = CallbackParams::from_query("state=a&st%61te=b");
/// assert_eq!(repeated.unwrap_err(), Error::RepeatedParameter { name: "state" });
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone)]
pub struct CallbackParams<'q> {
    values: [Option<Value<'q>>; NAMES.len()],
    decoded: [u8; DECODED_MAX_LEN],
    used: usize,
}

/// How many bytes of percent-decoded values a [`CallbackParams`] holds:
/// 4,096. Values without an escape are borrowed and do not count.
pub const DECODED_MAX_LEN: usize = 4096;

/// The parameters a response may carry, in the order of
/// [`CallbackParams`]'s values.
const NAMES: [&str; 6] = CallbackParams::PARAMETERS;
const STATE: usize = 0;
const CODE: usize = 1;
const ERROR: usize = 2;
const ERROR_DESCRIPTION: usize = 3;
const ERROR_URI: usize = 4;
const ISS: usize = 5;

/// Where a value is.
#[derive(Clone, Copy)]
enum Value<'q> {
    /// In the caller's query, as it came.
    Borrowed(&'q str),
    /// In `decoded`, at `start`, `len` bytes, checked UTF-8.
    Decoded { start: usize, len: usize },
}

impl<'q> CallbackParams<'q> {
    /// The six parameters an authorization response may carry and this
    /// type keeps (RFC 6749 §4.1.2, §4.1.2.1; RFC 9207 §2): each may come
    /// once. Any other is ignored (RFC 6749 §4.1.2).
    ///
    /// ```
    /// use oauth_pkce::client::CallbackParams;
    /// assert!(CallbackParams::PARAMETERS.contains(&"iss"));
    /// ```
    pub const PARAMETERS: [&'static str; 6] = [
        "state",
        "code",
        "error",
        "error_description",
        "error_uri",
        "iss",
    ];

    fn empty() -> Self {
        Self {
            values: [None; NAMES.len()],
            decoded: [0; DECODED_MAX_LEN],
            used: 0,
        }
    }

    /// The index of a known parameter's name, and the name itself.
    fn slot(&mut self, name: impl Fn(&str) -> bool) -> Result<Option<usize>, Error> {
        let Some(index) = NAMES.iter().position(|n| name(n)) else {
            return Ok(None);
        };
        match self.values.get(index) {
            Some(Some(_)) => Err(Error::RepeatedParameter {
                name: NAMES.get(index).copied().unwrap_or_default(),
            }),
            _ => Ok(Some(index)),
        }
    }

    /// Collects the response parameters from decoded `(name, value)` pairs,
    /// in the order they came: a framework's list of query pairs (not a
    /// map, which would have merged a repeated parameter already).
    /// Parameters this crate does not know are ignored, as RFC 6749 §4.1.2
    /// asks of a client.
    ///
    /// ```
    /// let query = [("code", "SplxlOBeZQQYbYS6WxSbIA"), ("state", "xyz")];
    /// let params = oauth_pkce::client::CallbackParams::from_pairs(query)?;
    /// assert_eq!(params.state(), Some("xyz"));
    /// # Ok::<(), oauth_pkce::client::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::RepeatedParameter`], naming it, when one of the six
    /// parameters appears more than once (RFC 6749 §3.1).
    pub fn from_pairs<I>(pairs: I) -> Result<Self, Error>
    where
        I: IntoIterator<Item = (&'q str, &'q str)>,
    {
        let mut params = Self::empty();
        for (name, value) in pairs {
            if let Some(index) = params.slot(|n| n == name)?
                && let Some(slot) = params.values.get_mut(index)
            {
                *slot = Some(Value::Borrowed(value));
            }
        }
        Ok(params)
    }

    /// Reads the response parameters from the redirect's raw query string
    /// (a leading `?` allowed), as the WHATWG URL standard's
    /// `application/x-www-form-urlencoded` parser reads it: split on `&`,
    /// then on the first `=`, `+` as a space, `%XX` as a byte. Names are
    /// decoded before they are compared, so `st%61te` is `state`.
    ///
    /// See [`CallbackParams`] for an example.
    ///
    /// # Errors
    ///
    /// [`Error::RepeatedParameter`], naming it (RFC 6749 §3.1);
    /// [`Error::ParameterNotUtf8`], naming it, for a value whose decoded
    /// bytes are not UTF-8; [`Error::CallbackTooLong`] when the decoded
    /// values exceed [`DECODED_MAX_LEN`] bytes.
    pub fn from_query(query: &'q str) -> Result<Self, Error> {
        let mut params = Self::empty();
        for (name, value) in query::pairs(query) {
            let Some(index) = params.slot(|n| name.is(n))? else {
                continue;
            };
            let value = match value.unescaped() {
                Some(raw) => Value::Borrowed(raw),
                None => params.decode(&value, index)?,
            };
            if let Some(slot) = params.values.get_mut(index) {
                *slot = Some(value);
            }
        }
        Ok(params)
    }

    /// Decodes `value` into the buffer.
    fn decode(&mut self, value: &QueryValue<'_>, index: usize) -> Result<Value<'q>, Error> {
        let start = self.used;
        let rest = self.decoded.get_mut(start..).unwrap_or_default();
        let mut len = 0;
        for b in value.bytes() {
            *rest.get_mut(len).ok_or(Error::CallbackTooLong {
                max: DECODED_MAX_LEN,
            })? = b;
            len += 1;
        }
        let name = NAMES.get(index).copied().unwrap_or_default();
        core::str::from_utf8(rest.get(..len).unwrap_or_default())
            .map_err(|_| Error::ParameterNotUtf8 { name })?;
        self.used += len;
        Ok(Value::Decoded { start, len })
    }

    /// [`from_query`](Self::from_query) on a URL's query (feature `url`):
    /// the redirect as the url crate parsed it.
    ///
    /// ```
    /// let url = url::Url::parse("http://127.0.0.1:8400/cb?code=c&state=a%2Bb")?;
    /// let params = oauth_pkce::client::CallbackParams::from_url(&url)?;
    /// assert_eq!(params.state(), Some("a+b"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`from_query`](Self::from_query).
    #[cfg(feature = "url")]
    pub fn from_url(url: &'q url::Url) -> Result<Self, Error> {
        Self::from_query(url.query().unwrap_or_default())
    }

    /// [`from_query`](Self::from_query) on a request's URI (feature
    /// `http`): what a server built on the `http` crate (axum, hyper,
    /// actix's `http` types) hands its handler.
    ///
    /// ```
    /// let uri: http::Uri = "/cb?code=c&state=xyz".parse()?;
    /// let params = oauth_pkce::client::CallbackParams::from_uri(&uri)?;
    /// assert_eq!(params.code(), Some("c"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`from_query`](Self::from_query).
    #[cfg(feature = "http")]
    pub fn from_uri(uri: &'q http::Uri) -> Result<Self, Error> {
        Self::from_query(uri.query().unwrap_or_default())
    }

    /// The value of the parameter at `index`, as received and decoded.
    fn get(&self, index: usize) -> Option<&str> {
        match self.values.get(index).copied().flatten()? {
            Value::Borrowed(value) => Some(value),
            Value::Decoded { start, len } => {
                let bytes = self.decoded.get(start..start.checked_add(len)?)?;
                core::str::from_utf8(bytes).ok()
            }
        }
    }

    /// `state`: must be the request's own (RFC 6749 §4.1.2).
    #[must_use]
    pub fn state(&self) -> Option<&str> {
        self.get(STATE)
    }

    /// `code`: the authorization code (RFC 6749 §4.1.2). A credential until
    /// redeemed: don't log it.
    #[must_use]
    pub fn code(&self) -> Option<&str> {
        self.get(CODE)
    }

    /// `error`: the server's error code (RFC 6749 §4.1.2.1), as received.
    ///
    /// ```
    /// let params = oauth_pkce::client::CallbackParams::from_query("error=access_denied&state=xyz")?;
    /// assert_eq!(params.error(), Some("access_denied"));
    /// # Ok::<(), oauth_pkce::client::Error>(())
    /// ```
    #[must_use]
    pub fn error(&self) -> Option<&str> {
        self.get(ERROR)
    }

    /// `error_description`: the server's human-readable text, untrusted
    /// (RFC 6749 §4.1.2.1).
    #[must_use]
    pub fn error_description(&self) -> Option<&str> {
        self.get(ERROR_DESCRIPTION)
    }

    /// `error_uri`: a page about the error, untrusted (RFC 6749 §4.1.2.1).
    #[must_use]
    pub fn error_uri(&self) -> Option<&str> {
        self.get(ERROR_URI)
    }

    /// `iss`: the issuer identifier of the server that responded
    /// (RFC 9207 §2).
    #[must_use]
    pub fn iss(&self) -> Option<&str> {
        self.get(ISS)
    }
}

impl Drop for CallbackParams<'_> {
    fn drop(&mut self) {
        if let Some(used) = self.decoded.get_mut(..self.used) {
            wipe(used);
        }
    }
}

impl PartialEq for CallbackParams<'_> {
    /// The same parameters with the same values, wherever they are held.
    fn eq(&self, other: &Self) -> bool {
        (0..NAMES.len()).all(|i| self.get(i) == other.get(i))
    }
}

impl Eq for CallbackParams<'_> {}

impl fmt::Debug for CallbackParams<'_> {
    /// Which parameters are present, not their values: `state` and `code`
    /// are secrets, and the server's text is not ours to log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("CallbackParams");
        for (i, name) in NAMES.iter().enumerate() {
            let shown = if self.get(i).is_some() {
                "<present>"
            } else {
                "<absent>"
            };
            s.field(name, &format_args!("{shown}"));
        }
        s.finish()
    }
}

/// The first check: the response's `state` is the request's, compared in
/// constant time; its presence and length are public. Nothing is consumed
/// or changed when it fails: a forged response cannot end a sign-in.
pub(crate) fn check_state(params: &CallbackParams<'_>, state: &State) -> Result<(), Error> {
    let Some(received) = present(params.state()) else {
        return Err(Error::MissingState);
    };
    if !state.matches(received) {
        return Err(Error::StateMismatch);
    }
    Ok(())
}

/// What a pending authorization expects of its response once its `state`
/// has matched.
pub(crate) struct Expected<'r> {
    /// The issuer, or `None` when the caller gave none.
    pub(crate) issuer: Option<&'r str>,
    /// Whether the server said it sends `iss` (RFC 9207 §3).
    pub(crate) require_iss: bool,
    /// Seconds since the Unix epoch when the record was made: a response
    /// checked before it is refused.
    pub(crate) issued_at: u64,
    /// Seconds since the Unix epoch from which the response is refused.
    pub(crate) expires_at: u64,
}

/// The checks of this module's documentation after `state`, in its order.
/// Returns the code to redeem.
pub(crate) fn check<'p>(
    params: &'p CallbackParams<'_>,
    expected: &Expected<'_>,
    now: u64,
) -> Result<&'p str, Error> {
    // 2. iss: a simple string comparison (RFC 9207 §2.4, RFC 3986 §6.2.1).
    if let Some(issuer) = expected.issuer {
        match present(params.iss()) {
            Some(iss) if iss == issuer => {}
            Some(_) => return Err(Error::IssuerMismatch),
            None if expected.require_iss => return Err(Error::MissingIssuer),
            None => {}
        }
    }
    // 3. time: not before the record was made, not after it expired.
    if now < expected.issued_at {
        return Err(Error::CheckedBeforeIssued);
    }
    if now >= expected.expires_at {
        return Err(Error::AuthorizationExpired);
    }
    // 4. error, whether or not a code came with it.
    if let Some(error) = present(params.error()) {
        return Err(Error::ErrorResponse(ReceivedError::parse(error)));
    }
    // 5. code.
    present(params.code()).ok_or(Error::MissingCode)
}
