//! The hot path of PKCE, measured interleaved: for each operation, ours, its
//! lower bound and each peer take turns batch by batch in one process, so
//! that whatever the machine does meanwhile (frequency, other jobs, cache)
//! falls on all of them alike. Criterion's groups run each function for
//! seconds in turn, and a machine that drifts between them shifts the
//! ratios; here every ratio is taken within one round.
//!
//! Each round times one batch of every implementation, in an order that
//! rotates from round to round; a batch is as many calls as take about
//! 20 µs. Printed per operation: each implementation's median time per call,
//! and its median ratio to the operation's reference (the lower bound where
//! there is one) over the rounds, with the 10th and 90th percentiles of
//! that ratio (the spread); then ours against each peer the same way; then
//! the lines of the README's "Speed" section, from the same figures.
//!
//! `cargo bench --bench pkce` runs every operation;
//! `cargo bench --bench pkce -- verify` only those whose name contains
//! `verify`. `ROUNDS=N` sets the number of rounds (default 2000; the whole run takes
//! well under a minute).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a benchmark's set-up may panic"
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use oauth_pkce::client::{CallbackParams, PendingAuthorization, PendingAuthorizations, State};
use oauth_pkce::server::{ClientType, Migration, Policy};
use oauth_pkce::{CodeChallenge, CodeVerifier, Method};
use rand::SeedableRng;

use oauth_pkce_test_support::reference::{
    self as support, CHALLENGE_43, VERIFIER_43, VERIFIER_128, WRONG_43, WRONG_128,
};

/// One implementation of an operation: its name and a function that runs
/// it `n` times and returns how long that took.
struct Contender<'a> {
    name: &'static str,
    run: Box<dyn FnMut(u64) -> Duration + 'a>,
    /// Per-round times of one call, in nanoseconds.
    times: Vec<f64>,
    batch: u64,
}

/// Times `n` calls of `f`; generic, so that the loop is compiled around
/// each implementation with no indirect call inside it.
fn timed<T>(mut f: impl FnMut() -> T) -> impl FnMut(u64) -> Duration {
    move |n| {
        let start = Instant::now();
        for _ in 0..n {
            black_box(f());
        }
        start.elapsed()
    }
}

/// Times `n` calls of `f`, each on an input `make` built before the clock
/// starts, with the outputs dropped after it stops: for an operation that
/// consumes its input (a client record is single-use).
fn timed_on_inputs<I, T>(
    mut make: impl FnMut() -> I,
    mut f: impl FnMut(I) -> T,
) -> impl FnMut(u64) -> Duration {
    move |n| {
        let inputs: Vec<I> = (0..n).map(|_| make()).collect();
        let mut outputs = Vec::with_capacity(inputs.len());
        let start = Instant::now();
        for input in inputs {
            outputs.push(f(input));
        }
        let took = start.elapsed();
        drop(black_box(outputs));
        took
    }
}

fn contender_on_inputs<'a, I: 'a, T: 'a>(
    name: &'static str,
    make: impl FnMut() -> I + 'a,
    f: impl FnMut(I) -> T + 'a,
) -> Contender<'a> {
    Contender {
        name,
        run: Box::new(timed_on_inputs(make, f)),
        times: Vec::new(),
        batch: 1,
    }
}

fn contender<'a, T: 'a>(name: &'static str, f: impl FnMut() -> T + 'a) -> Contender<'a> {
    Contender {
        name,
        run: Box::new(timed(f)),
        times: Vec::new(),
        batch: 1,
    }
}

/// An operation, the contender the others are divided by (its lower bound
/// where it has one), and the contenders, the first being ours.
struct Operation<'a> {
    name: &'static str,
    reference: &'static str,
    contenders: Vec<Contender<'a>>,
}

/// How long one batch should take: long enough for `Instant`'s resolution
/// and its own cost not to matter, short enough that a disturbance hits a
/// few batches rather than one implementation's whole share.
const BATCH_TIME: Duration = Duration::from_micros(20);

fn calibrate(c: &mut Contender<'_>) {
    (c.run)(1000);
    let mut n = 1;
    loop {
        let took = (c.run)(n);
        if took >= BATCH_TIME || n >= 1 << 20 {
            // Scale to the target from the last measurement.
            let per = took.as_secs_f64() / n as f64;
            c.batch = ((BATCH_TIME.as_secs_f64() / per) as u64).max(1);
            return;
        }
        n *= 2;
    }
}

