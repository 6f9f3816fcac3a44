//! The authorization server's checks, one table per rule, each case named
//! after the RFC section or the peer suite it follows, run for
//! `Policy::strict()` and `Policy::rfc7636()` and for public and
//! confidential clients; the policy applied again at redemption; and the
//! usual client mistakes, each named by its own error.

use crate::support::{APPENDIX_B_CHALLENGE, APPENDIX_B_VERIFIER, verifier_of_len};
use oauth_pkce::server::{ClientType, Error, ErrorCode, Policy, Requirement};
use oauth_pkce::{CodeChallenge, CodeVerifier, Method};

const CLIENTS: [ClientType; 2] = [ClientType::Public, ClientType::Confidential];

/// What an authorization request should produce: the method of the
/// challenge to bind, no challenge, or an error.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Bound {
    Challenge(Method),
    Nothing,
    Refused(Error),
}
use Bound::{Challenge, Nothing, Refused};

struct AuthCase {
    name: &'static str,
    challenge: Option<String>,
    method: Option<&'static str>,
    strict: Bound,
    rfc7636: Bound,
}

fn auth_case(
    name: &'static str,
    challenge: Option<&str>,
    method: Option<&'static str>,
    strict: Bound,
    rfc7636: Bound,
) -> AuthCase {
    AuthCase {
        name,
        challenge: challenge.map(str::to_owned),
        method,
        strict,
        rfc7636,
    }
}

fn outcome(result: Result<Option<CodeChallenge>, Error>) -> Bound {
    match result {
        Ok(Some(c)) => Challenge(c.method()),
        Ok(None) => Nothing,
        Err(e) => Refused(e),
    }
}

