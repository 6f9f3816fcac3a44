//! An OAuth 2.0 authorization server with PKCE on axum, for demos, the
//! audit tool and CI: auto-approving, two clients, its codes in SQLite or
//! in a PostgreSQL that several instances share.
//!
//! ```text
//! oauth-pkce-example-server --addr 127.0.0.1:0 --policy <strict|rfc7636|oauth21|fapi2>
//!     [--store sqlite:PATH | --store postgres:URL] [--code-lifetime SECS]
//!     [--constant-challenges refuse|report]
//! ```
//!
//! Prints exactly one line to stdout when ready, `listening
//! http://127.0.0.1:PORT`; refusals are logged to stderr, one `tracing`
//! event each. README.md says more.

mod http;
mod oauth_error;
mod server;
mod store;

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use std::sync::Mutex;

use oauth_pkce::server::{OnRepeat, Policy, Profile, RefusalCounts};

use crate::server::{AuthorizationServer, Detector};
use crate::store::{Store, StoreSpec};

/// Any failure of the plumbing.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// FAPI 2.0 Security Profile §5.3.2.1: "shall issue authorization codes
/// with a maximum lifetime of 60 seconds". The default for every policy.
const DEFAULT_CODE_LIFETIME: u64 = 60;

const USAGE: &str = "usage: oauth-pkce-example-server --addr 127.0.0.1:0 \
--policy <strict|rfc7636|oauth21|fapi2> [--store sqlite:PATH | --store postgres:URL] \
[--code-lifetime SECS] [--constant-challenges refuse|report]";

/// The command line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Options {
    addr: String,
    policy_name: String,
    policy: Policy,
    store: StoreSpec,
    code_lifetime: u64,
    on_repeat: OnRepeat,
}

/// The policy of each `--policy` name, and the longest code lifetime it
/// allows: `strict` is `Policy::strict()` (PKCE from every client, S256
/// only) under RFC 6749 §4.1.2's ten minutes; the others are the crate's
/// profiles of the same name.
fn policy(name: &str) -> Option<(Policy, u64)> {
    if name == "strict" {
        return Some((Policy::strict(), Profile::OAuth21.max_code_lifetime_secs()));
    }
    let profile: Profile = name.parse().ok().filter(|p| *p != Profile::Rfc9700)?;
    Some((profile.policy(), profile.max_code_lifetime_secs()))
}

fn parse_options(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut addr = None;
    let mut policy_name = None;
    let mut store = None;
    let mut code_lifetime = None;
    let mut on_repeat = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let slot = match arg.as_str() {
            "--addr" => &mut addr,
            "--policy" => &mut policy_name,
            "--store" => &mut store,
            "--code-lifetime" => &mut code_lifetime,
            "--constant-challenges" => &mut on_repeat,
            _ => return Err(format!("unknown argument {arg:?}")),
        };
        let value = args.next().ok_or_else(|| format!("{arg} needs a value"))?;
        if slot.replace(value).is_some() {
            return Err(format!("{arg} given twice"));
        }
    }
    let addr = addr.ok_or("--addr is required")?;
    let policy_name = policy_name.ok_or("--policy is required")?;
    let (policy, max_lifetime) =
        policy(&policy_name).ok_or_else(|| format!("unknown policy {policy_name:?}"))?;
    let store = match store {
        None => StoreSpec::default(),
        Some(s) => StoreSpec::parse(&s).ok_or_else(|| format!("unknown store {s:?}"))?,
    };
    let code_lifetime = match code_lifetime {
        None => DEFAULT_CODE_LIFETIME,
        Some(s) => s
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=max_lifetime).contains(n))
            .ok_or_else(|| {
                format!("--code-lifetime must be 1 to {max_lifetime} seconds under {policy_name}")
            })?,
    };
    // RFC 9700 §2.1.1: refused by default; `report` only logs a repeat.
    let on_repeat = match on_repeat.as_deref() {
        None | Some("refuse") => OnRepeat::Refuse,
        Some("report") => OnRepeat::Report,
        Some(other) => return Err(format!("--constant-challenges {other:?}: refuse or report")),
    };
    Ok(Options {
        addr,
        policy_name,
        policy,
        store,
        code_lifetime,
        on_repeat,
    })
}

