//! The client side of the authorization code flow with PKCE (RFC 6749 §4.1,
//! RFC 7636 §4.1 to §4.5, RFC 9207): one `PendingAuthorization` per
//! authorization request, its parameters in the authorization URL, the
//! record kept across the redirect, and the response checked before its
//! code is redeemed with the verifier.
//!
//! Run with `cargo run --example client` (add `--features serde` to see the
//! record stored and restored). The authorization server's redirect is
//! simulated; nothing goes on the network. No secret is printed: the
//! verifier and `state` show as their lengths.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an example shows the flow, not error handling"
)]

use oauth_pkce::client::{CallbackParams, Error, PendingAuthorization};
use url::Url;

const AUTHORIZATION_ENDPOINT: &str = "https://auth.example.com/authorize";
const ISSUER: &str = "https://auth.example.com";
const CLIENT_ID: &str = "example-cli";
const REDIRECT_URI: &str = "http://127.0.0.1:8400/callback";

/// A URL with the values of its secret parameters replaced by their length.
fn shown(url: &Url) -> String {
    let query: Vec<String> = url
        .query_pairs()
        .map(|(k, v)| match k.as_ref() {
            // Secrets, and a credential until redeemed: their lengths only.
            "state" | "code" | "code_verifier" => format!("{k}=<{} characters>", v.len()),
            _ => format!(
                "{k}={}",
                url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
            ),
        })
        .collect();
    let mut base = url.clone();
    base.set_query(None);
    format!("{base}?{}", query.join("&"))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. A record for this one request: a fresh verifier and `state` from
    //    the OS CSPRNG, the redirect URI, and the issuer the response must
    //    come from. This server's metadata says
    //    `authorization_response_iss_parameter_supported: true`.
    let pending = PendingAuthorization::builder(REDIRECT_URI)
        .issuer_requiring_iss(ISSUER)
        .build()?;

    // 2. The authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3).
    let mut url = Url::parse(AUTHORIZATION_ENDPOINT)?;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", CLIENT_ID)
        .append_pair("scope", "openid")
        .extend_pairs(pending.authorization_request().pairs());
    println!("1. Send the browser to:\n   {}\n", shown(&url));
    println!("2. Keep the record while the browser goes round the redirect:\n   {pending:?}\n");

    // 3. Across the redirect a web client stores the record in the user's
    //    session; serializing it is an explicit opt-in.
    #[cfg(feature = "serde")]
    let mut pending = {
        let stored = serde_json::to_string(&pending.expose_for_storage())?;
        println!(
            "3. Stored in the (encrypted, server-side) session: {} bytes of JSON, not shown\n",
            stored.len()
        );
        drop(pending);
        serde_json::from_str::<PendingAuthorization>(&stored)?
    };
    #[cfg(not(feature = "serde"))]
    let mut pending = pending;

    // 4. The browser comes back. Here the server's redirect is simulated:
    //    it repeats `state` and adds `code` and `iss` (RFC 6749 §4.1.2,
    //    RFC 9207 §2).
    let mut callback = Url::parse(REDIRECT_URI)?;
    callback
        .query_pairs_mut()
        .append_pair("code", "SplxlOBeZQQYbYS6WxSbIA")
        .append_pair("state", pending.authorization_request().state())
        .append_pair("iss", ISSUER);
    println!("4. The redirect arrives:\n   {}\n", shown(&callback));

    // 5. Check it: state (constant time), iss, expiry, error, code. A
    //    response with another state leaves the record usable; one with
    //    its state spends it, whatever the outcome.
    let params = CallbackParams::from_query(callback.query().unwrap_or_default())?;
    let token = match pending.validate_callback(&params) {
        Ok(token) => token,
        Err(Error::ErrorResponse(error)) => {
            // The server's description is its text, for the user, not a log.
            println!("the server refused: {error}");
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    };

    // 6. The token request (RFC 6749 §4.1.3, RFC 7636 §4.5), form-encoded.
    let mut body = url::form_urlencoded::Serializer::new(String::new());
    body.extend_pairs(token.form());
    body.append_pair("client_id", CLIENT_ID);
    let body = body.finish();
    let body_shown = body
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some((name @ ("code" | "code_verifier"), v)) => {
                format!("{name}=<{} characters>", v.len())
            }
            _ => kv.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&");
    println!("5. POST to the token endpoint, application/x-www-form-urlencoded:\n   {body_shown}");
    Ok(())
}
