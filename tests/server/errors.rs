//! What every refusal of the authorization server says: each
//! `server::Error`'s OAuth `error` code (RFC 6749 §4.1.2.1 at the
//! authorization endpoint, §5.2 at the token endpoint), its HTTP status,
//! `error_description`, `kind`, clause and `Display`, as one table whose rows
//! name the rule that produces the error and the call that breaks it; and
//! each `ErrorCode`'s wire form and status.
//!
//! The strings are pinned: `error` and `error_description` go on the wire,
//! `kind` into metrics labels and `Display` into logs, and a change to any
//! of them is a change a user sees.

use crate::support::errors::{ErrorRow, assert_distinct, check_row};
use crate::support::{APPENDIX_B_CHALLENGE as CHALLENGE, APPENDIX_B_VERIFIER as VERIFIER};
use oauth_pkce::server::{ChallengeDetector, ClientType, Error, ErrorCode, OnRepeat, Policy};
use oauth_pkce::{CodeChallenge, CodeVerifier, Method};

/// SHA-256 of Appendix B's verifier in hex, and that hex text in unpadded
/// base64url: two ways clients get S256 wrong (computed with Python's
/// `hashlib` and `base64`).
const HEX_DIGEST: &str = "13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3";
const BASE64_HEX_DIGEST: &str =
    "MTNkMzFlOTYxYTFhZDhlYzJmMTZiMTBjNGM5ODJlMDg3NmE4NzhhZDZkZjE0NDU2NmVlMTg5NGFjYjcwZjljMw";

struct Row {
    /// The rule whose breach this error reports; it names the
    /// error's own clause.
    rule: &'static str,
    error: Error,
    /// A call through the public API that must produce `error`.
    produced_by: Option<fn() -> Option<Error>>,
    code: ErrorCode,
    kind: &'static str,
    description: &'static str,
    display: &'static str,
}

/// An S256 challenge at the authorization endpoint.
fn s256(value: &str) -> Option<Error> {
    authorize(Policy::rfc7636(), Some(value), Some("S256"))
}

fn bound_s256() -> CodeChallenge {
    CodeChallenge::parse(CHALLENGE, Method::S256).unwrap()
}

fn authorize(policy: Policy, challenge: Option<&str>, method: Option<&str>) -> Option<Error> {
    policy
        .check_authorization_request(ClientType::Public, challenge, method)
        .err()
}

fn redeem(policy: Policy, bound: Option<&CodeChallenge>, verifier: Option<&str>) -> Option<Error> {
    policy
        .check_token_request(ClientType::Public, bound, verifier)
        .err()
}

