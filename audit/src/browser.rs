//! Getting an authorization answered: the loopback redirect listener
//! (RFC 8252 §7.3) and the browser that is sent to the authorization URL:
//! the system's, or `--browser-cmd CMD`, run as `CMD <authorization URL>`.
//!
//! The browser command's protocol, for scripted drivers: deliver the
//! redirect to the loopback URI as a browser would; or, when the server
//! answers with a page instead of a redirect, print one line
//! `page <HTTP status>` to stdout and exit 0, so that the audit records the
//! refusal at once instead of waiting for the timeout. A non-zero exit
//! without either ends the run (exit status 2); a zero exit without either
//! (a launcher handing the URL to a browser) leaves the audit waiting.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread;
use std::time::{Duration, Instant};

use crate::values::Secret;

/// What one authorization ended with.
pub enum Answer {
    /// The redirect's query parameters. The `code` among them is a
    /// [`Secret`]; the others are the audit's to read.
    Redirect(Vec<(String, Secret)>),
    /// The browser command reported a page, with its HTTP status.
    Page(Option<u16>),
    /// Nothing within the timeout.
    Timeout,
}

enum Event {
    Callback(Vec<(String, Secret)>),
    Page { attempt: u64, status: Option<u16> },
}

/// The loopback listener and the browser.
pub struct Browser {
    port: u16,
    events: Receiver<Event>,
    sender: Sender<Event>,
    command: Option<Vec<String>>,
    attempt: u64,
    timeout: Duration,
}

/// The path of the redirect URI.
const CALLBACK_PATH: &str = "/callback";

impl Browser {
    /// Listens on `127.0.0.1:port` (0: a port the OS picks). `command` is
    /// `--browser-cmd`, split on whitespace (no shell, no quoting).
    pub fn start(port: u16, command: Option<&str>, timeout: Duration) -> Result<Self, String> {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let (sender, events) = channel();
        let tx = sender.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if let Some(params) = serve(stream)
                    && tx.send(Event::Callback(params)).is_err()
                {
                    return;
                }
            }
        });
        let command = command.map(|c| c.split_whitespace().map(str::to_owned).collect::<Vec<_>>());
        if command.as_ref().is_some_and(Vec::is_empty) {
            return Err("--browser-cmd is empty".into());
        }
        Ok(Self {
            port,
            events,
            sender,
            command,
            attempt: 0,
            timeout,
        })
    }

    /// The redirect URI: `http://127.0.0.1:PORT/callback` (RFC 8252 §7.3).
    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}{CALLBACK_PATH}", self.port)
    }

    /// Sends the browser to `url` and waits for the redirect whose `state`
    /// is `state` (or one without `state`: one authorization is in flight
    /// at a time), a page, or the timeout.
    pub fn authorize(&mut self, url: &str, state: &str) -> Result<Answer, String> {
        self.attempt += 1;
        let attempt = self.attempt;
        let mut child = self.launch(url, attempt)?;
        let deadline = Instant::now() + self.timeout;
        // When a browser command fails, what it delivered just before may
        // still be on its way: the failure counts after this grace.
        let mut failed_at: Option<Instant> = None;
        let answer = loop {
            let now = Instant::now();
            if now >= deadline {
                break Answer::Timeout;
            }
            if failed_at.is_some_and(|t| now >= t + Duration::from_millis(500)) {
                return Err("the browser command failed before a redirect or a page".into());
            }
            if failed_at.is_none()
                && let Some(Ok(Some(status))) = child.as_mut().map(Child::try_wait)
                && !status.success()
            {
                failed_at = Some(now);
            }
            let slice = deadline
                .saturating_duration_since(now)
                .min(Duration::from_millis(50));
            match self.events.recv_timeout(slice) {
                Ok(Event::Callback(params)) => {
                    let theirs = params
                        .iter()
                        .find(|(k, _)| k == "state")
                        .map(|(_, v)| v.expose());
                    if theirs.is_none_or(|s| s == state) {
                        break Answer::Redirect(params);
                    }
                    // A late or foreign redirect: not this authorization's.
                }
                Ok(Event::Page { attempt: a, status }) if a == attempt => {
                    break Answer::Page(status);
                }
                Ok(Event::Page { .. }) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    return Err("the loopback listener stopped".into());
                }
            }
        };
        if let Some(child) = child.as_mut() {
            // A driver exits right after delivering; a launcher may linger.
            let grace = Instant::now() + Duration::from_secs(2);
            while matches!(child.try_wait(), Ok(None)) && Instant::now() < grace {
                thread::sleep(Duration::from_millis(10));
            }
            if matches!(child.try_wait(), Ok(None)) {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
        Ok(answer)
    }

    /// Starts the browser command, or the system's browser. Returns the
    /// child to reap when it is a browser command.
    fn launch(&self, url: &str, attempt: u64) -> Result<Option<Child>, String> {
        let Some(cmd) = &self.command else {
            let (program, args) = system_opener();
            Command::new(program)
                .args(args)
                .arg(url)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| {
                    format!("cannot open the system browser ({program}): {e}; use --browser-cmd")
                })?;
            return Ok(None);
        };
        let (program, args) = cmd.split_first().ok_or("--browser-cmd is empty")?;
        let mut child = Command::new(program)
            .args(args)
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run --browser-cmd {program}: {e}"))?;
        let stdout = child
            .stdout
            .take()
            .ok_or("no stdout from the browser command")?;
        let tx = self.sender.clone();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.trim().strip_prefix("page") {
                    let status = rest.trim().parse().ok();
                    let _ = tx.send(Event::Page { attempt, status });
                }
            }
        });
        Ok(Some(child))
    }
}

/// The platform's "open this URL" command.
fn system_opener() -> (&'static str, &'static [&'static str]) {
    if cfg!(target_os = "macos") {
        ("open", &[])
    } else if cfg!(windows) {
        ("rundll32", &["url.dll,FileProtocolHandler"])
    } else {
        ("xdg-open", &[])
    }
}

/// Answers one connection to the listener; returns the query of a request
/// to the callback path.
fn serve(mut stream: TcpStream) -> Option<Vec<(String, Secret)>> {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(buf.get(..n)?),
        }
    }
    let head = Secret::new(String::from_utf8_lossy(&head).into_owned());
    let target = head
        .expose()
        .lines()
        .next()?
        .strip_prefix("GET ")?
        .split(' ')
        .next()?;
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path != CALLBACK_PATH {
        let _ = stream
            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return None;
    }
    let body = "<!doctype html><title>oauth-pkce-audit</title><p>The audit received the server's answer. You can close this tab.";
    let _ = write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    Some(
        url::form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), Secret::new(v.into_owned())))
            .collect(),
    )
}
