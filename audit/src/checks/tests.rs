//! The verdict rules on recorded answers: a strict server, and each
//! weakness the audit is built to find.

use super::*;
use crate::observe::{MetadataFacts, TokenOutcome, TokenProbe};

fn refused(error: &str) -> TokenOutcome {
    TokenOutcome {
        status: 400,
        issued: false,
        error: Some(error.into()),
        no_store: true,
    }
}

fn issued() -> TokenOutcome {
    TokenOutcome {
        status: 200,
        issued: true,
        error: None,
        no_store: true,
    }
}

fn redirect_error() -> AuthzOutcome {
    AuthzOutcome::ErrorRedirect {
        error: Some("invalid_request".into()),
        iss: Iss::Same,
    }
}

/// What node oidc-provider answers with PKCE required and S256 only.
fn strict(client: ClientKind) -> Observations {
    use AuthzProbe as P;
    use TokenProbe as T;
    let mut o = Observations::new(client);
    o.metadata = Some(MetadataFacts {
        methods: Some(vec!["S256".into()]),
        iss_supported: true,
    });
    o.authz
        .insert(P::S256, AuthzOutcome::Code { iss: Iss::Same });
    for p in [
        P::NoChallenge,
        P::Plain,
        P::MissingMethod,
        P::LowercaseMethod,
        P::UnknownMethod,
        P::Challenge42,
        P::Challenge129,
        P::PaddedChallenge,
    ] {
        o.authz.insert(p, redirect_error());
    }
    for t in [
        T::NoVerifier,
        T::AfterFailure,
        T::WrongVerifier,
        T::Verifier42,
        T::Verifier129,
        T::ChallengeAsVerifier,
        T::Redeemed,
    ] {
        o.token.insert(t, refused("invalid_grant"));
    }
    o.token.insert(T::Correct, issued());
    o
}

fn verdict(findings: &[Finding], id: &str) -> Verdict {
    findings
        .iter()
        .find(|f| f.id == id)
        .map(|f| f.verdict)
        .unwrap_or_else(|| panic!("no check {id}"))
}

/// A strict server gives no failure and no warning; what needs a code
/// issued without a challenge is skipped, since there is none.
#[test]
fn strict_server_passes() {
    let f = evaluate(&strict(ClientKind::Public));
    let bad: Vec<_> = f
        .iter()
        .filter(|f| matches!(f.verdict, Verdict::Fail | Verdict::Warn))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    assert_eq!(verdict(&f, "token.downgrade"), Verdict::Skip);
    assert_eq!(verdict(&f, "token.no_pkce"), Verdict::Skip);
    assert_eq!(verdict(&f, "token.s256"), Verdict::Pass);
}

/// Every check has a distinct id and a clause.
#[test]
fn ids_are_unique() {
    let f = evaluate(&strict(ClientKind::Public));
    let mut ids: Vec<_> = f.iter().map(|f| f.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), f.len());
    assert!(f.iter().all(|f| f.clause.starts_with("RFC ")));
}

/// RFC 9700 §4.8.2: a verifier accepted for a code issued without a
/// challenge is a failure (oauthlib's own test asserts the acceptance).
#[test]
fn downgrade_is_a_failure() {
    let mut o = strict(ClientKind::Public);
    o.authz.insert(
        AuthzProbe::NoChallenge,
        AuthzOutcome::Code { iss: Iss::Same },
    );
    o.token.insert(TokenProbe::Downgrade, issued());
    o.token.insert(TokenProbe::NoPkce, refused("invalid_grant"));
    let f = evaluate(&o);
    assert_eq!(verdict(&f, "token.downgrade"), Verdict::Fail);
    assert_eq!(verdict(&f, "authz.no_challenge"), Verdict::Warn);
    assert_eq!(verdict(&f, "token.no_pkce"), Verdict::Pass);
}

/// RFC 9700 §2.1.1: a code redeemable without PKCE fails for a public
/// client and warns for a confidential one, where PKCE is recommended.
#[test]
fn no_pkce_depends_on_client_type() {
    for (client, expected) in [
        (ClientKind::Public, Verdict::Fail),
        (ClientKind::Confidential, Verdict::Warn),
    ] {
        let mut o = strict(client);
        o.authz.insert(
            AuthzProbe::NoChallenge,
            AuthzOutcome::Code { iss: Iss::Same },
        );
        o.token.insert(TokenProbe::NoPkce, issued());
        assert_eq!(verdict(&evaluate(&o), "token.no_pkce"), expected);
    }
}

/// RFC 7636 §4.6 and §4.1: each verifier a server must refuse, accepted.
#[test]
fn accepted_verifiers() {
    for (probe, expected) in [
        (TokenProbe::NoVerifier, Verdict::Fail),
        (TokenProbe::WrongVerifier, Verdict::Fail),
        (TokenProbe::Verifier42, Verdict::Fail),
        (TokenProbe::Verifier129, Verdict::Warn),
        (TokenProbe::ChallengeAsVerifier, Verdict::Fail),
        (TokenProbe::Redeemed, Verdict::Fail),
        (TokenProbe::AfterFailure, Verdict::Warn),
    ] {
        let mut o = strict(ClientKind::Public);
        o.token.insert(probe, issued());
        assert_eq!(verdict(&evaluate(&o), probe.id()), expected, "{probe:?}");
    }
}

