//! The client's pending authorization and callback validation: what the
//! record sends, which responses it accepts, in which order it checks them
//! (state, iss, expiry, error, code), and that no secret shows.

use crate::support::BASE64URL;
use oauth_pkce::client::{
    CallbackParams, Error, PendingAuthorization, PendingAuthorizations, ReceivedError, State,
};
use oauth_pkce::rand::{SeedableRng, rngs::StdRng};
use oauth_pkce::{CodeChallenge, Method};

const NOW: u64 = 1_700_000_000;
const REDIRECT: &str = "http://127.0.0.1:8400/callback";
const ISSUER: &str = "https://auth.example.com";

/// How the record expects its issuer.
#[derive(Clone, Copy, Debug)]
enum Iss {
    None,
    Checked,
    Required,
}

fn record(seed: u64, iss: Iss) -> PendingAuthorization {
    let mut rng = StdRng::seed_from_u64(seed);
    let builder = PendingAuthorization::builder(REDIRECT);
    let builder = match iss {
        Iss::None => builder,
        Iss::Checked => builder.issuer(ISSUER),
        Iss::Required => builder.issuer_requiring_iss(ISSUER),
    };
    builder.build_with(NOW, &mut rng).unwrap()
}

fn state_of(record: &PendingAuthorization) -> String {
    record.state().secret().to_owned()
}

// ---- What the record sends (RFC 6749 §4.1.1, RFC 7636 §4.3) ----

#[test]
fn authorization_request_carries_the_s256_challenge_of_the_verifier_that_is_redeemed() {
    let pending = record(1, Iss::None);
    let request = pending.authorization_request();
    let challenge = request.code_challenge().to_owned();
    let state = request.state().to_owned();
    assert_eq!(request.code_challenge_method(), "S256");
    assert_eq!(request.redirect_uri(), REDIRECT);
    assert_eq!(
        request.pairs().map(|(k, _)| k),
        [
            "code_challenge",
            "code_challenge_method",
            "state",
            "redirect_uri"
        ]
    );
    assert_eq!(state.len(), 43, "256 bits, RFC 6749 §10.10 asks for 128");
    assert_ne!(state, challenge);
    let params = CallbackParams::from_pairs([("code", "c"), ("state", state.as_str())]).unwrap();
    let token = pending.validate_callback_at(&params, NOW).unwrap();
    let bound = CodeChallenge::parse(&challenge, Method::S256).unwrap();
    assert_eq!(bound.verify(token.code_verifier().secret()), Ok(()));
    assert_eq!(token.redirect_uri(), REDIRECT);
    assert_eq!(
        token.form(),
        [
            ("grant_type", "authorization_code"),
            ("code", "c"),
            ("redirect_uri", REDIRECT),
            ("code_verifier", token.code_verifier().secret()),
        ]
    );
}

#[test]
fn every_record_has_its_own_verifier_and_state_rfc7636_section_4_1() {
    let mut rng = StdRng::seed_from_u64(2);
    let a = PendingAuthorization::builder(REDIRECT)
        .build_with(NOW, &mut rng)
        .unwrap();
    let b = PendingAuthorization::builder(REDIRECT)
        .build_with(NOW, &mut rng)
        .unwrap();
    assert_ne!(a.state().secret(), b.state().secret());
    assert_ne!(
        a.authorization_request().code_challenge(),
        b.authorization_request().code_challenge()
    );
    // The state is not derived from the verifier, nor the reverse.
    assert_ne!(
        a.state().secret(),
        a.authorization_request().code_challenge()
    );
}

