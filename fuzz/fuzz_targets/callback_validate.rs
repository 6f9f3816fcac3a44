//! Callback validation on arbitrary responses: `CallbackParams::from_pairs`
//! on arbitrary pairs, then `PendingAuthorization::validate_callback_at`
//! held to the documented order (state, iss, expiry, error, code; RFC 6749
//! §4.1.2, §4.1.2.1, §10.12; RFC 9207 §2.4), a response without the
//! record's `state` leaving it usable and one with it spending it; and a
//! stored record read back
//! from arbitrary JSON: refused or valid, never a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth_pkce::client::{CallbackParams, Error, PendingAuthorization};
use oauth_pkce_test_support::model::error_response_model;
use oauth_pkce_test_support::rng::Replay;

const ISSUER: &str = "https://auth.example.com";
const NOW: u64 = 1_700_000_000;

/// The input, as text so that seeds can be written by hand:
///
/// ```text
/// <iss mode> <lifetime> <seconds after> <own state: 0 or 1> <clock back: 0 or 1>
/// <the response query: name=value&name=value, taken as decoded>
/// <a stored record, JSON>
/// ```
///
/// The record's verifier and `state` are made from the input's bytes.
struct Input<'a> {
    /// 0: no issuer, 1: checked, otherwise required.
    iss_mode: u8,
    /// 1 to 65,535 seconds, within the record's bound of a day.
    lifetime: u16,
    after: u32,
    /// Whether the response is checked `after` seconds before the record
    /// was made rather than after: a clock set back.
    clock_back: bool,
    /// Whether the response also carries the record's own `state`, so that
    /// the checks after it are reached.
    own_state: bool,
    pairs: Vec<(&'a str, &'a str)>,
    stored: &'a str,
}

impl<'a> Input<'a> {
    fn parse(text: &'a str) -> Self {
        let mut lines = text.splitn(3, '\n');
        let mut header = lines.next().unwrap_or("").split(' ');
        let mut number = || {
            header
                .next()
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(0)
        };
        let (iss_mode, lifetime, after, own) = (number(), number(), number(), number());
        let clock_back = number() == 1;
        let pairs = lines
            .next()
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| p.split_once('=').unwrap_or((p, "")))
            .collect();
        Self {
            iss_mode: iss_mode as u8,
            lifetime: (lifetime as u16).max(1),
            after: after as u32,
            clock_back,
            own_state: own == 1,
            pairs,
            stored: lines.next().unwrap_or(""),
        }
    }
}

/// A value that is present and not empty (RFC 6749 §3.1).
fn present(v: Option<&str>) -> Option<&str> {
    v.filter(|s| !s.is_empty())
}

/// The rules, in the documented order, written out again.
fn model(p: &CallbackParams<'_>, own: &str, iss_mode: u8, input: &Input<'_>) -> Result<(), Error> {
    match present(p.state()) {
        None => return Err(Error::MissingState),
        Some(s) if s != own => return Err(Error::StateMismatch),
        Some(_) => {}
    }
    if iss_mode > 0 {
        match present(p.iss()) {
            Some(i) if i != ISSUER => return Err(Error::IssuerMismatch),
            None if iss_mode > 1 => return Err(Error::MissingIssuer),
            _ => {}
        }
    }
    if input.clock_back {
        return Err(Error::CheckedBeforeIssued);
    }
    if input.after >= u32::from(input.lifetime) {
        return Err(Error::AuthorizationExpired);
    }
    if let Some(e) = present(p.error()) {
        return Err(error_response_model(e));
    }
    present(p.code()).map(|_| ()).ok_or(Error::MissingCode)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let input = Input::parse(&text);
    let mut rng = Replay::new(data);
    let builder = PendingAuthorization::builder("http://127.0.0.1:8400/callback")
        .lifetime_secs(u64::from(input.lifetime));
    let builder = match input.iss_mode {
        0 => builder,
        1 => builder.issuer(ISSUER),
        _ => builder.issuer_requiring_iss(ISSUER),
    };
    let mut pending = builder.build_with(NOW, &mut rng).expect("valid settings");
    let own = pending.state().secret().to_owned();

    let mut pairs = input.pairs.clone();
    if input.own_state {
        pairs.push(("state", own.as_str()));
    }
    let known = CallbackParams::PARAMETERS;
    // The first known parameter to come a second time is the one named.
    let repeated = pairs.iter().enumerate().find_map(|(i, (name, _))| {
        known
            .iter()
            .copied()
            .find(|k| k == name && pairs[..i].iter().any(|(n, _)| n == k))
    });
    let params = match CallbackParams::from_pairs(pairs.iter().copied()) {
        Ok(params) => {
            assert!(repeated.is_none(), "{pairs:?}");
            params
        }
        Err(e) => {
            let name = repeated.expect("refused only for a repeated parameter");
            assert_eq!(e, Error::RepeatedParameter { name }, "{pairs:?}");
            return;
        }
    };
    let at = if input.clock_back {
        // Any time before the record was made, as far back as the epoch.
        NOW.saturating_sub(1 + u64::from(input.after))
    } else {
        NOW + u64::from(input.after)
    };
    let want = model(&params, &own, input.iss_mode, &input);
    let got = pending.validate_callback_at(&params, at);
    match (&got, &want) {
        (Ok(token), Ok(())) => {
            assert_eq!(Some(token.code()), params.code());
            assert_eq!(token.form()[3].1.len(), 43);
        }
        (Err(e), Err(w)) => {
            assert_eq!(e, w);
            // No message carries the secret `state`.
            let shown = format!("{e} {e:?} {}", e.kind());
            assert!(!shown.contains(&own));
        }
        _ => panic!("got {:?}, want {want:?}", got.map(|t| t.code().to_owned())),
    }
    drop(got);
    // Only the right `state` ends the record (RFC 6749 §10.12).
    let again = CallbackParams::from_pairs([("state", own.as_str()), ("code", "c")])
        .expect("no parameter repeated");
    if matches!(want, Err(Error::MissingState | Error::StateMismatch)) {
        assert!(
            pending.state().matches(&own),
            "a forged response left it usable"
        );
    } else {
        assert!(!pending.state().matches(&own), "spent: its state is wiped");
        assert_eq!(
            pending.validate_callback_at(&again, at).err(),
            Some(Error::AlreadyUsed)
        );
    }

    // A stored record from arbitrary text: refused, or valid and stable.
    if let Ok(back) = serde_json::from_str::<PendingAuthorization>(input.stored) {
        let again = serde_json::to_string(&back.expose_for_storage()).expect("serializes");
        let twice: PendingAuthorization = serde_json::from_str(&again).expect("reads back");
        assert!(twice.state().matches(back.state().secret()));
        assert_eq!(twice.redirect_uri(), back.redirect_uri());
        assert_eq!(twice.issuer(), back.issuer());
        assert_eq!(twice.expires_at(), back.expires_at());
    }
});
