//! Callback parameters from what a server has: the raw query string, a
//! `url::Url`, an `http::Uri`. Read from the raw query, a repeated
//! parameter is always seen (RFC 6749 §3.1), even one whose name is
//! percent-encoded, which a framework's map would have merged already.

use oauth_pkce::client::{CallbackParams, DECODED_MAX_LEN, Error, PendingAuthorization};
use oauth_pkce::rand::{SeedableRng, rngs::StdRng};

/// The url crate's `application/x-www-form-urlencoded` parser (WHATWG),
/// as pairs: the reference for what each value decodes to.
fn reference(query: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

#[test]
fn rfc6749_3_1_a_repeated_parameter_is_seen_in_the_raw_query_and_named() {
    for (query, name) in [
        ("state=a&code=c&state=b", "state"),
        ("code=c&st%61te=a&state=b", "state"),
        ("code=1&c%6Fde=2", "code"),
        ("iss=https%3A%2F%2Fa&iss=https%3A%2F%2Fa", "iss"),
        ("error=x&error=x", "error"),
        (
            "?error_description=a&error_description=b",
            "error_description",
        ),
        ("error_uri=a&error_uri=", "error_uri"),
    ] {
        assert_eq!(
            CallbackParams::from_query(query).unwrap_err(),
            Error::RepeatedParameter { name },
            "{query}"
        );
        // What a framework's map of the query keeps: one of the two, and no
        // sign there were two. This is why the raw query is read.
        let merged: std::collections::HashMap<_, _> = reference(query).into_iter().collect();
        assert!(
            CallbackParams::from_pairs(merged.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .is_ok()
        );
    }
    // Unknown parameters may repeat: the client ignores them (RFC 6749 §4.1.2).
    assert!(CallbackParams::from_query("x=1&x=2&code=c&state=s").is_ok());
}

#[test]
fn values_decode_as_the_whatwg_urlencoded_parser_decodes_them() {
    for query in [
        "code=SplxlOBeZQQYbYS6WxSbIA&state=xyz",
        "code=a%2Bb+c&state=%41%42&iss=https%3A%2F%2Fas.example%2Ftenant",
        "error=access_denied&error_description=The+user+said+%22no%22&state=s",
        "code=100%&state=%zz&iss=%4",
        "code=&state=caf%C3%A9",
    ] {
        let params = CallbackParams::from_query(query).unwrap();
        let pairs = reference(query);
        let want = CallbackParams::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .unwrap();
        assert_eq!(params, want, "{query}");
        for (name, value) in &pairs {
            let got = match name.as_str() {
                "code" => params.code(),
                "state" => params.state(),
                "iss" => params.iss(),
                "error" => params.error(),
                "error_description" => params.error_description(),
                _ => continue,
            };
            assert_eq!(got, Some(value.as_str()), "{query}: {name}");
        }
    }
}

#[test]
fn undecodable_values_are_refused_by_name_without_their_value() {
    let err = CallbackParams::from_query("state=s&code=%FF%FE").unwrap_err();
    assert_eq!(err, Error::ParameterNotUtf8 { name: "code" });
    assert!(!err.to_string().contains("%FF"));
    let long = format!("code={}", "%41".repeat(DECODED_MAX_LEN + 1));
    assert_eq!(
        CallbackParams::from_query(&long).unwrap_err(),
        Error::CallbackTooLong {
            max: DECODED_MAX_LEN
        }
    );
    // Undecoded values are borrowed and do not count against the buffer.
    let borrowed = format!("code={}", "A".repeat(DECODED_MAX_LEN * 2));
    assert_eq!(
        CallbackParams::from_query(&borrowed)
            .unwrap()
            .code()
            .map(str::len),
        Some(DECODED_MAX_LEN * 2)
    );
}

/// RFC 6749 §4.1.2: the client checks the response as it arrived on its
/// redirect URI, here with the `state` percent-encoded by the server.
#[test]
fn a_redirect_url_or_uri_checks_end_to_end() {
    let mut rng = StdRng::seed_from_u64(9);
    for form in ["query", "url", "uri"] {
        let mut pending = PendingAuthorization::builder("http://127.0.0.1:8400/callback")
            .issuer_requiring_iss("https://as.example")
            .build_with(1_700_000_000, &mut rng)
            .unwrap();
        let encoded: String = pending
            .state()
            .secret()
            .bytes()
            .map(|b| format!("%{b:02X}"))
            .collect();
        let redirect = format!(
            "http://127.0.0.1:8400/callback?code=Splx%2FlOB&state={encoded}&iss=https%3A%2F%2Fas.example"
        );
        let url = url::Url::parse(&redirect).unwrap();
        #[cfg(feature = "http")]
        let uri: http::Uri = redirect.parse().unwrap();
        let params = match form {
            "query" => CallbackParams::from_query(url.query().unwrap()),
            #[cfg(feature = "url")]
            "url" => CallbackParams::from_url(&url),
            #[cfg(feature = "http")]
            "uri" => CallbackParams::from_uri(&uri),
            _ => continue,
        }
        .unwrap();
        let token = pending
            .validate_callback_at(&params, 1_700_000_001)
            .unwrap();
        assert_eq!(token.code(), "Splx/lOB", "{form}");
    }
}

#[test]
fn debug_shows_which_parameters_came_never_their_values() {
    let params = CallbackParams::from_query("code=secret-code&state=secret%2Dstate").unwrap();
    let shown = format!("{params:?}");
    assert!(
        shown.contains("code: <present>") && shown.contains("iss: <absent>"),
        "{shown}"
    );
    assert!(!shown.contains("secret"), "{shown}");
}
