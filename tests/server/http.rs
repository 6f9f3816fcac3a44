//! The example authorization server (`examples/authorization_server/`, on
//! axum) over real HTTP on 127.0.0.1: the `oauth2` crate through the whole
//! flow, every PKCE refusal as a client receives it (status, headers, body,
//! as the OpenID conformance suite checks them), pushed authorization
//! requests (RFC 9126), a tightened policy applied to outstanding codes, the
//! migration reports, and 64 concurrent redemptions of one code.
#![cfg(feature = "std")]

#[path = "../../examples/authorization_server/mod.rs"]
mod authorization_server;

use std::sync::{Arc, Barrier};
use std::thread;

use authorization_server::client::{Redirected, TokenAnswer, authorize, http_client, token};
use authorization_server::http::HttpServer;
use authorization_server::{
    CLIENT_ID, Client, LEGACY_CLIENT_ID, LEGACY_CLIENT_SECRET, LEGACY_REDIRECT_URI, Report,
    demo_clients,
};
use oauth_pkce::CodeVerifier;
use oauth_pkce::server::{Error, Migration, Policy};
use oauth2::basic::{BasicClient, BasicErrorResponseType};
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, CsrfToken, PkceCodeChallenge, RedirectUrl,
    RequestTokenError, TokenResponse, TokenUrl,
};

/// RFC 7636 Appendix B.
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// The desktop agent's redirect URI. Nothing contacts it: the tests read
/// the redirect's `Location` and stop.
const REDIRECT_URI: &str = "http://127.0.0.1:8400/callback";
const STATE: &str = "af0ifjsldkj";

fn server() -> HttpServer {
    HttpServer::with_clients(demo_clients()).expect("the server starts on 127.0.0.1")
}

/// The desktop agent's authorization request with these PKCE parameters.
fn agent_authorize(server: &HttpServer, pkce: &[(&str, &str)]) -> Redirected {
    let mut pairs = vec![
        ("response_type", "code"),
        ("client_id", CLIENT_ID),
        ("redirect_uri", REDIRECT_URI),
        ("state", STATE),
    ];
    pairs.extend_from_slice(pkce);
    authorize(&http_client(), &server.authorize_endpoint(), &pairs).expect("the server answers")
}

fn agent_code(server: &HttpServer, challenge: &str, method: &str) -> String {
    let reply = agent_authorize(
        server,
        &[
            ("code_challenge", challenge),
            ("code_challenge_method", method),
        ],
    );
    reply.param("code").expect("a code").to_owned()
}

fn agent_redeem(server: &HttpServer, code: &str, verifier: Option<&str>) -> TokenAnswer {
    let mut pairs = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT_URI),
        ("client_id", CLIENT_ID),
    ];
    pairs.extend(verifier.map(|v| ("code_verifier", v)));
    token(&http_client(), &server.token_endpoint(), &pairs).expect("the server answers")
}

fn legacy_authorize(server: &HttpServer, pkce: &[(&str, &str)]) -> Redirected {
    let mut pairs = vec![
        ("response_type", "code"),
        ("client_id", LEGACY_CLIENT_ID),
        ("redirect_uri", LEGACY_REDIRECT_URI),
        ("state", STATE),
    ];
    pairs.extend_from_slice(pkce);
    authorize(&http_client(), &server.authorize_endpoint(), &pairs).expect("the server answers")
}

fn legacy_redeem(server: &HttpServer, code: &str, verifier: Option<&str>) -> TokenAnswer {
    let mut pairs = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", LEGACY_REDIRECT_URI),
        ("client_id", LEGACY_CLIENT_ID),
        ("client_secret", LEGACY_CLIENT_SECRET),
    ];
    pairs.extend(verifier.map(|v| ("code_verifier", v)));
    token(&http_client(), &server.token_endpoint(), &pairs).expect("the server answers")
}

/// A token endpoint error as the OpenID conformance suite checks it:
/// status 400, `application/json`, `no-store`, and the body (RFC 6749 §5.1,
/// §5.2).
fn assert_token_error(case: &str, answer: &TokenAnswer, expected: Error) {
    assert_eq!(answer.status, 400, "{case}: {:?}", answer.body);
    assert_eq!(
        answer.content_type.as_deref(),
        Some("application/json"),
        "{case}"
    );
    assert_eq!(answer.cache_control.as_deref(), Some("no-store"), "{case}");
    assert_eq!(answer.field("error"), Some("invalid_grant"), "{case}");
    assert_eq!(
        answer.field("error_description"),
        Some(expected.error_description()),
        "{case}"
    );
    let members = answer.body.as_object().map(|o| o.len());
    assert_eq!(members, Some(2), "{case}: error and error_description only");
}