fn measure(op: &mut Operation<'_>, rounds: usize) {
    for c in &mut op.contenders {
        calibrate(c);
    }
    let k = op.contenders.len();
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    for round in 0..rounds {
        for i in 0..k {
            let c = &mut op.contenders[(round + i) % k];
            // xorshift: a different stack depth for every batch.
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let took = at_depth((seed % 64) as usize, &mut || (c.run)(c.batch));
            c.times.push(took.as_secs_f64() * 1e9 / c.batch as f64);
        }
    }
}

/// Runs `f` `depth` frames of about 150 bytes further down the stack.
///
/// Where a call's stack lies relative to the data it reads decides whether
/// a load waits on an unrelated store whose address matches in its low 12
/// bits (4K aliasing): a fixed placement can slow one implementation by a
/// quarter for a whole process and not another, which the interleaving
/// does not remove. Moving each batch's stack by a random 0 to 9 KiB puts
/// that effect into the spread of every implementation instead.
#[inline(never)]
fn at_depth(depth: usize, f: &mut dyn FnMut() -> Duration) -> Duration {
    let pad = black_box([0u8; 64]);
    let took = if depth == 0 {
        f()
    } else {
        at_depth(depth - 1, f)
    };
    black_box(pad);
    took
}

/// The `q`-quantile of `v` (nearest rank).
fn quantile(v: &[f64], q: f64) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    s[((s.len() - 1) as f64 * q).round() as usize]
}

/// What one contender measured against the lower bound.
struct Row {
    op: &'static str,
    name: &'static str,
    median_ns: f64,
    ratio: f64,
    p10: f64,
    p90: f64,
}

fn rows(op: &Operation<'_>) -> Vec<Row> {
    let lb = op
        .contenders
        .iter()
        .find(|c| c.name == op.reference)
        .expect("the reference is a contender");
    op.contenders
        .iter()
        .map(|c| {
            let ratios: Vec<f64> = c.times.iter().zip(&lb.times).map(|(a, b)| a / b).collect();
            Row {
                op: op.name,
                name: c.name,
                median_ns: quantile(&c.times, 0.5),
                ratio: quantile(&ratios, 0.5),
                p10: quantile(&ratios, 0.1),
                p90: quantile(&ratios, 0.9),
            }
        })
        .collect()
}

/// Ours against a peer, round by round: the median of ours / theirs.
fn versus(op: &Operation<'_>, peer: &str) -> Option<(f64, f64, f64)> {
    let ours = &op.contenders[0];
    let theirs = op.contenders.iter().find(|c| c.name == peer)?;
    let r: Vec<f64> = ours
        .times
        .iter()
        .zip(&theirs.times)
        .map(|(a, b)| a / b)
        .collect();
    Some((quantile(&r, 0.5), quantile(&r, 0.1), quantile(&r, 0.9)))
}

