//! The command line without a server: exit status 2 whenever the audit
//! cannot run, with a message that says why, and nothing on stdout.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oauth-pkce-audit"))
        .args(args)
        .output()
        .unwrap()
}

fn assert_cannot_run(out: &Output, says: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(says), "{stderr}");
    assert!(out.stdout.is_empty());
}

/// Endpoints on a closed loopback port: no metadata is read, so the first
/// thing that can fail is the authorization.
const DIRECT: [&str; 6] = [
    "--authorization-endpoint",
    "http://127.0.0.1:9/authorize",
    "--token-endpoint",
    "http://127.0.0.1:9/token",
    "--client-id",
    "c",
];

/// A usage error is exit status 2, with the usage.
#[test]
fn usage_errors() {
    assert_cannot_run(&run(&["--client-id", "c"]), "USAGE");
    assert_cannot_run(
        &run(&["--issuer", "http://as.example", "--client-id", "c"]),
        "only https",
    );
}

/// No metadata where the issuer says: exit status 2.
#[test]
fn unreachable_issuer() {
    assert_cannot_run(
        &run(&[
            "--issuer",
            "http://127.0.0.1:9",
            "--client-id",
            "c",
            "--quiet",
        ]),
        "could not run",
    );
}

/// A browser command that fails before a redirect or a page ends the run
/// as a failure of the command, not as a timeout.
#[test]
fn failing_browser_command() {
    let mut args = DIRECT.to_vec();
    args.extend(["--browser-cmd", "false", "--timeout", "60"]);
    assert_cannot_run(&run(&args), "browser command failed");
}

/// A browser command that exits 0 without delivering (a launcher) leaves
/// the audit waiting; no redirect for the well-formed request within the
/// timeout means the audit cannot run, and says what to look at.
#[test]
fn no_redirect_within_the_timeout() {
    let mut args = DIRECT.to_vec();
    args.extend(["--browser-cmd", "true", "--timeout", "1"]);
    assert_cannot_run(&run(&args), "no redirect reached http://127.0.0.1:");
}

/// `--help` and `--version` succeed.
#[test]
fn help_and_version() {
    let help = run(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("--browser-cmd CMD"));
    let version = run(&["--version"]);
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("oauth-pkce-audit "));
}
