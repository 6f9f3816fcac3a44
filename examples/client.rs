//! The client half of PKCE (RFC 7636 §4.1 to §4.5): make a verifier, put its
//! S256 challenge in the authorization URL, and send the verifier with the
//! token request.
//!
//! Run with `cargo run --example client`.

use oauth_pkce::{CodeVerifier, Method};

/// `application/x-www-form-urlencoded` for the few characters these values
/// can hold. Verifiers and S256 challenges are already URL-safe (RFC 7636
/// §4.1, §4.2), so they pass through unchanged.
fn form_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn main() -> Result<(), oauth_pkce::Error> {
    let authorization_endpoint = "https://auth.example.com/authorize";
    let client_id = "example-cli";
    let redirect_uri = "http://127.0.0.1:8400/callback";

    // §4.1: a fresh, high-entropy verifier for this one request. `try_generate`
    // reads the OS RNG and returns an error rather than panicking.
    let verifier = CodeVerifier::try_generate()?;
    // §4.2: its S256 challenge. Only this leaves the client now.
    let challenge = verifier.challenge();
    assert_eq!(challenge.method(), Method::S256);

    // §4.3: the authorization request.
    let url = format!(
        "{authorization_endpoint}?response_type=code&client_id={}&redirect_uri={}\
         &code_challenge={}&code_challenge_method={}",
        form_encode(client_id),
        form_encode(redirect_uri),
        challenge.as_str(),
        challenge.method(),
    );
    println!("1. Open in the browser (the challenge is public):\n   {url}\n");

    println!("2. Keep the verifier while the browser goes round the redirect.");
    println!("   Debug never shows it: {verifier:?}\n");

    // §4.5: the token request, with the code from the redirect.
    let code = "SplxlOBeZQQYbYS6WxSbIA";
    let body = format!(
        "grant_type=authorization_code&code={}&redirect_uri={}&client_id={}&code_verifier={}",
        form_encode(code),
        form_encode(redirect_uri),
        form_encode(client_id),
        verifier.secret(),
    );
    println!("3. POST to the token endpoint, Content-Type: application/x-www-form-urlencoded:");
    println!("   {body}");
    Ok(())
}
