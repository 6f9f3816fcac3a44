//! Differential check of S256 (RFC 7636 §4.2) against an implementation
//! that shares no code with ours: Python's `hashlib` and `base64`.
//!
//! Where `python3` is not on `PATH` the test prints why to stderr and
//! passes: it is a cross-check, and the crate's own tests and the RFC's
//! Appendix B vector still run.

use std::collections::HashSet;
use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::UNRESERVED;
use oauth_pkce::CodeVerifier;
use oauth_pkce::rand::{RngExt, SeedableRng, rngs::StdRng};

/// One Python process for every verifier: startup costs more than all the
/// hashing. `-I` keeps the user's site-packages and `PYTHON*` variables out.
const PYTHON: &str = r#"
import base64, hashlib, sys
for line in sys.stdin.buffer.read().split(b"\n"):
    if line:
        digest = hashlib.sha256(line).digest()
        sys.stdout.buffer.write(base64.urlsafe_b64encode(digest).rstrip(b"=") + b"\n")
"#;

const VERIFIERS: usize = 10_000;

#[test]
#[cfg_attr(miri, ignore = "Miri cannot start a process")]
fn s256_agrees_with_python_hashlib_and_base64() {
    // Every length in turn, and every character uniform over all 66 (not
    // only the 64 that `generate` emits), so `.` and `~` are hashed too.
    let mut rng = StdRng::seed_from_u64(7636);
    let verifiers: Vec<String> = (0..VERIFIERS)
        .map(|i| {
            let len = 43 + i % 86;
            (0..len)
                .map(|_| char::from(UNRESERVED[rng.random_range(0..UNRESERVED.len())]))
                .collect()
        })
        .collect();
    let lengths: HashSet<usize> = verifiers.iter().map(String::len).collect();
    let chars: HashSet<u8> = verifiers.iter().flat_map(|v| v.bytes()).collect();
    assert_eq!(lengths.len(), 86, "every length from 43 to 128");
    assert_eq!(chars.len(), 66, "every unreserved character");

    let Some(theirs) = python_s256(&verifiers) else {
        return;
    };
    assert_eq!(theirs.len(), verifiers.len(), "one line per verifier");
    for (verifier, theirs) in verifiers.iter().zip(&theirs) {
        let ours = CodeVerifier::parse(verifier).unwrap().challenge();
        assert_eq!(
            ours.as_str(),
            theirs,
            "verifier of length {}",
            verifier.len()
        );
    }
}

/// Says why the check is skipped, on stderr itself rather than through
/// `eprintln!`, which the test harness captures and shows only on failure.
fn skip(reason: std::fmt::Arguments<'_>) {
    let _ = writeln!(
        std::io::stderr(),
        "SKIP python differential check: {reason}"
    );
}

/// Python's challenge for each verifier, or `None`, with the reason on
/// stderr, when there is no usable `python3`.
fn python_s256(verifiers: &[String]) -> Option<Vec<String>> {
    // A `python3` that is missing, or present but unable to import what the
    // script needs (a pyenv shim with no version selected, say), means a
    // machine without Python. Once this probe passes, any failure is the
    // test's.
    match Command::new("python3")
        .args(["-I", "-c", "import base64, hashlib"])
        .output()
    {
        Ok(probe) if probe.status.success() => {}
        Ok(probe) => {
            let stderr = String::from_utf8_lossy(&probe.stderr);
            skip(format_args!(
                "python3 is not usable ({}): {}",
                probe.status,
                stderr.trim()
            ));
            return None;
        }
        Err(e) => {
            skip(format_args!("cannot run python3: {e}"));
            return None;
        }
    }
    let mut child = Command::new("python3")
        .args(["-I", "-c", PYTHON])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = verifiers.join("\n") + "\n";
    let mut stdin = child.stdin.take().unwrap();
    // Written from another thread, so that a Python that answers before it
    // has read everything cannot deadlock us on a full pipe.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "python3 failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    writer.join().unwrap().unwrap();
    Some(
        String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect(),
    )
}