/// An authorization endpoint error: a 302 to the client with `error`,
/// `error_description`, the request's `state` and the issuer (RFC 6749
/// §4.1.2.1, RFC 9207 §2), and no code.
fn assert_redirected_error(case: &str, reply: &Redirected, server: &HttpServer, expected: Error) {
    assert_eq!(reply.status, 302, "{case}: {}", reply.body);
    assert_eq!(reply.param("error"), Some("invalid_request"), "{case}");
    assert_eq!(
        reply.param("error_description"),
        Some(expected.error_description()),
        "{case}"
    );
    assert_eq!(reply.param("state"), Some(STATE), "{case}");
    assert_eq!(reply.param("iss"), Some(server.issuer().as_str()), "{case}");
    assert_eq!(reply.param("code"), None, "{case}");
}

/// The `oauth2` crate as the client, from discovery (RFC 8414) to tokens:
/// its own verifier and S256 challenge, its own token request, its own
/// parsing of the answer.
#[test]
#[cfg_attr(miri, ignore = "Miri has no sockets")]
fn the_oauth2_crate_goes_through_the_whole_flow() {
    let server = server();
    let http = http_client();
    let text = http
        .get(server.metadata_endpoint())
        .call()
        .expect("metadata")
        .body_mut()
        .read_to_string()
        .expect("a body");
    let metadata: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let endpoint = |name: &str| metadata[name].as_str().expect(name).to_owned();

    let client = BasicClient::new(ClientId::new(CLIENT_ID.into()))
        .set_auth_uri(AuthUrl::new(endpoint("authorization_endpoint")).expect("a URL"))
        .set_token_uri(TokenUrl::new(endpoint("token_endpoint")).expect("a URL"))
        .set_redirect_uri(RedirectUrl::new(REDIRECT_URI.into()).expect("a URL"));
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state) = client
        .authorize_url(CsrfToken::new_random)
        .set_pkce_challenge(challenge)
        .url();
    let reply = authorize(&http, url.as_str(), &[]).expect("the server answers");
    assert_eq!(reply.status, 302);
    assert_eq!(reply.param("state"), Some(state.secret().as_str()));
    assert_eq!(reply.param("iss"), metadata["issuer"].as_str());
    let code = reply.param("code").expect("a code").to_owned();

    let http_fn = |request: oauth2::HttpRequest| -> Result<oauth2::HttpResponse, ureq::Error> {
        let (parts, mut body) = http.run(request)?.into_parts();
        Ok(oauth2::HttpResponse::from_parts(parts, body.read_to_vec()?))
    };
    let tokens = client
        .exchange_code(AuthorizationCode::new(code.clone()))
        .set_pkce_verifier(verifier)
        .request(&http_fn)
        .expect("oauth2 gets tokens");
    assert!(!tokens.access_token().secret().is_empty());

    // The same code again: oauth2 reads our invalid_grant.
    let (_, other) = PkceCodeChallenge::new_random_sha256();
    match client
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(other)
        .request(&http_fn)
    {
        Err(RequestTokenError::ServerResponse(e)) => {
            assert_eq!(e.error(), &BasicErrorResponseType::InvalidGrant);
        }
        other => panic!("expected invalid_grant, got {other:?}"),
    }
}

/// RFC 8414 §2: `code_challenge_methods_supported`, from the clients'
/// policies, `S256` first; and the server says it sends `iss` (RFC 9207 §3).
#[test]
#[cfg_attr(miri, ignore = "Miri has no sockets")]
fn metadata_lists_the_methods_the_clients_policies_allow() {
    for (clients, methods) in [
        (
            vec![Client::public(CLIENT_ID, Policy::strict())],
            serde_json::json!(["S256"]),
        ),
        (demo_clients(), serde_json::json!(["S256", "plain"])),
    ] {
        let server = HttpServer::with_clients(clients).expect("server starts");
        let mut response = http_client()
            .get(server.metadata_endpoint())
            .call()
            .expect("metadata");
        let text = response.body_mut().read_to_string().expect("a body");
        let metadata: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(metadata["code_challenge_methods_supported"], methods);
        assert_eq!(metadata["issuer"], server.issuer().as_str());
        assert_eq!(
            metadata["authorization_response_iss_parameter_supported"],
            true
        );
    }
}

