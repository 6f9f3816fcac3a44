//! What the core refuses: each root `Error`'s `kind` and `Display`. The
//! causes a server sends are pinned with their OAuth code and description
//! in tests/server/errors.rs; here are those of generating, and the rule
//! that no two causes share a kind.

use oauth_pkce::rand::{SeedableRng, rngs::StdRng};
use oauth_pkce::{CodeVerifier, Error};

struct Row {
    /// The rule whose breach this error reports.
    rule: &'static str,
    error: Error,
    /// A call through the public API that must produce `error`, where one
    /// can without a failing operating system.
    produced_by: Option<fn() -> Option<Error>>,
    kind: &'static str,
    display: &'static str,
}

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
        let Row { rule, error, .. } = row;
        assert_eq!(error.kind(), row.kind, "{rule}: kind");
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
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            assert_ne!(a.kind(), b.kind(), "{a:?} / {b:?}");
            assert_ne!(a.to_string(), b.to_string(), "{a:?} / {b:?}");
        }
    }
}
