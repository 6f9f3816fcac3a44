//! The server's endpoints: from its metadata (RFC 8414, else OpenID
//! Connect Discovery), or as given on the command line.

use url::Url;

use crate::http::{Http, HttpError};
use crate::observe::MetadataFacts;

/// Where the audit sends its requests.
#[derive(Debug, Clone)]
pub struct Server {
    /// The issuer, when known: what `iss` must equal (RFC 9207 §2.4).
    pub issuer: Option<String>,
    /// The authorization endpoint, opened in the browser.
    pub authorization: Url,
    /// The token endpoint.
    pub token: Url,
    /// The metadata's PKCE facts, when metadata was read.
    pub facts: Option<MetadataFacts>,
    /// `token_endpoint_auth_methods_supported`, when published.
    pub auth_methods: Option<Vec<String>>,
}

/// RFC 8414 §3.1: the well-known suffix goes between the host and the
/// issuer's path; OpenID Connect Discovery §4 appends its own to the path.
fn well_known(issuer: &Url) -> [Url; 2] {
    let path = issuer.path().trim_end_matches('/');
    let mut rfc8414 = issuer.clone();
    rfc8414.set_path(&format!("/.well-known/oauth-authorization-server{path}"));
    let mut oidc = issuer.clone();
    oidc.set_path(&format!("{path}/.well-known/openid-configuration"));
    [rfc8414, oidc]
}

/// Reads the metadata of `issuer`.
pub fn discover(http: &mut Http, issuer: &str) -> Result<Server, String> {
    let url = Url::parse(issuer).map_err(|e| format!("--issuer {issuer}: {e}"))?;
    if url.query().is_some() || url.fragment().is_some() {
        // RFC 8414 §2: an issuer has no query or fragment.
        return Err(format!(
            "--issuer {issuer}: an issuer has no query or fragment"
        ));
    }
    transport_ok(&url)?;
    let mut doc = None;
    for candidate in well_known(&url) {
        if let Some(d) = http.get_json(&candidate).map_err(|HttpError(e)| e)? {
            doc = Some(d);
            break;
        }
    }
    let doc =
        doc.ok_or_else(|| format!("{issuer}: no RFC 8414 or OpenID metadata (404 on both)"))?;
    from_document(&doc, issuer)
}

/// The endpoints and facts of a metadata document; its `issuer` must be
/// exactly the one asked for (RFC 8414 §3.3).
pub fn from_document(doc: &serde_json::Value, issuer: &str) -> Result<Server, String> {
    let text = |k: &str| doc.get(k).and_then(|v| v.as_str());
    if text("issuer") != Some(issuer) {
        return Err(format!(
            "the metadata's issuer is not exactly {issuer} (RFC 8414 §3.3)"
        ));
    }
    let endpoint = |k: &str| -> Result<Url, String> {
        let raw = text(k).ok_or_else(|| format!("the metadata has no {k}"))?;
        let url = Url::parse(raw).map_err(|e| format!("{k}: {e}"))?;
        transport_ok(&url)?;
        Ok(url)
    };
    let list = |k: &str| -> Option<Vec<String>> {
        doc.get(k)?.as_array().map(|a| {
            a.iter()
                .filter_map(|m| m.as_str().map(str::to_owned))
                .collect()
        })
    };
    Ok(Server {
        issuer: Some(issuer.to_owned()),
        authorization: endpoint("authorization_endpoint")?,
        token: endpoint("token_endpoint")?,
        facts: Some(MetadataFacts {
            methods: list("code_challenge_methods_supported"),
            iss_supported: doc
                .get("authorization_response_iss_parameter_supported")
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
        }),
        auth_methods: list("token_endpoint_auth_methods_supported"),
    })
}

/// Endpoints given directly: no metadata, no issuer to compare `iss` with.
pub fn direct(authorization: &str, token: &str) -> Result<Server, String> {
    let parse = |flag: &str, raw: &str| -> Result<Url, String> {
        let url = Url::parse(raw).map_err(|e| format!("{flag} {raw}: {e}"))?;
        transport_ok(&url)?;
        Ok(url)
    };
    Ok(Server {
        issuer: None,
        authorization: parse("--authorization-endpoint", authorization)?,
        token: parse("--token-endpoint", token)?,
        facts: None,
        auth_methods: None,
    })
}

/// HTTPS, or HTTP to a loopback address (a local test server): a code and
/// a client secret are never sent in clear over a network (RFC 6749 §3.1).
fn transport_ok(url: &Url) -> Result<(), String> {
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(format!("{url}: only https, or http to a loopback address")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8414 §3.1's example: the suffix goes before the issuer's path;
    /// OpenID Discovery §4 appends it.
    #[test]
    fn well_known_locations() {
        let [a, b] = well_known(&Url::parse("https://example.com/issuer1").unwrap());
        assert_eq!(
            a.as_str(),
            "https://example.com/.well-known/oauth-authorization-server/issuer1"
        );
        assert_eq!(
            b.as_str(),
            "https://example.com/issuer1/.well-known/openid-configuration"
        );
        let [a, b] = well_known(&Url::parse("https://example.com").unwrap());
        assert_eq!(
            a.as_str(),
            "https://example.com/.well-known/oauth-authorization-server"
        );
        assert_eq!(
            b.as_str(),
            "https://example.com/.well-known/openid-configuration"
        );
    }

    /// RFC 8414 §3.3: a document whose issuer differs is refused.
    #[test]
    fn issuer_must_match_exactly() {
        let doc = serde_json::json!({
            "issuer": "https://as.example/",
            "authorization_endpoint": "https://as.example/authorize",
            "token_endpoint": "https://as.example/token",
        });
        assert!(from_document(&doc, "https://as.example").is_err());
        let s = from_document(&doc, "https://as.example/").unwrap();
        assert_eq!(
            s.facts,
            Some(MetadataFacts {
                methods: None,
                iss_supported: false
            })
        );
    }

    /// The facts a verdict needs, read from the document.
    #[test]
    fn pkce_facts() {
        let doc = serde_json::json!({
            "issuer": "http://127.0.0.1:9",
            "authorization_endpoint": "http://127.0.0.1:9/authorize",
            "token_endpoint": "http://127.0.0.1:9/token",
            "code_challenge_methods_supported": ["S256"],
            "authorization_response_iss_parameter_supported": true,
        });
        let s = from_document(&doc, "http://127.0.0.1:9").unwrap();
        let facts = s.facts.unwrap();
        assert_eq!(facts.methods, Some(vec!["S256".to_owned()]));
        assert!(facts.iss_supported);
    }

    /// RFC 6749 §3.1: no code or secret over plain HTTP off the host.
    #[test]
    fn plain_http_only_to_loopback() {
        assert!(direct("http://as.example/a", "https://as.example/t").is_err());
        assert!(direct("http://127.0.0.1:1/a", "http://localhost:1/t").is_ok());
        assert!(direct("https://as.example/a", "https://as.example/t").is_ok());
    }
}
