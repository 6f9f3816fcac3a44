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

#[path = "support/mod.rs"]
#[allow(
    unsafe_code,
    reason = "the forensic probes and the counting allocator read raw memory"
)]
mod support;

use std::collections::HashSet;
use std::hint::black_box;

use base64::Engine;
use oauth_pkce::{CodeChallenge, CodeVerifier, Method};
use support::fork::in_forked_children;
use support::probe::{dead_stack_after, holds_any, windows_of};
use support::verifier_of_len;

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

/// The secret as SHA-256 holds it: its bytes read as big-endian 32-bit
/// words, which a little-endian machine stores byte-swapped. A hash that
/// spills its message words (sha2's portable code keeps its schedule on the
/// stack) leaves the verifier in this form.
fn as_hash_words(secret: &[u8]) -> Vec<u8> {
    secret
        .chunks_exact(4)
        .flat_map(|w| u32::from_be_bytes(w.try_into().unwrap()).to_ne_bytes())
        .collect()
}

/// Every pair of consecutive words of SHA-256's message schedule for
/// `msg` (FIPS 180-4 §6.2.2, step 1), as a machine stores them. Any 16
/// consecutive schedule words give back the block they came from (the
/// recurrence runs backwards too), so a hash that leaves its schedule on
/// the stack leaves the verifier there even after the message words
/// themselves were overwritten.
fn schedule_pairs(msg: &[u8]) -> Vec<Vec<u8>> {
    let mut padded = msg.to_vec();
    padded.push(0x80);
    while padded.len() % 64 != 56 {
        padded.push(0);
    }
    padded.extend((msg.len() as u64 * 8).to_be_bytes());
    let mut pairs = Vec::new();
    for block in padded.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (t, word) in block.chunks_exact(4).enumerate() {
            w[t] = u32::from_be_bytes(word.try_into().unwrap());
        }
        for t in 16..64 {
            let s0 = w[t - 15].rotate_right(7) ^ w[t - 15].rotate_right(18) ^ (w[t - 15] >> 3);
            let s1 = w[t - 2].rotate_right(17) ^ w[t - 2].rotate_right(19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16]
                .wrapping_add(s0)
                .wrapping_add(w[t - 7])
                .wrapping_add(s1);
        }
        // The message words themselves are `as_hash_words`'s; the padding
        // words are zeros and the length, found anywhere.
        for pair in w[16..].windows(2) {
            pairs.push([pair[0].to_ne_bytes(), pair[1].to_ne_bytes()].concat());
        }
    }
    pairs
}

fn needles(secret: &str) -> Vec<Vec<u8>> {
    let mut n = windows_of(secret.as_bytes(), WINDOW);
    n.extend(windows_of(&entropy_of(secret), WINDOW));
    n.extend(windows_of(&as_hash_words(secret.as_bytes()), WINDOW));
    n.extend(schedule_pairs(secret.as_bytes()));
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

/// One dead-stack test per public operation on a secret, so that each
/// operation's scrub is checked on its own: the test of an operation fails
/// when its scrub is too shallow for what its frames leave.
macro_rules! residue_tests {
    ($($name:ident: $what:expr => $op:expr;)*) => {$(
        #[test]
        fn $name() {
            assert_no_residue($what, stack_residue($op));
        }
    )*};
}

/// The server's side of S256: the bound challenge is public, worked out
/// before the probe; the presented verifier is the secret.
fn s256_of(text: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(<sha2::Sha256 as sha2::Digest>::digest(text.as_bytes()))
}

fn verify_s256(len: usize) -> impl FnOnce() -> String + Send + 'static {
    let text = verifier_of_len(len);
    let challenge = s256_of(&text);
    move || {
        let bound = CodeChallenge::parse(&challenge, Method::S256);
        assert!(black_box(bound.as_ref().unwrap()).verify(&text).is_ok());
        text
    }
}

/// Deriving: the verifier is the secret, the S256 challenge public. The
/// verifier is made in the probe too, so it is parsed there, with its own
/// scrub.
fn derive_s256(len: usize) -> impl FnOnce() -> String + Send + 'static {
    move || {
        let text = verifier_of_len(len);
        let v = CodeVerifier::parse(&text);
        let c = black_box(v.as_ref().unwrap()).challenge();
        black_box(&c);
        text
    }
}

