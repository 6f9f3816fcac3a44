//! Secret hygiene under adversarial probing: verifiers do not repeat across
//! `fork()`, and no copy of a secret outlives the call that handled it, on
//! the dead stack or in a live heap block. Each probe has a positive
//! control, a deliberate leak that it must find, so that a pass means the
//! probe looked where the secret would be.
//!
//! The live-heap probe is in `tests/hygiene_heap.rs`, a binary of its own
//! with one test, so that no other test's values are on the heap.
//!
//! The residue probes assert only in an optimised build (`cargo test
//! --release --all-features --test hygiene`, which CI runs): an unoptimised
//! build keeps temporaries the optimiser removes, and the claims in
//! SECURITY.md are about release builds.
// Forensic reads of raw memory and `fork()`: nothing Miri can interpret.
#![cfg(all(feature = "std", target_os = "linux", not(miri)))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "in a test a panic is the failure report"
)]

use std::collections::HashSet;
use std::hint::black_box;

use base64::Engine;
use oauth_pkce::{CodeChallenge, CodeVerifier, Method};
use oauth_pkce_test_support::fork::in_forked_children;
use oauth_pkce_test_support::probe::{dead_stack_after, holds_any, windows_of};
use oauth_pkce_test_support::verifier_of_len;

/// The residue probes look for any 8-byte run of the secret: a partial
/// copy is a leak too, and 8 bytes of a verifier are 48 random bits, never
/// there by chance.
const WINDOW: usize = 8;

/// The raw random bytes a generated verifier encodes, whose copy is as good
/// as the verifier; none for a parsed one outside the base64url alphabet.
fn entropy_of(verifier: &str) -> Vec<u8> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(&verifier[..verifier.len() / 4 * 4])
        .unwrap_or_default()
}

fn needles(secret: &str) -> Vec<Vec<u8>> {
    let mut n = windows_of(secret.as_bytes(), WINDOW);
    n.extend(windows_of(&entropy_of(secret), WINDOW));
    n
}

/// Residue asserts only where the optimiser has run.
fn assert_no_residue(what: &str, found: bool) {
    if cfg!(debug_assertions) {
        eprintln!("{what}: residue {found} (not asserted in a debug build)");
    } else {
        assert!(!found, "{what}: a copy of the secret outlived the call");
    }
}

// ---- fork (RFC 9700 §4.5: one verifier per authorization request) ----

/// `generate` draws from the OS for every verifier: children forked after
/// the parent generated one each draw their own (RFC 7636 §7.1: the
/// verifier must be unpredictable; a repeat across users' sessions undoes
/// PKCE's protection against code injection, RFC 9700 §4.5).
#[test]
fn forked_children_generate_distinct_verifiers() {
    let parent = CodeVerifier::generate();
    let mut seen: HashSet<String> =
        in_forked_children(4, || CodeVerifier::generate().secret().to_owned())
            .into_iter()
            .collect();
    seen.insert(CodeVerifier::generate().secret().to_owned());
    assert!(seen.insert(parent.secret().to_owned()));
    assert_eq!(seen.len(), 6, "a verifier repeated across fork()");
    for len in [43, 128] {
        let from_children: HashSet<String> = in_forked_children(3, || {
            CodeVerifier::generate_len(128).unwrap().secret().to_owned()
        })
        .into_iter()
        .collect();
        assert_eq!(
            from_children.len(),
            3,
            "generate_len({len}) repeated across fork()"
        );
    }
}

/// Positive control: a user-space RNG used before `fork()` hands every
/// child the same state, so `generate_with(rand::rng())` repeats. The fork
/// probe sees a repeat where there is one.
#[test]
fn control_a_user_space_rng_repeats_across_fork() {
    let _warm = CodeVerifier::generate_with(&mut rand::rng());
    let children = in_forked_children(3, || {
        CodeVerifier::generate_with(&mut rand::rng())
            .secret()
            .to_owned()
    });
    assert!(
        children.windows(2).all(|w| w[0] == w[1]),
        "the control did not repeat: the probe would not see a repeat"
    );
}

// ---- the dead stack ----

/// Runs `op`, which handles a secret, drops everything and returns the
/// secret's text (on the heap), and reports whether the dead stack below it
/// holds any 8-byte run of that text or of the random bytes it encodes.
fn stack_residue(op: impl FnOnce() -> String + Send + 'static) -> bool {
    let (secret, stack) = dead_stack_after(op);
    if std::env::var_os("HYGIENE_DEBUG").is_some() {
        for (what, n) in [
            ("characters", windows_of(secret.as_bytes(), WINDOW)),
            ("entropy", windows_of(&entropy_of(&secret), WINDOW)),
        ] {
            for w in &n {
                if let Some(at) = stack.windows(WINDOW).position(|x| x == w.as_slice()) {
                    eprintln!(
                        "found {what} at {} bytes below the caller",
                        stack.len() - at
                    );
                    let lo = at.saturating_sub(64) / 16 * 16;
                    for row in stack[lo..(at + 200).min(stack.len())].chunks(16) {
                        eprintln!("  {:?}", String::from_utf8_lossy(row));
                    }
                    break;
                }
            }
        }
    }
    holds_any(&stack, &needles(&secret))
}

