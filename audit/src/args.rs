//! The command line, parsed by hand: a dozen flags need no framework.

use std::time::Duration;

/// `--help`.
pub const USAGE: &str = "\
oauth-pkce-audit: checks a live OAuth 2.0 authorization server's PKCE enforcement

USAGE:
    oauth-pkce-audit --issuer URL --client-id ID [OPTIONS]
    oauth-pkce-audit --authorization-endpoint URL --token-endpoint URL --client-id ID [OPTIONS]

OPTIONS:
    --issuer URL                  read RFC 8414 (else OpenID) metadata of this issuer
    --authorization-endpoint URL  the endpoints, given directly (no metadata checks)
    --token-endpoint URL
    --client-id ID                the client to audit (required)
    --client-secret SECRET        a confidential client's secret; `env:NAME` reads it
                                  from the environment variable NAME
    --client-auth post|basic      client_secret_post or client_secret_basic
                                  (default: basic, or post when the metadata lists only post)
    --scope SCOPE                 the scope to request
    --redirect-port PORT          the loopback redirect's port (default: one the OS picks);
                                  the redirect URI is http://127.0.0.1:PORT/callback
    --browser-cmd CMD             run `CMD <authorization URL>` instead of the system
                                  browser (CMD split on whitespace, no shell)
    --timeout SECS                per authorization (default 120)
    --json                        the report as JSON
    --markdown                    the report as Markdown
    --quiet                       no progress lines on stderr
    --help, --version

EXIT STATUS: 0 no failure, 1 at least one failure, 2 the audit could not run.
";

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table for the terminal.
    Table,
    /// JSON.
    Json,
    /// Markdown.
    Markdown,
}

/// Where the server is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Its metadata.
    Issuer(String),
    /// Its endpoints.
    Endpoints {
        /// The authorization endpoint.
        authorization: String,
        /// The token endpoint.
        token: String,
    },
}

/// The parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    /// The server.
    pub target: Target,
    /// `--client-id`.
    pub client_id: String,
    /// `--client-secret`, resolved.
    pub client_secret: Option<String>,
    /// `--client-auth`: `Some(true)` for post, `Some(false)` for basic.
    pub client_auth_post: Option<bool>,
    /// `--scope`.
    pub scope: Option<String>,
    /// `--redirect-port` (0: the OS picks).
    pub redirect_port: u16,
    /// `--browser-cmd`.
    pub browser_cmd: Option<String>,
    /// `--timeout`.
    pub timeout: Duration,
    /// The report's format.
    pub format: Format,
    /// `--quiet`.
    pub quiet: bool,
}

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    /// An audit.
    Audit(Box<Args>),
    /// `--help`.
    Help,
    /// `--version`.
    Version,
}

