//! No past verifier left in a live heap block: `generate` keeps no buffer of
//! past random output, unlike a user-space RNG, whose block of output holds
//! the bytes a verifier was made from until it is refilled.
//!
//! One test in its own binary, so that no other test's values are on the
//! heap while it searches, and every needle is held XOR-masked, so that the
//! search does not find its own needles. Asserted in an optimised build
//! (`cargo test --release --all-features --test hygiene_heap`, which CI
//! runs).
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

use oauth_pkce::CodeVerifier;
use support::BASE64URL;
use support::alloc::{Tracking, live_heap_holds};

#[global_allocator]
static GLOBAL: Tracking = Tracking;

const MASK: u8 = 0xa5;
const WINDOW: usize = 8;

/// Every 8-byte run of the verifier's characters and of the random bytes
/// they encode, XOR-masked: the decoding writes only masked bytes, so no
/// clear copy is made on the heap by the test itself.
fn masked_needles(verifier: &CodeVerifier) -> Vec<Vec<u8>> {
    let text = verifier.secret().as_bytes();
    let mut raw = Vec::with_capacity(96);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in text {
        let v = BASE64URL.iter().position(|&a| a == c).expect("base64url") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            raw.push(((acc >> bits) as u8) ^ MASK);
        }
    }
    let chars: Vec<u8> = text.iter().map(|b| b ^ MASK).collect();
    let mut needles: Vec<Vec<u8>> = chars.windows(WINDOW).map(<[u8]>::to_vec).collect();
    needles.extend(raw.windows(WINDOW).map(<[u8]>::to_vec));
    needles
}

fn assert_no_residue(what: &str, found: bool) {
    if cfg!(debug_assertions) {
        eprintln!("{what}: heap residue {found} (not asserted in a debug build)");
    } else {
        assert!(!found, "{what}: the secret is still in a live heap block");
    }
}

#[test]
fn no_past_verifier_in_a_live_heap_block() {
    const TRIALS: usize = 20;

    // generate and generate_len draw from the OS: nothing of theirs stays
    // on the heap once the verifier is dropped.
    for trial in 0..TRIALS {
        for len in [43, 128] {
            let verifier = if len == 43 {
                CodeVerifier::generate()
            } else {
                CodeVerifier::generate_len(len).unwrap()
            };
            let needles = masked_needles(&verifier);
            drop(verifier);
            assert_no_residue(
                &format!("generate {len}, trial {trial}"),
                live_heap_holds(&needles, MASK),
            );
        }
    }

    // Positive control, the documented trade-off of `generate_with`: the
    // thread RNG's block of output keeps the bytes after the verifier is
    // dropped (until the block is refilled, so not in every trial).
    let mut rng = rand::rng();
    let found = (0..TRIALS)
        .filter(|_| {
            let verifier = CodeVerifier::generate_with(&mut rng);
            let needles = masked_needles(&verifier);
            drop(verifier);
            live_heap_holds(&needles, MASK)
        })
        .count();
    assert!(
        found > 0,
        "the heap probe never found the thread RNG's copy"
    );

    // Positive control: a clear copy in a live block is found.
    let verifier = CodeVerifier::generate();
    let needles = masked_needles(&verifier);
    let leaked: Box<[u8]> = verifier.secret().as_bytes().into();
    drop(verifier);
    assert!(live_heap_holds(&needles, MASK));
    drop(leaked);
}