#[test]
fn builder_checks_its_settings_with_typed_errors() {
    let mut rng = StdRng::seed_from_u64(3);
    let long_uri = format!("https://app.example/{}", "a".repeat(512));
    let long_issuer = format!("https://{}", "a".repeat(256));
    let max_uri = format!("https://app.example/{}", "a".repeat(512 - 20));
    assert_eq!(max_uri.len(), PendingAuthorization::REDIRECT_URI_MAX_LEN);
    let rows: Vec<(&str, Result<(), Error>)> = vec![
        (
            "redirect URI one byte over",
            Err(Error::RedirectUriTooLong {
                len: long_uri.len(),
                max: 512,
            }),
        ),
        ("redirect URI at the limit", Ok(())),
        ("empty redirect URI", Err(Error::RedirectUriInvalid)),
        ("redirect URI with a space", Err(Error::RedirectUriInvalid)),
        (
            "redirect URI with non-ASCII",
            Err(Error::RedirectUriInvalid),
        ),
        (
            "issuer over the limit",
            Err(Error::IssuerTooLong {
                len: long_issuer.len(),
                max: 256,
            }),
        ),
        ("empty issuer", Err(Error::IssuerInvalid)),
        (
            "verifier of 42",
            Err(Error::Pkce(oauth_pkce::Error::LengthOutOfRange { len: 42 })),
        ),
        (
            "verifier of 129",
            Err(Error::Pkce(oauth_pkce::Error::LengthOutOfRange {
                len: 129,
            })),
        ),
        ("verifier of 128", Ok(())),
    ];
    for (name, want) in rows {
        let b = PendingAuthorization::builder(REDIRECT);
        let b = match name {
            "redirect URI one byte over" => PendingAuthorization::builder(&long_uri),
            "redirect URI at the limit" => PendingAuthorization::builder(&max_uri),
            "empty redirect URI" => PendingAuthorization::builder(""),
            "redirect URI with a space" => PendingAuthorization::builder("https://a.example/c b"),
            "redirect URI with non-ASCII" => PendingAuthorization::builder("https://é.example/"),
            "issuer over the limit" => b.issuer(&long_issuer),
            "empty issuer" => b.issuer_requiring_iss(""),
            "verifier of 42" => b.verifier_len(42),
            "verifier of 129" => b.verifier_len(129),
            "verifier of 128" => b.verifier_len(128),
            _ => unreachable!("{name}"),
        };
        let got = b.build_with(NOW, &mut rng).map(|_| ());
        assert_eq!(got, want, "{name}");
        if let Err(e) = got {
            // The message names lengths, never the value.
            assert!(!e.to_string().contains("aaaa"), "{name}: {e}");
            assert!(!e.to_string().contains("example"), "{name}: {e}");
        }
    }
    let long = PendingAuthorization::builder(REDIRECT)
        .verifier_len(128)
        .build_with(NOW, &mut rng)
        .unwrap();
    let state = state_of(&long);
    let params = CallbackParams::from_pairs([("code", "c"), ("state", state.as_str())]).unwrap();
    let token = long.validate_callback_at(&params, NOW).unwrap();
    assert_eq!(token.code_verifier().secret().len(), 128);
}

// ---- The state check (RFC 6749 §10.12, RFC 9700 §4.7.1) ----

/// `s` with the character at `i` replaced by `c`.
fn with_char(s: &str, i: usize, c: u8) -> String {
    let mut bytes = s.as_bytes().to_vec();
    bytes[i] = c;
    String::from_utf8(bytes).unwrap()
}

#[test]
fn a_state_differing_at_any_single_position_is_refused_rfc6749_section_10_12() {
    let mut rng = StdRng::seed_from_u64(4);
    let state = State::generate_with(&mut rng);
    let original = state.secret().to_owned();
    assert!(state.matches(&original));
    for i in 0..original.len() {
        for &c in BASE64URL {
            if c == original.as_bytes()[i] {
                continue;
            }
            let other = with_char(&original, i, c);
            assert!(!state.matches(&other), "position {i}, character {c}");
        }
        // Outside the alphabet too: a NUL, a high byte as UTF-8.
        assert!(
            !state.matches(&with_char(&original, i, 0)),
            "position {i}, NUL"
        );
    }
    // Through the record, once per position: each refused, each record used up.
    for i in 0..43 {
        let pending = record(100 + i as u64, Iss::None);
        let real = state_of(&pending);
        let flipped = if real.as_bytes()[i] == b'A' {
            b'B'
        } else {
            b'A'
        };
        let forged = with_char(&real, i, flipped);
        let params =
            CallbackParams::from_pairs([("code", "stolen"), ("state", forged.as_str())]).unwrap();
        assert_eq!(
            pending.validate_callback_at(&params, NOW).unwrap_err(),
            Error::StateMismatch,
            "position {i}"
        );
    }
}

#[test]
fn a_state_of_another_length_is_refused_rfc6749_section_10_12() {
    let mut rng = StdRng::seed_from_u64(5);
    let state = State::generate_with(&mut rng);
    let s = state.secret().to_owned();
    let rows = [
        ("one short", s[..42].to_owned()),
        ("one long", format!("{s}A")),
        ("doubled", format!("{s}{s}")),
        ("empty", String::new()),
        (
            "percent-encoded",
            s.replace('-', "%2D").replace('_', "%5F") + "%41",
        ),
    ];
    for (name, other) in rows {
        assert!(!state.matches(&other), "{name}");
    }
}