fn operations() -> Vec<Operation<'static>> {
    let mut ops = Vec::new();
    for (name, text) in [
        ("derive_s256/43", VERIFIER_43),
        ("derive_s256/128", VERIFIER_128),
    ] {
        let ours = CodeVerifier::parse(text).unwrap();
        let theirs_oauth2 = oauth2::PkceCodeVerifier::new(text.to_owned());
        let theirs_pkce_std = pkce_std::Verifier::borrowed(text).unwrap();
        ops.push(Operation {
            name,
            reference: "lower_bound",
            contenders: vec![
                contender("ours", move || black_box(&ours).challenge()),
                contender("lower_bound", move || {
                    support::derive(black_box(text).as_bytes())
                }),
                contender("pkce-std", move || black_box(&theirs_pkce_std).challenge()),
                contender("oauth2", move || {
                    oauth2::PkceCodeChallenge::from_code_verifier_sha256(black_box(&theirs_oauth2))
                }),
            ],
        });
    }
    for (name, bound_from, presented) in [
        ("verify/43/match", VERIFIER_43, VERIFIER_43),
        ("verify/43/mismatch", VERIFIER_43, WRONG_43),
        ("verify/128/match", VERIFIER_128, VERIFIER_128),
        ("verify/128/mismatch", VERIFIER_128, WRONG_128),
    ] {
        // The server side: the challenge bound at the authorization
        // endpoint, the verifier as it arrives, a `&str`.
        let ours = CodeVerifier::parse(bound_from).unwrap().challenge();
        let lower = support::derive(bound_from.as_bytes());
        let theirs = pkce_std::Verifier::borrowed(bound_from)
            .unwrap()
            .challenge();
        let oauth2_bound = oauth2::PkceCodeChallenge::from_code_verifier_sha256(
            &oauth2::PkceCodeVerifier::new(bound_from.to_owned()),
        );
        ops.push(Operation {
            name,
            reference: "lower_bound",
            contenders: vec![
                contender("ours", move || {
                    black_box(&ours).verify(black_box(presented))
                }),
                contender("lower_bound", move || {
                    support::verify(black_box(&lower), black_box(presented))
                }),
                // pkce-std's server side parses the presented string too;
                // its `borrowed` neither copies nor allocates.
                contender("pkce-std", move || {
                    pkce_std::Verifier::borrowed(black_box(presented))
                        .map(|v| v.verify(black_box(&theirs)))
                }),
                // oauth2 has no verify: a server using it derives the
                // challenge of the presented verifier and compares.
                contender("oauth2", move || {
                    let v = oauth2::PkceCodeVerifier::new(black_box(presented).to_owned());
                    oauth2::PkceCodeChallenge::from_code_verifier_sha256(&v).as_str()
                        == black_box(&oauth2_bound).as_str()
                }),
            ],
        });
    }
    // `generate` reads the OS for every verifier: against the OS lower
    // bound only, since the peers draw from a user-space thread RNG; they
    // are compared with `generate_with` below, which can use one too.
    ops.push(Operation {
        name: "generate/43",
        reference: "lower_bound_os",
        contenders: vec![
            contender("ours", CodeVerifier::generate),
            contender("lower_bound_os", support::generate_os),
        ],
    });
    ops.push(Operation {
        name: "generate/128",
        reference: "lower_bound_os",
        contenders: vec![
            contender("ours", || CodeVerifier::generate_len(black_box(128))),
            contender("lower_bound_os", support::generate_os_128),
        ],
    });
    // `generate_with` a held thread RNG against the lower bound doing the
    // same: neither pays for the thread-local look-up, which the peers do.
    // oauth2 makes a verifier only with its challenge: it is compared in
    // `generate_and_challenge`.
    let count_32 = pkce_std::Count::new(32).unwrap();
    let mut rng_ours = rand::rng();
    let mut rng_lower = rand::rng();
    ops.push(Operation {
        name: "generate_with/43",
        reference: "lower_bound_with",
        contenders: vec![
            contender("ours", move || {
                CodeVerifier::generate_with(black_box(&mut rng_ours))
            }),
            contender("lower_bound_with", move || {
                support::generate_with(black_box(&mut rng_lower))
            }),
            contender("pkce-std", move || {
                pkce_std::Verifier::generate_encode(black_box(count_32))
            }),
        ],
    });
    let mut rng_ours = rand::rng();
    let mut rng_lower = rand::rng();
    ops.push(Operation {
        name: "generate_and_challenge/43",
        reference: "lower_bound_with",
        contenders: vec![
            contender("ours", move || {
                let verifier = CodeVerifier::generate_with(black_box(&mut rng_ours));
                let challenge = verifier.challenge();
                (verifier, challenge)
            }),
            contender("lower_bound_with", move || {
                let verifier = support::generate_with(black_box(&mut rng_lower));
                (verifier, support::derive(&verifier))
            }),
            contender("pkce-std", move || {
                pkce_std::Code::generate_encode(black_box(count_32))
            }),
            contender("oauth2", oauth2::PkceCodeChallenge::new_random_sha256),
        ],
    });
    ops.push(Operation {
        name: "parse/code_verifier",
        reference: "naive_check",
        contenders: vec![
            contender("ours", || CodeVerifier::parse(black_box(VERIFIER_43))),
            contender("naive_check", || {
                support::naive_check_verifier(black_box(VERIFIER_43))
            }),
            contender("pkce-std", || {
                pkce_std::Verifier::borrowed(black_box(VERIFIER_43))
            }),
            // Ours owns its copy of the secret; this is pkce-std's owning
            // constructor from the same `&str`.
            contender("pkce-std_owned", || {
                pkce_std::Verifier::owned(black_box(VERIFIER_43).to_owned())
            }),
        ],
    });
    ops.push(Operation {
        name: "parse/code_challenge",
        reference: "naive_check",
        contenders: vec![
            contender("ours", || {
                CodeChallenge::parse(black_box(CHALLENGE_43), Method::S256)
            }),
            contender("naive_check", || {
                support::naive_check_challenge(black_box(CHALLENGE_43))
            }),
        ],
    });
    server(&mut ops);
    client(&mut ops);
    ops
}

