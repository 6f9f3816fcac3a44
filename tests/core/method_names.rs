//! `code_challenge_method` (RFC 7636 §4.3, §6.2.2): each method's registered
//! name, written out by `as_str` and `Display` and read back by `FromStr`,
//! and every other spelling refused with the same diagnosis the server's
//! policy gives.

use oauth_pkce::server::{ClientType, Error as ServerError, Policy};
use oauth_pkce::{Error, Method};

/// (method, its registered name)
const NAMES: [(Method, &str); 2] = [(Method::S256, "S256"), (Method::Plain, "plain")];

#[test]
fn rfc7636_6_2_2_each_method_writes_out_its_registered_name() {
    for (method, name) in NAMES {
        assert_eq!(method.as_str(), name, "as_str");
        assert_eq!(method.to_string(), name, "Display");
    }
}

#[test]
fn rfc7636_4_3_each_name_reads_back_as_its_method() {
    for (method, name) in NAMES {
        assert_eq!(name.parse(), Ok(method), "FromStr {name}");
    }
}

#[test]
fn rfc7636_4_3_other_spellings_are_refused_with_the_policys_diagnosis() {
    // Names are case-sensitive (RFC 7636 §4.3, §6.2.1): a registered name in
    // another case is named as that mistake, anything else is unsupported,
    // by `FromStr` and by the authorization endpoint's check alike.
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    for (bad, diagnosis) in [
        ("s256", Error::MethodWrongCase),
        ("PLAIN", Error::MethodWrongCase),
        ("Plain", Error::MethodWrongCase),
        ("S-256", Error::UnsupportedMethod),
        ("SHA256", Error::UnsupportedMethod),
        (" S256", Error::UnsupportedMethod),
        ("plain ", Error::UnsupportedMethod),
        ("S256\0", Error::UnsupportedMethod),
    ] {
        assert_eq!(bad.parse::<Method>(), Err(diagnosis), "FromStr {bad:?}");
        assert_eq!(
            Policy::rfc7636().check_authorization_request(
                ClientType::Public,
                Some(challenge),
                Some(bad)
            ),
            Err(ServerError::Challenge(diagnosis)),
            "policy {bad:?}"
        );
    }
}
