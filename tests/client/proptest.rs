//! Property tests of the client flow against a model written from the RFCs:
//! callback validation (RFC 6749 §4.1.2, §4.1.2.1, §10.12; RFC 9207 §2.4)
//! in the documented order, a record spent only by its own `state`, the
//! collection of response parameters (§3.1) from pairs and from the raw
//! query, and `state`, which only its own value matches.

use crate::support::model::{REGISTERED_CODES, error_response_model};
use oauth_pkce::client::{CallbackParams, Error, PendingAuthorization, State};
use oauth_pkce::rand::{SeedableRng, rngs::StdRng};
use proptest::prelude::*;

const NOW: u64 = 1_700_000_000;
const ISSUER: &str = "https://auth.example.com";

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: if cfg!(miri) { 8 } else { 512 },
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// What the response carries for `state`.
#[derive(Debug, Clone)]
enum StateIs {
    Own,
    Other(String),
    Absent,
}

/// A response drawn from the values that matter to each check.
#[derive(Debug, Clone)]
struct Response {
    state: StateIs,
    iss: Option<String>,
    error: Option<String>,
    code: Option<String>,
    /// Seconds after the record was made.
    after: u64,
    /// Checked `after` + 1 seconds before the record was made instead: a
    /// clock set back.
    back: bool,
    /// 0: no issuer expected, 1: checked, 2: required.
    iss_mode: u8,
}

fn value() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some(String::new())),
        "[ -~]{1,12}".prop_map(Some),
    ]
}

fn response() -> impl Strategy<Value = Response> {
    (
        prop_oneof![
            3 => Just(StateIs::Own),
            1 => Just(StateIs::Absent),
            1 => "[A-Za-z0-9_-]{0,50}".prop_map(StateIs::Other),
        ],
        prop_oneof![value(), Just(Some(ISSUER.to_owned()))],
        prop_oneof![
            2 => Just(None),
            1 => proptest::sample::select(&REGISTERED_CODES[..]).prop_map(|(s, _)| Some(s.to_owned())),
            1 => value(),
        ],
        value(),
        prop_oneof![0u64..600, 590u64..700, Just(u64::MAX - NOW)],
        0u8..3,
        proptest::bool::weighted(0.1),
    )
        .prop_map(
            |(state, iss, error, code, after, iss_mode, back)| Response {
                state,
                iss,
                error,
                code,
                after: if back { after.min(NOW - 1) } else { after },
                iss_mode,
                back,
            },
        )
}

fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.is_empty())
}