/// A token endpoint case: its name, the exchange, and the refusal expected.
type TokenCase = (&'static str, Box<dyn Fn(&HttpServer) -> TokenAnswer>, Error);

/// An authorization endpoint case: its name, the PKCE parameters, and the
/// refusal expected.
type AuthorizeCase<'a> = (&'static str, Vec<(&'static str, &'a str)>, Error);

/// Every PKCE refusal at the token endpoint, as the client receives it.
/// Each is `invalid_grant`: the OpenID conformance suite expects it for an
/// omitted verifier (RFC 7636 §4.6), and fosite, Keycloak, Spring
/// Authorization Server, Duende and node-oidc-provider answer it for every
/// PKCE failure at redemption.
#[test]
#[cfg_attr(miri, ignore = "Miri has no sockets")]
fn every_token_endpoint_refusal_is_invalid_grant_json_no_store() {
    let server = server();
    let s256 = |s: &HttpServer| agent_code(s, CHALLENGE, "S256");
    let cases: Vec<TokenCase> = vec![
        (
            "RFC7636 4.5, OpenID conformance suite: code_verifier omitted",
            Box::new(move |s| agent_redeem(s, &s256(s), None)),
            Error::MissingVerifier,
        ),
        (
            "RFC6749 3.1: code_verifier empty",
            Box::new(move |s| agent_redeem(s, &s256(s), Some(""))),
            Error::MissingVerifier,
        ),
        (
            "RFC7636 4.6: code_verifier does not match",
            Box::new(move |s| agent_redeem(s, &s256(s), Some(&VERIFIER.replace('d', "e")))),
            Error::Verifier(oauth_pkce::Error::VerifierMismatch),
        ),
        (
            "RFC7636 4.6: the challenge sent as the verifier",
            Box::new(move |s| agent_redeem(s, &s256(s), Some(CHALLENGE))),
            Error::Verifier(oauth_pkce::Error::VerifierMismatch),
        ),
        (
            "RFC7636 4.1: code_verifier of 42 characters",
            Box::new(move |s| agent_redeem(s, &s256(s), Some(&VERIFIER[..42]))),
            Error::Verifier(oauth_pkce::Error::VerifierTooShort { len: 42 }),
        ),
        (
            "RFC7636 4.1: code_verifier of 129 characters",
            Box::new(move |s| agent_redeem(s, &s256(s), Some(&"a".repeat(129)))),
            Error::Verifier(oauth_pkce::Error::VerifierTooLong { len: 129 }),
        ),
        (
            "RFC7636 4.1: code_verifier with a character outside unreserved",
            Box::new(move |s| agent_redeem(s, &s256(s), Some(&format!("{VERIFIER}+")))),
            Error::Verifier(oauth_pkce::Error::VerifierInvalidCharacter { index: 43 }),
        ),
        (
            "RFC9700 4.8.2: a verifier for a code issued without a challenge",
            Box::new(|s| {
                let reply = legacy_authorize(s, &[]);
                legacy_redeem(s, reply.param("code").expect("a code"), Some(VERIFIER))
            }),
            Error::UnexpectedVerifier,
        ),
    ];
    for (case, run, expected) in &cases {
        assert_token_error(case, &run(&server), *expected);
    }
}

/// The policy is applied again at redemption (RFC 9700 §2.1.1): codes
/// issued under the legacy client's RFC 7636 policy, redeemed after it is
/// moved to strict, are refused, with the cause named.
#[test]
#[cfg_attr(miri, ignore = "Miri has no sockets")]
fn a_tightened_policy_refuses_outstanding_codes() {
    let server = server();
    let unbound = legacy_authorize(&server, &[]);
    let unbound = unbound.param("code").expect("a code").to_owned();
    let plain = legacy_authorize(
        &server,
        &[
            ("code_challenge", VERIFIER),
            ("code_challenge_method", "plain"),
        ],
    );
    let plain = plain.param("code").expect("a code").to_owned();
    let s256 = legacy_authorize(
        &server,
        &[
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ],
    );
    let s256 = s256.param("code").expect("a code").to_owned();

    assert!(server.server().set_pkce(
        LEGACY_CLIENT_ID,
        Migration::new(Policy::strict(), Policy::strict())
    ));
    assert_token_error(
        "RFC9700 2.1.1: issued without PKCE, now required",
        &legacy_redeem(&server, &unbound, None),
        Error::PkceRequiredAtRedemption,
    );
    assert_token_error(
        "RFC9700 2.1.1: issued with plain, now refused",
        &legacy_redeem(&server, &plain, Some(VERIFIER)),
        Error::BoundMethodNotAllowed,
    );
    let answer = legacy_redeem(&server, &s256, Some(VERIFIER));
    assert_eq!(answer.status, 200, "S256 still passes: {:?}", answer.body);
    assert_eq!(answer.cache_control.as_deref(), Some("no-store"));
}