#[allow(clippy::too_many_lines)] // one table
fn table() -> Vec<Row> {
    use ErrorCode::{InvalidGrant, InvalidRequest};
    vec![
        Row {
            rule: "RFC 7636 §4.1: a code_verifier has at least 43 characters",
            error: Error::Verifier(oauth_pkce::Error::VerifierTooShort { len: 42 }),
            produced_by: Some(|| {
                CodeVerifier::parse(&VERIFIER[..42])
                    .err()
                    .map(Error::Verifier)
            }),
            code: InvalidGrant,
            kind: "verifier_too_short",
            description: "code_verifier shorter than 43 characters",
            display: "code_verifier is 42 characters long; RFC 7636 §4.1 requires at least 43",
        },
        Row {
            rule: "RFC 7636 §4.1: a code_verifier has at most 128 characters",
            error: Error::Verifier(oauth_pkce::Error::VerifierTooLong { len: 129 }),
            produced_by: Some(|| {
                bound_s256()
                    .verify(&"a".repeat(129))
                    .err()
                    .map(Error::Verifier)
            }),
            code: InvalidGrant,
            kind: "verifier_too_long",
            description: "code_verifier longer than 128 characters",
            display: "code_verifier is 129 characters long; RFC 7636 §4.1 allows at most 128",
        },
        Row {
            rule: "RFC 7636 §4.1: a code_verifier is unreserved characters only",
            error: Error::Verifier(oauth_pkce::Error::VerifierInvalidCharacter { index: 12 }),
            produced_by: Some(|| {
                bound_s256()
                    .verify(&VERIFIER.replacen('-', "+", 1))
                    .err()
                    .map(Error::Verifier)
            }),
            code: InvalidGrant,
            kind: "verifier_invalid_character",
            description: "code_verifier has an invalid character",
            display: "code_verifier has a character outside A-Z a-z 0-9 - . _ ~ at byte 12",
        },
        Row {
            rule: "RFC 7636 §4.5: a code bound to a challenge needs a code_verifier",
            error: Error::MissingVerifier,
            produced_by: Some(|| redeem(Policy::rfc7636(), Some(&bound_s256()), None)),
            code: InvalidGrant,
            kind: "missing_verifier",
            description: "code_verifier required",
            display: "code_verifier is required",
        },
        Row {
            rule: "RFC 9700 §4.8.2: a code_verifier for a code bound to no challenge is the downgrade",
            error: Error::UnexpectedVerifier,
            produced_by: Some(|| redeem(Policy::rfc7636(), None, Some(VERIFIER))),
            code: InvalidGrant,
            kind: "unexpected_verifier",
            description: "code_verifier sent for a code issued without code_challenge",
            display: "code_verifier was sent but the authorization request had no code_challenge",
        },
        Row {
            rule: "RFC 9700 §2.1.1: the policy at redemption requires PKCE of a code issued without",
            error: Error::PkceRequiredAtRedemption,
            produced_by: Some(|| redeem(Policy::strict(), None, None)),
            code: InvalidGrant,
            kind: "pkce_required_at_redemption",
            description: "code issued without code_challenge; PKCE is required",
            display: "the code was issued without PKCE, which the policy now requires for this client",
        },
        Row {
            rule: "RFC 9700 §2.1.1: the policy at redemption no longer allows the bound plain",
            error: Error::BoundMethodNotAllowed,
            produced_by: Some(|| {
                let plain = CodeChallenge::parse(VERIFIER, Method::Plain).unwrap();
                redeem(Policy::strict(), Some(&plain), Some(VERIFIER))
            }),
            code: InvalidGrant,
            kind: "bound_method_not_allowed",
            description: "code issued with code_challenge_method plain, no longer allowed",
            display: "the code was issued with code_challenge_method plain, which the policy no longer allows",
        },
        Row {
            rule: "RFC 7636 §4.6: the code_verifier must derive the bound code_challenge",
            error: Error::Verifier(oauth_pkce::Error::VerifierMismatch),
            produced_by: Some(|| {
                bound_s256()
                    .verify(&VERIFIER.replacen('d', "e", 1))
                    .err()
                    .map(Error::Verifier)
            }),
            code: InvalidGrant,
            kind: "verifier_mismatch",
            description: "code_verifier does not match code_challenge",
            display: "code_verifier does not match the code_challenge",
        },
        Row {
            rule: "RFC 7636 §4.2: a code_challenge has at least 43 characters",
            error: Error::Challenge(oauth_pkce::Error::ChallengeTooShort { len: 42 }),
            produced_by: Some(|| s256(&CHALLENGE[..42])),
            code: InvalidRequest,
            kind: "challenge_too_short",
            description: "code_challenge too short",
            display: "code_challenge is 42 characters long; its method requires at least 43",
        },
        Row {
            rule: "RFC 7636 §4.2: an S256 code_challenge has exactly 43 characters",
            error: Error::Challenge(oauth_pkce::Error::ChallengeTooLong { len: 44, max: 43 }),
            produced_by: Some(|| s256(&format!("{CHALLENGE}A"))),
            code: InvalidRequest,
            kind: "challenge_too_long",
            description: "code_challenge too long",
            display: "code_challenge is 44 characters long; its method allows at most 43",
        },
        Row {
            rule: "RFC 7636 §4.2: an S256 code_challenge is base64url",
            error: Error::Challenge(oauth_pkce::Error::ChallengeInvalidCharacter { index: 1 }),
            produced_by: Some(|| s256(&CHALLENGE.replacen('9', ".", 1))),
            code: InvalidRequest,
            kind: "challenge_invalid_character",
            description: "code_challenge has an invalid character",
            display: "code_challenge has a character its method does not allow at byte 1",
        },
        Row {
            rule: "RFC 7636 §4.2, RFC 4648 §3.5: an S256 code_challenge encodes 256 bits",
            error: Error::Challenge(oauth_pkce::Error::ChallengeNotCanonical),
            produced_by: Some(|| s256(&format!("{}N", &CHALLENGE[..42]))),
            code: InvalidRequest,
            kind: "challenge_not_canonical",
            description: "code_challenge is not a base64url SHA-256 digest",
            display: "code_challenge is not the canonical base64url encoding of a SHA-256 digest",
        },
        Row {
            rule: "RFC 7636 Appendix A: S256 is base64url without = padding",
            error: Error::Challenge(oauth_pkce::Error::ChallengePadded),
            produced_by: Some(|| s256(&format!("{CHALLENGE}="))),
            code: InvalidRequest,
            kind: "challenge_padded",
            description: "code_challenge has = padding; S256 needs unpadded base64url",
            display: "code_challenge has base64 padding; S256 is unpadded base64url (RFC 7636 Appendix A)",
        },
        Row {
            rule: "RFC 7636 Appendix A, RFC 3986 §2.1: padding percent-encoded as %3D",
            error: Error::Challenge(oauth_pkce::Error::ChallengePercentEncodedPadding),
            produced_by: Some(|| s256(&format!("{CHALLENGE}%3D"))),
            code: InvalidRequest,
            kind: "challenge_percent_encoded_padding",
            description: "code_challenge ends in percent-encoded padding (%3D); S256 needs unpadded base64url",
            display: "code_challenge ends in percent-encoded padding; S256 is unpadded base64url (RFC 7636 Appendix A)",
        },
        Row {
            rule: "RFC 7636 §4.2, RFC 4648 §5: base64url, not the + / of standard base64",
            error: Error::Challenge(oauth_pkce::Error::ChallengeStandardBase64),
            produced_by: Some(|| s256(&CHALLENGE.replacen('-', "+", 1))),
            code: InvalidRequest,
            kind: "challenge_standard_base64",
            description: "code_challenge uses the base64 alphabet (+ /); S256 needs base64url (- _)",
            display: "code_challenge uses the standard base64 alphabet; S256 is base64url (RFC 4648 §5)",
        },
        Row {
            rule: "RFC 7636 §4.2: the base64url of the digest's bytes, not its hex",
            error: Error::Challenge(oauth_pkce::Error::ChallengeHexDigest),
            produced_by: Some(|| s256(HEX_DIGEST)),
            code: InvalidRequest,
            kind: "challenge_hex_digest",
            description: "code_challenge is a hex digest; S256 needs base64url of the raw SHA-256 digest",
            display: "code_challenge is a hex SHA-256 digest; S256 is the base64url of the raw digest",
        },
        Row {
            rule: "RFC 7636 §4.2: the base64url of the digest's bytes, not of its hex text",
            error: Error::Challenge(oauth_pkce::Error::ChallengeBase64HexDigest),
            produced_by: Some(|| s256(BASE64_HEX_DIGEST)),
            code: InvalidRequest,
            kind: "challenge_base64_hex_digest",
            description: "code_challenge encodes a hex digest; S256 needs base64url of the raw SHA-256 digest",
            display: "code_challenge encodes the hex text of a digest; S256 is the base64url of the raw digest",
        },
        Row {
            rule: "RFC 7636 §4.3: code_challenge_method is S256 or plain",
            error: Error::Challenge(oauth_pkce::Error::UnsupportedMethod),
            produced_by: Some(|| authorize(Policy::strict(), Some(CHALLENGE), Some("S512"))),
            code: InvalidRequest,
            kind: "unsupported_method",
            description: "code_challenge_method not supported",
            display: "code_challenge_method is not supported; use S256",
        },
        Row {
            rule: "RFC 7636 §4.3, §6.2.1: method names are case-sensitive",
            error: Error::Challenge(oauth_pkce::Error::MethodWrongCase),
            produced_by: Some(|| authorize(Policy::strict(), Some(CHALLENGE), Some("s256"))),
            code: InvalidRequest,
            kind: "method_wrong_case",
            description: "code_challenge_method names are case-sensitive: use S256",
            display: "code_challenge_method names are case-sensitive; use S256",
        },
        Row {
            rule: "RFC 7636 §4.3, RFC 9700 §2.1.1: an absent method is plain, which a strict policy refuses",
            error: Error::PlainNotAllowed,
            produced_by: Some(|| authorize(Policy::strict(), Some(CHALLENGE), None)),
            code: InvalidRequest,
            kind: "plain_not_allowed",
            description: "code_challenge_method plain not allowed",
            display: "code_challenge_method plain is not allowed; use S256",
        },
        Row {
            rule: "RFC 7636 §4.4.1, RFC 9700 §2.1.1: a policy that requires PKCE refuses no challenge",
            error: Error::MissingChallenge,
            produced_by: Some(|| authorize(Policy::strict(), Some(""), None)),
            code: InvalidRequest,
            kind: "missing_challenge",
            description: "code_challenge required",
            display: "code_challenge is required",
        },
        Row {
            rule: "RFC 6749 §4.1.2: a code is single-use and short-lived; the server's store found none",
            error: Error::UnusableCode,
            // The crate never sees codes: the server's store decides.
            produced_by: None,
            code: InvalidGrant,
            kind: "unusable_code",
            description: "authorization code unknown, expired or already used",
            display: "the authorization code is unknown, expired or already used",
        },
        Row {
            rule: "RFC 9700 §2.1.1: a detector that refuses catches a challenge the client sent before",
            error: Error::RepeatedChallenge,
            produced_by: Some(|| {
                let mut detector = ChallengeDetector::<1, 1>::new([0; 32], OnRepeat::Refuse);
                let challenge = bound_s256();
                assert!(detector.check("app", &challenge).is_ok());
                detector.check("app", &challenge).err()
            }),
            code: InvalidRequest,
            kind: "repeated_challenge",
            description: "code_challenge used before: use a fresh code_verifier",
            display: "code_challenge was used before; use a fresh code_verifier for each request",
        },
        Row {
            rule: "RFC 7636 §4.3: code_challenge_method only with a code_challenge",
            error: Error::MethodWithoutChallenge,
            produced_by: Some(|| authorize(Policy::rfc7636(), None, Some("S256"))),
            code: InvalidRequest,
            kind: "method_without_challenge",
            description: "code_challenge_method without code_challenge",
            display: "code_challenge_method was sent without a code_challenge",
        },
    ]
}