#[test]
fn authorization_requests_follow_rfc7636_4_3_and_4_4_for_every_client_under_both_policies() {
    let c = APPENDIX_B_CHALLENGE;
    let v42 = verifier_of_len(42);
    let v128 = verifier_of_len(128);
    let v129 = verifier_of_len(129);
    let non_canonical = format!("{}B", &c[..42]);
    let with_dot = format!("{}.{}", &c[..20], &c[21..]);
    let with_plus = format!("{}+{}", &v128[..60], &v128[61..]);
    let too_long = Refused(Error::Challenge(oauth_pkce::Error::ChallengeTooLong {
        len: 44,
        max: 43,
    }));
    let cases = [
        auth_case(
            "RFC7636 4.3: S256 challenge",
            Some(c),
            Some("S256"),
            Challenge(Method::S256),
            Challenge(Method::S256),
        ),
        auth_case(
            "RFC7636 4.2: plain, named",
            Some(APPENDIX_B_VERIFIER),
            Some("plain"),
            Refused(Error::PlainNotAllowed),
            Challenge(Method::Plain),
        ),
        auth_case(
            "RFC7636 4.3: absent method means plain, even for an S256-looking challenge",
            Some(c),
            None,
            Refused(Error::PlainNotAllowed),
            Challenge(Method::Plain),
        ),
        auth_case(
            "RFC6749 3.1: empty method is absent, so plain",
            Some(c),
            Some(""),
            Refused(Error::PlainNotAllowed),
            Challenge(Method::Plain),
        ),
        auth_case(
            "RFC7636 4.4.1: no challenge",
            None,
            None,
            Refused(Error::MissingChallenge),
            Nothing,
        ),
        auth_case(
            "RFC6749 3.1: empty challenge is absent",
            Some(""),
            None,
            Refused(Error::MissingChallenge),
            Nothing,
        ),
        auth_case(
            "RFC6749 3.1: empty challenge and empty method are absent",
            Some(""),
            Some(""),
            Refused(Error::MissingChallenge),
            Nothing,
        ),
        auth_case(
            "RFC7636 4.3: method without challenge",
            None,
            Some("S256"),
            Refused(Error::MethodWithoutChallenge),
            Refused(Error::MethodWithoutChallenge),
        ),
        auth_case(
            "RFC7636 4.3: method with empty challenge",
            Some(""),
            Some("plain"),
            Refused(Error::MethodWithoutChallenge),
            Refused(Error::MethodWithoutChallenge),
        ),
        auth_case(
            "RFC7636 6.2.1: s256 is not S256, and the error says case matters",
            Some(c),
            Some("s256"),
            Refused(Error::Challenge(oauth_pkce::Error::MethodWrongCase)),
            Refused(Error::Challenge(oauth_pkce::Error::MethodWrongCase)),
        ),
        auth_case(
            "RFC7636 6.2.1: PLAIN is not plain, and the error says case matters",
            Some(c),
            Some("PLAIN"),
            Refused(Error::Challenge(oauth_pkce::Error::MethodWrongCase)),
            Refused(Error::Challenge(oauth_pkce::Error::MethodWrongCase)),
        ),
        auth_case(
            "RFC7636 6.2.1: Plain is not plain either",
            Some(APPENDIX_B_VERIFIER),
            Some("Plain"),
            Refused(Error::Challenge(oauth_pkce::Error::MethodWrongCase)),
            Refused(Error::Challenge(oauth_pkce::Error::MethodWrongCase)),
        ),
        auth_case(
            "RFC7636 6.2.1: S-256 is unknown, not a case mistake",
            Some(c),
            Some("S-256"),
            Refused(Error::Challenge(oauth_pkce::Error::UnsupportedMethod)),
            Refused(Error::Challenge(oauth_pkce::Error::UnsupportedMethod)),
        ),
        auth_case(
            "RFC7636 6.2.1: S512 is unknown",
            Some(c),
            Some("S512"),
            Refused(Error::Challenge(oauth_pkce::Error::UnsupportedMethod)),
            Refused(Error::Challenge(oauth_pkce::Error::UnsupportedMethod)),
        ),
        auth_case(
            "RFC7636 6.2.1: S256 with a space is unknown",
            Some(c),
            Some("S256 "),
            Refused(Error::Challenge(oauth_pkce::Error::UnsupportedMethod)),
            Refused(Error::Challenge(oauth_pkce::Error::UnsupportedMethod)),
        ),
        auth_case(
            "RFC7636 4.2: S256 challenge of 42",
            Some(&c[..42]),
            Some("S256"),
            Refused(Error::Challenge(oauth_pkce::Error::ChallengeTooShort {
                len: 42,
            })),
            Refused(Error::Challenge(oauth_pkce::Error::ChallengeTooShort {
                len: 42,
            })),
        ),
        auth_case(
            "RFC7636 4.2: S256 challenge of 44",
            Some(&format!("{c}A")),
            Some("S256"),
            too_long,
            too_long,
        ),
        auth_case(
            "RFC7636 Appendix A: S256 challenge with padding, named",
            Some(&format!("{c}=")),
            Some("S256"),
            Refused(Error::Challenge(oauth_pkce::Error::ChallengePadded)),
            Refused(Error::Challenge(oauth_pkce::Error::ChallengePadded)),
        ),
        auth_case(
            "RFC7636 4.2: S256 challenge outside base64url",
            Some(&with_dot),
            Some("S256"),
            Refused(Error::Challenge(
                oauth_pkce::Error::ChallengeInvalidCharacter { index: 20 },
            )),
            Refused(Error::Challenge(
                oauth_pkce::Error::ChallengeInvalidCharacter { index: 20 },
            )),
        ),
        auth_case(
            "RFC7636 4.2: S256 challenge not a 256-bit encoding",
            Some(&non_canonical),
            Some("S256"),
            Refused(Error::Challenge(oauth_pkce::Error::ChallengeNotCanonical)),
            Refused(Error::Challenge(oauth_pkce::Error::ChallengeNotCanonical)),
        ),
        auth_case(
            "RFC7636 4.2: plain challenge of 42",
            Some(&v42),
            Some("plain"),
            Refused(Error::PlainNotAllowed),
            Refused(Error::Challenge(oauth_pkce::Error::ChallengeTooShort {
                len: 42,
            })),
        ),
        auth_case(
            "RFC7636 4.2: plain challenge of 128",
            Some(&v128),
            Some("plain"),
            Refused(Error::PlainNotAllowed),
            Challenge(Method::Plain),
        ),
        auth_case(
            "RFC7636 4.2: plain challenge of 129",
            Some(&v129),
            Some("plain"),
            Refused(Error::PlainNotAllowed),
            Refused(Error::Challenge(oauth_pkce::Error::ChallengeTooLong {
                len: 129,
                max: 128,
            })),
        ),
        auth_case(
            "RFC7636 4.2: plain challenge with +",
            Some(&with_plus),
            None,
            Refused(Error::PlainNotAllowed),
            Refused(Error::Challenge(
                oauth_pkce::Error::ChallengeInvalidCharacter { index: 60 },
            )),
        ),
    ];
    for case in &cases {
        for client in CLIENTS {
            for (policy, expected) in [
                (Policy::strict(), case.strict),
                (Policy::rfc7636(), case.rfc7636),
            ] {
                let got = outcome(policy.check_authorization_request(
                    client,
                    case.challenge.as_deref(),
                    case.method,
                ));
                assert_eq!(got, expected, "{} ({client:?}, {policy:?})", case.name);
                if let Refused(e) = got {
                    assert_eq!(e.error_code(), ErrorCode::InvalidRequest, "{}", case.name);
                }
            }
        }
    }
}

