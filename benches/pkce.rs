//! The hot path of PKCE, each operation of ours in one criterion group with
//! its references: the lower bound written in `support` (the plain
//! `sha2` + `base64` + thread-RNG code), and the peers `oauth2` and
//! `pkce-std` where they have the operation.
//!
//! Only ratios within one run mean anything: this runs on shared, noisy
//! machines. `BENCHMARKS.md` holds the figures of one full run.
//!
//! Run with `cargo bench --bench pkce`; `cargo bench --bench pkce -- verify`
//! runs only the groups whose name contains `verify`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a benchmark's set-up may panic"
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use oauth_pkce::client::{CallbackParams, PendingAuthorization, PendingAuthorizations, State};
use oauth_pkce::server::{ClientType, Migration, Policy};
use oauth_pkce::{CodeChallenge, CodeVerifier, Method};
use rand::SeedableRng;

use oauth_pkce_test_support::reference::{
    self as support, CHALLENGE_43, VERIFIER_43, VERIFIER_128, WRONG_43, WRONG_128,
};

/// The peers' verifiers, built once outside the timed loops.
fn oauth2_verifier(s: &str) -> oauth2::PkceCodeVerifier {
    oauth2::PkceCodeVerifier::new(s.to_owned())
}

fn pkce_std_verifier(s: &str) -> pkce_std::Verifier<'_> {
    pkce_std::Verifier::borrowed(s).expect("a valid verifier")
}

fn derive(c: &mut Criterion) {
    for (name, text) in [
        ("derive_s256/43", VERIFIER_43),
        ("derive_s256/128", VERIFIER_128),
    ] {
        let ours = CodeVerifier::parse(text).expect("a valid verifier");
        let theirs_oauth2 = oauth2_verifier(text);
        let theirs_pkce_std = pkce_std_verifier(text);
        let mut g = c.benchmark_group(name);
        g.bench_function("ours", |b| b.iter(|| black_box(&ours).challenge()));
        g.bench_function("lower_bound", |b| {
            b.iter(|| support::derive(black_box(text).as_bytes()))
        });
        g.bench_function("oauth2", |b| {
            b.iter(|| {
                oauth2::PkceCodeChallenge::from_code_verifier_sha256(black_box(&theirs_oauth2))
            })
        });
        g.bench_function("pkce-std", |b| {
            b.iter(|| black_box(&theirs_pkce_std).challenge())
        });
        g.finish();
    }
}

fn verify(c: &mut Criterion) {
    let cases = [
        ("verify/43/match", VERIFIER_43, VERIFIER_43),
        ("verify/43/mismatch", VERIFIER_43, WRONG_43),
        ("verify/128/match", VERIFIER_128, VERIFIER_128),
        ("verify/128/mismatch", VERIFIER_128, WRONG_128),
    ];
    for (name, bound_from, presented) in cases {
        // The server side: a challenge stored at the authorization endpoint,
        // and the verifier as it arrives in the token request, a `&str`.
        let ours = CodeVerifier::parse(bound_from)
            .expect("a valid verifier")
            .challenge();
        let lower: [u8; 43] = support::derive(bound_from.as_bytes());
        let theirs = pkce_std_verifier(bound_from).challenge();
        let mut g = c.benchmark_group(name);
        g.bench_function("ours", |b| {
            b.iter(|| black_box(&ours).verify(black_box(presented)))
        });
        g.bench_function("lower_bound", |b| {
            b.iter(|| support::verify(black_box(&lower), black_box(presented)))
        });
        // pkce-std's server side has to parse the presented string too; its
        // `borrowed` does not copy or allocate.
        g.bench_function("pkce-std", |b| {
            b.iter(|| {
                pkce_std::Verifier::borrowed(black_box(presented))
                    .map(|v| v.verify(black_box(&theirs)))
            })
        });
        g.finish();
    }
}

