//! The authorization server's checks, one table per rule, each case named
//! after the RFC section it follows, run for `Policy::strict()` and
//! `Policy::rfc7636()` and for public and confidential clients.

mod common;

use common::{APPENDIX_B_CHALLENGE, APPENDIX_B_VERIFIER, verifier_of_len};
use oauth_pkce::{
    ClientType, CodeChallenge, CodeVerifier, Error, ErrorCode, Method, Policy, Requirement,
};

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
fn authorization_request_rules() {
    let c = APPENDIX_B_CHALLENGE;
    let v42 = verifier_of_len(42);
    let v128 = verifier_of_len(128);
    let v129 = verifier_of_len(129);
    let non_canonical = format!("{}B", &c[..42]);
    let with_dot = format!("{}.{}", &c[..20], &c[21..]);
    let with_plus = format!("{}+{}", &v128[..60], &v128[61..]);
    let too_long = Refused(Error::ChallengeTooLong { len: 44, max: 43 });
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
            "RFC7636 6.2.1: s256 is not S256",
            Some(c),
            Some("s256"),
            Refused(Error::UnsupportedMethod),
            Refused(Error::UnsupportedMethod),
        ),
        auth_case(
            "RFC7636 6.2.1: PLAIN is not plain",
            Some(c),
            Some("PLAIN"),
            Refused(Error::UnsupportedMethod),
            Refused(Error::UnsupportedMethod),
        ),
        auth_case(
            "RFC7636 6.2.1: S512 is unknown",
            Some(c),
            Some("S512"),
            Refused(Error::UnsupportedMethod),
            Refused(Error::UnsupportedMethod),
        ),
        auth_case(
            "RFC7636 6.2.1: S256 with a space is unknown",
            Some(c),
            Some("S256 "),
            Refused(Error::UnsupportedMethod),
            Refused(Error::UnsupportedMethod),
        ),
        auth_case(
            "RFC7636 4.2: S256 challenge of 42",
            Some(&c[..42]),
            Some("S256"),
            Refused(Error::ChallengeTooShort { len: 42 }),
            Refused(Error::ChallengeTooShort { len: 42 }),
        ),
        auth_case(
            "RFC7636 4.2: S256 challenge of 44",
            Some(&format!("{c}A")),
            Some("S256"),
            too_long,
            too_long,
        ),
        auth_case(
            "RFC7636 4.2: S256 challenge with padding",
            Some(&format!("{c}=")),
            Some("S256"),
            too_long,
            too_long,
        ),
        auth_case(
            "RFC7636 4.2: S256 challenge outside base64url",
            Some(&with_dot),
            Some("S256"),
            Refused(Error::ChallengeInvalidCharacter { index: 20 }),
            Refused(Error::ChallengeInvalidCharacter { index: 20 }),
        ),
        auth_case(
            "RFC7636 4.2: S256 challenge not a 256-bit encoding",
            Some(&non_canonical),
            Some("S256"),
            Refused(Error::ChallengeNotCanonical),
            Refused(Error::ChallengeNotCanonical),
        ),
        auth_case(
            "RFC7636 4.2: plain challenge of 42",
            Some(&v42),
            Some("plain"),
            Refused(Error::PlainNotAllowed),
            Refused(Error::ChallengeTooShort { len: 42 }),
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
            Refused(Error::ChallengeTooLong { len: 129, max: 128 }),
        ),
        auth_case(
            "RFC7636 4.2: plain challenge with +",
            Some(&with_plus),
            None,
            Refused(Error::PlainNotAllowed),
            Refused(Error::ChallengeInvalidCharacter { index: 60 }),
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

#[test]
fn token_request_rules() {
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
            Err(Error::VerifierMismatch),
        ),
        token_case(
            "RFC7636 4.6: plain, wrong verifier",
            Some(Method::Plain),
            Some(&wrong),
            Err(Error::VerifierMismatch),
        ),
        token_case(
            "RFC7636 4.6: S256, the challenge sent as verifier",
            Some(Method::S256),
            Some(APPENDIX_B_CHALLENGE),
            Err(Error::VerifierMismatch),
        ),
        token_case(
            "RFC7636 4.5: bound challenge, no verifier",
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
            Err(Error::VerifierTooShort { len: 42 }),
        ),
        token_case(
            "RFC7636 4.1: verifier of 129",
            Some(Method::S256),
            Some(&verifier_of_len(129)),
            Err(Error::VerifierTooLong { len: 129 }),
        ),
        token_case(
            "RFC7636 4.1: plain, verifier of 129",
            Some(Method::Plain),
            Some(&verifier_of_len(129)),
            Err(Error::VerifierTooLong { len: 129 }),
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
                Err(Error::VerifierInvalidCharacter { index: 43 }),
            ));
        }
    }
    let verifier = CodeVerifier::parse(v).unwrap();
    for case in &cases {
        let bound = case.bound.map(|m| verifier.challenge_with(m));
        for policy in [
            Policy::strict(),
            Policy::rfc7636(),
            Policy::strict().require(Requirement::Optional),
        ] {
            let got = policy.check_token_request(bound.as_ref(), case.verifier.as_deref());
            assert_eq!(got, case.expected, "{} ({policy:?})", case.name);
            if let Err(e) = got {
                let code = if e == Error::VerifierMismatch {
                    ErrorCode::InvalidGrant
                } else {
                    ErrorCode::InvalidRequest
                };
                assert_eq!(e.error_code(), code, "{}", case.name);
            }
        }
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
        lenient.check_token_request(bound.as_ref(), Some(APPENDIX_B_VERIFIER)),
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
        lenient.check_token_request(Some(&bound), Some(APPENDIX_B_VERIFIER)),
        Err(Error::VerifierMismatch)
    );

    // 3. plain to S256 cannot be faked either: a plain-bound code does not
    //    accept the S256 challenge as a verifier.
    let plain_bound = verifier.challenge_with(Method::Plain);
    assert_eq!(
        lenient.check_token_request(Some(&plain_bound), Some(APPENDIX_B_CHALLENGE)),
        Err(Error::VerifierMismatch)
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