#[test]
fn rfc7636_4_4_1_requirement_by_client_type() {
    let cases = [
        (Requirement::AllClients, ClientType::Public, false),
        (Requirement::AllClients, ClientType::Confidential, false),
        (Requirement::PublicClients, ClientType::Public, false),
        (Requirement::PublicClients, ClientType::Confidential, true),
        (Requirement::Optional, ClientType::Public, true),
        (Requirement::Optional, ClientType::Confidential, true),
    ];
    for (requirement, client, may_omit) in cases {
        for base in [Policy::strict(), Policy::rfc7636()] {
            let policy = base.require(requirement);
            let got = policy.check_authorization_request(client, None, None);
            let expected = if may_omit {
                Ok(None)
            } else {
                Err(Error::MissingChallenge)
            };
            assert_eq!(got, expected, "{requirement:?} {client:?}");
            // Sending a challenge is always fine.
            let sent = policy.check_authorization_request(
                client,
                Some(APPENDIX_B_CHALLENGE),
                Some("S256"),
            );
            assert!(matches!(sent, Ok(Some(_))), "{requirement:?} {client:?}");
        }
    }
}

#[test]
fn policy_builders_and_metadata() {
    const CUSTOM: Policy = Policy::strict()
        .require(Requirement::PublicClients)
        .allow_plain(true);
    assert_eq!(Policy::default(), Policy::strict());
    assert_eq!(Policy::strict().supported_methods(), &[Method::S256]);
    assert_eq!(
        Policy::rfc7636().supported_methods(),
        &[Method::S256, Method::Plain]
    );
    assert_eq!(
        Policy::rfc7636().allow_plain(false).supported_methods(),
        &[Method::S256]
    );
    assert_eq!(CUSTOM.requirement(), Requirement::PublicClients);
    assert!(CUSTOM.allows_plain());
    assert!(!Policy::strict().allows_plain());
    assert_eq!(Policy::rfc7636().requirement(), Requirement::Optional);
}

struct TokenCase {
    name: &'static str,
    bound: Option<Method>,
    verifier: Option<String>,
    expected: Result<(), Error>,
}

fn token_case(
    name: &'static str,
    bound: Option<Method>,
    verifier: Option<&str>,
    expected: Result<(), Error>,
) -> TokenCase {
    TokenCase {
        name,
        bound,
        verifier: verifier.map(str::to_owned),
        expected,
    }
}

