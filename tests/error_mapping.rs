//! What every refusal says: each `Error` variant's OAuth `error` code
//! (RFC 6749 §4.1.2.1 at the authorization endpoint, §5.2 at the token
//! endpoint), its `error_description`, its `kind` and its `Display`, as one
//! table whose rows name the rule that produces the error; and each
//! `ErrorCode`'s wire form.
//!
//! The strings are pinned: `error` and `error_description` go on the wire,
//! `kind` into metrics labels, and a change to any of them is a change a
//! user sees.

use oauth_pkce::{ClientType, CodeChallenge, CodeVerifier, Error, ErrorCode, Method, Policy};

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

struct Row {
    /// The rule whose breach this error reports.
    rule: &'static str,
    error: Error,
    /// A call through the public API that must produce `error`, where one
    /// can without a failing operating system.
    produced_by: Option<fn() -> Option<Error>>,
    code: ErrorCode,
    kind: &'static str,
    description: &'static str,
    display: &'static str,
}

fn bound_s256() -> CodeChallenge {
    CodeChallenge::parse(CHALLENGE, Method::S256).unwrap()
}

fn table() -> Vec<Row> {
    use ErrorCode::{InvalidGrant, InvalidRequest, ServerError};
    vec![
        Row {
            rule: "RFC 7636 §4.1: a code_verifier has at least 43 characters",
            error: Error::VerifierTooShort { len: 42 },
            produced_by: Some(|| CodeVerifier::parse(&VERIFIER[..42]).err()),
            code: InvalidRequest,
            kind: "verifier_too_short",
            description: "code_verifier shorter than 43 characters",
            display: "code_verifier is 42 characters long; RFC 7636 §4.1 requires at least 43",
        },
        Row {
            rule: "RFC 7636 §4.1: a code_verifier has at most 128 characters",
            error: Error::VerifierTooLong { len: 129 },
            produced_by: Some(|| CodeVerifier::parse(&"a".repeat(129)).err()),
            code: InvalidRequest,
            kind: "verifier_too_long",
            description: "code_verifier longer than 128 characters",
            display: "code_verifier is 129 characters long; RFC 7636 §4.1 allows at most 128",
        },
        Row {
            rule: "RFC 7636 §4.1: a code_verifier is unreserved characters only",
            error: Error::VerifierInvalidCharacter { index: 12 },
            produced_by: Some(|| bound_s256().verify(&VERIFIER.replacen('-', "+", 1)).err()),
            code: InvalidRequest,
            kind: "verifier_invalid_character",
            description: "code_verifier has an invalid character",
            display: "code_verifier has a character outside A-Z a-z 0-9 - . _ ~ at byte 12",
        },
        Row {
            rule: "RFC 7636 §4.2: a code_challenge has at least 43 characters",
            error: Error::ChallengeTooShort { len: 42 },
            produced_by: Some(|| CodeChallenge::parse(&CHALLENGE[..42], Method::S256).err()),
            code: InvalidRequest,
            kind: "challenge_too_short",
            description: "code_challenge too short",
            display: "code_challenge is 42 characters long; its method requires at least 43",
        },
        Row {
            rule: "RFC 7636 §4.2: an S256 code_challenge has exactly 43 characters",
            error: Error::ChallengeTooLong { len: 44, max: 43 },
            produced_by: Some(|| {
                CodeChallenge::parse(&format!("{CHALLENGE}="), Method::S256).err()
            }),
            code: InvalidRequest,
            kind: "challenge_too_long",
            description: "code_challenge too long",
            display: "code_challenge is 44 characters long; its method allows at most 43",
        },
        Row {
            rule: "RFC 7636 §4.2: an S256 code_challenge is base64url",
            error: Error::ChallengeInvalidCharacter { index: 0 },
            produced_by: Some(|| {
                CodeChallenge::parse(&CHALLENGE.replacen('E', "+", 1), Method::S256).err()
            }),
            code: InvalidRequest,
            kind: "challenge_invalid_character",
            description: "code_challenge has an invalid character",
            display: "code_challenge has a character its method does not allow at byte 0",
        },
        Row {
            rule: "RFC 7636 §4.2, RFC 4648 §3.5: an S256 code_challenge encodes 256 bits",
            error: Error::ChallengeNotCanonical,
            produced_by: Some(|| {
                CodeChallenge::parse(&format!("{}N", &CHALLENGE[..42]), Method::S256).err()
            }),
            code: InvalidRequest,
            kind: "challenge_not_canonical",
            description: "code_challenge is not a base64url SHA-256 digest",
            display: "code_challenge is not the canonical base64url encoding of a SHA-256 digest",
        },
        Row {
            rule: "RFC 7636 §4.3, §6.2.1: code_challenge_method is S256 or plain, case-sensitive",
            error: Error::UnsupportedMethod,
            produced_by: Some(|| {
                Policy::strict()
                    .check_authorization_request(ClientType::Public, Some(CHALLENGE), Some("s256"))
                    .err()
            }),
            code: InvalidRequest,
            kind: "unsupported_method",
            description: "code_challenge_method not supported",
            display: "code_challenge_method is not supported; use S256",
        },
        Row {
            rule: "RFC 7636 §4.3, RFC 9700 §2.1.1: an absent method is plain, which a strict policy refuses",
            error: Error::PlainNotAllowed,
            produced_by: Some(|| {
                Policy::strict()
                    .check_authorization_request(ClientType::Public, Some(CHALLENGE), None)
                    .err()
            }),
            code: InvalidRequest,
            kind: "plain_not_allowed",
            description: "code_challenge_method plain not allowed",
            display: "code_challenge_method plain is not allowed; use S256",
        },
        Row {
            rule: "RFC 7636 §4.4.1, RFC 9700 §2.1.1: a policy that requires PKCE refuses no challenge",
            error: Error::MissingChallenge,
            produced_by: Some(|| {
                Policy::strict()
                    .check_authorization_request(ClientType::Confidential, Some(""), None)
                    .err()
            }),
            code: InvalidRequest,
            kind: "missing_challenge",
            description: "code_challenge required",
            display: "code_challenge is required",
        },
        Row {
            rule: "RFC 7636 §4.3: code_challenge_method only with a code_challenge",
            error: Error::MethodWithoutChallenge,
            produced_by: Some(|| {
                Policy::rfc7636()
                    .check_authorization_request(ClientType::Public, None, Some("S256"))
                    .err()
            }),
            code: InvalidRequest,
            kind: "method_without_challenge",
            description: "code_challenge_method without code_challenge",
            display: "code_challenge_method was sent without a code_challenge",
        },
        Row {
            rule: "RFC 7636 §4.5: a code bound to a challenge needs a code_verifier",
            error: Error::MissingVerifier,
            produced_by: Some(|| {
                Policy::rfc7636()
                    .check_token_request(Some(&bound_s256()), None)
                    .err()
            }),
            code: InvalidRequest,
            kind: "missing_verifier",
            description: "code_verifier required",
            display: "code_verifier is required",
        },
        Row {
            rule: "RFC 9700 §4.8.2: a code_verifier for a code bound to no challenge is the downgrade",
            error: Error::UnexpectedVerifier,
            produced_by: Some(|| {
                Policy::rfc7636()
                    .check_token_request(None, Some(VERIFIER))
                    .err()
            }),
            code: InvalidRequest,
            kind: "unexpected_verifier",
            description: "code_verifier sent for a code issued without code_challenge",
            display: "code_verifier was sent but the authorization request had no code_challenge",
        },
        Row {
            rule: "RFC 7636 §4.6: the code_verifier must derive the bound code_challenge",
            error: Error::VerifierMismatch,
            produced_by: Some(|| bound_s256().verify(&VERIFIER.replacen('d', "e", 1)).err()),
            code: InvalidGrant,
            kind: "verifier_mismatch",
            description: "code_verifier does not match code_challenge",
            display: "code_verifier does not match the code_challenge",
        },
        Row {
            rule: "RFC 7636 §4.1: a generated verifier has 43 to 128 characters",
            error: Error::LengthOutOfRange { len: 129 },
            produced_by: Some(|| {
                use rand::SeedableRng;
                let mut rng = rand::rngs::StdRng::seed_from_u64(1);
                CodeVerifier::generate_len_with(129, &mut rng).err()
            }),
            code: InvalidRequest,
            kind: "length_out_of_range",
            description: "code_verifier length must be 43 to 128",
            display: "a code_verifier must be 43 to 128 characters long, not 129",
        },
        Row {
            rule: "RFC 6749 §4.1.2.1: the server could not draw randomness, server_error",
            error: Error::RngFailure,
            // Only a failing operating system RNG produces it.
            produced_by: None,
            code: ServerError,
            kind: "rng_failure",
            description: "random number generator failed",
            display: "the operating system's random number generator failed",
        },
    ]
}

