//! Interop with the `oauth2` crate as a peer: its PKCE client against the
//! loopback demo's server (which checks with this crate's `Policy`), and the
//! two crates' verifiers and challenges against each other.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "in a test a panic is the failure report"
)]

/// The loopback demo (`cargo run --example loopback`): its server, agent
/// and browser.
#[allow(dead_code, reason = "the demo's scripted steps are the example's")]
#[path = "../../examples/loopback/mod.rs"]
mod demo;

use demo::HttpServer;
use demo::agent::{Callback, DesktopAgent, RedirectListener, http_client};
use demo::authorization_server::CLIENT_ID;
use oauth_pkce::rand::{RngExt, SeedableRng, rngs::StdRng};
use oauth_pkce::server::Error;
use oauth_pkce::server::Policy;
use oauth_pkce::{CodeVerifier, Method};
use oauth_pkce_test_support::UNRESERVED;
use oauth2::basic::{BasicClient, BasicErrorResponseType, BasicTokenType};
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, CsrfToken, EndpointNotSet, EndpointSet,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RequestTokenError, TokenResponse, TokenUrl,
};

type Client = BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

/// `oauth2`'s blocking HTTP client interface over ureq 3, which speaks the
/// same `http` crate's requests and responses.
fn oauth2_http(
    http: &ureq::Agent,
) -> impl Fn(oauth2::HttpRequest) -> Result<oauth2::HttpResponse, ureq::Error> + '_ {
    move |request| {
        let (parts, mut body) = http.run(request)?.into_parts();
        Ok(oauth2::HttpResponse::from_parts(parts, body.read_to_vec()?))
    }
}

fn oauth2_client(server: &HttpServer, listener: &RedirectListener) -> Client {
    BasicClient::new(ClientId::new(CLIENT_ID.into()))
        .set_auth_uri(AuthUrl::new(server.authorize_endpoint()).expect("a URL"))
        .set_token_uri(TokenUrl::new(server.token_endpoint()).expect("a URL"))
        .set_redirect_uri(RedirectUrl::new(listener.redirect_uri().into()).expect("a URL"))
}

/// `oauth2` builds the authorization URL with a fresh S256 challenge of its
/// own; the browser takes it to the server and the code back to the
/// listener. Returns the code, the client and `oauth2`'s verifier.
fn authorize_with_oauth2(server: &HttpServer) -> (String, Client, PkceCodeVerifier) {
    let listener = RedirectListener::start().expect("listener starts");
    let client = oauth2_client(server, &listener);
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state) = client
        .authorize_url(CsrfToken::new_random)
        .set_pkce_challenge(challenge)
        .url();

    // What oauth2 put in the URL is what this crate derives from its verifier.
    let param = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    let ours = CodeVerifier::parse(verifier.secret())
        .expect("oauth2's verifier is valid here")
        .challenge();
    assert_eq!(param("code_challenge").as_deref(), Some(ours.as_str()));
    assert_eq!(param("code_challenge_method").as_deref(), Some("S256"));

    let callback = DesktopAgent::new("browser")
        .open_in_browser(url.as_str(), listener, state.secret())
        .expect("the browser round trip completes");
    let Callback::Code(code) = callback else {
        panic!("the server refused oauth2's authorization request: {callback}");
    };
    (code, client, verifier)
}

#[test]
#[cfg_attr(miri, ignore = "Miri has no sockets")]
fn oauth2s_verifier_redeems_the_code_bound_to_its_challenge() {
    let server = HttpServer::start(Policy::strict()).expect("server starts");
    let (code, client, verifier) = authorize_with_oauth2(&server);
    let redirect_uri = client.redirect_uri().expect("set").as_str();
    let reply = DesktopAgent::new("agent")
        .redeem(
            &server.token_endpoint(),
            &code,
            redirect_uri,
            Some(verifier.secret()),
        )
        .expect("the server answers");
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert!(reply.field("access_token").is_some_and(|t| !t.is_empty()));
}

#[test]
#[cfg_attr(miri, ignore = "Miri has no sockets")]
fn oauth2s_token_request_and_error_parsing_work_against_the_server() {
    let server = HttpServer::start(Policy::strict()).expect("server starts");
    let http = http_client();

    // The right verifier, sent and the answer parsed by oauth2 itself.
    let (code, client, verifier) = authorize_with_oauth2(&server);
    let tokens = client
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(verifier)
        .request(&oauth2_http(&http))
        .expect("oauth2 gets tokens");
    assert_eq!(tokens.token_type(), &BasicTokenType::Bearer);
    assert!(!tokens.access_token().secret().is_empty());

    // A wrong verifier, and none: oauth2 reads our RFC 6749 §5.2 errors.
    let wrong = || {
        let other = CodeVerifier::generate();
        Some(PkceCodeVerifier::new(other.secret().into()))
    };
    for (verifier, error, expected) in [
        (
            wrong(),
            BasicErrorResponseType::InvalidGrant,
            Error::Verifier(oauth_pkce::Error::VerifierMismatch),
        ),
        // invalid_grant, as the OpenID conformance suite expects for an
        // omitted code_verifier (RFC 7636 §4.6).
        (
            None,
            BasicErrorResponseType::InvalidGrant,
            Error::MissingVerifier,
        ),
    ] {
        let (code, client, _) = authorize_with_oauth2(&server);
        let mut request = client.exchange_code(AuthorizationCode::new(code));
        if let Some(verifier) = verifier {
            request = request.set_pkce_verifier(verifier);
        }
        match request.request(&oauth2_http(&http)) {
            Err(RequestTokenError::ServerResponse(response)) => {
                assert_eq!(response.error(), &error);
                assert_eq!(
                    response.error_description().map(String::as_str),
                    Some(expected.error_description()),
                );
            }
            other => panic!("expected {error:?}, got {other:?}"),
        }
    }
}