// ---- The order of the checks ----

/// A response with each of its parameters either the right value, a wrong
/// one, or absent.
#[derive(Clone, Copy, Debug, PartialEq)]
enum P {
    Right,
    Wrong,
    Absent,
    Empty,
}

struct Row {
    name: &'static str,
    iss_mode: Iss,
    state: P,
    iss: P,
    error: Option<&'static str>,
    code: P,
    at: u64,
    want: Result<(), Error>,
}

fn run(row: &Row, seed: u64) -> Result<(), Error> {
    let pending = record(seed, row.iss_mode);
    let state = state_of(&pending);
    let wrong_state = with_char(&state, 0, if state.starts_with('A') { b'B' } else { b'A' });
    let pick = |p: P, right: &'static str, wrong: &'static str| match p {
        P::Right => Some(right),
        P::Wrong => Some(wrong),
        P::Absent => None,
        P::Empty => Some(""),
    };
    let state_value = match row.state {
        P::Right => Some(state.as_str()),
        P::Wrong => Some(wrong_state.as_str()),
        P::Absent => None,
        P::Empty => Some(""),
    };
    let params = CallbackParams::from_pairs(
        [
            ("state", state_value),
            ("code", pick(row.code, "the-code", "the-code")),
            ("error", row.error),
            (
                "error_description",
                row.error.map(|_| "Secret server text: do not log"),
            ),
            ("iss", pick(row.iss, ISSUER, "https://attacker.example")),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| (name, v))),
    )
    .unwrap();
    pending.validate_callback_at(&params, row.at).map(|token| {
        assert_eq!(token.code(), "the-code", "{}", row.name);
    })
}

#[test]
fn checks_run_in_order_state_iss_expiry_error_code() {
    use Iss::{Checked, Required};
    use P::{Absent, Empty, Right, Wrong};
    let late = NOW + PendingAuthorization::DEFAULT_LIFETIME_SECS;
    #[rustfmt::skip]
    let rows = [
        Row { name: "all good", iss_mode: Required, state: Right, iss: Right, error: None, code: Right, at: NOW, want: Ok(()) },
        Row { name: "all good, just before expiry", iss_mode: Required, state: Right, iss: Right, error: None, code: Right, at: late - 1, want: Ok(()) },
        Row { name: "no issuer expected: iss ignored", iss_mode: Iss::None, state: Right, iss: Wrong, error: None, code: Right, at: NOW, want: Ok(()) },
        Row { name: "issuer checked, iss absent: accepted", iss_mode: Checked, state: Right, iss: Absent, error: None, code: Right, at: NOW, want: Ok(()) },
        Row { name: "issuer checked, iss wrong", iss_mode: Checked, state: Right, iss: Wrong, error: None, code: Right, at: NOW, want: Err(Error::IssuerMismatch) },
        Row { name: "issuer required, iss absent", iss_mode: Required, state: Right, iss: Absent, error: None, code: Right, at: NOW, want: Err(Error::MissingIssuer) },
        Row { name: "issuer required, iss empty", iss_mode: Required, state: Right, iss: Empty, error: None, code: Right, at: NOW, want: Err(Error::MissingIssuer) },
        Row { name: "state absent", iss_mode: Required, state: Absent, iss: Right, error: None, code: Right, at: NOW, want: Err(Error::MissingState) },
        Row { name: "state empty", iss_mode: Required, state: Empty, iss: Right, error: None, code: Right, at: NOW, want: Err(Error::MissingState) },
        Row { name: "state wrong", iss_mode: Required, state: Wrong, iss: Right, error: None, code: Right, at: NOW, want: Err(Error::StateMismatch) },
        Row { name: "state wrong before iss wrong", iss_mode: Required, state: Wrong, iss: Wrong, error: None, code: Right, at: NOW, want: Err(Error::StateMismatch) },
        Row { name: "state wrong before expiry", iss_mode: Required, state: Wrong, iss: Right, error: None, code: Right, at: late, want: Err(Error::StateMismatch) },
        Row { name: "state wrong before error", iss_mode: Required, state: Wrong, iss: Right, error: Some("access_denied"), code: Absent, at: NOW, want: Err(Error::StateMismatch) },
        Row { name: "iss wrong before expiry", iss_mode: Required, state: Right, iss: Wrong, error: None, code: Right, at: late, want: Err(Error::IssuerMismatch) },
        Row { name: "iss wrong before error", iss_mode: Required, state: Right, iss: Wrong, error: Some("access_denied"), code: Absent, at: NOW, want: Err(Error::IssuerMismatch) },
        Row { name: "iss missing before error", iss_mode: Required, state: Right, iss: Absent, error: Some("access_denied"), code: Absent, at: NOW, want: Err(Error::MissingIssuer) },
        Row { name: "expired at the limit", iss_mode: Required, state: Right, iss: Right, error: None, code: Right, at: late, want: Err(Error::AuthorizationExpired) },
        Row { name: "expired before error", iss_mode: Required, state: Right, iss: Right, error: Some("access_denied"), code: Absent, at: late, want: Err(Error::AuthorizationExpired) },
        Row { name: "error response", iss_mode: Required, state: Right, iss: Right, error: Some("access_denied"), code: Absent, at: NOW, want: Err(Error::ErrorResponse(ReceivedError::AccessDenied)) },
        Row { name: "error with a code: the error wins", iss_mode: Required, state: Right, iss: Right, error: Some("server_error"), code: Right, at: NOW, want: Err(Error::ErrorResponse(ReceivedError::ServerError)) },
        Row { name: "empty error counts as absent", iss_mode: Required, state: Right, iss: Right, error: Some(""), code: Right, at: NOW, want: Ok(()) },
        Row { name: "code absent", iss_mode: Required, state: Right, iss: Right, error: None, code: Absent, at: NOW, want: Err(Error::MissingCode) },
        Row { name: "code empty", iss_mode: Required, state: Right, iss: Right, error: None, code: Empty, at: NOW, want: Err(Error::MissingCode) },
    ];
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(run(row, 1000 + i as u64), row.want, "{}", row.name);
    }
}