/// The verifier's own rules, under a policy that accepts whatever was
/// bound, so that only the verifier decides. Every refusal is
/// `invalid_grant`: the OpenID conformance suite expects it for an omitted
/// `code_verifier` (citing RFC 7636 §4.6), and fosite, Keycloak, Spring
/// Authorization Server, Duende and node-oidc-provider answer it for every
/// PKCE failure at redemption.
#[test]
fn token_requests_follow_rfc7636_4_5_and_4_6_and_refuse_the_downgrade() {
    let v = APPENDIX_B_VERIFIER;
    let wrong = format!("{}X", &v[..42]);
    let mut cases = vec![
        token_case(
            "RFC7636 4.6: S256, matching verifier",
            Some(Method::S256),
            Some(v),
            Ok(()),
        ),
        token_case(
            "RFC7636 4.6: plain, matching verifier",
            Some(Method::Plain),
            Some(v),
            Ok(()),
        ),
        token_case(
            "RFC7636 4.6: S256, wrong verifier",
            Some(Method::S256),
            Some(&wrong),
            Err(Error::Verifier(oauth_pkce::Error::VerifierMismatch)),
        ),
        token_case(
            "RFC7636 4.6: plain, wrong verifier",
            Some(Method::Plain),
            Some(&wrong),
            Err(Error::Verifier(oauth_pkce::Error::VerifierMismatch)),
        ),
        token_case(
            "RFC7636 4.6: S256, the challenge sent as verifier",
            Some(Method::S256),
            Some(APPENDIX_B_CHALLENGE),
            Err(Error::Verifier(oauth_pkce::Error::VerifierMismatch)),
        ),
        token_case(
            "RFC7636 4.5, OpenID conformance suite: bound challenge, no verifier",
            Some(Method::S256),
            None,
            Err(Error::MissingVerifier),
        ),
        token_case(
            "RFC6749 3.1: bound challenge, empty verifier",
            Some(Method::S256),
            Some(""),
            Err(Error::MissingVerifier),
        ),
        token_case(
            "RFC7636 4.5: bound plain challenge, no verifier",
            Some(Method::Plain),
            None,
            Err(Error::MissingVerifier),
        ),
        token_case(
            "RFC9700 4.8.2: downgrade, verifier without challenge",
            None,
            Some(v),
            Err(Error::UnexpectedVerifier),
        ),
        token_case(
            "RFC9700 4.8.2: downgrade, malformed verifier without challenge",
            None,
            Some("x"),
            Err(Error::UnexpectedVerifier),
        ),
        token_case(
            "RFC6749 3.1: no challenge, empty verifier",
            None,
            Some(""),
            Ok(()),
        ),
        token_case("RFC7636 4.4: no challenge, no verifier", None, None, Ok(())),
        token_case(
            "RFC7636 4.1: verifier of 42",
            Some(Method::S256),
            Some(&verifier_of_len(42)),
            Err(Error::Verifier(oauth_pkce::Error::VerifierTooShort {
                len: 42,
            })),
        ),
        token_case(
            "RFC7636 4.1: verifier of 129",
            Some(Method::S256),
            Some(&verifier_of_len(129)),
            Err(Error::Verifier(oauth_pkce::Error::VerifierTooLong {
                len: 129,
            })),
        ),
        token_case(
            "RFC7636 4.1: plain, verifier of 129",
            Some(Method::Plain),
            Some(&verifier_of_len(129)),
            Err(Error::Verifier(oauth_pkce::Error::VerifierTooLong {
                len: 129,
            })),
        ),
    ];
    // RFC 7636 §4.1: each character outside `unreserved`, at the end.
    for (name, bad) in [
        ("RFC7636 4.1: verifier with =", "="),
        ("RFC7636 4.1: verifier with +", "+"),
        ("RFC7636 4.1: verifier with /", "/"),
        ("RFC7636 4.1: verifier with %", "%"),
        ("RFC7636 4.1: verifier with a space", " "),
        ("RFC7636 4.1: verifier with a trailing newline", "\n"),
        ("RFC7636 4.1: verifier with non-ASCII", "\u{e9}"),
    ] {
        for method in [Method::S256, Method::Plain] {
            cases.push(token_case(
                name,
                Some(method),
                Some(&format!("{v}{bad}")),
                Err(Error::Verifier(
                    oauth_pkce::Error::VerifierInvalidCharacter { index: 43 },
                )),
            ));
        }
    }
    let verifier = CodeVerifier::parse(v).unwrap();
    // Optional and plain allowed: the policy itself refuses nothing here
    // except the downgrade, which it refuses whatever it is.
    let lenient = Policy::rfc7636();
    for case in &cases {
        let bound = case.bound.map(|m| verifier.challenge_with(m));
        for client in CLIENTS {
            let got = lenient.check_token_request(client, bound.as_ref(), case.verifier.as_deref());
            assert_eq!(got, case.expected, "{} ({client:?})", case.name);
            if let Err(e) = got {
                assert_eq!(e.error_code(), ErrorCode::InvalidGrant, "{}", case.name);
                assert_eq!(e.error_code().http_status(), 400, "{}", case.name);
            }
        }
    }
}

/// What was bound to the code, in the redemption table.
#[derive(Debug, Clone, Copy)]
enum Bind {
    NoChallenge,
    S256,
    Plain,
}

/// What the token request carries.
#[derive(Debug, Clone, Copy)]
enum Present {
    NoVerifier,
    Right,
    Wrong,
}

/// A row of the redemption table: its name, the policy, the client, what was
/// bound, what is presented, and the one answer.
type RedemptionRow = (
    &'static str,
    Policy,
    ClientType,
    Bind,
    Present,
    Result<(), Error>,
);

