//! `Migration`: the enforced policy's answer, unchanged, and the target
//! policy's refusal of what the enforced one accepted (RFC 9700 §2.1.1's
//! requirement, reached without surprises). Each row is one branch: the
//! enforced policy refuses (nothing reported), accepts and the target
//! refuses (reported), both accept (nothing reported), at both endpoints.

use crate::support::{APPENDIX_B_CHALLENGE, APPENDIX_B_VERIFIER};
use oauth_pkce::server::{Checked, ClientType, Error, Migration, Policy, Requirement};
use oauth_pkce::{CodeChallenge, CodeVerifier, Method};

const OBSERVE: Migration = Migration::new(Policy::rfc7636(), Policy::strict());
const PUBLIC_FIRST: Migration = Migration::new(
    Policy::strict().require(Requirement::PublicClients),
    Policy::strict(),
);
const DONE: Migration = Migration::new(Policy::strict(), Policy::strict());

/// What to expect of one check: the enforced result (as an outcome) and the
/// report.
type Expect = (Result<Option<Method>, Error>, Option<Error>);

/// Name, migration, client, `code_challenge`, `code_challenge_method`, and
/// what to expect.
type AuthRow = (
    &'static str,
    Migration,
    ClientType,
    Option<&'static str>,
    Option<&'static str>,
    Expect,
);

/// Name, migration, client, bound challenge, `code_verifier`, the enforced
/// result, and the report.
type TokenRow<'a> = (
    &'static str,
    Migration,
    ClientType,
    Option<&'a CodeChallenge>,
    Option<&'static str>,
    Result<(), Error>,
    Option<Error>,
);

#[test]
fn authorization_endpoint_enforces_one_policy_and_reports_the_other() {
    use ClientType::{Confidential, Public};
    let c = Some(APPENDIX_B_CHALLENGE);
    let plain = Some(APPENDIX_B_VERIFIER);
    let rows: &[AuthRow] = &[
        (
            "RFC9700 2.1.1: observe, no PKCE: issued, reported",
            OBSERVE,
            Confidential,
            None,
            None,
            (Ok(None), Some(Error::MissingChallenge)),
        ),
        (
            "RFC9700 2.1.1: observe, plain: issued, reported",
            OBSERVE,
            Public,
            plain,
            Some("plain"),
            (Ok(Some(Method::Plain)), Some(Error::PlainNotAllowed)),
        ),
        (
            "RFC7636 4.3: observe, no method is plain: issued, reported",
            OBSERVE,
            Public,
            plain,
            None,
            (Ok(Some(Method::Plain)), Some(Error::PlainNotAllowed)),
        ),
        (
            "RFC7636 4.4: observe, S256: issued, nothing to report",
            OBSERVE,
            Public,
            c,
            Some("S256"),
            (Ok(Some(Method::S256)), None),
        ),
        (
            "RFC7636 4.2: observe, malformed: refused by both, not reported",
            OBSERVE,
            Public,
            Some("short"),
            Some("S256"),
            (
                Err(Error::Challenge(oauth_pkce::Error::ChallengeTooShort {
                    len: 5,
                })),
                None,
            ),
        ),
        (
            "RFC9700 2.1.1: public first, public without PKCE: refused, not reported",
            PUBLIC_FIRST,
            Public,
            None,
            None,
            (Err(Error::MissingChallenge), None),
        ),
        (
            "RFC9700 2.1.1: public first, confidential without PKCE: issued, reported",
            PUBLIC_FIRST,
            Confidential,
            None,
            None,
            (Ok(None), Some(Error::MissingChallenge)),
        ),
        (
            "RFC9700 2.1.1: public first, plain: refused, not reported",
            PUBLIC_FIRST,
            Confidential,
            plain,
            Some("plain"),
            (Err(Error::PlainNotAllowed), None),
        ),
        (
            "RFC9700 2.1.1: done, confidential without PKCE: refused",
            DONE,
            Confidential,
            None,
            None,
            (Err(Error::MissingChallenge), None),
        ),
        (
            "RFC7636 4.4: done, S256: issued",
            DONE,
            Confidential,
            c,
            Some("S256"),
            (Ok(Some(Method::S256)), None),
        ),
    ];
    for (name, migration, client, challenge, method, (result, report)) in rows {
        let checked = migration.check_authorization_request(*client, *challenge, *method);
        assert_eq!(checked.report().copied(), *report, "{name}");
        let checked = checked.into_result();
        let got = checked
            .as_ref()
            .map(|b| b.as_ref().map(CodeChallenge::method))
            .map_err(|e| *e);
        assert_eq!(got, *result, "{name}");
        // The enforced answer is exactly the enforced policy's.
        let alone = migration
            .enforced()
            .check_authorization_request(*client, *challenge, *method);
        assert_eq!(checked, alone, "{name}");
    }
}