/// The authorization server's checks: both endpoints for one code against
/// the verify lower bound, and the token endpoint's whole check against
/// `verify` alone on the same inputs (what the policy, applied again at
/// redemption, and a migration's second policy add).
fn server(ops: &mut Vec<Operation<'static>>) {
    let policy = Policy::strict();
    let lower = support::derive(VERIFIER_43.as_bytes());
    ops.push(Operation {
        name: "server_pair/43",
        reference: "lower_bound",
        contenders: vec![
            contender("ours", move || {
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
            }),
            // Binding a challenge costs the lower bound nothing.
            contender("lower_bound", move || {
                support::verify(black_box(&lower), black_box(VERIFIER_43))
            }),
        ],
    });
    for (name, presented) in [
        ("check_token_request/43/match", VERIFIER_43),
        ("check_token_request/43/mismatch", WRONG_43),
    ] {
        let bound = CodeChallenge::parse(CHALLENGE_43, Method::S256).unwrap();
        let (b1, b2, b3) = (bound.clone_secret(), bound.clone_secret(), bound);
        let migration = Migration::new(Policy::rfc7636(), Policy::strict());
        ops.push(Operation {
            name,
            reference: "verify",
            contenders: vec![
                contender("ours", move || {
                    policy.check_token_request(
                        black_box(ClientType::Public),
                        Some(black_box(&b1)),
                        Some(black_box(presented)),
                    )
                }),
                contender("verify", move || {
                    black_box(&b2).verify(black_box(presented))
                }),
                contender("migration", move || {
                    migration.check_token_request(
                        black_box(ClientType::Public),
                        Some(black_box(&b3)),
                        Some(black_box(presented)),
                    )
                }),
            ],
        });
    }
}

/// The client's record: making one against making its parts one by one,
/// and checking a response, which consumes the record.
fn client(ops: &mut Vec<Operation<'static>>) {
    const REDIRECT_URI: &str = "http://127.0.0.1:8400/callback";
    const ISSUER: &str = "https://auth.example.com";
    ops.push(Operation {
        name: "client_record/43",
        reference: "parts",
        contenders: vec![
            contender("ours", || {
                PendingAuthorization::builder(black_box(REDIRECT_URI))
                    .issuer_requiring_iss(black_box(ISSUER))
                    .build_at(black_box(1_700_000_000))
            }),
            // A verifier from the OS, its challenge and a `state` from the
            // OS; the record adds the checks and copies of the redirect URI
            // and the issuer.
            contender("parts", || {
                let verifier = CodeVerifier::try_generate()?;
                let challenge = verifier.challenge();
                let state = State::try_generate()?;
                Ok::<_, oauth_pkce::Error>((verifier, challenge, state))
            }),
        ],
    });
    // Every record from one seed, so that one response answers them all.
    let make = || {
        PendingAuthorization::builder(REDIRECT_URI)
            .issuer_requiring_iss(ISSUER)
            .build_with(1_700_000_000, &mut rand::rngs::StdRng::seed_from_u64(9))
            .unwrap()
    };
    let state: &'static str = make().state().secret().to_owned().leak();
    let mut wrong = state.as_bytes().to_vec();
    wrong[42] ^= 1;
    let wrong: &'static str = String::from_utf8(wrong).unwrap().leak();
    // Leaked, like the states, so that every closure below can borrow them.
    let good: &'static CallbackParams<'static> = Box::leak(Box::new(
        CallbackParams::from_pairs([
            ("state", state),
            ("code", "SplxlOBeZQQYbYS6WxSbIA"),
            ("iss", ISSUER),
        ])
        .unwrap(),
    ));
    let forged: &'static CallbackParams<'static> = Box::leak(Box::new(
        CallbackParams::from_pairs([
            ("state", wrong),
            ("code", "SplxlOBeZQQYbYS6WxSbIA"),
            ("iss", ISSUER),
        ])
        .unwrap(),
    ));
    let among_4 = move || {
        let mut store = PendingAuthorizations::<4>::new();
        let mut rng = rand::rngs::StdRng::seed_from_u64(10);
        for _ in 0..3 {
            let record = PendingAuthorization::builder(REDIRECT_URI)
                .build_with(1_700_000_000, &mut rng)
                .unwrap();
            assert!(store.insert(record).is_none());
        }
        assert!(store.insert(make()).is_none());
        store
    };
    ops.push(Operation {
        name: "client_callback/43",
        reference: "valid",
        contenders: vec![
            contender_on_inputs("valid", make, move |mut record| {
                record
                    .validate_callback_at(black_box(good), black_box(1_700_000_060))
                    .map(|t| t.code().len())
            }),
            contender_on_inputs("state_mismatch", make, move |mut record| {
                record
                    .validate_callback_at(black_box(forged), black_box(1_700_000_060))
                    .map(|t| t.code().len())
            }),
            // The store goes out with the result, so that dropping the
            // other records is not timed.
            contender_on_inputs("valid_among_4", among_4, move |mut store| {
                let token = store
                    .validate_callback_at(black_box(good), black_box(1_700_000_060))
                    .map(|t| t.code().len());
                (store, token)
            }),
        ],
    });
}

