//! What the core refuses: each root `Error`'s `kind` and `Display`. The
//! causes a server sends are pinned with their OAuth code and description
//! in tests/server/errors.rs; here are those of generating, and the rule
//! that no two causes share a kind.

use crate::support::errors::{ErrorRow, assert_distinct, check_row};
use oauth_pkce::rand::{SeedableRng, rngs::StdRng};
use oauth_pkce::{CodeVerifier, Error};

type Row = ErrorRow<Error>;

fn table() -> Vec<Row> {
    vec![
        Row {
            rule: "RFC 7636 §4.1: a verifier is generated with 43 to 128 characters",
            error: Error::LengthOutOfRange { len: 129 },
            produced_by: Some(|| {
                let mut rng = StdRng::seed_from_u64(1);
                CodeVerifier::generate_len_with(129, &mut rng).err()
            }),
            kind: "length_out_of_range",
            display: "a code_verifier must be 43 to 128 characters long, not 129",
        },
        Row {
            rule: "RFC 6749 §4.1.2.1: the server could not draw randomness",
            error: Error::RngFailure,
            // Only a failing operating system RNG produces it.
            produced_by: None,
            kind: "rng_failure",
            display: "the operating system's random number generator failed",
        },
    ]
}

#[test]
fn every_error_of_generating_has_its_kind_and_message() {
    for row in table() {
        check_row(&row, Error::kind);
    }
}

#[test]
fn no_two_causes_share_a_kind() {
    let all = [
        Error::VerifierTooShort { len: 1 },
        Error::VerifierTooLong { len: 129 },
        Error::VerifierInvalidCharacter { index: 0 },
        Error::VerifierMismatch,
        Error::ChallengeTooShort { len: 1 },
        Error::ChallengeTooLong { len: 44, max: 43 },
        Error::ChallengeInvalidCharacter { index: 0 },
        Error::ChallengeNotCanonical,
        Error::ChallengePadded,
        Error::ChallengePercentEncodedPadding,
        Error::ChallengeStandardBase64,
        Error::ChallengeHexDigest,
        Error::ChallengeBase64HexDigest,
        Error::UnsupportedMethod,
        Error::MethodWrongCase,
        Error::LengthOutOfRange { len: 1 },
        Error::RngFailure,
    ];
    assert_distinct(&all, "kind", Error::kind);
    assert_distinct(&all, "message", ToString::to_string);
}