#[test]
fn every_error_maps_to_its_oauth_code_description_kind_and_message() {
    for row in table() {
        let Row { rule, error, .. } = row;
        assert_eq!(error.error_code(), row.code, "{rule}: error_code");
        assert_eq!(error.kind(), row.kind, "{rule}: kind");
        assert_eq!(
            error.error_description(),
            row.description,
            "{rule}: error_description"
        );
        assert_eq!(error.to_string(), row.display, "{rule}: Display");
        if let Some(produce) = row.produced_by {
            assert_eq!(
                produce(),
                Some(error),
                "{rule}: the API call that breaks it"
            );
        }
    }
}

#[test]
fn rfc6749_5_2_each_variant_has_its_own_kind_and_description() {
    // One cause per variant: two variants sharing a kind or a description
    // would be one cause to whoever reads the log or the response.
    let rows = table();
    for (i, a) in rows.iter().enumerate() {
        for b in &rows[i + 1..] {
            assert_ne!(a.error, b.error, "{} / {}", a.rule, b.rule);
            assert_ne!(a.kind, b.kind, "{} / {}", a.rule, b.rule);
            assert_ne!(a.description, b.description, "{} / {}", a.rule, b.rule);
        }
    }
}

#[test]
fn rfc6749_5_2_error_description_stays_within_its_charset() {
    // error_description = 1*( %x20-21 / %x23-5B / %x5D-7E ): no quote, no
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
    // (code, its `error` value, the endpoints that send it)
    let codes = [
        (
            ErrorCode::InvalidRequest,
            "invalid_request",
            "RFC 6749 §4.1.2.1 and §5.2",
        ),
        (ErrorCode::InvalidGrant, "invalid_grant", "RFC 6749 §5.2"),
        (ErrorCode::ServerError, "server_error", "RFC 6749 §4.1.2.1"),
    ];
    for (code, wire, rule) in codes {
        assert_eq!(code.as_str(), wire, "{rule}: as_str");
        assert_eq!(code.to_string(), wire, "{rule}: Display");
    }
}