#[test]
fn our_verifiers_give_oauth2_the_same_challenge() {
    let mut rng = StdRng::seed_from_u64(0x7636);
    // Miri runs SHA-256 slowly: there, the edges and a few in between.
    let (lengths, per_length): (Vec<usize>, usize) = if cfg!(miri) {
        (vec![43, 44, 64, 86, 127, 128], 1)
    } else {
        ((43..=128).collect(), 16)
    };
    for len in lengths {
        for _ in 0..per_length {
            // Generated ones use the base64url alphabet only; parsed ones
            // cover `.` and `~` too.
            let generated = CodeVerifier::generate_len_with(len, &mut rng).expect("43..=128");
            let text: String = (0..len)
                .map(|_| UNRESERVED[rng.random_range(0..UNRESERVED.len())] as char)
                .collect();
            let parsed = CodeVerifier::parse(&text).expect("unreserved characters");
            for verifier in [generated, parsed] {
                let theirs = PkceCodeChallenge::from_code_verifier_sha256(&PkceCodeVerifier::new(
                    verifier.secret().into(),
                ));
                let ours = verifier.challenge();
                assert_eq!(ours.as_str(), theirs.as_str(), "length {len}");
                assert_eq!(ours.method().as_str(), theirs.method().as_str());
            }
        }
    }
}

#[test]
fn oauth2s_verifiers_parse_here_and_give_the_same_challenge() {
    // oauth2 takes 32 to 96 random bytes: 43 to 128 characters.
    let sizes: Vec<u32> = if cfg!(miri) {
        vec![32, 33, 64, 95, 96]
    } else {
        (32..=96).collect()
    };
    for bytes in sizes {
        let (theirs, verifier) = PkceCodeChallenge::new_random_sha256_len(bytes);
        let ours = CodeVerifier::parse(verifier.secret())
            .expect("oauth2's verifier is valid here")
            .challenge_with(Method::S256);
        assert_eq!(ours.as_str(), theirs.as_str(), "{bytes} bytes");
    }
}

/// The recipe of docs/OAUTH2.md: this crate's pending authorization makes
/// the PKCE and `state` parameters and checks the response (with `iss`,
/// RFC 9207); oauth2 builds the authorization URL and runs the token
/// exchange with the record's verifier (RFC 7636 §4.5).
#[test]
#[cfg_attr(miri, ignore = "Miri has no sockets")]
fn oauth2s_token_exchange_redeems_the_code_of_our_pending_authorization() {
    use oauth_pkce::client::{CallbackParams, PendingAuthorization};

    let server = HttpServer::start(Policy::strict()).expect("server starts");
    let listener = RedirectListener::start().expect("listener starts");
    let http = http_client();
    let client = oauth2_client(&server, &listener);

    // The recipe: the record's parameters on oauth2's authorization URL.
    let mut pending = PendingAuthorization::builder(listener.redirect_uri())
        .issuer(&server.issuer())
        .build()
        .unwrap();
    let request = pending.authorization_request();
    let (url, _) = client
        .authorize_url(|| CsrfToken::new(request.state().to_owned()))
        .add_extra_param("code_challenge", request.code_challenge())
        .add_extra_param("code_challenge_method", request.code_challenge_method())
        .url();

    // The browser: the server redirects to the listener's URI with the code.
    let location = http.get(url.as_str()).call().unwrap();
    let location = location.headers()["location"].to_str().unwrap();
    let callback = url::Url::parse(location).unwrap();

    // The recipe: the record checks the response, oauth2 redeems the code.
    let params = CallbackParams::from_query(callback.query().unwrap_or_default()).unwrap();
    let token = pending.validate_callback(&params).unwrap();
    let tokens = client
        .exchange_code(AuthorizationCode::new(token.code().to_owned()))
        .set_pkce_verifier(PkceCodeVerifier::new(
            token.code_verifier().secret().to_owned(),
        ))
        .request(&oauth2_http(&http))
        .expect("the server redeems the code with the record's verifier");
    assert_eq!(tokens.token_type(), &BasicTokenType::Bearer);
    assert!(!tokens.access_token().secret().is_empty());

    // The same code again, now used: the server refuses it (RFC 6749 §4.1.2).
    let again = client
        .exchange_code(AuthorizationCode::new(token.code().to_owned()))
        .set_pkce_verifier(PkceCodeVerifier::new(
            token.code_verifier().secret().to_owned(),
        ))
        .request(&oauth2_http(&http));
    assert!(matches!(again, Err(RequestTokenError::ServerResponse(_))));
}
