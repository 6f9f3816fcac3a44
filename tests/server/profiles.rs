//! Profiles named for the standards: each one's policy does what its
//! clauses say, checked through the policy's own answers.

use crate::support::{APPENDIX_B_CHALLENGE as CHALLENGE, APPENDIX_B_VERIFIER as VERIFIER};
use oauth_pkce::server::{ClientType, Error, Profile};

/// RFC 7636 §5: PKCE optional; §4.2: plain accepted.
#[test]
fn rfc7636_as_written() {
    let policy = Profile::Rfc7636.policy();
    assert!(
        policy
            .check_authorization_request(ClientType::Public, None, None)
            .is_ok()
    );
    assert!(
        policy
            .check_authorization_request(ClientType::Public, Some(VERIFIER), Some("plain"))
            .is_ok()
    );
}

/// RFC 9700 §2.1.1: public clients must use PKCE, S256 only; confidential
/// clients may go without.
#[test]
fn rfc9700_requires_pkce_from_public_clients_and_s256() {
    let policy = Profile::Rfc9700.policy();
    assert_eq!(
        policy.check_authorization_request(ClientType::Public, None, None),
        Err(Error::MissingChallenge)
    );
    assert!(
        policy
            .check_authorization_request(ClientType::Confidential, None, None)
            .is_ok()
    );
    assert_eq!(
        policy.check_authorization_request(ClientType::Public, Some(VERIFIER), Some("plain")),
        Err(Error::PlainNotAllowed)
    );
}

/// OAuth 2.1 and FAPI 2.0: every client, S256; FAPI 2.0: codes of at most
/// 60 seconds (Security Profile §5.3.2.1).
#[test]
fn oauth21_and_fapi2_require_pkce_from_every_client() {
    for profile in [Profile::OAuth21, Profile::Fapi2] {
        let policy = profile.policy();
        for client in [ClientType::Public, ClientType::Confidential] {
            assert_eq!(
                policy.check_authorization_request(client, None, None),
                Err(Error::MissingChallenge),
                "{profile}"
            );
        }
        assert!(
            policy
                .check_authorization_request(ClientType::Public, Some(CHALLENGE), Some("S256"))
                .is_ok()
        );
    }
    assert_eq!(Profile::Fapi2.max_code_lifetime_secs(), 60);
    assert_eq!(Profile::OAuth21.max_code_lifetime_secs(), 600);
}

/// RFC 9700 §4.8.2 whatever the profile: a verifier for a code issued
/// without a challenge is refused; and every profile lists that clause.
#[test]
fn every_profile_refuses_the_downgrade_and_says_so() {
    for profile in Profile::ALL {
        assert_eq!(
            profile
                .policy()
                .check_token_request(ClientType::Confidential, None, Some(VERIFIER)),
            Err(Error::UnexpectedVerifier),
            "{profile}"
        );
        assert!(
            profile.clauses().any(|c| c.source == "RFC 9700 §4.8.2"),
            "{profile}"
        );
        assert_eq!(profile.name().parse::<Profile>(), Ok(profile));
    }
    assert!("OAuth21".parse::<Profile>().is_err());
}

/// Each profile's clauses are distinct, and the ones that say "every
/// client" or "public clients" match its policy's requirement.
#[test]
fn clauses_match_the_policy() {
    use oauth_pkce::server::Requirement;
    for profile in Profile::ALL {
        let clauses: Vec<_> = profile.clauses().collect();
        for (i, a) in clauses.iter().enumerate() {
            for b in &clauses[i + 1..] {
                assert_ne!(a, b, "{profile}");
            }
        }
        let says = |text: &str| clauses.iter().any(|c| c.rule.contains(text));
        match profile.policy().requirement() {
            Requirement::AllClients => assert!(says("every client"), "{profile}"),
            Requirement::PublicClients => assert!(says("public clients"), "{profile}"),
            Requirement::Optional => assert!(says("optional"), "{profile}"),
        }
        assert_eq!(
            profile.policy().allows_plain(),
            says("plain are accepted"),
            "{profile}"
        );
    }
}
