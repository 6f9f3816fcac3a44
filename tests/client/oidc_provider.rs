//! The client flow against a certified OpenID provider, node's
//! `oidc-provider`, over HTTP on 127.0.0.1: our `PendingAuthorization` makes
//! the authorization request, our callback validation checks the response
//! (with `iss`, RFC 9207), and our verifier redeems the code (RFC 7636
//! §4.5), for 43- and 128-character verifiers; a wrong verifier is refused
//! with `invalid_grant` (RFC 7636 §4.6).
//!
//! Ignored by a plain `cargo test`: it needs the provider running.
//! `.ci/oidc-provider.sh` installs it (npm), starts it and runs these with
//! `--ignored`, passing its issuer, client and redirect URI in
//! `OIDC_PROVIDER_ISSUER`, `OIDC_PROVIDER_CLIENT_ID` and
//! `OIDC_PROVIDER_REDIRECT_URI`.
#![cfg(all(feature = "std", feature = "serde"))]

use std::collections::BTreeMap;
use std::time::Duration;

use oauth_pkce::CodeVerifier;
use oauth_pkce::client::{
    CallbackParams, Error, MetadataError, PendingAuthorization, ServerMetadata,
};
use url::Url;

const WHY: &str = "needs node oidc-provider running: bash .ci/oidc-provider.sh";

/// Where the provider is, from the script.
struct Provider {
    issuer: String,
    client_id: String,
    redirect_uri: String,
    http: ureq::Agent,
    /// The browser's cookies for the provider, by name. Paths are ignored:
    /// sending a cookie to more of one test server's paths changes nothing.
    cookies: BTreeMap<String, String>,
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: {WHY}"))
}

impl Provider {
    fn from_env() -> Self {
        Self {
            issuer: env("OIDC_PROVIDER_ISSUER"),
            client_id: env("OIDC_PROVIDER_CLIENT_ID"),
            redirect_uri: env("OIDC_PROVIDER_REDIRECT_URI"),
            // No proxy, no automatic redirects (each one is looked at), and
            // error statuses as answers.
            http: ureq::Agent::config_builder()
                .proxy(None)
                .max_redirects(0)
                .http_status_as_error(false)
                .timeout_global(Some(Duration::from_secs(10)))
                .build()
                .new_agent(),
            cookies: BTreeMap::new(),
        }
    }

    fn metadata(&self) -> serde_json::Value {
        let url = format!("{}/.well-known/openid-configuration", self.issuer);
        let mut response = self.http.get(&url).call().unwrap();
        serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap()
    }

    /// A browser's GET: cookies out and in, and the `Location` of the 303
    /// that every step of this flow answers with.
    fn follow(&mut self, url: &str) -> String {
        let mut request = self.http.get(url);
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            request = request.header("Cookie", jar.join("; "));
        }
        let response = request.call().unwrap();
        for set in response.headers().get_all("set-cookie") {
            let set = set.to_str().unwrap();
            let pair = set.split(';').next().unwrap();
            if let Some((name, value)) = pair.split_once('=') {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .unwrap_or_else(|| panic!("GET {url}: {status} without Location"))
            .to_str()
            .unwrap();
        Url::parse(&self.issuer)
            .unwrap()
            .join(location)
            .unwrap()
            .to_string()
    }

    /// The token request (RFC 6749 §4.1.3): status and JSON body.
    fn token(&self, form: &[(&str, &str)]) -> (u16, serde_json::Value) {
        let mut form = form.to_vec();
        form.push(("client_id", &self.client_id));
        let mut response = self
            .http
            .post(format!("{}/token", self.issuer))
            .send_form(form)
            .unwrap();
        let status = response.status().as_u16();
        let body = response.body_mut().read_to_string().unwrap();
        (status, serde_json::from_str(&body).unwrap())
    }
}

/// The authorization request with a fresh record, through sign-in and
/// consent, to the redirect back: the record, restored from its stored form
/// as a web client would after the redirect, and the query of the redirect.
fn authorize(provider: &mut Provider, verifier_len: usize) -> (PendingAuthorization, Url) {
    let metadata = provider.metadata();
    assert_eq!(metadata["issuer"], provider.issuer.as_str());
    assert_eq!(
        metadata["authorization_response_iss_parameter_supported"], true,
        "the provider is set up to send iss (RFC 9207 §3)"
    );
    let pending = PendingAuthorization::builder(&provider.redirect_uri)
        .issuer_requiring_iss(&provider.issuer)
        .verifier_len(verifier_len)
        .build()
        .unwrap();
    let mut url = Url::parse(metadata["authorization_endpoint"].as_str().unwrap()).unwrap();
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &provider.client_id)
        .append_pair("scope", "openid")
        .extend_pairs(pending.authorization_request().pairs());
    // Kept across the redirect in its stored form only.
    let stored = serde_json::to_string(&pending.expose_for_storage()).unwrap();
    drop(pending);

