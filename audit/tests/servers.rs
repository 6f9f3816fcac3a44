//! The audit against real servers that `.ci/audit.sh` starts: node
//! oidc-provider configured strictly, servers on Authlib and on oauthlib,
//! and the crate's example server under each policy. Every check's verdict is asserted,
//! and the audit's whole output is searched for the codes and challenges
//! the scripted browser saw (`.ci/audit/browser.py --capture`).
//!
//! Each server's address comes from an environment variable. Without it
//! the test prints SKIP, or fails under `CI=true`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Every check id, in report order, each expected to pass unless a
/// server's table says otherwise.
const CHECKS: [&str; 29] = [
    "metadata.methods_published",
    "metadata.s256_listed",
    "metadata.plain_not_listed",
    "metadata.iss_advertised",
    "authz.s256",
    "authz.no_challenge",
    "authz.plain",
    "authz.missing_method",
    "authz.method_case",
    "authz.unknown_method",
    "authz.challenge_42",
    "authz.challenge_129",
    "authz.padded_challenge",
    "authz.refusal_error_code",
    "authz.iss_success",
    "authz.iss_error",
    "token.s256",
    "token.no_verifier",
    "token.wrong_verifier",
    "token.verifier_42",
    "token.verifier_129",
    "token.challenge_as_verifier",
    "token.downgrade",
    "token.no_pkce",
    "token.reuse_after_failure",
    "token.redeemed_reuse",
    "token.success_no_store",
    "token.refusal_error_code",
    "token.refusal_no_store",
];

/// The server under `var`, or `None` after printing SKIP (a failure under
/// `CI=true`, where a check that cannot run fails).
fn server(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(v) if !v.is_empty() => Some(v),
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("{var} is not set: .ci/audit.sh starts the servers (CI=true: cannot skip)")
        }
        _ => {
            eprintln!("SKIP: {var} is not set (run .ci/audit.sh)");
            None
        }
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// One audit run's parsed JSON and raw output.
struct Run {
    verdicts: BTreeMap<String, String>,
    json: serde_json::Value,
    exit: i32,
}