/// Every PKCE refusal at the authorization endpoint: back to the client on
/// its redirect URI, `invalid_request`, with the description that names the
/// mistake (RFC 6749 §4.1.2.1, RFC 7636 §4.4.1).
#[test]
#[cfg_attr(miri, ignore = "Miri has no sockets")]
fn every_authorization_endpoint_refusal_is_redirected_invalid_request() {
    let server = server();
    let hex = "13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3";
    let padded = format!("{CHALLENGE}=");
    let percent = format!("{CHALLENGE}%3D");
    let cases: Vec<AuthorizeCase<'_>> = vec![
        (
            "RFC7636 4.4.1: no challenge",
            vec![],
            Error::MissingChallenge,
        ),
        (
            "RFC7636 4.3: no method means plain, refused",
            vec![("code_challenge", CHALLENGE)],
            Error::PlainNotAllowed,
        ),
        (
            "RFC7636 4.3: method without challenge",
            vec![("code_challenge_method", "S256")],
            Error::MethodWithoutChallenge,
        ),
        (
            "RFC7636 6.2.1: s256 in the wrong case",
            vec![
                ("code_challenge", CHALLENGE),
                ("code_challenge_method", "s256"),
            ],
            Error::Challenge(oauth_pkce::Error::MethodWrongCase),
        ),
        (
            "RFC7636 6.2.1: an unknown method",
            vec![
                ("code_challenge", CHALLENGE),
                ("code_challenge_method", "S512"),
            ],
            Error::Challenge(oauth_pkce::Error::UnsupportedMethod),
        ),
        (
            "RFC7636 Appendix A: padding",
            vec![
                ("code_challenge", &padded),
                ("code_challenge_method", "S256"),
            ],
            Error::Challenge(oauth_pkce::Error::ChallengePadded),
        ),
        (
            "RFC3986 2.1: padding encoded twice arrives as %3D",
            vec![
                ("code_challenge", &percent),
                ("code_challenge_method", "S256"),
            ],
            Error::Challenge(oauth_pkce::Error::ChallengePercentEncodedPadding),
        ),
        (
            "RFC4648 4: standard alphabet",
            vec![
                (
                    "code_challenge",
                    "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM",
                ),
                ("code_challenge_method", "S256"),
            ],
            Error::Challenge(oauth_pkce::Error::ChallengeStandardBase64),
        ),
        (
            "RFC7636 4.2: hex digest",
            vec![("code_challenge", hex), ("code_challenge_method", "S256")],
            Error::Challenge(oauth_pkce::Error::ChallengeHexDigest),
        ),
        (
            "RFC7636 4.2: a challenge that is not a digest",
            vec![
                ("code_challenge", &CHALLENGE[..42]),
                ("code_challenge_method", "S256"),
            ],
            Error::Challenge(oauth_pkce::Error::ChallengeTooShort { len: 42 }),
        ),
    ];
    for (case, pkce, expected) in &cases {
        assert_redirected_error(case, &agent_authorize(&server, pkce), &server, *expected);
    }
}