#[test]
fn every_error_maps_to_its_oauth_code_status_description_kind_clause_and_message() {
    for row in table() {
        let Row { rule, error, .. } = row;
        check_row(
            &ErrorRow {
                rule,
                error,
                produced_by: row.produced_by,
                kind: row.kind,
                display: row.display,
            },
            Error::kind,
        );
        assert_eq!(error.error_code(), row.code, "{rule}: error_code");
        assert_eq!(error.error_code().http_status(), 400, "{rule}: status");
        assert_eq!(
            error.error_description(),
            row.description,
            "{rule}: error_description"
        );
        assert!(rule.contains(error.rfc()), "{rule}: rfc {}", error.rfc());
    }
}

#[test]
fn the_fields_of_an_error_do_not_change_its_code_kind_or_description() {
    // Lengths and offsets go into `Display`, never into what is sent.
    use oauth_pkce::Error as Core;
    let pairs = [
        (
            Error::Verifier(Core::VerifierTooShort { len: 0 }),
            Error::Verifier(Core::VerifierTooShort { len: 42 }),
        ),
        (
            Error::Verifier(Core::VerifierTooLong { len: 129 }),
            Error::Verifier(Core::VerifierTooLong { len: 100_000 }),
        ),
        (
            Error::Challenge(Core::ChallengeTooLong { len: 44, max: 43 }),
            Error::Challenge(Core::ChallengeTooLong { len: 129, max: 128 }),
        ),
        (
            Error::Verifier(Core::VerifierInvalidCharacter { index: 0 }),
            Error::Verifier(Core::VerifierInvalidCharacter { index: 127 }),
        ),
    ];
    for (a, b) in pairs {
        assert_ne!(
            a.to_string(),
            b.to_string(),
            "{a:?} / {b:?}: Display names the field"
        );
        assert_eq!(a.error_code(), b.error_code(), "{a:?} / {b:?}");
        assert_eq!(a.kind(), b.kind(), "{a:?} / {b:?}");
        assert_eq!(
            a.error_description(),
            b.error_description(),
            "{a:?} / {b:?}"
        );
    }
}