/// Runs the audit with the scripted browser, and checks that nothing it
/// printed holds a code or challenge the browser saw, nor any long run of
/// the verifier alphabet (a verifier is 43 to 128 such characters; the
/// browser never sees one, so this is what catches a printed verifier).
fn audit(issuer: &str, client: &[&str]) -> Run {
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let n = RUNS.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("audit-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (jar, capture) = (dir.join("jar"), dir.join("capture"));
    let _ = std::fs::remove_file(&jar);
    let _ = std::fs::remove_file(&capture);
    let browser = format!(
        "python3 {} --jar {} --capture {}",
        repo_root().join(".ci/audit/browser.py").display(),
        jar.display(),
        capture.display()
    );
    let out = Command::new(env!("CARGO_BIN_EXE_oauth-pkce-audit"))
        .args([
            "--issuer",
            issuer,
            "--json",
            "--timeout",
            "20",
            "--browser-cmd",
            &browser,
        ])
        .args(client)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let exit = out.status.code().unwrap();
    assert!(
        exit == 0 || exit == 1,
        "the audit could not run ({exit}):\n{stderr}"
    );

    let seen = std::fs::read_to_string(&capture).unwrap_or_default();
    let seen: Vec<&str> = seen.lines().filter(|l| l.len() >= 16).collect();
    assert!(
        seen.len() >= 10,
        "the browser captured {} values: fewer than the audit sent",
        seen.len()
    );
    for value in &seen {
        assert!(
            !stdout.contains(value) && !stderr.contains(value),
            "a code or challenge was printed"
        );
    }
    for text in [&stdout, &stderr] {
        // Field names such as authorization_response_iss_parameter_supported
        // are long runs too, but of lowercase letters and `_` alone; a
        // random verifier of 42 or more characters has an uppercase letter
        // or a digit but for a chance of (28/66)^42, below 10^-15.
        let longest = text
            .split(|c: char| !(c.is_ascii_alphanumeric() || "-._~".contains(c)))
            .filter(|run| {
                run.bytes()
                    .any(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            })
            .map(str::len)
            .max()
            .unwrap_or(0);
        assert!(
            longest < 42,
            "a run of {longest} verifier characters in the output"
        );
    }

    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let verdicts = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                c["verdict"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    Run {
        verdicts,
        json,
        exit,
    }
}

/// Asserts every check's verdict: `pass` unless `expected` names it.
fn assert_verdicts(run: &Run, expected: &[(&str, &str)]) {
    let mut want: BTreeMap<String, String> = CHECKS
        .iter()
        .map(|id| ((*id).to_owned(), "pass".to_owned()))
        .collect();
    for (id, v) in expected {
        assert!(
            want.insert((*id).to_owned(), (*v).to_owned()).is_some(),
            "unknown check {id}"
        );
    }
    assert_eq!(run.verdicts, want, "{:#}", run.json);
    let fails = want.values().filter(|v| *v == "fail").count();
    assert_eq!(
        run.exit,
        i32::from(fails > 0),
        "exit status 1 exactly when a check fails"
    );
    for c in run.json["checks"].as_array().unwrap() {
        assert!(c["clause"].as_str().unwrap().starts_with("RFC "), "{c}");
    }
}

/// node oidc-provider, PKCE required, S256 only, `iss` on: no failure.
/// Its two warnings are its design: a code survives a failed PKCE check
/// (lib/actions/grants/authorization_code.js consumes it only after the
/// check passes), and a verifier of the wrong length is `invalid_request`
/// (lib/helpers/pkce.js checks its format, pkce_format.js, before comparing). Nothing is
/// issued without a challenge, so what needs such a code is skipped.
const OIDC_PROVIDER: [(&str, &str); 4] = [
    ("token.downgrade", "skip"),
    ("token.no_pkce", "skip"),
    ("token.reuse_after_failure", "warn"),
    ("token.refusal_error_code", "warn"),
];

#[test]
fn oidc_provider_public() {
    let Some(issuer) = server("AUDIT_OIDC_PROVIDER_ISSUER") else {
        return;
    };
    let run = audit(
        &issuer,
        &["--client-id", "audit-public", "--scope", "openid"],
    );
    assert_eq!(run.json["client_type"], "public");
    assert_verdicts(&run, &OIDC_PROVIDER);
}

#[test]
fn oidc_provider_confidential() {
    let Some(issuer) = server("AUDIT_OIDC_PROVIDER_ISSUER") else {
        return;
    };
    for auth in ["basic", "post"] {
        let run = audit(
            &issuer,
            &confidential(
                "audit-confidential",
                "audit-secret",
                auth,
                &["--scope", "openid"],
            ),
        );
        assert_eq!(run.json["client_type"], "confidential");
        assert_verdicts(&run, &OIDC_PROVIDER);
    }
}

/// The flags of a confidential client authenticating with `auth`.
fn confidential<'a>(id: &'a str, secret: &'a str, auth: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "--client-id",
        id,
        "--client-secret",
        secret,
        "--client-auth",
        auth,
    ];
    args.extend_from_slice(more);
    args
}

/// Authlib 1.9.10 (`.ci/audit/requirements.txt`), as its source decides:
/// - authlib/oauth2/rfc7636/challenge.py: `SUPPORTED_CODE_CHALLENGE_METHOD
///   = ["plain", "S256"]` (plain listed and accepted),
///   `DEFAULT_CODE_CHALLENGE_METHOD = "plain"` (a challenge without a
///   method accepted), `validate_code_challenge` returns early without a
///   challenge (accepted at the authorization endpoint), and
///   `validate_code_verifier` raises `InvalidRequestError` for a missing,
///   malformed or downgraded verifier (`invalid_request`, not
///   `invalid_grant`); `CodeChallenge(required=True)` requires a verifier
///   only when `request.auth_method == "none"`, so a confidential client's
///   code issued without a challenge is redeemed without PKCE.
/// - authlib/oauth2/rfc6749/grants/authorization_code.py: the code is
///   deleted in `create_token_response`, after the checks pass, so it
///   survives a failed attempt.
/// - The server answers a refused authorization request with an error page
///   (`.ci/audit/authlib_server.py`), so no error redirect to judge.
const AUTHLIB: [(&str, &str); 8] = [
    ("metadata.plain_not_listed", "warn"),
    ("authz.no_challenge", "warn"),
    ("authz.plain", "warn"),
    ("authz.missing_method", "warn"),
    ("authz.refusal_error_code", "skip"),
    ("authz.iss_error", "skip"),
    ("token.reuse_after_failure", "warn"),
    ("token.refusal_error_code", "warn"),
];

#[test]
fn authlib_public() {
    let Some(issuer) = server("AUDIT_AUTHLIB_ISSUER") else {
        return;
    };
    let run = audit(&issuer, &["--client-id", "audit-public"]);
    assert_verdicts(&run, &AUTHLIB);
}

#[test]
fn authlib_confidential() {
    let Some(issuer) = server("AUDIT_AUTHLIB_ISSUER") else {
        return;
    };
    let mut expected = AUTHLIB.to_vec();
    expected.push(("token.no_pkce", "warn"));
    for auth in ["basic", "post"] {
        let run = audit(
            &issuer,
            &confidential("audit-confidential", "audit-secret", auth, &[]),
        );
        assert_verdicts(&run, &expected);
    }
}

/// oauthlib 4.0.1 (`.ci/audit/requirements.txt`), as its source decides
/// (oauthlib/oauth2/rfc6749/grant_types/authorization_code.py):
/// - `_code_challenge_methods` holds `plain` and `S256`, and the method
///   defaults to `"plain"` when absent; the challenge's syntax is never
///   checked (42, 129 characters and padding accepted).
/// - `validate_token_request` never checks the verifier's syntax: a
///   42-character verifier whose S256 challenge was sent gets a token
///   (RFC 7636 §4.1), as a 129-character one does.
/// - With no stored challenge and `is_pkce_required` false (the
///   confidential client here), the verifier is ignored: the downgrade
///   RFC 9700 §4.8.2 forbids, and a code redeemed without PKCE.
/// - `MissingCodeVerifierError` is an `InvalidRequestError`; the code is
///   invalidated in `create_token_response` only after the checks pass.
/// - No `iss` (RFC 9207) in responses or metadata.
const OAUTHLIB: [(&str, &str); 15] = [
    ("metadata.plain_not_listed", "warn"),
    ("metadata.iss_advertised", "warn"),
    ("authz.plain", "warn"),
    ("authz.missing_method", "warn"),
    ("authz.challenge_42", "warn"),
    ("authz.challenge_129", "warn"),
    ("authz.padded_challenge", "warn"),
    ("authz.iss_success", "warn"),
    ("authz.iss_error", "warn"),
    ("token.verifier_42", "fail"),
    ("token.verifier_129", "warn"),
    ("token.downgrade", "skip"),
    ("token.no_pkce", "skip"),
    ("token.reuse_after_failure", "warn"),
    ("token.refusal_error_code", "warn"),
];

#[test]
fn oauthlib_public() {
    let Some(issuer) = server("AUDIT_OAUTHLIB_ISSUER") else {
        return;
    };
    let run = audit(&issuer, &["--client-id", "audit-public"]);
    assert_verdicts(&run, &OAUTHLIB);
}

#[test]
fn oauthlib_confidential() {
    let Some(issuer) = server("AUDIT_OAUTHLIB_ISSUER") else {
        return;
    };
    // Its codes issued without a challenge are what the public client's
    // two skips lacked.
    let mut expected: Vec<_> = OAUTHLIB
        .iter()
        .filter(|(_, v)| *v != "skip")
        .copied()
        .collect();
    expected.extend([
        ("authz.no_challenge", "warn"),
        ("token.downgrade", "fail"),
        ("token.no_pkce", "warn"),
    ]);
    for auth in ["basic", "post"] {
        let run = audit(
            &issuer,
            &confidential("audit-confidential", "audit-secret", auth, &[]),
        );
        assert_verdicts(&run, &expected);
    }
}

/// The crate's example server (`oauth-pkce-example-server`), one instance
/// per policy, when `.ci/audit.sh` switches it on (`AUDIT_EXAMPLE_SERVER`).
/// Its clients: `demo-public`, and `demo-confidential` with `demo-secret`.
fn example_server(policy: &str) -> Option<String> {
    if std::env::var("AUDIT_EXAMPLE_SERVER").as_deref() != Ok("on") {
        eprintln!(
            "SKIP: the example server is switched off (AUDIT_EXAMPLE_SERVER in .ci/audit.sh)"
        );
        return None;
    }
    server(&format!("AUDIT_EXAMPLE_SERVER_{}", policy.to_uppercase()))
}

/// Exactly the findings each policy implies. `strict` (and `oauth21` and
/// `fapi2`, which the example server maps to it: PKCE for every client,
/// S256 only) refuses everything, with `invalid_grant` at the token
/// endpoint and the code taken on its first presentation; nothing is
/// issued without a challenge, so what needs such a code is skipped.
/// `rfc7636` is RFC 7636 as written: PKCE optional (a code without a
/// challenge is redeemable without PKCE: a failure for a public client,
/// a warning for a confidential one), `plain` accepted and listed, an
/// absent method meaning plain; downgrades still refused.
fn example_expected(policy: &str, confidential: bool) -> Vec<(&'static str, &'static str)> {
    match policy {
        "rfc7636" => vec![
            ("metadata.plain_not_listed", "warn"),
            ("authz.no_challenge", "warn"),
            ("authz.plain", "warn"),
            ("authz.missing_method", "warn"),
            ("token.no_pkce", if confidential { "warn" } else { "fail" }),
        ],
        _ => vec![("token.downgrade", "skip"), ("token.no_pkce", "skip")],
    }
}

#[test]
fn example_server_each_policy() {
    for policy in ["strict", "rfc7636", "oauth21", "fapi2"] {
        let Some(issuer) = example_server(policy) else {
            return;
        };
        let public = audit(&issuer, &["--client-id", "demo-public"]);
        assert_verdicts(&public, &example_expected(policy, false));
        for auth in ["basic", "post"] {
            let confidential = audit(
                &issuer,
                &[
                    "--client-id",
                    "demo-confidential",
                    "--client-secret",
                    "demo-secret",
                    "--client-auth",
                    auth,
                ],
            );
            assert_verdicts(&confidential, &example_expected(policy, true));
        }
    }
}