#[test]
fn error_responses_carry_their_rfc6749_section_4_1_2_1_code() {
    #[rustfmt::skip]
    let rows = [
        ("invalid_request", Error::ErrorResponse(ReceivedError::InvalidRequest)),
        ("unauthorized_client", Error::ErrorResponse(ReceivedError::UnauthorizedClient)),
        ("access_denied", Error::ErrorResponse(ReceivedError::AccessDenied)),
        ("unsupported_response_type", Error::ErrorResponse(ReceivedError::UnsupportedResponseType)),
        ("invalid_scope", Error::ErrorResponse(ReceivedError::InvalidScope)),
        ("server_error", Error::ErrorResponse(ReceivedError::ServerError)),
        ("temporarily_unavailable", Error::ErrorResponse(ReceivedError::TemporarilyUnavailable)),
        // Extensions (RFC 6749 §8.5), and codes in the wrong case.
        ("login_required", Error::ErrorResponse(ReceivedError::parse("login_required"))),
        ("consent_required", Error::ErrorResponse(ReceivedError::parse("consent_required"))),
        ("ACCESS_DENIED", Error::ErrorResponse(ReceivedError::parse("ACCESS_DENIED"))),
    ];
    for (i, (error, want)) in rows.into_iter().enumerate() {
        let pending = record(2000 + i as u64, Iss::None);
        let state = state_of(&pending);
        let description = "Your account <b>alice@example.com</b> is locked";
        let params = CallbackParams::from_pairs([
            ("state", state.as_str()),
            ("error", error),
            ("error_description", description),
            ("error_uri", "https://auth.example.com/errors/locked"),
        ])
        .unwrap();
        let got = pending.validate_callback_at(&params, NOW).unwrap_err();
        assert_eq!(got, want, "{error}");
        // The code is kept as it came, registered or an extension's.
        let Error::ErrorResponse(received) = got else {
            panic!("{error}: {got:?}");
        };
        assert_eq!(received.as_str(), error, "{error}");
        // The server's text is the caller's to read, never in our messages.
        assert_eq!(params.error_description(), Some(description));
        let shown = format!("{got} {got:?} {}", got.kind());
        assert!(!shown.contains("alice"), "{error}: {shown}");
        assert!(!shown.contains("locked"), "{error}: {shown}");
    }
}

