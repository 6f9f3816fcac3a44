//! `oauth-pkce-audit`: asks a running authorization server the questions
//! `oauth_pkce`'s policies answer (RFC 7636, RFC 9700 §2.1.1 and §4.8.2,
//! RFC 9207), and reports each answer as pass, fail, warn or skip with
//! the clause it comes from. docs/AUDIT.md describes every check.
//!
//! It never prints or stores a code, verifier, challenge, `state` or
//! token; it sends requests only to the endpoints it was given or that the
//! issuer's metadata names, a bounded number, one at a time.

mod args;
mod browser;
mod checks;
mod http;
mod metadata;
mod observe;
mod probe;
mod report;
mod values;

use std::io::Write as _;
use std::process::ExitCode;

use args::{Args, Command, Format, Target};
use browser::Browser;
use checks::Verdict;
use http::{Client, ClientAuth, Http};
use observe::ClientKind;
use values::Secret;

fn main() -> ExitCode {
    let command = args::parse(std::env::args().skip(1), |name| std::env::var(name).ok());
    match command {
        Ok(Command::Help) => {
            print!("{}", args::USAGE);
            ExitCode::SUCCESS
        }
        Ok(Command::Version) => {
            println!("oauth-pkce-audit {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Ok(Command::Audit(args)) => match audit(&args) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("oauth-pkce-audit: could not run: {e}");
                ExitCode::from(2)
            }
        },
        Err(e) => {
            eprintln!("oauth-pkce-audit: {e}\n\n{}", args::USAGE);
            ExitCode::from(2)
        }
    }
}

fn audit(args: &Args) -> Result<ExitCode, String> {
    let mut progress = |line: &str| {
        if !args.quiet {
            eprintln!("{line}");
        }
    };
    let mut http = Http::new();
    let server = match &args.target {
        Target::Issuer(issuer) => metadata::discover(&mut http, issuer)?,
        Target::Endpoints {
            authorization,
            token,
        } => metadata::direct(authorization, token)?,
    };
    let (kind, auth) = match (&args.client_secret, args.client_auth_post) {
        (None, _) => (ClientKind::Public, ClientAuth::None),
        (Some(_), Some(true)) => (ClientKind::Confidential, ClientAuth::Post),
        (Some(_), Some(false)) => (ClientKind::Confidential, ClientAuth::Basic),
        // RFC 8414 §2: client_secret_basic is the default; post only when
        // it is the only one listed.
        (Some(_), None) => {
            let only_post = server.auth_methods.as_ref().is_some_and(|m| {
                m.iter().any(|x| x == "client_secret_post")
                    && !m.iter().any(|x| x == "client_secret_basic")
            });
            (
                ClientKind::Confidential,
                if only_post {
                    ClientAuth::Post
                } else {
                    ClientAuth::Basic
                },
            )
        }
    };
    let browser = Browser::start(
        args.redirect_port,
        args.browser_cmd.as_deref(),
        args.timeout,
    )?;
    let subject_server = server
        .issuer
        .clone()
        .unwrap_or_else(|| server.authorization.to_string());
    progress(&format!(
        "auditing {subject_server} as a {} client; redirect URI {}",
        kind.as_str(),
        browser.redirect_uri()
    ));
    let client = Client {
        id: args.client_id.clone(),
        secret: args.client_secret.clone().map(Secret::new),
        auth,
    };
    let audit = probe::Audit::new(
        http,
        browser,
        &server,
        client,
        kind,
        args.scope.clone(),
        &mut progress,
    );
    let (obs, requests) = audit.run()?;
    let findings = checks::evaluate(&obs);
    let subject = report::Subject {
        server: &subject_server,
        client_type: kind.as_str(),
        requests,
    };
    let text = match args.format {
        Format::Table => report::table(&subject, &findings),
        Format::Json => report::json(&subject, &findings),
        Format::Markdown => report::markdown(&subject, &findings),
    };
    std::io::stdout()
        .write_all(text.as_bytes())
        .map_err(|e| e.to_string())?;
    let failed = findings.iter().any(|f| f.verdict == Verdict::Fail);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