/// A code is single-use (RFC 6749 §4.1.2), and the server takes it out of
/// its store before checking anything: of 64 redemptions at once with the
/// right verifier, exactly one gets tokens, and 63 get `invalid_grant`.
#[test]
#[cfg_attr(miri, ignore = "Miri has no sockets")]
fn of_64_concurrent_redemptions_of_one_code_exactly_one_succeeds() {
    const N: usize = 64;
    let server = server();
    let code = agent_code(&server, CHALLENGE, "S256");
    let token_endpoint = server.token_endpoint();
    let start = Arc::new(Barrier::new(N));
    let answers: Vec<TokenAnswer> = thread::scope(|scope| {
        let handles: Vec<_> = (0..N)
            .map(|_| {
                let start = Arc::clone(&start);
                let (code, token_endpoint) = (&code, &token_endpoint);
                scope.spawn(move || {
                    let http = http_client();
                    start.wait();
                    token(
                        &http,
                        token_endpoint,
                        &[
                            ("grant_type", "authorization_code"),
                            ("code", code),
                            ("redirect_uri", REDIRECT_URI),
                            ("client_id", CLIENT_ID),
                            ("code_verifier", VERIFIER),
                        ],
                    )
                    .expect("the server answers")
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("no panic"))
            .collect()
    });
    let ok = answers.iter().filter(|a| a.status == 200).count();
    let refused: Vec<&TokenAnswer> = answers.iter().filter(|a| a.status != 200).collect();
    assert_eq!(ok, 1);
    assert_eq!(refused.len(), N - 1);
    for answer in refused {
        assert_eq!(answer.status, 400);
        assert_eq!(answer.field("error"), Some("invalid_grant"));
        assert_eq!(answer.cache_control.as_deref(), Some("no-store"));
    }
}

/// A failed attempt uses the code up too: after a wrong verifier, the right
/// one is refused (RFC 6749 §4.1.2).
#[test]
#[cfg_attr(miri, ignore = "Miri has no sockets")]
fn a_failed_redemption_uses_the_code_up() {
    let server = server();
    let code = agent_code(&server, CHALLENGE, "S256");
    let wrong = agent_redeem(&server, &code, Some(&VERIFIER.replace('d', "e")));
    assert_token_error(
        "wrong verifier",
        &wrong,
        Error::Verifier(oauth_pkce::Error::VerifierMismatch),
    );
    let right = agent_redeem(&server, &code, Some(VERIFIER));
    assert_eq!(right.status, 400);
    assert_eq!(right.field("error"), Some("invalid_grant"));
    assert_eq!(right.cache_control.as_deref(), Some("no-store"));
}

/// Migration in observation (RFC 7636 as written enforced, strict as the
/// target): the legacy client's requests pass, and each endpoint reports
/// what strict would refuse, by kind. A request strict accepts reports
/// nothing.
#[test]
#[cfg_attr(miri, ignore = "Miri has no sockets")]
fn observation_reports_what_the_target_would_refuse_and_enforces_nothing_new() {
    let server = server();
    let reply = legacy_authorize(&server, &[]);
    let answer = legacy_redeem(&server, reply.param("code").expect("a code"), None);
    assert_eq!(answer.status, 200, "{:?}", answer.body);

    let reply = legacy_authorize(
        &server,
        &[
            ("code_challenge", VERIFIER),
            ("code_challenge_method", "plain"),
        ],
    );
    let answer = legacy_redeem(
        &server,
        reply.param("code").expect("a code"),
        Some(VERIFIER),
    );
    assert_eq!(answer.status, 200, "{:?}", answer.body);

    let reply = legacy_authorize(
        &server,
        &[
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ],
    );
    let answer = legacy_redeem(
        &server,
        reply.param("code").expect("a code"),
        Some(VERIFIER),
    );
    assert_eq!(answer.status, 200, "{:?}", answer.body);

    let report = |endpoint, kind| Report {
        client_id: LEGACY_CLIENT_ID,
        endpoint,
        kind,
    };
    assert_eq!(
        server.server().reports(),
        [
            report("authorize", "missing_challenge"),
            report("token", "pkce_required_at_redemption"),
            report("authorize", "plain_not_allowed"),
            report("token", "bound_method_not_allowed"),
        ]
    );
}

/// RFC 8252 §8.5: a verifier is the proof, whatever else: the S256 flow
/// with this crate's own verifier passes end to end.
#[test]
#[cfg_attr(miri, ignore = "Miri has no sockets")]
fn our_verifier_redeems_its_code() {
    let server = server();
    let verifier = CodeVerifier::generate();
    let challenge = verifier.challenge();
    let code = agent_code(&server, challenge.as_str(), "S256");
    let answer = agent_redeem(&server, &code, Some(verifier.secret()));
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    assert_eq!(answer.cache_control.as_deref(), Some("no-store"));
    assert_eq!(answer.field("token_type"), Some("Bearer"));
}

/// A pushed authorization request (RFC 9126 §2) for the desktop agent.
fn push(server: &HttpServer, pkce: &[(&str, &str)]) -> TokenAnswer {
    let mut pairs = vec![
        ("response_type", "code"),
        ("client_id", CLIENT_ID),
        ("redirect_uri", REDIRECT_URI),
        ("state", STATE),
    ];
    pairs.extend_from_slice(pkce);
    token(&http_client(), &server.par_endpoint(), &pairs).expect("the server answers")
}

/// RFC 9126 §2.3: at the pushed authorization request endpoint a PKCE
/// refusal is a JSON 400, as from the token endpoint, never a redirect; its
/// code is the authorization request's, `invalid_request`.
#[test]
#[cfg_attr(miri, ignore = "Miri has no sockets")]
fn pushed_authorization_requests_refuse_with_json_400_invalid_request() {
    let server = server();
    let padded = format!("{CHALLENGE}=");
    let cases: Vec<AuthorizeCase<'_>> = vec![
        (
            "RFC7636 4.4.1: no challenge",
            vec![],
            Error::MissingChallenge,
        ),
        (
            "RFC7636 4.3: no method means plain, refused",
            vec![("code_challenge", CHALLENGE)],
            Error::PlainNotAllowed,
        ),
        (
            "RFC7636 Appendix A: padding",
            vec![
                ("code_challenge", &padded),
                ("code_challenge_method", "S256"),
            ],
            Error::Challenge(oauth_pkce::Error::ChallengePadded),
        ),
        (
            "RFC7636 6.2.1: PLAIN in the wrong case",
            vec![
                ("code_challenge", VERIFIER),
                ("code_challenge_method", "PLAIN"),
            ],
            Error::Challenge(oauth_pkce::Error::MethodWrongCase),
        ),
    ];
    for (case, pkce, expected) in &cases {
        let answer = push(&server, pkce);
        assert_eq!(answer.status, 400, "{case}: {:?}", answer.body);
        assert_eq!(
            answer.content_type.as_deref(),
            Some("application/json"),
            "{case}"
        );
        assert_eq!(answer.cache_control.as_deref(), Some("no-store"), "{case}");
        assert_eq!(answer.field("error"), Some("invalid_request"), "{case}");
        assert_eq!(
            answer.field("error_description"),
            Some(expected.error_description()),
            "{case}"
        );
    }
}

/// RFC 9126 §2.2, §4: a pushed request with an S256 challenge gets a
/// `request_uri`; the authorization request that names it gets a code bound
/// to that challenge, which the verifier redeems; the `request_uri` works
/// once.
#[test]
#[cfg_attr(miri, ignore = "Miri has no sockets")]
fn a_pushed_request_binds_its_challenge_to_the_code() {
    let server = server();
    let answer = push(
        &server,
        &[
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ],
    );
    assert_eq!(answer.status, 201, "{:?}", answer.body);
    assert_eq!(answer.cache_control.as_deref(), Some("no-store"));
    let request_uri = answer.field("request_uri").expect("a request_uri");
    assert!(request_uri.starts_with("urn:ietf:params:oauth:request_uri:"));

    let by_reference = [("client_id", CLIENT_ID), ("request_uri", request_uri)];
    let http = http_client();
    let reply = authorize(&http, &server.authorize_endpoint(), &by_reference).expect("answers");
    assert_eq!(reply.status, 302);
    assert_eq!(reply.param("state"), Some(STATE));
    assert_eq!(reply.param("iss"), Some(server.issuer().as_str()));
    let code = reply.param("code").expect("a code").to_owned();

    // The challenge came from the pushed request: its verifier redeems the
    // code, and on a second pushed code another verifier does not.
    assert_eq!(agent_redeem(&server, &code, Some(VERIFIER)).status, 200);
    let second = push(
        &server,
        &[
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ],
    );
    let second_uri = second.field("request_uri").expect("a request_uri");
    let reply = authorize(
        &http,
        &server.authorize_endpoint(),
        &[("client_id", CLIENT_ID), ("request_uri", second_uri)],
    )
    .expect("answers");
    let wrong = agent_redeem(
        &server,
        reply.param("code").expect("a code"),
        Some(&VERIFIER.replace('d', "e")),
    );
    assert_token_error(
        "pushed challenge, wrong verifier",
        &wrong,
        Error::Verifier(oauth_pkce::Error::VerifierMismatch),
    );

    let again = authorize(&http, &server.authorize_endpoint(), &by_reference).expect("answers");
    assert_eq!(again.status, 400, "a request_uri is single-use");
    assert_eq!(again.location, None);
}
