//! Heap allocations per call, ours beside the peers', counted by a global
//! allocator: the figures of BENCHMARKS.md's allocation row. Ours must make
//! none (the library's own tests/alloc.rs holds every operation to that);
//! here the same operations of `oauth2` and `pkce-std` are counted beside
//! them, and must show, or the counter would be counting nothing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "in a test a panic is the failure report"
)]

use oauth_pkce::{CodeVerifier, Method};
use oauth_pkce_test_support::alloc::{Tracking, per_call};
use oauth_pkce_test_support::reference::{VERIFIER_43, VERIFIER_128};

#[global_allocator]
static GLOBAL: Tracking = Tracking;

#[test]
#[cfg_attr(miri, ignore = "the count is the same natively")]
fn ours_allocate_nothing_where_the_peers_allocate() {
    let v43 = CodeVerifier::parse(VERIFIER_43).unwrap();
    let v128 = CodeVerifier::parse(VERIFIER_128).unwrap();
    let c43 = v43.challenge();
    let o2_43 = oauth2::PkceCodeVerifier::new(VERIFIER_43.to_owned());
    let o2_128 = oauth2::PkceCodeVerifier::new(VERIFIER_128.to_owned());
    let ps_43 = pkce_std::Verifier::borrowed(VERIFIER_43).unwrap();
    let ps_128 = pkce_std::Verifier::borrowed(VERIFIER_128).unwrap();
    let ps_c43 = ps_43.challenge();
    let count_32 = pkce_std::Count::new(32).unwrap();
    // (operation, ours, oauth2, pkce-std); `None` where a peer has no such
    // operation.
    let rows: [(&str, f64, Option<f64>, Option<f64>); 6] = [
        (
            "derive S256 (43)",
            per_call(|| v43.challenge()),
            Some(per_call(|| {
                oauth2::PkceCodeChallenge::from_code_verifier_sha256(&o2_43)
            })),
            Some(per_call(|| ps_43.challenge())),
        ),
        (
            "derive S256 (128)",
            per_call(|| v128.challenge()),
            Some(per_call(|| {
                oauth2::PkceCodeChallenge::from_code_verifier_sha256(&o2_128)
            })),
            Some(per_call(|| ps_128.challenge())),
        ),
        (
            "verify (43, match)",
            per_call(|| c43.verify(VERIFIER_43)),
            None,
            Some(per_call(|| {
                pkce_std::Verifier::borrowed(VERIFIER_43).map(|v| v.verify(&ps_c43))
            })),
        ),
        (
            "parse a verifier (43)",
            per_call(|| CodeVerifier::parse(VERIFIER_43)),
            None,
            Some(per_call(|| pkce_std::Verifier::borrowed(VERIFIER_43))),
        ),
        (
            "generate",
            per_call(CodeVerifier::generate),
            None,
            Some(per_call(|| pkce_std::Verifier::generate_encode(count_32))),
        ),
        (
            "generate + challenge",
            per_call(|| CodeVerifier::generate().challenge_with(Method::S256)),
            Some(per_call(oauth2::PkceCodeChallenge::new_random_sha256)),
            Some(per_call(|| pkce_std::Code::generate_encode(count_32))),
        ),
    ];
    let shown = |n: Option<f64>| n.map_or("-".to_owned(), |n| format!("{n:.2}"));
    println!(
        "{:<24} {:>6} {:>8} {:>9}",
        "operation", "ours", "oauth2", "pkce-std"
    );
    for (op, ours, oauth2, pkce_std) in rows {
        println!(
            "{op:<24} {ours:>6.2} {:>8} {:>9}",
            shown(oauth2),
            shown(pkce_std)
        );
        assert_eq!(ours, 0.0, "{op}: ours allocated");
    }
    // The counter counts: oauth2 builds its challenge in `String`s.
    assert!(
        rows.iter()
            .any(|(_, _, oauth2, _)| oauth2.is_some_and(|n| n >= 1.0))
    );
}