    let mut next = url.to_string();
    // /auth -> /interaction/{uid} -> /auth/{uid} -> the redirect URI.
    for _ in 0..3 {
        next = provider.follow(&next);
    }
    let callback = Url::parse(&next).unwrap();
    assert!(
        next.starts_with(&format!("{}?", provider.redirect_uri)),
        "redirected back to the client, not elsewhere"
    );
    let restored: PendingAuthorization = serde_json::from_str(&stored).unwrap();
    (restored, callback)
}

fn pairs(url: &Url) -> Vec<(String, String)> {
    url.query_pairs().into_owned().collect()
}

fn full_flow(verifier_len: usize) {
    let mut provider = Provider::from_env();
    let (pending, callback) = authorize(&mut provider, verifier_len);
    let query = pairs(&callback);
    let params =
        CallbackParams::from_pairs(query.iter().map(|(k, v)| (k.as_str(), v.as_str()))).unwrap();
    assert_eq!(params.iss(), Some(provider.issuer.as_str()), "RFC 9207 §2");
    let token = pending.validate_callback(&params).unwrap();
    assert_eq!(token.code_verifier().secret().len(), verifier_len);
    let (status, body) = provider.token(&token.form());
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert!(body["access_token"].as_str().is_some_and(|t| !t.is_empty()));
}

#[test]
#[ignore = "needs node oidc-provider running: bash .ci/oidc-provider.sh"]
fn oidc_provider_redeems_our_code_with_a_43_character_verifier_rfc7636_section_4_5() {
    full_flow(43);
}

#[test]
#[ignore = "needs node oidc-provider running: bash .ci/oidc-provider.sh"]
fn oidc_provider_redeems_our_code_with_a_128_character_verifier_rfc7636_section_4_1() {
    full_flow(128);
}

#[test]
#[ignore = "needs node oidc-provider running: bash .ci/oidc-provider.sh"]
fn oidc_provider_refuses_a_wrong_verifier_with_invalid_grant_rfc7636_section_4_6() {
    let mut provider = Provider::from_env();
    let (pending, callback) = authorize(&mut provider, 43);
    let query = pairs(&callback);
    let params =
        CallbackParams::from_pairs(query.iter().map(|(k, v)| (k.as_str(), v.as_str()))).unwrap();
    let token = pending.validate_callback(&params).unwrap();
    let wrong = CodeVerifier::generate();
    let mut form = token.form();
    form[3].1 = wrong.secret();
    let (status, body) = provider.token(&form);
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"], "invalid_grant", "{body}");
}