// ---- The response's parameters (RFC 6749 §3.1, §4.1.2) ----

#[test]
fn a_repeated_response_parameter_is_refused_rfc6749_section_3_1() {
    for name in [
        "state",
        "code",
        "error",
        "error_description",
        "error_uri",
        "iss",
    ] {
        let pairs = [(name, "a"), ("other", "x"), (name, "b")];
        assert_eq!(
            CallbackParams::from_pairs(pairs),
            Err(Error::RepeatedParameter { name }),
            "{name}"
        );
    }
    // Unknown parameters are ignored, repeated or not (RFC 6749 §4.1.2).
    let params = CallbackParams::from_pairs([
        ("session_state", "1"),
        ("session_state", "2"),
        ("code", "c"),
        ("state", "s"),
        ("iss", "i"),
        ("error", "e"),
        ("error_description", "d"),
        ("error_uri", "u"),
    ])
    .unwrap();
    assert_eq!(
        params,
        CallbackParams::from_pairs([
            ("state", "s"),
            ("code", "c"),
            ("error", "e"),
            ("error_description", "d"),
            ("error_uri", "u"),
            ("iss", "i")
        ])
        .unwrap()
    );
}

// ---- Several flows (RFC 6749 §10.12: state binds each response) ----

#[test]
fn two_flows_complete_in_either_order_and_each_only_once() {
    for order in [[0, 1], [1, 0]] {
        let mut store = PendingAuthorizations::<4>::new();
        let records = [record(3000, Iss::Checked), record(3001, Iss::Checked)];
        let states: Vec<String> = records.iter().map(state_of).collect();
        let redirects = ["c0", "c1"];
        for r in records {
            assert!(store.insert(r).is_none());
        }
        assert_eq!(store.len(), 2);
        assert!(!store.is_empty());
        let listed = format!("{store:?}");
        assert_eq!(
            listed.matches("PendingAuthorization {").count(),
            2,
            "{listed}"
        );
        assert!(!listed.contains(&states[0]) && !listed.contains(&states[1]));
        for &i in &order {
            let params = CallbackParams::from_pairs([
                ("state", states[i].as_str()),
                ("code", redirects[i]),
                ("iss", ISSUER),
            ])
            .unwrap();
            let token = store.validate_callback_at(&params, NOW).unwrap();
            assert_eq!(token.code(), redirects[i], "{order:?}");
            // Used once: the same response again finds nothing.
            assert_eq!(
                store.validate_callback_at(&params, NOW).unwrap_err(),
                Error::StateMismatch
            );
        }
        assert!(store.is_empty());
    }
}

#[test]
fn a_store_refuses_unknown_states_and_keeps_the_others() {
    let mut store = PendingAuthorizations::<2>::new();
    let a = record(3100, Iss::None);
    let state_a = state_of(&a);
    assert!(store.insert(a).is_none());
    let forged = with_char(
        &state_a,
        42,
        if state_a.ends_with('A') { b'B' } else { b'A' },
    );
    for (name, state, want) in [
        ("forged", Some(forged.as_str()), Error::StateMismatch),
        ("absent", None, Error::MissingState),
        ("empty", Some(""), Error::MissingState),
    ] {
        let params = CallbackParams::from_pairs(
            [("state", state), ("code", Some("c"))]
                .into_iter()
                .filter_map(|(name, value)| value.map(|v| (name, v))),
        )
        .unwrap();
        assert_eq!(
            store.validate_callback_at(&params, NOW).unwrap_err(),
            want,
            "{name}"
        );
        assert_eq!(store.len(), 1, "{name}: the real record stays");
    }
    // A response to the record whose checks fail still uses it up.
    let params =
        CallbackParams::from_pairs([("state", state_a.as_str()), ("error", "access_denied")])
            .unwrap();
    assert!(store.validate_callback_at(&params, NOW).is_err());
    assert!(store.is_empty());
}

#[test]
fn a_full_store_gives_back_the_record_that_expires_first() {
    let mut rng = StdRng::seed_from_u64(3200);
    let mut store = PendingAuthorizations::<2>::new();
    let make = |rng: &mut StdRng, at: u64| {
        PendingAuthorization::builder(REDIRECT)
            .build_with(at, rng)
            .unwrap()
    };
    assert!(store.insert(make(&mut rng, NOW + 10)).is_none());
    assert!(store.insert(make(&mut rng, NOW)).is_none());
    let evicted = store.insert(make(&mut rng, NOW + 20)).unwrap();
    assert_eq!(evicted.expires_at(), NOW + 600);
    assert_eq!(store.len(), 2);
    assert_eq!(store.remove_expired(NOW + 610), 1);
    assert_eq!(store.remove_expired(NOW + 620), 1);
    assert!(store.is_empty());
}