/// The policy applied again at redemption (RFC 9700 §2.1.1, §4.8.2): each
/// row is one policy, one client type, one binding and one verifier, and
/// the one answer the policy as it stands now must give. The rows cover
/// each rule both ways (the rule applies, and the row that differs in only
/// the one thing the rule looks at passes), so that removing or inverting
/// any branch fails a named row.
#[test]
fn redemption_applies_the_policy_as_it_stands() {
    use Bind::{NoChallenge, Plain, S256};
    use ClientType::{Confidential, Public};
    use Present::{NoVerifier, Right, Wrong};
    let all_s256 = Policy::strict();
    let public_s256 = Policy::strict().require(Requirement::PublicClients);
    let optional_s256 = Policy::strict().require(Requirement::Optional);
    let all_plain = Policy::strict().allow_plain(true);
    let optional_plain = Policy::rfc7636();
    let pkce_required = Err(Error::PkceRequiredAtRedemption);
    let plain_refused = Err(Error::BoundMethodNotAllowed);
    let rows: &[RedemptionRow] = &[
        // No challenge bound, no verifier: the requirement decides, by client.
        (
            "RFC9700 2.1.1: all clients, public, unbound",
            all_s256,
            Public,
            NoChallenge,
            NoVerifier,
            pkce_required,
        ),
        (
            "RFC9700 2.1.1: all clients, confidential, unbound",
            all_s256,
            Confidential,
            NoChallenge,
            NoVerifier,
            pkce_required,
        ),
        (
            "RFC9700 2.1.1: public clients, public, unbound",
            public_s256,
            Public,
            NoChallenge,
            NoVerifier,
            pkce_required,
        ),
        (
            "RFC9700 2.1.1: public clients, confidential, unbound passes",
            public_s256,
            Confidential,
            NoChallenge,
            NoVerifier,
            Ok(()),
        ),
        (
            "RFC7636 4.4: optional, public, unbound passes",
            optional_s256,
            Public,
            NoChallenge,
            NoVerifier,
            Ok(()),
        ),
        (
            "RFC7636 4.4: optional, confidential, unbound passes",
            optional_plain,
            Confidential,
            NoChallenge,
            NoVerifier,
            Ok(()),
        ),
        // The downgrade comes first, whatever the requirement.
        (
            "RFC9700 4.8.2: downgrade where PKCE is required",
            all_s256,
            Public,
            NoChallenge,
            Right,
            Err(Error::UnexpectedVerifier),
        ),
        (
            "RFC9700 4.8.2: downgrade where PKCE is optional",
            optional_plain,
            Confidential,
            NoChallenge,
            Wrong,
            Err(Error::UnexpectedVerifier),
        ),
        // A bound plain challenge, and whether plain is still allowed.
        (
            "RFC9700 2.1.1: plain bound, plain no longer allowed",
            all_s256,
            Public,
            Plain,
            Right,
            plain_refused,
        ),
        (
            "RFC9700 2.1.1: plain bound, no longer allowed, even for an optional client",
            optional_s256,
            Confidential,
            Plain,
            Right,
            plain_refused,
        ),
        (
            "RFC9700 2.1.1: plain bound, no longer allowed, checked before the missing verifier",
            all_s256,
            Public,
            Plain,
            NoVerifier,
            plain_refused,
        ),
        (
            "RFC7636 4.6: plain bound and allowed, right verifier",
            all_plain,
            Public,
            Plain,
            Right,
            Ok(()),
        ),
        (
            "RFC7636 4.6: plain bound and allowed, wrong verifier",
            all_plain,
            Public,
            Plain,
            Wrong,
            Err(Error::Verifier(oauth_pkce::Error::VerifierMismatch)),
        ),
        (
            "RFC7636 4.5: plain bound and allowed, no verifier",
            all_plain,
            Confidential,
            Plain,
            NoVerifier,
            Err(Error::MissingVerifier),
        ),
        // S256 bound: always allowed, the verifier decides.
        (
            "RFC7636 4.6: S256 bound, right verifier",
            all_s256,
            Public,
            S256,
            Right,
            Ok(()),
        ),
        (
            "RFC7636 4.6: S256 bound, optional policy, right verifier",
            optional_plain,
            Confidential,
            S256,
            Right,
            Ok(()),
        ),
        (
            "RFC7636 4.6: S256 bound, wrong verifier",
            public_s256,
            Confidential,
            S256,
            Wrong,
            Err(Error::Verifier(oauth_pkce::Error::VerifierMismatch)),
        ),
        (
            "RFC7636 4.5: S256 bound, no verifier",
            optional_s256,
            Confidential,
            S256,
            NoVerifier,
            Err(Error::MissingVerifier),
        ),
    ];
    let verifier = CodeVerifier::parse(APPENDIX_B_VERIFIER).unwrap();
    let wrong = verifier_of_len(43);
    for (name, policy, client, bind, present, expected) in rows {
        let bound = match bind {
            NoChallenge => None,
            S256 => Some(verifier.challenge_with(Method::S256)),
            Plain => Some(verifier.challenge_with(Method::Plain)),
        };
        let presented = match present {
            NoVerifier => None,
            Right => Some(APPENDIX_B_VERIFIER),
            Wrong => Some(wrong.as_str()),
        };
        let got = policy.check_token_request(*client, bound.as_ref(), presented);
        assert_eq!(got, *expected, "{name}");
        if let Err(e) = got {
            assert_eq!(e.error_code(), ErrorCode::InvalidGrant, "{name}");
        }
    }
}

