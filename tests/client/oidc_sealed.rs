//! A sign-in against node's `oidc-provider` kept across a restart in a
//! sealed record (feature `seal`): part 1, in one process, reads the
//! provider's metadata, makes the record, sends the authorization request
//! and seals the record into a file along with the redirect that came
//! back; part 2, a second `cargo test` process, finds tampered, truncated,
//! rebound and wrong-key seals refused, opens the genuine one, ignores a
//! forged callback and redeems the code with the verifier that never left
//! the seal (RFC 7636 §4.5, RFC 6749 §10.12).
//!
//! `.ci/oidc-provider.sh` runs part 1 then part 2, each with `--ignored`,
//! with the 32-byte key in `OIDC_SEAL_KEY` (hex) and the file in
//! `OIDC_SEAL_FILE`.
#![cfg(all(feature = "std", feature = "serde", feature = "seal"))]

use oauth_pkce::client::{
    CallbackParams, Error, SealError, SealingKey, SealingKeys, ServerMetadata,
};
use url::Url;

use crate::oidc_provider::{Provider, browse, env, params};

/// The user's session the seal is bound to (its associated data).
const SESSION: &[u8] = b"session-8d3f";

fn key() -> SealingKey {
    let hex = env("OIDC_SEAL_KEY");
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    SealingKey::from_bytes(1, &bytes.try_into().expect("32 bytes of key"))
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[test]
#[ignore = "needs node oidc-provider running: bash .ci/oidc-provider.sh"]
fn part_1_seals_the_record_after_the_authorization_request() {
    let mut provider = Provider::from_env();
    let discovery = format!("{}/.well-known/openid-configuration", provider.issuer);
    let body = provider
        .http
        .get(&discovery)
        .call()
        .unwrap()
        .into_body()
        .read_to_string()
        .unwrap();
    let server = serde_json::from_str::<ServerMetadata>(&body)
        .unwrap()
        .check(&provider.issuer)
        .unwrap();
    let pending = server
        .pending_authorization(&provider.redirect_uri)
        .build()
        .unwrap();
    let url = server
        .authorization_url(&pending, &provider.client_id)
        .scope("openid")
        .to_url_string();
    let sealed = SealingKeys::new(&key())
        .seal(&pending, SESSION, now())
        .unwrap();
    let callback = browse(&mut provider, &url);
    std::fs::write(
        env("OIDC_SEAL_FILE"),
        format!("{}\n{callback}\n", sealed.as_str()),
    )
    .unwrap();
}

#[test]
#[ignore = "needs node oidc-provider running: bash .ci/oidc-provider.sh"]
fn part_2_opens_the_seal_in_another_process_and_completes_the_flow() {
    let provider = Provider::from_env();
    let file = std::fs::read_to_string(env("OIDC_SEAL_FILE"))
        .expect("part 1 ran first, in another process");
    let (sealed, callback) = file.trim_end().split_once('\n').unwrap();
    let callback = Url::parse(callback).unwrap();
    let key = key();
    let keys = SealingKeys::new(&key);
    let now = now();

    // Tampered anywhere, truncated, for another session or under another
    // key: one refusal, saying nothing of the value.
    let mut tampered = sealed.as_bytes().to_vec();
    let middle = tampered.len() / 2;
    tampered[middle] = if tampered[middle] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    let other_key = SealingKey::from_bytes(1, &[7; 32]);
    for (what, result) in [
        ("tampered", keys.open(&tampered, SESSION, now)),
        (
            "truncated",
            keys.open(&sealed[..sealed.len() - 1], SESSION, now),
        ),
        ("another session", keys.open(sealed, b"session-other", now)),
        (
            "another key",
            SealingKeys::new(&other_key).open(sealed, SESSION, now),
        ),
    ] {
        let err = result.unwrap_err();
        assert_eq!(err, SealError::Refused, "{what}");
        assert!(!err.to_string().contains(&sealed[..16]), "{what}");
    }

    let mut pending = keys.open(sealed, SESSION, now).unwrap();
    // A forged callback first: refused, the record kept (RFC 8252 §8.3).
    let forged = CallbackParams::from_query("code=forged&state=x").unwrap();
    assert_eq!(
        pending.validate_callback(&forged).unwrap_err(),
        Error::StateMismatch
    );
    let params = params(&callback);
    let token = pending.validate_callback(&params).unwrap();
    let (status, body) = provider.token(&token.form());
    assert_eq!(status, 200, "{body}");
    assert!(body["access_token"].as_str().is_some_and(|t| !t.is_empty()));
}