residue_tests! {
    dead_stack_after_generate: "generate" => || {
        let v = CodeVerifier::generate();
        v.secret().to_owned()
    };
    dead_stack_after_try_generate: "try_generate" => || {
        let v = CodeVerifier::try_generate();
        v.as_ref().unwrap().secret().to_owned()
    };
    dead_stack_after_generate_len_128: "generate_len(128)" => || {
        let v = CodeVerifier::generate_len(128);
        v.as_ref().unwrap().secret().to_owned()
    };
    dead_stack_after_generate_with: "generate_with" => || {
        let v = CodeVerifier::generate_with(&mut rand::rng());
        v.secret().to_owned()
    };
    dead_stack_after_generate_len_with_128: "generate_len_with(128)" => || {
        let v = CodeVerifier::generate_len_with(128, &mut rand::rng());
        v.as_ref().unwrap().secret().to_owned()
    };
    dead_stack_after_parse_verifier: "CodeVerifier::parse(128)" => || {
        let text = verifier_of_len(128);
        let v = CodeVerifier::parse(&text);
        assert!(black_box(&v).is_ok());
        text
    };
    dead_stack_after_parse_plain_challenge: "CodeChallenge::parse(plain, 128)" => || {
        let text = verifier_of_len(128);
        let c = CodeChallenge::parse(&text, Method::Plain);
        assert!(black_box(&c).is_ok());
        text
    };
    dead_stack_after_derive_s256_43: "challenge() 43" => derive_s256(43);
    dead_stack_after_derive_s256_128: "challenge() 128" => derive_s256(128);
    dead_stack_after_derive_plain: "CodeChallenge::plain 128" => || {
        let text = verifier_of_len(128);
        let v = CodeVerifier::parse(&text);
        let c = CodeChallenge::plain(black_box(v.as_ref().unwrap()));
        black_box(&c);
        text
    };
    dead_stack_after_verify_plain_128: "verify plain 128" => || {
        let text = verifier_of_len(128);
        let bound = CodeChallenge::parse(&text, Method::Plain);
        assert!(black_box(bound.as_ref().unwrap()).verify(&text).is_ok());
        text
    };
    dead_stack_after_verify_s256_43: "verify S256 43" => verify_s256(43);
    dead_stack_after_verify_s256_128: "verify S256 128" => verify_s256(128);
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
        "State::generate_with",
        stack_residue(|| {
            let state = State::generate_with(&mut rand::rng());
            state.secret().to_owned()
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
    // The record is checked where it lies and its verifier moves into the
    // token request, which wipes it on drop.
    assert_no_residue(
        "PendingAuthorization::validate_callback_at, the verifier",
        stack_residue(|| {
            let mut pending = PendingAuthorization::builder("http://127.0.0.1:8400/cb")
                .build_at(NOW)
                .unwrap();
            let state = pending.state().secret().to_owned();
            let params = callback_for(&state);
            let token = pending.validate_callback_at(&params, NOW + 1);
            token.as_ref().unwrap().code_verifier().secret().to_owned()
        }),
    );
}

const NOW: u64 = 1_700_000_000;

fn callback_for(state: &str) -> oauth_pkce::client::CallbackParams<'_> {
    oauth_pkce::client::CallbackParams::from_pairs([("state", state), ("code", "c")]).unwrap()
}

/// A store on the heap holding records made outside the probed call, and
/// the `state` of the one a probe answers.
fn stored_records() -> (Box<oauth_pkce::client::PendingAuthorizations<4>>, String) {
    use oauth_pkce::client::{PendingAuthorization, PendingAuthorizations};
    let mut store = Box::new(PendingAuthorizations::<4>::new());
    let mut state = String::new();
    for _ in 0..3 {
        let record = PendingAuthorization::builder("http://127.0.0.1:8400/cb")
            .build_at(NOW)
            .unwrap();
        state = record.state().secret().to_owned();
        assert!(store.insert(record).is_none());
    }
    (store, state)
}

/// The store compares, checks and removes where its records lie: its
/// operations leave neither the verifier nor the `state` in the library's
/// frames, and nothing of them in the slot it vacates.
#[test]
fn no_secret_on_the_dead_stack_after_the_stores_operations() {
    let (mut store, state) = stored_records();
    assert_no_residue(
        "PendingAuthorizations::validate_callback_at, the verifier",
        stack_residue(move || {
            let params = callback_for(&state);
            let token = store.validate_callback_at(&params, NOW + 1);
            token.as_ref().unwrap().code_verifier().secret().to_owned()
        }),
    );
    let (mut store, state) = stored_records();
    assert_no_residue(
        "PendingAuthorizations::validate_callback_at, the state",
        stack_residue(move || {
            let params = callback_for(&state);
            black_box(store.validate_callback_at(&params, NOW + 1).is_ok());
            drop(params);
            state
        }),
    );
    let (mut store, state) = stored_records();
    assert_no_residue(
        "PendingAuthorizations::take",
        stack_residue(move || {
            let taken = store.take(&state);
            assert!(black_box(&taken).is_some());
            state
        }),
    );
}

/// Restoring a record through serde, here from a `serde_json::Value`,
/// whose map is read through a `MapDeserializer` as serde's own is, leaves
/// no copy of its secrets in the library's or serde's frames: the record's
/// `Deserialize` is scrubbed like the core's.
#[cfg(feature = "serde")]
#[test]
fn no_secret_on_the_dead_stack_after_restoring_a_record() {
    use oauth_pkce::client::PendingAuthorization;
    use serde::Deserialize;

    let original = PendingAuthorization::builder("http://127.0.0.1:8400/cb")
        .build_at(NOW)
        .unwrap();
    let stored = serde_json::to_value(original.expose_for_storage()).unwrap();
    drop(original);
    for field in ["code_verifier", "state"] {
        let stored = stored.clone();
        assert_no_residue(
            &format!("PendingAuthorization::deserialize, the {field}"),
            stack_residue(move || {
                let secret = stored[field].as_str().unwrap().to_owned();
                let restored = PendingAuthorization::deserialize(stored);
                assert!(black_box(&restored).is_ok());
                secret
            }),
        );
    }
}

/// Sealing and opening leave neither the record's secrets, nor the key,
/// nor the plaintext they pass through, in the library's dead frames.
#[cfg(feature = "seal")]
#[test]
fn no_secret_on_the_dead_stack_after_sealing_and_opening() {
    use oauth_pkce::client::{PendingAuthorization, SealingKey, SealingKeys};

    const NOW: u64 = 1_700_000_000;
    let key = SealingKey::from_bytes(1, &[0x5a; 32]);
    let sealed = SealingKeys::new(&key).seal(record_for_key(), b"s", NOW);
    let sealed = sealed.as_ref().unwrap().as_str().to_owned();

    assert_no_residue(
        "SealingKeys::seal",
        stack_residue(|| {
            let key = SealingKey::from_bytes(1, &[0x5a; 32]);
            let pending = PendingAuthorization::builder("http://127.0.0.1:8400/cb").build_at(NOW);
            let pending = pending.as_ref().unwrap();
            let sealed = SealingKeys::new(&key).seal(pending, b"s", NOW);
            black_box(sealed.as_ref().unwrap());
            pending.state().secret().to_owned()
        }),
    );
    assert_no_residue(
        "SealingKeys::open",
        stack_residue(move || {
            let key = SealingKey::from_bytes(1, &[0x5a; 32]);
            let opened = SealingKeys::new(&key).open(&sealed, b"s", NOW);
            opened.as_ref().unwrap().state().secret().to_owned()
        }),
    );
    // The key: its base64url text, whose decoded bytes are the needles.
    assert_no_residue(
        "SealingKeys::seal, the key",
        stack_residue(|| {
            let key = SealingKey::generate(1);
            let key = key.as_ref().unwrap();
            let sealed = SealingKeys::new(key).seal(record_for_key(), b"s", NOW);
            black_box(sealed.is_ok());
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(key.secret())
        }),
    );
}

/// A record made outside the probed call, for the key's probe.
#[cfg(feature = "seal")]
fn record_for_key() -> &'static oauth_pkce::client::PendingAuthorization {
    use std::sync::OnceLock;
    static RECORD: OnceLock<oauth_pkce::client::PendingAuthorization> = OnceLock::new();
    RECORD.get_or_init(|| {
        oauth_pkce::client::PendingAuthorization::builder("http://127.0.0.1:8400/cb")
            .build_at(1_700_000_000)
            .unwrap()
    })
}

