//! Two instances on one PostgreSQL: a code is single-use across them
//! (RFC 6749 §4.1.2). `.ci/server.sh` starts PostgreSQL and sets
//! `OAUTH_PKCE_TEST_POSTGRES` to its URL; without it the test prints SKIP,
//! and fails under `CI=true`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::*;
use oauth_pkce::CodeVerifier;

fn postgres() -> Option<String> {
    match std::env::var("OAUTH_PKCE_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert_ne!(
                std::env::var("CI").as_deref(),
                Ok("true"),
                "OAUTH_PKCE_TEST_POSTGRES is not set: under CI=true this check must run"
            );
            println!(
                "SKIP shared store: OAUTH_PKCE_TEST_POSTGRES is not set (.ci/server.sh sets it)"
            );
            None
        }
    }
}

/// 64 concurrent redemptions of one code with the right verifier, spread
/// over two instances on one store: one token, 63 `invalid_grant`. Four
/// rounds, the code issued by each instance in turn.
#[test]
fn sixty_four_redemptions_over_two_instances_give_one_token() {
    let Some(url) = postgres() else { return };
    let (a, b) = two_instances(&format!("postgres:{url}"));
    for issuer in [&a, &b, &a, &b] {
        let verifier = CodeVerifier::generate();
        let code = code_for(issuer, PUBLIC, &verifier);
        assert_one_token_of_64(&[&a, &b], &code, verifier.secret());
    }
}

/// A code issued by one instance is redeemed at the other, then refused at
/// both.
#[test]
fn a_code_from_one_instance_is_redeemed_at_the_other_once() {
    let Some(url) = postgres() else { return };
    let (a, b) = two_instances(&format!("postgres:{url}"));
    assert_redeemed_once_across(&a, &b);
}