/// Tightening a policy takes effect for codes issued before the change: a
/// code issued without PKCE, or with plain, under the old policy, is refused
/// when redeemed under the new one (RFC 9700 §2.1.1).
#[test]
fn a_tightened_policy_applies_to_outstanding_codes() {
    let before = Policy::rfc7636();
    let after = Policy::strict();
    let unbound = before
        .check_authorization_request(ClientType::Confidential, None, None)
        .unwrap();
    assert_eq!(unbound, None);
    assert_eq!(
        before.check_token_request(ClientType::Confidential, unbound.as_ref(), None),
        Ok(())
    );
    assert_eq!(
        after.check_token_request(ClientType::Confidential, unbound.as_ref(), None),
        Err(Error::PkceRequiredAtRedemption)
    );
    let plain = before
        .check_authorization_request(ClientType::Public, Some(APPENDIX_B_VERIFIER), Some("plain"))
        .unwrap();
    assert_eq!(
        before.check_token_request(
            ClientType::Public,
            plain.as_ref(),
            Some(APPENDIX_B_VERIFIER)
        ),
        Ok(())
    );
    assert_eq!(
        after.check_token_request(
            ClientType::Public,
            plain.as_ref(),
            Some(APPENDIX_B_VERIFIER)
        ),
        Err(Error::BoundMethodNotAllowed)
    );
}

/// The usual client mistakes in an S256 challenge, each refused with the
/// error that names it, at the authorization endpoint (`invalid_request`).
/// All of them are seen in the wild: padding left on by a base64url encoder
/// (Google's OAuth client libraries, node-oidc-provider users, IndieAuth
/// clients), padding percent-encoded as `%3D` by a second encoding pass, the
/// standard alphabet's `+` and `/` (Duende's IdentityModel, login.gov's
/// partners), the digest sent in hex (ts-oauth2-server's own documentation
/// at one time), and the hex text run through base64 (node-oidc-provider
/// users, the Nylas SDK). The vectors are RFC 7636 Appendix B's digest in
/// each wrong encoding.
#[test]
fn s256_challenge_mistakes_are_named() {
    let c = APPENDIX_B_CHALLENGE;
    let hex = "13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3";
    let b64_hex =
        "MTNkMzFlOTYxYTFhZDhlYzJmMTZiMTBjNGM5ODJlMDg3NmE4NzhhZDZkZjE0NDU2NmVlMTg5NGFjYjcwZjljMw";
    let b64_upper_hex =
        "MTNEMzFFOTYxQTFBRDhFQzJGMTZCMTBDNEM5ODJFMDg3NkE4NzhBRDZERjE0NDU2NkVFMTg5NEFDQjcwRjlDMw==";
    let standard = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM";
    let slash = format!("{}/{}", &c[..10], &c[11..]);
    let cases: Vec<(&str, String, Error)> = vec![
        (
            "RFC7636 Appendix A: = padding",
            format!("{c}="),
            Error::Challenge(oauth_pkce::Error::ChallengePadded),
        ),
        (
            "RFC3986 2.1: padding percent-encoded as %3D",
            format!("{c}%3D"),
            Error::Challenge(oauth_pkce::Error::ChallengePercentEncodedPadding),
        ),
        (
            "RFC3986 2.1: padding percent-encoded as %3d",
            format!("{c}%3d"),
            Error::Challenge(oauth_pkce::Error::ChallengePercentEncodedPadding),
        ),
        (
            "RFC4648 4: standard alphabet +",
            standard.into(),
            Error::Challenge(oauth_pkce::Error::ChallengeStandardBase64),
        ),
        (
            "RFC4648 4: standard alphabet /",
            slash,
            Error::Challenge(oauth_pkce::Error::ChallengeStandardBase64),
        ),
        (
            "RFC4648 4: standard alphabet with padding",
            format!("{standard}="),
            Error::Challenge(oauth_pkce::Error::ChallengeStandardBase64),
        ),
        (
            "RFC4648 4: standard alphabet with %3D",
            format!("{standard}%3D"),
            Error::Challenge(oauth_pkce::Error::ChallengeStandardBase64),
        ),
        (
            "RFC7636 4.2: hex digest, lower case",
            hex.into(),
            Error::Challenge(oauth_pkce::Error::ChallengeHexDigest),
        ),
        (
            "RFC7636 4.2: hex digest, upper case",
            hex.to_uppercase(),
            Error::Challenge(oauth_pkce::Error::ChallengeHexDigest),
        ),
        (
            "RFC7636 4.2: base64url of the hex digest",
            b64_hex.into(),
            Error::Challenge(oauth_pkce::Error::ChallengeBase64HexDigest),
        ),
        (
            "RFC7636 4.2: base64url of the hex digest, padded",
            format!("{b64_hex}=="),
            Error::Challenge(oauth_pkce::Error::ChallengeBase64HexDigest),
        ),
        (
            "RFC7636 4.2: base64 of the upper-case hex digest, padded",
            b64_upper_hex.into(),
            Error::Challenge(oauth_pkce::Error::ChallengeBase64HexDigest),
        ),
    ];
    for (name, challenge, expected) in &cases {
        for policy in [Policy::strict(), Policy::rfc7636()] {
            let got = policy.check_authorization_request(
                ClientType::Public,
                Some(challenge),
                Some("S256"),
            );
            assert_eq!(got, Err(*expected), "{name}");
        }
        assert_eq!(
            Error::Challenge(CodeChallenge::parse(challenge, Method::S256).unwrap_err()),
            *expected,
            "{name}"
        );
        assert_eq!(expected.error_code(), ErrorCode::InvalidRequest, "{name}");
    }
}