// ---- Secrets stay out of Debug ----

#[test]
fn no_secret_in_debug_of_record_state_request_params_or_token() {
    let pending = record(4000, Iss::Required);
    let state = state_of(&pending);
    let challenge = pending.authorization_request().code_challenge().to_owned();
    let shown = [
        format!("{pending:?}"),
        format!("{:?}", pending.state()),
        format!("{:?}", pending.authorization_request()),
    ];
    for s in &shown {
        assert!(!s.contains(&state), "{s}");
    }
    assert!(shown[0].contains("<redacted>"));
    assert_eq!(shown[1], "State(<redacted>)");
    // The challenge is public and may show.
    assert!(shown[2].contains(&challenge));

    let params = CallbackParams::from_pairs([
        ("state", state.as_str()),
        ("code", "secret-code-value"),
        ("iss", ISSUER),
    ])
    .unwrap();
    let params_shown = format!("{params:?}");
    assert!(!params_shown.contains(&state) && !params_shown.contains("secret-code-value"));
    // What Debug is for: which parameters came, and the public fields.
    assert!(
        params_shown.starts_with("CallbackParams")
            && params_shown.contains("state: <present>")
            && params_shown.contains("error: <absent>"),
        "{params_shown}"
    );
    assert!(
        shown[0].contains(REDIRECT) && shown[0].contains(ISSUER),
        "{}",
        shown[0]
    );
    assert!(shown[2].contains(REDIRECT), "{}", shown[2]);
    let token = pending.validate_callback_at(&params, NOW).unwrap();
    let verifier = token.code_verifier().secret().to_owned();
    let token_shown = format!("{token:?}");
    assert!(!token_shown.contains(&verifier), "{token_shown}");
    assert!(!token_shown.contains("secret-code-value"), "{token_shown}");
    assert!(
        token_shown.starts_with("TokenRequest")
            && token_shown.contains("CodeVerifier(<redacted>)")
            && token_shown.contains(REDIRECT),
        "{token_shown}"
    );
}

#[test]
#[cfg(feature = "std")]
fn os_random_records_have_the_asked_verifier_length_and_fresh_secrets_rfc7636_section_4_1() {
    for len in [43, 44, 45, 46, 64, 100, 127, 128] {
        let a = PendingAuthorization::builder(REDIRECT)
            .verifier_len(len)
            .build_at(NOW)
            .unwrap();
        let b = PendingAuthorization::builder(REDIRECT)
            .verifier_len(len)
            .build_at(NOW)
            .unwrap();
        assert_ne!(a.state().secret(), b.state().secret(), "length {len}");
        let state = state_of(&a);
        let params =
            CallbackParams::from_pairs([("state", state.as_str()), ("code", "c")]).unwrap();
        let challenge = a.authorization_request().code_challenge().to_owned();
        let token = a.validate_callback_at(&params, NOW).unwrap();
        let verifier = token.code_verifier();
        assert_eq!(verifier.secret().len(), len);
        assert_eq!(verifier.challenge().as_str(), challenge, "length {len}");
        // The state is not the start of the verifier, drawn from the same read.
        assert!(!verifier.secret().contains(&state[..8]), "length {len}");
    }
}

#[test]
#[cfg(feature = "std")]
#[cfg_attr(miri, ignore = "Miri's isolation has no system clock")]
fn a_store_checks_a_response_by_the_system_clock_too() {
    let mut store = PendingAuthorizations::<2>::new();
    let record = PendingAuthorization::builder(REDIRECT).build().unwrap();
    let state = state_of(&record);
    assert!(store.insert(record).is_none());
    let empty = CallbackParams::from_pairs([("state", ""), ("code", "c")]).unwrap();
    assert_eq!(
        store.validate_callback(&empty).unwrap_err(),
        Error::MissingState
    );
    let params = CallbackParams::from_pairs([("state", state.as_str()), ("code", "c")]).unwrap();
    assert_eq!(store.validate_callback(&params).unwrap().code(), "c");
    assert!(store.is_empty());
}