fn parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse/code_verifier");
    g.bench_function("ours", |b| {
        b.iter(|| CodeVerifier::parse(black_box(VERIFIER_43)))
    });
    g.bench_function("naive_check", |b| {
        b.iter(|| support::naive_check_verifier(black_box(VERIFIER_43)))
    });
    g.bench_function("pkce-std", |b| {
        b.iter(|| pkce_std::Verifier::borrowed(black_box(VERIFIER_43)))
    });
    // Ours owns its copy of the secret, which `borrowed` does not; this is
    // pkce-std's owning constructor from the same `&str`.
    g.bench_function("pkce-std_owned", |b| {
        b.iter(|| pkce_std::Verifier::owned(black_box(VERIFIER_43).to_owned()))
    });
    g.finish();

    let mut g = c.benchmark_group("parse/code_challenge");
    g.bench_function("ours", |b| {
        b.iter(|| CodeChallenge::parse(black_box(CHALLENGE_43), Method::S256))
    });
    g.bench_function("naive_check", |b| {
        b.iter(|| support::naive_check_challenge(black_box(CHALLENGE_43)))
    });
    g.finish();
}

fn generate(c: &mut Criterion) {
    let count_32 = pkce_std::Count::new(32).expect("in range");
    let count_96 = pkce_std::Count::new(96).expect("in range");

    let mut g = c.benchmark_group("generate/43");
    // `generate` reads the OS CSPRNG for every verifier: its lower bound is
    // one `getrandom` call and the encoding.
    g.bench_function("ours", |b| b.iter(CodeVerifier::generate));
    g.bench_function("lower_bound", |b| b.iter(support::generate_os));
    // `generate_with` a held thread RNG, against the lower bound doing the
    // same: neither pays for the thread-local look-up.
    let mut rng = rand::rng();
    g.bench_function("ours_generate_with", |b| {
        b.iter(|| CodeVerifier::generate_with(black_box(&mut rng)))
    });
    g.bench_function("lower_bound_with", |b| {
        b.iter(|| support::generate_with(black_box(&mut rng)))
    });
    g.bench_function("pkce-std", |b| {
        b.iter(|| pkce_std::Verifier::generate_encode(black_box(count_32)))
    });
    g.finish();

    let mut g = c.benchmark_group("generate/128");
    g.bench_function("ours", |b| {
        b.iter(|| CodeVerifier::generate_len(black_box(128)))
    });
    g.bench_function("lower_bound", |b| b.iter(support::generate_os_128));
    g.bench_function("pkce-std", |b| {
        b.iter(|| pkce_std::Verifier::generate_encode(black_box(count_96)))
    });
    g.finish();

    let mut g = c.benchmark_group("generate_and_challenge/43");
    g.bench_function("ours", |b| {
        b.iter(|| {
            let verifier = CodeVerifier::generate();
            let challenge = verifier.challenge();
            (verifier, challenge)
        })
    });
    g.bench_function("lower_bound", |b| b.iter(support::generate_and_derive));
    // The same with a held thread RNG, like the peers, which draw from one.
    g.bench_function("ours_generate_with", |b| {
        b.iter(|| {
            let verifier = CodeVerifier::generate_with(black_box(&mut rng));
            let challenge = verifier.challenge();
            (verifier, challenge)
        })
    });
    g.bench_function("oauth2", |b| {
        b.iter(oauth2::PkceCodeChallenge::new_random_sha256)
    });
    g.bench_function("pkce-std", |b| {
        b.iter(|| pkce_std::Code::generate_encode(black_box(count_32)))
    });
    g.finish();
}

fn server(c: &mut Criterion) {
    let policy = Policy::strict();
    let lower: [u8; 43] = support::derive(VERIFIER_43.as_bytes());
    let mut g = c.benchmark_group("server_pair/43");
    // Both endpoints, as a server runs them for one code: parse and bind the
    // challenge, then check the verifier against it.
    g.bench_function("ours", |b| {
        b.iter(|| {
            let bound = policy.check_authorization_request(
                ClientType::Public,
                Some(black_box(CHALLENGE_43)),
                Some(black_box("S256")),
            )?;
            policy.check_token_request(
                ClientType::Public,
                bound.as_ref(),
                Some(black_box(VERIFIER_43)),
            )
        })
    });
    // The verify lower bound: binding a challenge costs it nothing.
    g.bench_function("lower_bound", |b| {
        b.iter(|| support::verify(black_box(&lower), black_box(VERIFIER_43)))
    });
    g.finish();

    // The token endpoint's whole check against the verification alone, on
    // the same inputs: what the policy's own rules (applied again at
    // redemption) and a migration's second policy add to `verify`.
    let bound = CodeChallenge::parse(CHALLENGE_43, Method::S256).expect("a valid challenge");
    let migration = Migration::new(Policy::rfc7636(), Policy::strict());
    for (name, presented) in [
        ("check_token_request/43_match", VERIFIER_43),
        ("check_token_request/43_mismatch", WRONG_43),
    ] {
        let mut g = c.benchmark_group(name);
        g.bench_function("verify", |b| {
            b.iter(|| black_box(&bound).verify(black_box(presented)))
        });
        g.bench_function("check_token_request", |b| {
            b.iter(|| {
                policy.check_token_request(
                    black_box(ClientType::Public),
                    Some(black_box(&bound)),
                    Some(black_box(presented)),
                )
            })
        });
        g.bench_function("migration", |b| {
            b.iter(|| {
                migration.check_token_request(
                    black_box(ClientType::Public),
                    Some(black_box(&bound)),
                    Some(black_box(presented)),
                )
            })
        });
        g.finish();
    }
}