fn main() -> ExitCode {
    let options = match parse_options(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(e) => {
            eprintln!("{e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match serve(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("the server stopped: {e}");
            ExitCode::FAILURE
        }
    }
}

fn serve(options: Options) -> Result<(), BoxError> {
    // The crate's refusal events, one line each on stderr: stdout carries
    // the one `listening` line only.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .init();
    let detector = Detector::with_random_key(options.on_repeat)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .enable_time()
        .build()?;
    runtime.block_on(async {
        let store = Store::open(&options.store).await?;
        let listener = tokio::net::TcpListener::bind(&options.addr).await?;
        let issuer = format!("http://{}", listener.local_addr()?);
        eprintln!(
            "policy {} ({:?}), codes live {} s, constant challenges: {:?}",
            options.policy_name, options.policy, options.code_lifetime, options.on_repeat
        );
        let server = Arc::new(AuthorizationServer {
            issuer: issuer.clone(),
            policy: options.policy,
            code_lifetime: options.code_lifetime,
            store,
            detector: Mutex::new(detector),
            counts: RefusalCounts::new(),
        });
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "listening {issuer}")?;
        stdout.flush()?;
        drop(stdout);
        axum::serve(listener, http::router(server)).await?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options, String> {
        parse_options(args.iter().map(|a| (*a).to_owned()))
    }

    #[test]
    fn the_command_line_contract() {
        let o = parse(&["--addr", "127.0.0.1:0", "--policy", "rfc7636"]).unwrap();
        assert_eq!(o.policy, Policy::rfc7636());
        assert_eq!(o.store, StoreSpec::default());
        assert_eq!(o.code_lifetime, 60);
        let o = parse(&[
            "--addr",
            "127.0.0.1:0",
            "--policy",
            "strict",
            "--store",
            "sqlite:/tmp/a.db",
            "--code-lifetime",
            "30",
        ])
        .unwrap();
        assert_eq!(o.store, StoreSpec::Sqlite("/tmp/a.db".into()));
        assert_eq!(o.code_lifetime, 30);
        assert_eq!(o.on_repeat, OnRepeat::Refuse);
        let repeats = |choice: &str| {
            parse(&[
                "--addr",
                "a",
                "--policy",
                "strict",
                "--constant-challenges",
                choice,
            ])
            .map(|o| o.on_repeat)
        };
        assert_eq!(repeats("report"), Ok(OnRepeat::Report));
        assert_eq!(repeats("refuse"), Ok(OnRepeat::Refuse));
        assert!(repeats("x").is_err());
        for name in ["strict", "oauth21", "fapi2"] {
            assert_eq!(
                parse(&["--addr", "a", "--policy", name]).unwrap().policy,
                Policy::strict()
            );
        }
        assert!(parse(&["--addr", "a", "--policy", "lax"]).is_err());
        assert!(parse(&["--policy", "strict"]).is_err());
        assert!(parse(&["--addr", "a", "--policy", "strict", "--code-lifetime", "0"]).is_err());
        assert!(parse(&["--addr", "a", "--policy", "strict", "--policy", "strict"]).is_err());
    }

    /// FAPI 2.0 Security Profile §5.3.2.1: codes of at most 60 seconds.
    #[test]
    fn fapi2_refuses_a_longer_code_lifetime() {
        assert!(parse(&["--addr", "a", "--policy", "fapi2", "--code-lifetime", "61"]).is_err());
        assert!(parse(&["--addr", "a", "--policy", "strict", "--code-lifetime", "61"]).is_ok());
    }
}