#[test]
fn token_endpoint_enforces_one_policy_and_reports_the_other() {
    use ClientType::{Confidential, Public};
    let verifier = CodeVerifier::parse(APPENDIX_B_VERIFIER).unwrap();
    let s256 = verifier.challenge_with(Method::S256);
    let plain = verifier.challenge_with(Method::Plain);
    let right = Some(APPENDIX_B_VERIFIER);
    let wrong = Some("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK");
    let rows: &[TokenRow<'_>] = &[
        (
            "RFC9700 2.1.1: observe, unbound: passes, reported",
            OBSERVE,
            Confidential,
            None,
            None,
            Ok(()),
            Some(Error::PkceRequiredAtRedemption),
        ),
        (
            "RFC9700 2.1.1: observe, plain bound, right verifier: passes, reported",
            OBSERVE,
            Public,
            Some(&plain),
            right,
            Ok(()),
            Some(Error::BoundMethodNotAllowed),
        ),
        (
            "RFC7636 4.6: observe, plain bound, wrong verifier: refused, not reported",
            OBSERVE,
            Public,
            Some(&plain),
            wrong,
            Err(Error::Verifier(oauth_pkce::Error::VerifierMismatch)),
            None,
        ),
        (
            "RFC7636 4.6: observe, S256 bound, right verifier: passes, nothing to report",
            OBSERVE,
            Public,
            Some(&s256),
            right,
            Ok(()),
            None,
        ),
        (
            "RFC7636 4.6: observe, S256 bound, wrong verifier: refused, not reported",
            OBSERVE,
            Public,
            Some(&s256),
            wrong,
            Err(Error::Verifier(oauth_pkce::Error::VerifierMismatch)),
            None,
        ),
        (
            "RFC7636 4.5: observe, S256 bound, no verifier: refused, not reported",
            OBSERVE,
            Confidential,
            Some(&s256),
            None,
            Err(Error::MissingVerifier),
            None,
        ),
        (
            "RFC9700 4.8.2: observe, downgrade: refused by both",
            OBSERVE,
            Public,
            None,
            right,
            Err(Error::UnexpectedVerifier),
            None,
        ),
        (
            "RFC9700 2.1.1: public first, public unbound: refused",
            PUBLIC_FIRST,
            Public,
            None,
            None,
            Err(Error::PkceRequiredAtRedemption),
            None,
        ),
        (
            "RFC9700 2.1.1: public first, confidential unbound: passes, reported",
            PUBLIC_FIRST,
            Confidential,
            None,
            None,
            Ok(()),
            Some(Error::PkceRequiredAtRedemption),
        ),
        (
            "RFC9700 2.1.1: public first, plain bound: refused",
            PUBLIC_FIRST,
            Confidential,
            Some(&plain),
            right,
            Err(Error::BoundMethodNotAllowed),
            None,
        ),
        (
            "RFC7636 4.6: done, S256 bound, right verifier: passes",
            DONE,
            Confidential,
            Some(&s256),
            right,
            Ok(()),
            None,
        ),
    ];
    for (name, migration, client, bound, presented, result, report) in rows {
        let checked = migration.check_token_request(*client, *bound, *presented);
        assert_eq!(checked.report().copied(), *report, "{name}");
        // A refusal is only ever `Refused`: nothing in it reads as accepted.
        assert_eq!(
            matches!(checked, Checked::Refused(_)),
            result.is_err(),
            "{name}"
        );
        let checked = checked.into_result();
        assert_eq!(checked, *result, "{name}");
        let alone = migration
            .enforced()
            .check_token_request(*client, *bound, *presented);
        assert_eq!(checked, alone, "{name}");
        // What is reported is what the target alone would answer.
        if let Some(e) = report {
            let target = migration
                .target()
                .check_token_request(*client, *bound, *presented);
            assert_eq!(target, Err(*e), "{name}");
        }
    }
}

/// The rollout of docs/MIGRATION.md, as a sequence: each step keeps the
/// requests it should, and after the last nothing is left to report.
#[test]
fn the_rollout_tightens_step_by_step() {
    let requests = [
        (ClientType::Public, None, None),
        (ClientType::Confidential, None, None),
        (ClientType::Public, Some(APPENDIX_B_VERIFIER), Some("plain")),
        (
            ClientType::Confidential,
            Some(APPENDIX_B_CHALLENGE),
            Some("S256"),
        ),
    ];
    let accepted = |m: Migration| {
        requests
            .iter()
            .map(|&(client, c, method)| {
                m.check_authorization_request(client, c, method)
                    .into_result()
                    .is_ok()
            })
            .collect::<Vec<_>>()
    };
    let reported = |m: Migration| {
        requests
            .iter()
            .filter(|&&(client, c, method)| {
                m.check_authorization_request(client, c, method)
                    .report()
                    .is_some()
            })
            .count()
    };
    assert_eq!(accepted(OBSERVE), [true, true, true, true]);
    assert_eq!(reported(OBSERVE), 3);
    assert_eq!(accepted(PUBLIC_FIRST), [false, true, false, true]);
    assert_eq!(reported(PUBLIC_FIRST), 1);
    assert_eq!(accepted(DONE), [false, false, false, true]);
    assert_eq!(reported(DONE), 0);
}

#[test]
fn migration_is_const_copy_send_sync() {
    fn send_sync<T: Send + Sync + Copy>() {}
    send_sync::<Migration>();
    assert_eq!(OBSERVE.enforced(), Policy::rfc7636());
    assert_eq!(OBSERVE.target(), Policy::strict());
    assert_ne!(OBSERVE, DONE);
}