/// What looks like a mistake but is not one of them keeps the syntax
/// check's own error; and a plain challenge, which is a secret, is never
/// diagnosed at all (RFC 7636 §4.2: plain is 43 to 128 unreserved
/// characters, whatever they look like).
#[test]
fn near_misses_and_plain_challenges_are_not_diagnosed() {
    let c = APPENDIX_B_CHALLENGE;
    let hex = "13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3";
    let b64_hex =
        "MTNkMzFlOTYxYTFhZDhlYzJmMTZiMTBjNGM5ODJlMDg3NmE4NzhhZDZkZjE0NDU2NmVlMTg5NGFjYjcwZjljMw";
    let s256: Vec<(&str, String, Error)> = vec![
        (
            "44 characters ending in A, not =",
            format!("{c}A"),
            Error::Challenge(oauth_pkce::Error::ChallengeTooLong { len: 44, max: 43 }),
        ),
        (
            "two = after 43 characters",
            format!("{c}=="),
            Error::Challenge(oauth_pkce::Error::ChallengeTooLong { len: 45, max: 43 }),
        ),
        (
            "= after 42 characters",
            format!("{}=", &c[..42]),
            Error::Challenge(oauth_pkce::Error::ChallengeInvalidCharacter { index: 42 }),
        ),
        (
            "= padding on a body with a dot",
            format!("{}.{}=", &c[..10], &c[11..]),
            Error::Challenge(oauth_pkce::Error::ChallengeTooLong { len: 44, max: 43 }),
        ),
        (
            "%3E is not padding",
            format!("{c}%3E"),
            Error::Challenge(oauth_pkce::Error::ChallengeTooLong { len: 46, max: 43 }),
        ),
        (
            "%2D is not padding",
            format!("{c}%2D"),
            Error::Challenge(oauth_pkce::Error::ChallengeTooLong { len: 46, max: 43 }),
        ),
        (
            "%3D after 42 characters",
            format!("{}%3D", &c[..42]),
            Error::Challenge(oauth_pkce::Error::ChallengeTooLong { len: 45, max: 43 }),
        ),
        (
            "+ beside a character in neither alphabet",
            format!("+{}.{}", &c[1..10], &c[11..]),
            Error::Challenge(oauth_pkce::Error::ChallengeInvalidCharacter { index: 0 }),
        ),
        (
            "63 hex digits",
            hex[..63].into(),
            Error::Challenge(oauth_pkce::Error::ChallengeTooLong { len: 63, max: 43 }),
        ),
        (
            "65 hex digits",
            format!("{hex}0"),
            Error::Challenge(oauth_pkce::Error::ChallengeTooLong { len: 65, max: 43 }),
        ),
        (
            "64 characters, one not hex",
            format!("{}g", &hex[..63]),
            Error::Challenge(oauth_pkce::Error::ChallengeTooLong { len: 64, max: 43 }),
        ),
        (
            "85 characters of base64 of hex",
            b64_hex[..85].into(),
            Error::Challenge(oauth_pkce::Error::ChallengeTooLong { len: 85, max: 43 }),
        ),
        (
            "86 characters of base64 of non-hex",
            "eHh4".repeat(21) + "eA",
            Error::Challenge(oauth_pkce::Error::ChallengeTooLong { len: 86, max: 43 }),
        ),
        (
            "86 characters, one outside base64",
            format!("{}.", &b64_hex[..85]),
            Error::Challenge(oauth_pkce::Error::ChallengeTooLong { len: 86, max: 43 }),
        ),
        (
            "base64 of hex whose last digit is not hex",
            format!("{}Zw", &b64_hex[..84]),
            Error::Challenge(oauth_pkce::Error::ChallengeTooLong { len: 86, max: 43 }),
        ),
        (
            "a dot in 43 characters",
            format!("{}.{}", &c[..20], &c[21..]),
            Error::Challenge(oauth_pkce::Error::ChallengeInvalidCharacter { index: 20 }),
        ),
    ];
    for (name, challenge, expected) in &s256 {
        assert_eq!(
            Error::Challenge(CodeChallenge::parse(challenge, Method::S256).unwrap_err()),
            *expected,
            "{name}"
        );
    }
    // As plain challenges, the hex digest and its base64 are fine values.
    for value in [hex, b64_hex] {
        let bound = CodeChallenge::parse(value, Method::Plain).unwrap();
        assert_eq!(bound.as_str(), value);
    }
    // And a refused plain value keeps the syntax check's error, whatever
    // it resembles.
    for (value, expected) in [
        (
            format!("{c}="),
            Error::Challenge(oauth_pkce::Error::ChallengeInvalidCharacter { index: 43 }),
        ),
        (
            format!("{c}%3D"),
            Error::Challenge(oauth_pkce::Error::ChallengeInvalidCharacter { index: 43 }),
        ),
        (
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM".into(),
            Error::Challenge(oauth_pkce::Error::ChallengeInvalidCharacter { index: 40 }),
        ),
    ] {
        assert_eq!(
            Error::Challenge(CodeChallenge::parse(&value, Method::Plain).unwrap_err()),
            expected,
            "{value}"
        );
    }
}