/// What each accepted authorization request is worth.
#[test]
fn accepted_authorization_requests() {
    for (probe, expected) in [
        (AuthzProbe::Plain, Verdict::Warn),
        (AuthzProbe::MissingMethod, Verdict::Warn),
        (AuthzProbe::LowercaseMethod, Verdict::Warn),
        (AuthzProbe::UnknownMethod, Verdict::Fail),
        (AuthzProbe::Challenge42, Verdict::Warn),
        (AuthzProbe::Challenge129, Verdict::Warn),
        (AuthzProbe::PaddedChallenge, Verdict::Warn),
    ] {
        let mut o = strict(ClientKind::Public);
        o.authz.insert(probe, AuthzOutcome::Code { iss: Iss::Same });
        assert_eq!(verdict(&evaluate(&o), probe.id()), expected, "{probe:?}");
    }
}

/// An error page or a timeout is a refusal, as an error redirect is.
#[test]
fn pages_and_timeouts_are_refusals() {
    let mut o = strict(ClientKind::Public);
    o.authz
        .insert(AuthzProbe::Plain, AuthzOutcome::Page { status: Some(400) });
    o.authz
        .insert(AuthzProbe::UnknownMethod, AuthzOutcome::NoRedirect);
    let f = evaluate(&o);
    assert_eq!(verdict(&f, "authz.plain"), Verdict::Pass);
    assert_eq!(
        f.iter().find(|f| f.id == "authz.plain").unwrap().status,
        Some(400)
    );
    assert_eq!(verdict(&f, "authz.unknown_method"), Verdict::Pass);
}

/// RFC 9207 §2: `iss` missing where the metadata advertises it fails;
/// where it does not, it warns; a different `iss` always fails.
#[test]
fn issuer_rules() {
    let mut o = strict(ClientKind::Public);
    o.authz
        .insert(AuthzProbe::S256, AuthzOutcome::Code { iss: Iss::Absent });
    assert_eq!(verdict(&evaluate(&o), "authz.iss_success"), Verdict::Fail);
    o.metadata = Some(MetadataFacts {
        methods: Some(vec!["S256".into()]),
        iss_supported: false,
    });
    let f = evaluate(&o);
    assert_eq!(verdict(&f, "authz.iss_success"), Verdict::Warn);
    assert_eq!(verdict(&f, "metadata.iss_advertised"), Verdict::Warn);
    o.authz.insert(
        AuthzProbe::Plain,
        AuthzOutcome::ErrorRedirect {
            error: Some("invalid_request".into()),
            iss: Iss::Other,
        },
    );
    assert_eq!(verdict(&evaluate(&o), "authz.iss_error"), Verdict::Fail);
}

/// RFC 6749 §5.2 and RFC 7636 §4.6: a refusal that is not a JSON error
/// fails, another code than invalid_grant warns, a missing no-store warns.
#[test]
fn token_refusal_shapes() {
    let mut o = strict(ClientKind::Public);
    o.token
        .insert(TokenProbe::WrongVerifier, refused("invalid_request"));
    assert_eq!(
        verdict(&evaluate(&o), "token.refusal_error_code"),
        Verdict::Warn
    );
    o.token.insert(
        TokenProbe::NoVerifier,
        TokenOutcome {
            status: 500,
            issued: false,
            error: None,
            no_store: false,
        },
    );
    let f = evaluate(&o);
    assert_eq!(verdict(&f, "token.refusal_error_code"), Verdict::Fail);
    assert_eq!(verdict(&f, "token.refusal_no_store"), Verdict::Warn);
    o.token.insert(
        TokenProbe::Correct,
        TokenOutcome {
            no_store: false,
            ..issued()
        },
    );
    assert_eq!(
        verdict(&evaluate(&o), "token.success_no_store"),
        Verdict::Fail
    );
}

/// Metadata without the PKCE list warns; a list without S256 fails; plain
/// listed warns; no metadata at all skips.
#[test]
fn metadata_rules() {
    let mut o = strict(ClientKind::Public);
    o.metadata = Some(MetadataFacts {
        methods: None,
        iss_supported: true,
    });
    assert_eq!(
        verdict(&evaluate(&o), "metadata.methods_published"),
        Verdict::Warn
    );
    o.metadata = Some(MetadataFacts {
        methods: Some(vec!["plain".into()]),
        iss_supported: true,
    });
    let f = evaluate(&o);
    assert_eq!(verdict(&f, "metadata.s256_listed"), Verdict::Fail);
    assert_eq!(verdict(&f, "metadata.plain_not_listed"), Verdict::Warn);
    o.metadata = None;
    assert_eq!(
        verdict(&evaluate(&o), "metadata.s256_listed"),
        Verdict::Skip
    );
}
