//! `code_challenge_method` (RFC 7636 §4.3, §6.2.2): each method's registered
//! name, the same by every way there is to write it out or read it in, and
//! every other spelling refused by each of them alike.

use std::str::FromStr;

use oauth_pkce::{Error, Method};

/// (method, its registered name)
const NAMES: [(Method, &str); 2] = [(Method::S256, "S256"), (Method::Plain, "plain")];

#[test]
fn rfc7636_6_2_2_each_method_writes_out_its_registered_name() {
    for (method, name) in NAMES {
        assert_eq!(method.as_str(), name, "as_str");
        assert_eq!(AsRef::<str>::as_ref(&method), name, "as_ref");
        assert_eq!(method.to_string(), name, "Display");
    }
}

#[test]
fn rfc7636_4_3_each_name_reads_back_as_its_method_by_every_parser() {
    for (method, name) in NAMES {
        assert_eq!(Method::parse(name), Ok(method), "parse {name}");
        assert_eq!(Method::from_str(name), Ok(method), "FromStr {name}");
        assert_eq!(Method::try_from(name), Ok(method), "TryFrom {name}");
    }
}

#[test]
fn rfc7636_4_3_other_spellings_are_refused_by_every_parser() {
    // Names are case-sensitive (RFC 7636 §4.3): a wrong case is refused as
    // an unsupported method here; the authorization endpoint names that
    // mistake (`Error::MethodWrongCase`).
    for bad in [
        "s256", "PLAIN", "Plain", "S-256", "SHA256", "", " S256", "plain ",
    ] {
        assert_eq!(
            Method::parse(bad),
            Err(Error::UnsupportedMethod),
            "parse {bad:?}"
        );
        assert_eq!(
            Method::from_str(bad),
            Err(Error::UnsupportedMethod),
            "FromStr {bad:?}"
        );
        assert_eq!(
            Method::try_from(bad),
            Err(Error::UnsupportedMethod),
            "TryFrom {bad:?}"
        );
    }
}