fn client(c: &mut Criterion) {
    const REDIRECT_URI: &str = "http://127.0.0.1:8400/callback";
    const ISSUER: &str = "https://auth.example.com";

    // Making the record against its parts made one by one: a verifier from
    // the OS, its challenge, and a `state` from the OS. The record adds the
    // checks and copies of the redirect URI and issuer.
    let mut g = c.benchmark_group("client_record/43");
    g.bench_function("ours", |b| {
        b.iter(|| {
            PendingAuthorization::builder(black_box(REDIRECT_URI))
                .issuer_requiring_iss(black_box(ISSUER))
                .build_at(black_box(1_700_000_000))
        })
    });
    g.bench_function("generate_challenge_state", |b| {
        b.iter(|| {
            let verifier = CodeVerifier::try_generate()?;
            let challenge = verifier.challenge();
            let state = State::try_generate()?;
            Ok::<_, oauth_pkce::Error>((verifier, challenge, state))
        })
    });
    g.finish();

    // Checking a response, the record consumed each time: each iteration
    // gets a fresh record, all from one seed so that one response answers
    // them, made outside the timing.
    let make = || {
        PendingAuthorization::builder(REDIRECT_URI)
            .issuer_requiring_iss(ISSUER)
            .build_with(1_700_000_000, &mut rand::rngs::StdRng::seed_from_u64(9))
            .expect("valid settings")
    };
    let state = make().state().secret().to_owned();
    let good = CallbackParams::from_pairs([
        ("state", state.as_str()),
        ("code", "SplxlOBeZQQYbYS6WxSbIA"),
        ("iss", ISSUER),
    ])
    .expect("no parameter repeated");
    let mut wrong_state = state.clone().into_bytes();
    wrong_state[42] ^= 1;
    let wrong_state = String::from_utf8(wrong_state).expect("ASCII");
    let forged = CallbackParams::from_pairs([
        ("state", wrong_state.as_str()),
        ("code", "SplxlOBeZQQYbYS6WxSbIA"),
        ("iss", ISSUER),
    ])
    .expect("no parameter repeated");
    let mut g = c.benchmark_group("client_callback");
    for (name, params) in [("valid", &good), ("state_mismatch", &forged)] {
        g.bench_function(name, |b| {
            b.iter_batched(
                make,
                |record| {
                    record
                        .validate_callback_at(black_box(params), black_box(1_700_000_060))
                        .map(|t| t.code().len())
                },
                BatchSize::SmallInput,
            )
        });
    }
    // The same response found among four pending records by its `state`.
    g.bench_function("valid_among_4", |b| {
        b.iter_batched(
            || {
                let mut store = PendingAuthorizations::<4>::new();
                let mut rng = rand::rngs::StdRng::seed_from_u64(10);
                for _ in 0..3 {
                    store.insert(
                        PendingAuthorization::builder(REDIRECT_URI)
                            .build_with(1_700_000_000, &mut rng)
                            .expect("valid settings"),
                    );
                }
                store.insert(make());
                store
            },
            // The store goes back out, so that dropping the other records
            // is not timed.
            |mut store| {
                let token = store
                    .validate_callback_at(black_box(&good), black_box(1_700_000_060))
                    .map(|t| t.code().len());
                (store, token)
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group! {
    name = benches;
    // About 40 benchmarks at 6 s each: the whole run takes under five
    // minutes on a shared 2-core machine. The groups put each operation
    // beside its references, so what matters is that they run minutes
    // apart at most, under the same load.
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    targets = derive, verify, parse, generate, server, client
}
criterion_main!(benches);