#[test]
#[ignore = "needs node oidc-provider running: bash .ci/oidc-provider.sh"]
fn a_real_response_with_another_state_or_issuer_is_refused_rfc6749_section_10_12_rfc9207() {
    let mut provider = Provider::from_env();
    // The provider's genuine response to one request, offered to another
    // request's record: a login CSRF, refused on `state`.
    let (first, callback) = authorize(&mut provider, 43);
    let (second, _) = authorize(&mut provider, 43);
    let query = pairs(&callback);
    let params =
        CallbackParams::from_pairs(query.iter().map(|(k, v)| (k.as_str(), v.as_str()))).unwrap();
    assert_eq!(
        second.validate_callback(&params).unwrap_err(),
        Error::StateMismatch
    );
    // The same response claiming another issuer: a mix-up, refused on `iss`.
    let forged: Vec<(&str, &str)> = query
        .iter()
        .map(|(k, v)| match k.as_str() {
            "iss" => ("iss", "https://attacker.example"),
            _ => (k.as_str(), v.as_str()),
        })
        .collect();
    let forged = CallbackParams::from_pairs(forged).unwrap();
    assert_eq!(
        first.validate_callback(&forged).unwrap_err(),
        Error::IssuerMismatch
    );
}

/// The browser's part: from the authorization URL through sign-in and
/// consent to the redirect back to the client.
fn browse(provider: &mut Provider, authorization_url: &str) -> Url {
    let mut next = authorization_url.to_owned();
    for _ in 0..3 {
        next = provider.follow(&next);
    }
    Url::parse(&next).unwrap()
}

#[test]
#[ignore = "needs node oidc-provider running: bash .ci/oidc-provider.sh"]
fn from_metadata_to_a_checked_token_request_in_ten_lines_rfc8414_rfc9207()
-> Result<(), Box<dyn std::error::Error>> {
    let mut provider = Provider::from_env();
    let (issuer, redirect_uri, client_id) = (
        provider.issuer.clone(),
        provider.redirect_uri.clone(),
        provider.client_id.clone(),
    );
    let discovery = format!("{issuer}/.well-known/openid-configuration");
    let http = provider.http.clone();

    // The client's code, from the metadata to the token request's form:
    // at most 10 lines (with `?`, as a client writes it).
    let body = http.get(&discovery).call()?.into_body().read_to_string()?;
    let server = serde_json::from_str::<ServerMetadata>(&body)?.check(&issuer)?;
    let pending = server.pending_authorization(&redirect_uri).build()?;
    let url = server.authorization_url(&pending, &client_id);
    let callback = browse(&mut provider, &url.scope("openid").to_url_string());
    let query: Vec<(String, String)> = callback.query_pairs().into_owned().collect();
    let params = CallbackParams::from_pairs(query.iter().map(|(k, v)| (&**k, &**v)))?;
    let token = pending.validate_callback(&params)?;
    let (status, body) = provider.token(&token.form()); // POST to server.token_endpoint()

    assert_eq!(server.token_endpoint(), format!("{issuer}/token"));
    assert!(server.sends_iss(), "oidc-provider is set up to send iss");
    assert_eq!(status, 200, "{body}");
    assert!(body["access_token"].as_str().is_some_and(|t| !t.is_empty()));
    Ok(())
}

#[test]
#[ignore = "needs node oidc-provider running: bash .ci/oidc-provider.sh"]
fn the_providers_metadata_without_s256_or_for_another_issuer_is_refused_rfc9700_section_4_7_1() {
    let provider = Provider::from_env();
    let mut metadata = provider.metadata();
    let read = |doc: &serde_json::Value| serde_json::from_value::<ServerMetadata>(doc.clone());
    assert!(read(&metadata).unwrap().check(&provider.issuer).is_ok());
    assert_eq!(
        read(&metadata)
            .unwrap()
            .check("https://attacker.example")
            .unwrap_err(),
        MetadataError::IssuerMismatch
    );
    metadata["code_challenge_methods_supported"] = serde_json::json!(["plain"]);
    assert_eq!(
        read(&metadata)
            .unwrap()
            .check(&provider.issuer)
            .unwrap_err(),
        MetadataError::S256NotSupported
    );
    metadata
        .as_object_mut()
        .unwrap()
        .remove("code_challenge_methods_supported");
    assert_eq!(
        read(&metadata)
            .unwrap()
            .check(&provider.issuer)
            .unwrap_err(),
        MetadataError::S256NotSupported
    );
}