#[test]
fn rfc6749_5_2_each_variant_has_its_own_kind_and_description() {
    // One cause per variant: two variants sharing a kind or a description
    // would be one cause to whoever reads the log or the response.
    let rows = table();
    assert_distinct(&rows, "variant", |r| r.error);
    assert_distinct(&rows, "kind", |r| r.kind);
    assert_distinct(&rows, "description", |r| r.description);
    assert_distinct(&rows, "message", |r| r.display);
}

#[test]
fn rfc6749_5_2_error_description_stays_within_its_charset() {
    // error-description = 1*( %x20-21 / %x23-5B / %x5D-7E ): no quote, no
    // backslash, nothing outside printable ASCII.
    for row in table() {
        let description = row.error.error_description();
        assert!(!description.is_empty(), "{}", row.rule);
        for c in description.bytes() {
            assert!(
                matches!(c, 0x20..=0x21 | 0x23..=0x5b | 0x5d..=0x7e),
                "{}: byte {c:#04x} in {description:?}",
                row.rule
            );
        }
    }
}

#[test]
fn rfc6749_4_1_2_1_and_5_2_error_codes_as_sent_on_the_wire() {
    // (code, its `error` value, its HTTP status, the rule).
    let codes = [
        (
            ErrorCode::InvalidRequest,
            "invalid_request",
            400,
            "RFC 6749 §4.1.2.1, §5.2",
        ),
        (
            ErrorCode::InvalidGrant,
            "invalid_grant",
            400,
            "RFC 6749 §5.2",
        ),
        (
            ErrorCode::ServerError,
            "server_error",
            500,
            "RFC 6749 §4.1.2.1",
        ),
    ];
    for (code, wire, status, rule) in codes {
        assert_eq!(code.as_str(), wire, "{rule}: as_str");
        assert_eq!(code.to_string(), wire, "{rule}: Display");
        assert_eq!(code.http_status(), status, "{rule}: http_status");
    }
}
