//! What every refusal says: each `Error` variant's OAuth `error` code
//! (RFC 6749 §4.1.2.1 at the authorization endpoint, §5.2 at the token
//! endpoint), HTTP status, `error_description`, `kind` and `Display`, as one
//! table whose rows name the rule that produces the error and, where the
//! public API can, the call that breaks it; and each `ErrorCode`'s wire form
//! and status.
//!
//! The strings are pinned: `error` and `error_description` go on the wire,
//! `kind` into metrics labels and `Display` into logs, and a change to any
//! of them is a change a user sees.

// A failed assertion is how a test reports.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use oauth_pkce::rand::{SeedableRng, rngs::StdRng};
use oauth_pkce::{
    CallbackParams, ClientType, CodeChallenge, CodeVerifier, Error, ErrorCode, Method,
    PendingAuthorization, Policy,
};
use oauth_pkce_test_support::{APPENDIX_B_CHALLENGE as CHALLENGE, APPENDIX_B_VERIFIER as VERIFIER};

/// SHA-256 of Appendix B's verifier in hex, and that hex text in unpadded
/// base64url: two ways clients get S256 wrong (computed with Python's
/// `hashlib` and `base64`).
const HEX_DIGEST: &str = "13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3";
const BASE64_HEX_DIGEST: &str =
    "MTNkMzFlOTYxYTFhZDhlYzJmMTZiMTBjNGM5ODJlMDg3NmE4NzhhZDZkZjE0NDU2NmVlMTg5NGFjYjcwZjljMw";

/// The issuer a client's pending authorization expects (RFC 9207).
const ISSUER: &str = "https://as.example";
/// When the pending authorization is made, in Unix seconds.
const ISSUED_AT: u64 = 1_000;

struct Row {
    /// The rule whose breach this error reports.
    rule: &'static str,
    error: Error,
    /// A call through the public API that must produce `error`, where one
    /// can without a failing operating system.
    produced_by: Option<fn() -> Option<Error>>,
    code: ErrorCode,
    status: u16,
    kind: &'static str,
    description: &'static str,
    display: &'static str,
}