fn main() {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let rounds = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(2000);
    let mut ops: Vec<_> = operations()
        .into_iter()
        .filter(|op| filter.is_empty() || filter.iter().any(|f| op.name.contains(f.as_str())))
        .collect();
    for op in &mut ops {
        measure(op, rounds);
        eprintln!("measured {}", op.name);
    }

    println!(
        "{rounds} rounds, batches of about {} µs.\n",
        BATCH_TIME.as_micros()
    );
    println!("| operation | implementation | median (ns) | / reference | p10–p90 |");
    println!("|---|---|---:|---:|---|");
    for op in &ops {
        for r in rows(op) {
            let reference = if r.name == op.reference {
                " (reference)"
            } else {
                ""
            };
            println!(
                "| {} | {}{reference} | {:.1} | {:.2} | {:.2}–{:.2} |",
                r.op, r.name, r.median_ns, r.ratio, r.p10, r.p90
            );
        }
    }
    println!("\n| operation | ours / pkce-std | ours / oauth2 |\n|---|---|---|");
    for op in &ops {
        let cell = |peer| {
            versus(op, peer).map_or_else(
                || "–".to_owned(),
                |(m, lo, hi)| format!("{m:.2} ({lo:.2}–{hi:.2})"),
            )
        };
        if versus(op, "pkce-std").is_some() || versus(op, "oauth2").is_some() {
            println!(
                "| {} | {} | {} |",
                op.name,
                cell("pkce-std"),
                cell("oauth2")
            );
        }
    }
    readme_lines(&ops);
}

/// The README's "Speed" lines, from this run's figures: each a median of
/// the per-round ratios, the spread being in the tables above.
fn readme_lines(ops: &[Operation<'_>]) {
    let find = |name: &str| ops.iter().find(|o| o.name == name);
    let ratio = |name: &str| {
        find(name).map_or_else(|| "?".to_owned(), |op| format!("{:.2}x", rows(op)[0].ratio))
    };
    let less = |name: &str, peer: &str| {
        find(name).and_then(|op| versus(op, peer)).map_or_else(
            || "?".to_owned(),
            |(m, _, _)| format!("{:.0} %", (1.0 - m) * 100.0),
        )
    };
    println!("\nREADME, \"Speed\":\n");
    println!(
        "- S256 derive: {} the lower bound at 43 characters; {} less time than \
         `pkce-std` and {} less than `oauth2`, with 0 heap allocations against \
         their 1 and 2.",
        ratio("derive_s256/43"),
        less("derive_s256/43", "pkce-std"),
        less("derive_s256/43", "oauth2"),
    );
    println!(
        "- `verify`, with the full syntax check and a constant-time compare: {} \
         the lower bound (which does neither); {} less time than `pkce-std`'s \
         verify (which is not constant-time) and {} less than deriving and \
         comparing with `oauth2`.",
        ratio("verify/43/match"),
        less("verify/43/match", "pkce-std"),
        less("verify/43/match", "oauth2"),
    );
    println!(
        "- `check_token_request`, with the policy applied again at redemption: \
         {} the time of `verify` alone.",
        ratio("check_token_request/43/match"),
    );
    println!(
        "- `generate` reads the operating system for every verifier, which costs \
         a system call: {} reading 32 bytes and encoding them. \
         `generate_with(rand::rng())` takes {} its thread-RNG lower bound and {} \
         less time than `pkce-std`; with the challenge, {} less than `pkce-std` \
         and {} less than `oauth2`.",
        ratio("generate/43"),
        ratio("generate_with/43"),
        less("generate_with/43", "pkce-std"),
        less("generate_and_challenge/43", "pkce-std"),
        less("generate_and_challenge/43", "oauth2"),
    );
}