/// Whether the dead stack holds a 128-character verifier after `leak`, a
/// positive control's deliberate leak, has run on it.
fn found_after(leak: fn(&str)) -> bool {
    stack_residue(move || {
        let text = verifier_of_len(128);
        leak(&text);
        text
    })
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
    assert!(found_after(leak));
}

/// Positive control for the hash's forms: the verifier read as SHA-256's
/// big-endian words, as sha2's portable code loads a block, and left in a
/// dead frame, is found.
#[test]
fn control_the_verifier_as_hash_words_is_found() {
    #[inline(never)]
    fn leak(text: &str) {
        let mut words = [0u32; 32];
        for (w, b) in words.iter_mut().zip(text.as_bytes().chunks_exact(4)) {
            *w = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        }
        black_box(&words);
    }
    assert!(found_after(leak));
}

/// Positive control for the schedule: a 16-word rolling message schedule
/// (FIPS 180-4 §6.2.2; sha2's portable code keeps one) run over the first
/// block and left in a dead frame holds only derived words, W48 to W63, and
/// is found.
#[test]
fn control_a_schedule_left_on_the_stack_is_found() {
    #[inline(never)]
    fn leak(text: &str) {
        let mut w = [0u32; 16];
        for (slot, b) in w.iter_mut().zip(text.as_bytes().chunks_exact(4)) {
            *slot = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        }
        for t in 16..64 {
            let (w15, w2) = (w[(t - 15) % 16], w[(t - 2) % 16]);
            let s0 = w15.rotate_right(7) ^ w15.rotate_right(18) ^ (w15 >> 3);
            let s1 = w2.rotate_right(17) ^ w2.rotate_right(19) ^ (w2 >> 10);
            w[t % 16] = w[t % 16]
                .wrapping_add(s0)
                .wrapping_add(w[(t - 7) % 16])
                .wrapping_add(s1);
        }
        black_box(&w);
    }
    assert!(found_after(leak));
}