/// The rules, in the documented order, written out again.
fn model(r: &Response, own: &str) -> Result<String, Error> {
    let state = match &r.state {
        StateIs::Own => Some(own),
        StateIs::Other(s) => Some(s.as_str()),
        StateIs::Absent => None,
    };
    match state.filter(|s| !s.is_empty()) {
        None => return Err(Error::MissingState),
        Some(s) if s != own => return Err(Error::StateMismatch),
        Some(_) => {}
    }
    if r.iss_mode > 0 {
        match present(&r.iss) {
            Some(i) if i != ISSUER => return Err(Error::IssuerMismatch),
            None if r.iss_mode == 2 => return Err(Error::MissingIssuer),
            _ => {}
        }
    }
    if r.back {
        return Err(Error::CheckedBeforeIssued);
    }
    if r.after >= 600 {
        return Err(Error::AuthorizationExpired);
    }
    if let Some(e) = present(&r.error) {
        return Err(error_response_model(e));
    }
    present(&r.code)
        .map(str::to_owned)
        .ok_or(Error::MissingCode)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn callback_validation_follows_the_model(r in response(), seed in any::<u64>()) {
        let mut rng = StdRng::seed_from_u64(seed);
        let builder = PendingAuthorization::builder("https://app.example/cb");
        let builder = match r.iss_mode {
            0 => builder,
            1 => builder.issuer(ISSUER),
            _ => builder.issuer_requiring_iss(ISSUER),
        };
        let mut pending = builder.build_with(NOW, &mut rng).unwrap();
        let own = pending.state().secret().to_owned();
        let state = match &r.state {
            StateIs::Own => Some(own.as_str()),
            StateIs::Other(s) => Some(s.as_str()),
            StateIs::Absent => None,
        };
        let params = CallbackParams::from_pairs(
            [
                ("state", state),
                ("code", r.code.as_deref()),
                ("error", r.error.as_deref()),
                ("error_description", Some("text")),
                ("iss", r.iss.as_deref()),
            ]
            .into_iter()
            .filter_map(|(name, value)| value.map(|v| (name, v))),
        )
        .unwrap();
        let at = if r.back { NOW - 1 - r.after } else { NOW + r.after };
        let got = pending
            .validate_callback_at(&params, at)
            .map(|t| t.code().to_owned());
        let want = model(&r, &own);
        prop_assert_eq!(&got, &want);
        // Only the right `state` ends the record (RFC 6749 §10.12).
        let again = [("state", own.as_str()), ("code", "c"), ("iss", ISSUER)];
        let again = CallbackParams::from_pairs(again).unwrap();
        let second = pending.validate_callback_at(&again, NOW + 1).map(|_| ());
        match want {
            Err(Error::MissingState | Error::StateMismatch) => prop_assert_eq!(second, Ok(())),
            _ => prop_assert_eq!(second, Err(Error::AlreadyUsed)),
        }
    }

    /// RFC 6749 §3.1 and the WHATWG urlencoded parser: whatever the
    /// server percent-encodes, and however, `from_query` reads the raw
    /// query to the same parameters as the decoded pairs, repeated ones
    /// (names encoded too) included.
    #[test]
    fn from_query_reads_what_the_decoded_pairs_say(
        pairs in proptest::collection::vec(
            (
                proptest::sample::select(&["state", "code", "error", "error_description", "error_uri", "iss", "scope"][..]),
                "\\PC{0,6}",
                any::<bool>(),
                any::<bool>(),
            ),
            0..7,
        )
    ) {
        // One of two encodings per name and per value: the url crate's
        // (spaces as `+`, unreserved characters as they are) or every byte
        // as `%XX`.
        let encode = |text: &str, every_byte: bool| -> String {
            if every_byte {
                text.bytes().map(|b| format!("%{b:02x}")).collect()
            } else {
                url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
            }
        };
        let query: Vec<String> = pairs
            .iter()
            .map(|(k, v, ek, ev)| format!("{}={}", encode(k, *ek), encode(v, *ev)))
            .collect();
        let query = query.join("&");
        let decoded: Vec<(&str, &str)> = pairs.iter().map(|(k, v, _, _)| (*k, v.as_str())).collect();
        let want = CallbackParams::from_pairs(decoded.iter().copied());
        let got = CallbackParams::from_query(&query);
        prop_assert_eq!(got, want, "{}", query);
    }

    #[test]
    fn only_its_own_value_matches_a_state(seed in any::<u64>(), other in "[ -~]{0,60}", i in 0usize..43, c in any::<u8>()) {
        let state = State::generate_with(&mut StdRng::seed_from_u64(seed));
        let own = state.secret().to_owned();
        prop_assert!(state.matches(&own));
        prop_assert_eq!(state.matches(&other), other == own);
        let mut bytes = own.clone().into_bytes();
        bytes[i] = c & 0x7f;
        let mutated = String::from_utf8(bytes).unwrap();
        prop_assert_eq!(state.matches(&mutated), mutated == own);
    }

    #[test]
    fn response_parameters_are_collected_once_each(
        pairs in proptest::collection::vec(
            (proptest::sample::select(&["state", "code", "error", "error_description", "error_uri", "iss", "scope", "session_state"][..]), "[a-z]{0,4}"),
            0..8,
        )
    ) {
        let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let got = CallbackParams::from_pairs(borrowed.iter().copied());
        let known = ["state", "code", "error", "error_description", "error_uri", "iss"];
        // The first known parameter to come a second time is the one named.
        let repeated = borrowed.iter().enumerate().find_map(|(i, (name, _))| {
            let again = known.contains(name) && borrowed[..i].iter().any(|(n, _)| n == name);
            again.then_some(*name)
        });
        if let Some(name) = repeated {
            prop_assert_eq!(got, Err(Error::RepeatedParameter { name }));
        } else {
            let got = got.unwrap();
            let find = |k: &str| borrowed.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
            prop_assert_eq!(got.state(), find("state"));
            prop_assert_eq!(got.code(), find("code"));
            prop_assert_eq!(got.error(), find("error"));
            prop_assert_eq!(got.error_description(), find("error_description"));
            prop_assert_eq!(got.error_uri(), find("error_uri"));
            prop_assert_eq!(got.iss(), find("iss"));
        }
    }
}