#[test]
fn downgrade_in_both_directions_is_refused() {
    let policy = Policy::strict();
    let verifier = CodeVerifier::parse(APPENDIX_B_VERIFIER).unwrap();
    let challenge = verifier.challenge();

    // 1. An attacker strips the challenge from the authorization request,
    //    then redeems the code with any verifier: the code has nothing bound,
    //    so the verifier is refused rather than ignored (RFC 9700 §4.8.2).
    let lenient = Policy::rfc7636();
    let bound = lenient
        .check_authorization_request(ClientType::Public, None, None)
        .unwrap();
    assert!(bound.is_none());
    assert_eq!(
        lenient.check_token_request(
            ClientType::Public,
            bound.as_ref(),
            Some(APPENDIX_B_VERIFIER)
        ),
        Err(Error::UnexpectedVerifier)
    );

    // 2. S256 to plain: dropping or rewriting the method turns the challenge
    //    into a plain one, which the strict policy refuses (RFC 7636 §4.3).
    for method in [None, Some("plain")] {
        assert_eq!(
            policy.check_authorization_request(
                ClientType::Public,
                Some(challenge.as_str()),
                method
            ),
            Err(Error::PlainNotAllowed)
        );
    }
    //    Where plain is allowed, the code is bound to the challenge string as
    //    a plain value: the real verifier no longer matches, and the attacker
    //    who saw the challenge cannot use the S256 value either, unless they
    //    present the challenge itself, which is exactly what plain means.
    let bound = lenient
        .check_authorization_request(ClientType::Public, Some(challenge.as_str()), None)
        .unwrap()
        .unwrap();
    assert_eq!(bound.method(), Method::Plain);
    assert_eq!(
        lenient.check_token_request(ClientType::Public, Some(&bound), Some(APPENDIX_B_VERIFIER)),
        Err(Error::Verifier(oauth_pkce::Error::VerifierMismatch))
    );

    // 3. plain to S256 cannot be faked either: a plain-bound code does not
    //    accept the S256 challenge as a verifier.
    let plain_bound = verifier.challenge_with(Method::Plain);
    assert_eq!(
        lenient.check_token_request(
            ClientType::Public,
            Some(&plain_bound),
            Some(APPENDIX_B_CHALLENGE)
        ),
        Err(Error::Verifier(oauth_pkce::Error::VerifierMismatch))
    );
}

#[test]
fn server_types_are_send_sync_and_policies_are_const() {
    fn send_sync<T: Send + Sync + Copy>() {}
    send_sync::<Policy>();
    send_sync::<ClientType>();
    send_sync::<Requirement>();
    const _: Policy = Policy::rfc7636()
        .require(Requirement::AllClients)
        .allow_plain(false);
}