// Each operation below keeps its values where they were made and lets them
// drop there, at the end of a scope: a move (`unwrap()`, passing by value)
// copies a value and leaves the old bytes behind, which is the caller's
// doing and the documented limit of what a library can wipe (SECURITY.md).
// What is checked is what the library's own code leaves.

#[test]
fn no_secret_on_the_dead_stack_after_generate() {
    assert_no_residue(
        "generate",
        stack_residue(|| {
            let v = CodeVerifier::generate();
            v.secret().to_owned()
        }),
    );
    assert_no_residue(
        "generate_len(128)",
        stack_residue(|| {
            let v = CodeVerifier::generate_len(128);
            v.as_ref().unwrap().secret().to_owned()
        }),
    );
    assert_no_residue(
        "try_generate",
        stack_residue(|| {
            let v = CodeVerifier::try_generate();
            v.as_ref().unwrap().secret().to_owned()
        }),
    );
}

#[test]
fn no_secret_on_the_dead_stack_after_parse() {
    assert_no_residue(
        "CodeVerifier::parse(128)",
        stack_residue(|| {
            let text = verifier_of_len(128);
            let v = CodeVerifier::parse(&text);
            assert!(black_box(&v).is_ok());
            text
        }),
    );
    assert_no_residue(
        "CodeChallenge::parse(plain, 128)",
        stack_residue(|| {
            let text = verifier_of_len(128);
            let c = CodeChallenge::parse(&text, Method::Plain);
            assert!(black_box(&c).is_ok());
            text
        }),
    );
}

#[test]
fn no_secret_on_the_dead_stack_after_verify() {
    assert_no_residue(
        "verify plain 128",
        stack_residue(|| {
            let text = verifier_of_len(128);
            let bound = CodeChallenge::parse(&text, Method::Plain);
            assert!(black_box(bound.as_ref().unwrap()).verify(&text).is_ok());
            text
        }),
    );
    for len in [43, 128] {
        // The server's side of S256: the bound challenge is public, worked
        // out before the probe; the presented verifier is the secret.
        let text = verifier_of_len(len);
        let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(<sha2::Sha256 as sha2::Digest>::digest(text.as_bytes()));
        assert_no_residue(
            &format!("verify S256 {len}"),
            stack_residue(move || {
                let bound = CodeChallenge::parse(&challenge, Method::S256);
                assert!(black_box(bound.as_ref().unwrap()).verify(&text).is_ok());
                text
            }),
        );
    }
}

/// Deserializing, through serde's own string deserializer: the crate's
/// `Deserialize` impls scrub what their frames and their visitors' leave. A
/// format's deserializer (serde_json's `from_str`, say) then moves the
/// result through its own frames, which is the format's doing and which
/// SECURITY.md documents.
#[cfg(feature = "serde")]
#[test]
fn no_secret_on_the_dead_stack_after_deserializing() {
    use serde::Deserialize;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error as ValueError, MapDeserializer};

    assert_no_residue(
        "CodeVerifier::deserialize",
        stack_residue(|| {
            let text = verifier_of_len(128);
            let v = CodeVerifier::deserialize(IntoDeserializer::<ValueError>::into_deserializer(
                text.as_str(),
            ));
            assert!(black_box(&v).is_ok());
            text
        }),
    );
    assert_no_residue(
        "plain CodeChallenge::deserialize",
        stack_residue(|| {
            let text = verifier_of_len(128);
            let fields = [("method", "plain"), ("value", text.as_str())];
            let c = CodeChallenge::deserialize(MapDeserializer::<_, ValueError>::new(
                fields.into_iter(),
            ));
            assert!(black_box(&c).is_ok());
            text
        }),
    );
}

/// The client's record and its `state`, as they are made.
#[test]
fn no_secret_on_the_dead_stack_after_the_client_flow() {
    use oauth_pkce::client::{PendingAuthorization, State};

    assert_no_residue(
        "State::try_generate",
        stack_residue(|| {
            let state = State::try_generate();
            state.as_ref().unwrap().secret().to_owned()
        }),
    );
    assert_no_residue(
        "PendingAuthorization::build",
        stack_residue(|| {
            let pending = PendingAuthorization::builder("http://127.0.0.1:8400/cb").build();
            let pending = pending.as_ref().unwrap();
            // The `state`; the verifier has no reader before the callback.
            pending.state().secret().to_owned()
        }),
    );
    // `validate_callback` is not in this list: it consumes the record, as
    // it must (a record is single-use), and a move leaves the bytes of the
    // place the caller held it in, which Rust does not wipe (SECURITY.md).
}

/// Positive control: a copy left in a dead frame is found.
#[test]
fn control_a_copy_left_on_the_stack_is_found() {
    #[inline(never)]
    fn leak(text: &str) {
        let mut copy = [0u8; 128];
        copy[..text.len()].copy_from_slice(text.as_bytes());
        black_box(&copy);
    }
    assert!(stack_residue(|| {
        let text = verifier_of_len(128);
        leak(&text);
        text
    }));
}