fn s256(value: &str) -> Option<Error> {
    CodeChallenge::parse(value, Method::S256).err()
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

/// A client's pending authorization expecting `ISSUER`, which must send
/// `iss`, checked against the response made of `pairs` at `now`.
fn callback_at(pairs: &[(&str, &str)], now: u64, right_state: bool) -> Option<Error> {
    let mut rng = StdRng::seed_from_u64(7);
    let pending = PendingAuthorization::builder("https://client.example/cb")
        .issuer_requiring_iss(ISSUER)
        .build_with(ISSUED_AT, &mut rng)
        .unwrap();
    let state = pending.state().secret().to_owned();
    let mut all: Vec<(&str, &str)> = Vec::new();
    if right_state {
        all.push(("state", &state));
    }
    all.extend_from_slice(pairs);
    let params = match CallbackParams::from_pairs(all) {
        Ok(params) => params,
        Err(e) => return Some(e),
    };
    pending.validate_callback_at(&params, now).err()
}

/// A response with the right `state`, received in time.
fn callback(pairs: &[(&str, &str)]) -> Option<Error> {
    callback_at(pairs, ISSUED_AT + 1, true)
}

fn build(redirect_uri: &str, issuer: &str) -> Option<Error> {
    let mut rng = StdRng::seed_from_u64(7);
    PendingAuthorization::builder(redirect_uri)
        .issuer(issuer)
        .build_with(ISSUED_AT, &mut rng)
        .err()
}

#[allow(clippy::too_many_lines)] // one table
fn table() -> Vec<Row> {
    use ErrorCode::{AccessDenied, InvalidGrant, InvalidRequest, ServerError};
    vec![
        // ---- The token endpoint: invalid_grant (RFC 6749 §5.2) ----
        Row {
            rule: "RFC 7636 §4.1: a code_verifier has at least 43 characters",
            error: Error::VerifierTooShort { len: 42 },
            produced_by: Some(|| CodeVerifier::parse(&VERIFIER[..42]).err()),
            code: InvalidGrant,
            status: 400,
            kind: "verifier_too_short",
            description: "code_verifier shorter than 43 characters",
            display: "code_verifier is 42 characters long; RFC 7636 §4.1 requires at least 43",
        },
        Row {
            rule: "RFC 7636 §4.1: a code_verifier has at most 128 characters",
            error: Error::VerifierTooLong { len: 129 },
            produced_by: Some(|| bound_s256().verify(&"a".repeat(129)).err()),
            code: InvalidGrant,
            status: 400,
            kind: "verifier_too_long",
            description: "code_verifier longer than 128 characters",
            display: "code_verifier is 129 characters long; RFC 7636 §4.1 allows at most 128",
        },
        Row {
            rule: "RFC 7636 §4.1: a code_verifier is unreserved characters only",
            error: Error::VerifierInvalidCharacter { index: 12 },
            produced_by: Some(|| bound_s256().verify(&VERIFIER.replacen('-', "+", 1)).err()),
            code: InvalidGrant,
            status: 400,
            kind: "verifier_invalid_character",
            description: "code_verifier has an invalid character",
            display: "code_verifier has a character outside A-Z a-z 0-9 - . _ ~ at byte 12",
        },
        Row {
            rule: "RFC 7636 §4.5: a code bound to a challenge needs a code_verifier",
            error: Error::MissingVerifier,
            produced_by: Some(|| redeem(Policy::rfc7636(), Some(&bound_s256()), None)),
            code: InvalidGrant,
            status: 400,
            kind: "missing_verifier",
            description: "code_verifier required",
            display: "code_verifier is required",
        },
        Row {
            rule: "RFC 9700 §4.8.2: a code_verifier for a code bound to no challenge is the downgrade",
            error: Error::UnexpectedVerifier,
            produced_by: Some(|| redeem(Policy::rfc7636(), None, Some(VERIFIER))),
            code: InvalidGrant,
            status: 400,
            kind: "unexpected_verifier",
            description: "code_verifier sent for a code issued without code_challenge",
            display: "code_verifier was sent but the authorization request had no code_challenge",
        },
        Row {
            rule: "RFC 9700 §2.1.1: the policy at redemption requires PKCE of a code issued without",
            error: Error::PkceRequiredAtRedemption,
            produced_by: Some(|| redeem(Policy::strict(), None, None)),
            code: InvalidGrant,
            status: 400,
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
            status: 400,
            kind: "bound_method_not_allowed",
            description: "code issued with code_challenge_method plain, no longer allowed",
            display: "the code was issued with code_challenge_method plain, which the policy no longer allows",
        },
        Row {
            rule: "RFC 7636 §4.6: the code_verifier must derive the bound code_challenge",
            error: Error::VerifierMismatch,
            produced_by: Some(|| bound_s256().verify(&VERIFIER.replacen('d', "e", 1)).err()),
            code: InvalidGrant,
            status: 400,
            kind: "verifier_mismatch",
            description: "code_verifier does not match code_challenge",
            display: "code_verifier does not match the code_challenge",
        },
        // ---- The authorization endpoint: invalid_request (RFC 6749 §4.1.2.1) ----
        Row {
            rule: "RFC 7636 §4.2: a code_challenge has at least 43 characters",
            error: Error::ChallengeTooShort { len: 42 },
            produced_by: Some(|| s256(&CHALLENGE[..42])),
            code: InvalidRequest,
            status: 400,
            kind: "challenge_too_short",
            description: "code_challenge too short",
            display: "code_challenge is 42 characters long; its method requires at least 43",
        },
        Row {
            rule: "RFC 7636 §4.2: an S256 code_challenge has exactly 43 characters",
            error: Error::ChallengeTooLong { len: 44, max: 43 },
            produced_by: Some(|| s256(&format!("{CHALLENGE}A"))),
            code: InvalidRequest,
            status: 400,
            kind: "challenge_too_long",
            description: "code_challenge too long",
            display: "code_challenge is 44 characters long; its method allows at most 43",
        },
        Row {
            rule: "RFC 7636 §4.2: an S256 code_challenge is base64url",
            error: Error::ChallengeInvalidCharacter { index: 1 },
            produced_by: Some(|| s256(&CHALLENGE.replacen('9', ".", 1))),
            code: InvalidRequest,
            status: 400,
            kind: "challenge_invalid_character",
            description: "code_challenge has an invalid character",
            display: "code_challenge has a character its method does not allow at byte 1",
        },
        Row {
            rule: "RFC 7636 §4.2, RFC 4648 §3.5: an S256 code_challenge encodes 256 bits",
            error: Error::ChallengeNotCanonical,
            produced_by: Some(|| s256(&format!("{}N", &CHALLENGE[..42]))),
            code: InvalidRequest,
            status: 400,
            kind: "challenge_not_canonical",
            description: "code_challenge is not a base64url SHA-256 digest",
            display: "code_challenge is not the canonical base64url encoding of a SHA-256 digest",
        },
        Row {
            rule: "RFC 7636 Appendix A: S256 is base64url without = padding",
            error: Error::ChallengePadded,
            produced_by: Some(|| s256(&format!("{CHALLENGE}="))),
            code: InvalidRequest,
            status: 400,
            kind: "challenge_padded",
            description: "code_challenge has = padding; S256 needs unpadded base64url",
            display: "code_challenge has base64 padding; S256 is unpadded base64url (RFC 7636 Appendix A)",
        },
        Row {
            rule: "RFC 7636 Appendix A, RFC 3986 §2.1: padding percent-encoded as %3D",
            error: Error::ChallengePercentEncodedPadding,
            produced_by: Some(|| s256(&format!("{CHALLENGE}%3D"))),
            code: InvalidRequest,
            status: 400,
            kind: "challenge_percent_encoded_padding",
            description: "code_challenge ends in percent-encoded padding (%3D); S256 needs unpadded base64url",
            display: "code_challenge ends in percent-encoded padding; S256 is unpadded base64url (RFC 7636 Appendix A)",
        },
        Row {
            rule: "RFC 7636 §4.2, RFC 4648 §5: base64url, not the + / of standard base64",
            error: Error::ChallengeStandardBase64,
            produced_by: Some(|| s256(&CHALLENGE.replacen('-', "+", 1))),
            code: InvalidRequest,
            status: 400,
            kind: "challenge_standard_base64",
            description: "code_challenge uses the base64 alphabet (+ /); S256 needs base64url (- _)",
            display: "code_challenge uses the standard base64 alphabet; S256 is base64url (RFC 4648 §5)",
        },
        Row {
            rule: "RFC 7636 §4.2: the base64url of the digest's bytes, not its hex",
            error: Error::ChallengeHexDigest,
            produced_by: Some(|| s256(HEX_DIGEST)),
            code: InvalidRequest,
            status: 400,
            kind: "challenge_hex_digest",
            description: "code_challenge is a hex digest; S256 needs base64url of the raw SHA-256 digest",
            display: "code_challenge is a hex SHA-256 digest; S256 is the base64url of the raw digest",
        },
        Row {
            rule: "RFC 7636 §4.2: the base64url of the digest's bytes, not of its hex text",
            error: Error::ChallengeBase64HexDigest,
            produced_by: Some(|| s256(BASE64_HEX_DIGEST)),
            code: InvalidRequest,
            status: 400,
            kind: "challenge_base64_hex_digest",
            description: "code_challenge encodes a hex digest; S256 needs base64url of the raw SHA-256 digest",
            display: "code_challenge encodes the hex text of a digest; S256 is the base64url of the raw digest",
        },
        Row {
            rule: "RFC 7636 §4.3: code_challenge_method is S256 or plain",
            error: Error::UnsupportedMethod,
            produced_by: Some(|| authorize(Policy::strict(), Some(CHALLENGE), Some("S512"))),
            code: InvalidRequest,
            status: 400,
            kind: "unsupported_method",
            description: "code_challenge_method not supported",
            display: "code_challenge_method is not supported; use S256",
        },
        Row {
            rule: "RFC 7636 §4.3, §6.2.1: method names are case-sensitive",
            error: Error::MethodWrongCase,
            produced_by: Some(|| authorize(Policy::strict(), Some(CHALLENGE), Some("s256"))),
            code: InvalidRequest,
            status: 400,
            kind: "method_wrong_case",
            description: "code_challenge_method names are case-sensitive: use S256",
            display: "code_challenge_method names are case-sensitive; use S256",
        },
        Row {
            rule: "RFC 7636 §4.3, RFC 9700 §2.1.1: an absent method is plain, which a strict policy refuses",
            error: Error::PlainNotAllowed,
            produced_by: Some(|| authorize(Policy::strict(), Some(CHALLENGE), None)),
            code: InvalidRequest,
            status: 400,
            kind: "plain_not_allowed",
            description: "code_challenge_method plain not allowed",
            display: "code_challenge_method plain is not allowed; use S256",
        },
        Row {
            rule: "RFC 7636 §4.4.1, RFC 9700 §2.1.1: a policy that requires PKCE refuses no challenge",
            error: Error::MissingChallenge,
            produced_by: Some(|| authorize(Policy::strict(), Some(""), None)),
            code: InvalidRequest,
            status: 400,
            kind: "missing_challenge",
            description: "code_challenge required",
            display: "code_challenge is required",
        },
        Row {
            rule: "RFC 7636 §4.3: code_challenge_method only with a code_challenge",
            error: Error::MethodWithoutChallenge,
            produced_by: Some(|| authorize(Policy::rfc7636(), None, Some("S256"))),
            code: InvalidRequest,
            status: 400,
            kind: "method_without_challenge",
            description: "code_challenge_method without code_challenge",
            display: "code_challenge_method was sent without a code_challenge",
        },
        // ---- The caller's own failures: server_error ----
        Row {
            rule: "RFC 7636 §4.1: a verifier is generated with 43 to 128 characters",
            error: Error::LengthOutOfRange { len: 129 },
            produced_by: Some(|| {
                let mut rng = StdRng::seed_from_u64(1);
                CodeVerifier::generate_len_with(129, &mut rng).err()
            }),
            code: ServerError,
            status: 500,
            kind: "length_out_of_range",
            description: "code_verifier length must be 43 to 128",
            display: "a code_verifier must be 43 to 128 characters long, not 129",
        },
        Row {
            rule: "RFC 6749 §4.1.2.1: the server could not draw randomness",
            error: Error::RngFailure,
            // Only a failing operating system RNG produces it.
            produced_by: None,
            code: ServerError,
            status: 500,
            kind: "rng_failure",
            description: "random number generator failed",
            display: "the operating system's random number generator failed",
        },
        // ---- The client's pending authorization and callback ----
        Row {
            rule: "RFC 6749 §3.1.2: a redirect URI that fits the pending authorization",
            error: Error::RedirectUriTooLong { len: 513, max: 512 },
            produced_by: Some(|| build(&format!("https://c.example/{}", "a".repeat(495)), ISSUER)),
            code: InvalidRequest,
            status: 400,
            kind: "redirect_uri_too_long",
            description: "redirect_uri too long for a pending authorization",
            display: "redirect_uri is 513 bytes long; a pending authorization holds at most 512",
        },
        Row {
            rule: "RFC 3986 §2, RFC 6749 §3.1.2: a redirect URI is visible ASCII",
            error: Error::RedirectUriInvalid,
            produced_by: Some(|| build("https://c.example/a b", ISSUER)),
            code: InvalidRequest,
            status: 400,
            kind: "redirect_uri_invalid",
            description: "redirect_uri empty or not visible ASCII",
            display: "redirect_uri is empty or has a character outside visible ASCII",
        },
        Row {
            rule: "RFC 8414 §2: an issuer that fits the pending authorization",
            error: Error::IssuerTooLong { len: 257, max: 256 },
            produced_by: Some(|| {
                build(
                    "https://c.example/cb",
                    &format!("https://{}", "a".repeat(249)),
                )
            }),
            code: InvalidRequest,
            status: 400,
            kind: "issuer_too_long",
            description: "issuer too long for a pending authorization",
            display: "issuer is 257 bytes long; a pending authorization holds at most 256",
        },
        Row {
            rule: "RFC 8414 §2, RFC 3986 §2: an issuer is visible ASCII",
            error: Error::IssuerInvalid,
            produced_by: Some(|| build("https://c.example/cb", "https://as.example/\u{e9}")),
            code: InvalidRequest,
            status: 400,
            kind: "issuer_invalid",
            description: "issuer empty or not visible ASCII",
            display: "issuer is empty or has a character outside visible ASCII",
        },
        Row {
            rule: "RFC 6749 §4.1.2, §10.12: the response carries the request's state",
            error: Error::MissingState,
            produced_by: Some(|| {
                callback_at(&[("code", "c"), ("iss", ISSUER)], ISSUED_AT + 1, false)
            }),
            code: InvalidRequest,
            status: 400,
            kind: "missing_state",
            description: "state required",
            display: "the authorization response has no state",
        },
        Row {
            rule: "RFC 6749 §10.12, RFC 9700 §4.7: the response's state is the request's",
            error: Error::StateMismatch,
            produced_by: Some(|| {
                callback_at(
                    &[("state", &CHALLENGE[..43]), ("code", "c"), ("iss", ISSUER)],
                    ISSUED_AT + 1,
                    false,
                )
            }),
            code: InvalidRequest,
            status: 400,
            kind: "state_mismatch",
            description: "state does not match the authorization request",
            display: "the authorization response's state does not match the request's",
        },
        Row {
            rule: "RFC 9207 §2.4: the response's iss is the expected issuer",
            error: Error::IssuerMismatch,
            produced_by: Some(|| callback(&[("code", "c"), ("iss", "https://evil.example")])),
            code: InvalidRequest,
            status: 400,
            kind: "issuer_mismatch",
            description: "iss does not match the expected issuer",
            display: "the authorization response's iss is not the expected issuer",
        },
        Row {
            rule: "RFC 9207 §2.4: a server that sends iss must send it",
            error: Error::MissingIssuer,
            produced_by: Some(|| callback(&[("code", "c")])),
            code: InvalidRequest,
            status: 400,
            kind: "missing_issuer",
            description: "iss required",
            display: "the authorization response has no iss, which its server says it sends",
        },
        Row {
            rule: "RFC 9700 §4.1: a response after the pending authorization expired",
            error: Error::AuthorizationExpired,
            produced_by: Some(|| {
                let expiry = ISSUED_AT + PendingAuthorization::DEFAULT_LIFETIME_SECS;
                callback_at(&[("code", "c"), ("iss", ISSUER)], expiry, true)
            }),
            code: InvalidRequest,
            status: 400,
            kind: "authorization_expired",
            description: "authorization request expired",
            display: "the authorization response came after the request expired",
        },
        Row {
            rule: "RFC 6749 §4.1.2.1: an error response with a registered code keeps it",
            error: Error::ErrorResponse {
                error: AccessDenied,
            },
            produced_by: Some(|| callback(&[("error", "access_denied"), ("iss", ISSUER)])),
            code: AccessDenied,
            status: 403,
            kind: "error_response",
            description: "the authorization server returned an error",
            display: "the authorization server returned access_denied",
        },
        Row {
            rule: "RFC 6749 §8.5: an error response with an extension code is a refusal",
            error: Error::ExtensionErrorResponse,
            produced_by: Some(|| callback(&[("error", "login_required"), ("iss", ISSUER)])),
            code: AccessDenied,
            status: 403,
            kind: "extension_error_response",
            description: "the authorization server returned an extension error",
            display: "the authorization server returned an extension error code",
        },
        Row {
            rule: "RFC 6749 §4.1.2: a response without an error carries a code",
            error: Error::MissingCode,
            produced_by: Some(|| callback(&[("code", ""), ("iss", ISSUER)])),
            code: InvalidRequest,
            status: 400,
            kind: "missing_code",
            description: "code required",
            display: "the authorization response has no code",
        },
        Row {
            rule: "RFC 6749 §3.1: a response parameter appears at most once",
            error: Error::CallbackParameterRepeated,
            produced_by: Some(|| callback(&[("code", "a"), ("code", "b"), ("iss", ISSUER)])),
            code: InvalidRequest,
            status: 400,
            kind: "callback_parameter_repeated",
            description: "authorization response parameter repeated",
            display: "a parameter of the authorization response is repeated",
        },
    ]
}

#[test]
fn every_error_maps_to_its_oauth_code_status_description_kind_and_message() {
    for row in table() {
        let Row { rule, error, .. } = row;
        assert_eq!(error.error_code(), row.code, "{rule}: error_code");
        assert_eq!(error.http_status(), row.status, "{rule}: http_status");
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
fn the_fields_of_an_error_do_not_change_its_code_kind_or_description() {
    // Lengths and offsets go into `Display`, never into what is sent.
    let pairs = [
        (
            Error::VerifierTooShort { len: 0 },
            Error::VerifierTooShort { len: 42 },
        ),
        (
            Error::VerifierTooLong { len: 129 },
            Error::VerifierTooLong { len: 100_000 },
        ),
        (
            Error::ChallengeTooLong { len: 44, max: 43 },
            Error::ChallengeTooLong { len: 129, max: 128 },
        ),
        (
            Error::VerifierInvalidCharacter { index: 0 },
            Error::VerifierInvalidCharacter { index: 127 },
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
    for (i, a) in rows.iter().enumerate() {
        for b in &rows[i + 1..] {
            assert_ne!(a.error, b.error, "{} / {}", a.rule, b.rule);
            assert_ne!(a.kind, b.kind, "{} / {}", a.rule, b.rule);
            assert_ne!(a.description, b.description, "{} / {}", a.rule, b.rule);
            assert_ne!(a.display, b.display, "{} / {}", a.rule, b.rule);
        }
    }
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
    // (code, its `error` value, its HTTP status, the rule). All but
    // invalid_grant, a token endpoint code, also come back in an
    // authorization response.
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
        (
            ErrorCode::AccessDenied,
            "access_denied",
            403,
            "RFC 6749 §4.1.2.1",
        ),
        (
            ErrorCode::UnauthorizedClient,
            "unauthorized_client",
            400,
            "RFC 6749 §4.1.2.1",
        ),
        (
            ErrorCode::UnsupportedResponseType,
            "unsupported_response_type",
            400,
            "RFC 6749 §4.1.2.1",
        ),
        (
            ErrorCode::InvalidScope,
            "invalid_scope",
            400,
            "RFC 6749 §4.1.2.1",
        ),
        (
            ErrorCode::TemporarilyUnavailable,
            "temporarily_unavailable",
            503,
            "RFC 6749 §4.1.2.1",
        ),
    ];
    for (code, wire, status, rule) in codes {
        assert_eq!(code.as_str(), wire, "{rule}: as_str");
        assert_eq!(code.to_string(), wire, "{rule}: Display");
        assert_eq!(code.http_status(), status, "{rule}: http_status");
        // A client keeps a received code as the error's; invalid_grant is
        // no authorization response code, so it is an extension's there.
        let received = if code == ErrorCode::InvalidGrant {
            Error::ExtensionErrorResponse
        } else {
            Error::ErrorResponse { error: code }
        };
        assert_eq!(
            callback(&[("error", wire), ("iss", ISSUER)]),
            Some(received),
            "{rule}: {wire} received in an authorization response"
        );
    }
}