/// Parses the arguments after the program name; `env` reads environment
/// variables for `--client-secret env:NAME`.
pub fn parse(
    args: impl IntoIterator<Item = String>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Command, String> {
    let mut it = args.into_iter();
    let (mut issuer, mut authz, mut token, mut client_id, mut secret, mut auth) =
        (None, None, None, None, None, None);
    let (mut scope, mut port, mut browser, mut timeout) = (None, 0u16, None, 120u64);
    let (mut json, mut markdown, mut quiet) = (false, false, false);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--help" | "-h" => return Ok(Command::Help),
            "--version" | "-V" => return Ok(Command::Version),
            "--issuer" => issuer = Some(value()?),
            "--authorization-endpoint" => authz = Some(value()?),
            "--token-endpoint" => token = Some(value()?),
            "--client-id" => client_id = Some(value()?),
            "--client-secret" => {
                let v = value()?;
                secret = Some(match v.strip_prefix("env:") {
                    Some(name) => {
                        env(name).ok_or_else(|| format!("--client-secret: {name} is not set"))?
                    }
                    None => v,
                });
            }
            "--client-auth" => {
                auth = Some(match value()?.as_str() {
                    "post" => true,
                    "basic" => false,
                    other => return Err(format!("--client-auth {other}: post or basic")),
                });
            }
            "--scope" => scope = Some(value()?),
            "--redirect-port" => {
                let v = value()?;
                port = v
                    .parse()
                    .map_err(|_| format!("--redirect-port {v}: a port number"))?;
            }
            "--browser-cmd" => browser = Some(value()?),
            "--timeout" => {
                let v = value()?;
                timeout = v
                    .parse()
                    .ok()
                    .filter(|t| *t > 0)
                    .ok_or(format!("--timeout {v}: seconds, > 0"))?;
            }
            "--json" => json = true,
            "--markdown" => markdown = true,
            "--quiet" => quiet = true,
            other => return Err(format!("unknown argument {other} (see --help)")),
        }
    }
    let target = match (issuer, authz, token) {
        (Some(i), None, None) => Target::Issuer(i),
        (None, Some(authorization), Some(token)) => Target::Endpoints {
            authorization,
            token,
        },
        (None, None, None) => return Err("--issuer, or both endpoints, are required".into()),
        _ => {
            return Err(
                "either --issuer or both --authorization-endpoint and --token-endpoint".into(),
            );
        }
    };
    let client_id = client_id.ok_or("--client-id is required")?;
    if auth.is_some() && secret.is_none() {
        return Err("--client-auth needs --client-secret".into());
    }
    let format = match (json, markdown) {
        (true, true) => return Err("--json or --markdown, not both".into()),
        (true, false) => Format::Json,
        (false, true) => Format::Markdown,
        (false, false) => Format::Table,
    };
    Ok(Command::Audit(Box::new(Args {
        target,
        client_id,
        client_secret: secret,
        client_auth_post: auth,
        scope,
        redirect_port: port,
        browser_cmd: browser,
        timeout: Duration::from_secs(timeout),
        format,
        quiet,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The arguments of a command line written out, split on spaces.
    fn argv(line: &str) -> impl Iterator<Item = String> {
        line.split(' ').map(str::to_owned)
    }

    fn parse_ok(line: &str) -> Args {
        match parse(argv(line), |_| Some("from-env".into())) {
            Ok(Command::Audit(a)) => *a,
            other => panic!("{other:?}"),
        }
    }

    fn parse_err(line: &str) -> String {
        parse(argv(line), |_| None).unwrap_err()
    }

    /// Every flag of the contract, read.
    #[test]
    fn every_flag() {
        let a = parse_ok(
            "--issuer https://as.example --client-id c --client-secret s --client-auth post \
             --scope openid --redirect-port 8400 --browser-cmd driver --timeout 5 --json --quiet",
        );
        assert_eq!(a.target, Target::Issuer("https://as.example".into()));
        assert_eq!(a.client_id, "c");
        assert_eq!(a.client_secret.as_deref(), Some("s"));
        assert_eq!(a.client_auth_post, Some(true));
        assert_eq!(a.scope.as_deref(), Some("openid"));
        assert_eq!(a.redirect_port, 8400);
        assert_eq!(a.browser_cmd.as_deref(), Some("driver"));
        assert_eq!(a.timeout, Duration::from_secs(5));
        assert_eq!(a.format, Format::Json);
        assert!(a.quiet);
        assert_eq!(
            parse_ok("--issuer https://a --client-id c --markdown").format,
            Format::Markdown
        );
    }

    /// A secret can come from the environment rather than the command line,
    /// where other users of the host can read it.
    #[test]
    fn secret_from_env() {
        let line = "--issuer https://a --client-id c --client-secret env:X";
        assert_eq!(parse_ok(line).client_secret.as_deref(), Some("from-env"));
        assert!(parse_err(line).contains("not set"));
    }

    /// One way to find the server; a client id; one format.
    #[test]
    fn refusals() {
        for (line, says) in [
            ("--client-id c", "required"),
            ("--issuer https://a", "--client-id"),
            (
                "--issuer https://a --token-endpoint https://a/t --client-id c",
                "either",
            ),
            (
                "--issuer https://a --client-id c --json --markdown",
                "not both",
            ),
            (
                "--issuer https://a --client-id c --client-auth post",
                "needs",
            ),
            (
                "--issuer https://a --client-id c --client-auth none",
                "post or basic",
            ),
            ("--issuer https://a --client-id c --timeout 0", "timeout"),
            (
                "--issuer https://a --client-id c --redirect-port 70000",
                "port",
            ),
            ("--bogus", "unknown"),
            ("--issuer", "needs a value"),
        ] {
            assert!(parse_err(line).contains(says), "{line}");
        }
    }

    /// The endpoints given directly.
    #[test]
    fn endpoints() {
        let a = parse_ok(
            "--authorization-endpoint https://a/z --token-endpoint https://a/t --client-id c",
        );
        let want = Target::Endpoints {
            authorization: "https://a/z".into(),
            token: "https://a/t".into(),
        };
        assert_eq!(a.target, want);
        assert_eq!(a.format, Format::Table);
    }
}
