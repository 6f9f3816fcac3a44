//! Timing evidence with dudect (Reparaz, Balasch, Verbauwhede, 2017):
//! Welch's t-test between the run times of two classes of inputs.
//!
//! `*_match_vs_first`: Left is `verify` against the stored challenge the
//! verifier derives, Right the same verifier against a stored challenge whose
//! first character differs, where an early-exit comparison would return
//! soonest. Whether the verifier matches is the public outcome, so the two
//! classes also take different (public) paths after the comparison;
//! `*_first_vs_last` isolates the comparison itself: both classes mismatch,
//! at the first or at the last character.
//!
//! Every input is built before the first measurement and the classes are
//! interleaved at random, so allocation and input generation do not land in
//! one class. |t| above 5 is the usual sign of a leak; below it is no proof
//! of its absence, only no evidence for one at this sample size.
//!
//! `verify_plain_null` and `verify_s256_null` give both classes the same
//! input: their |t| is what the machine alone produces, the yardstick for
//! the others of their method.
//! `early_exit_eq_control` compares with `==` on the text and must show a
//! large |t|, or the measurement is too coarse to mean anything.
//!
//! Report only: the numbers move with the machine and its load, so they are
//! not a CI gate. Run with `cargo run --release --features dudect --bin
//! dudect` in `ct/`, pinned to one core (`taskset -c 1 target/.../dudect`)
//! when other jobs share the machine.

use dudect_bencher::rand::RngExt;
use dudect_bencher::{BenchRng, Class, CtRunner, ctbench_main_with_seeds};
use oauth_pkce::{CodeChallenge, CodeVerifier, Method};

/// Distinct inputs per class; each is measured many times over, in random
/// order.
const POOL: usize = 2048;
/// Measurements per bench.
const SAMPLES: usize = 2_000_000;

/// Which stored challenge a class checks the verifier against.
#[derive(Clone, Copy)]
enum Stored {
    /// The one the verifier derives.
    Matching,
    /// That one with its first character changed.
    FirstDiffers,
    /// That one with its last character changed.
    LastDiffers,
}

/// `challenge` with the character at `index` changed, still valid for its
/// method: an S256 challenge's last character must stay one of the 16 that
/// carry no bits past 256, and `A` and `E` both are.
fn changed_at(challenge: &CodeChallenge, index: usize) -> CodeChallenge {
    let mut text = challenge.as_str().to_owned();
    let last_of_s256 = challenge.method() == Method::S256 && index == text.len() - 1;
    let new = match (&text[index..=index], last_of_s256) {
        ("A", true) => "E",
        ("A", false) => "B",
        _ => "A",
    };
    text.replace_range(index..=index, new);
    CodeChallenge::parse(&text, challenge.method()).expect("still well formed")
}

/// The verifiers and the stored challenges of both classes.
struct Pool {
    verifiers: Vec<String>,
    left: Vec<CodeChallenge>,
    right: Vec<CodeChallenge>,
}

impl Pool {
    fn new(method: Method, (left, right): (Stored, Stored), rng: &mut BenchRng) -> Self {
        let mut pool = Pool {
            verifiers: Vec::with_capacity(POOL),
            left: Vec::with_capacity(POOL),
            right: Vec::with_capacity(POOL),
        };
        for _ in 0..POOL {
            let len = rng.random_range(43..=128);
            let v = CodeVerifier::generate_len_with(len, rng).expect("valid length");
            let matching = v.challenge_with(method);
            let stored = |which| match which {
                Stored::Matching => matching.clone_secret(),
                Stored::FirstDiffers => changed_at(&matching, 0),
                Stored::LastDiffers => changed_at(&matching, matching.as_str().len() - 1),
            };
            pool.left.push(stored(left));
            pool.right.push(stored(right));
            pool.verifiers.push(v.secret().to_owned());
        }
        pool
    }

    fn get(&self, i: usize, class: Class) -> (&CodeChallenge, &str) {
        let stored = match class {
            Class::Left => &self.left[i],
            Class::Right => &self.right[i],
        };
        (stored, &self.verifiers[i])
    }
}

/// The schedule: which input, and which class, for each measurement.
///
/// Measurements come in pairs, one of each class on the same input, in a
/// random order. The other jobs on a shared machine slow it down in bursts;
/// with classes drawn independently, a burst lands unevenly on the two and
/// gave |t| values over 10 of either sign from one run to the next on
/// identical inputs. Paired, every burst weighs on both classes alike.
fn schedule(rng: &mut BenchRng) -> Vec<(usize, Class)> {
    let mut order = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES / 2 {
        let i = rng.random_range(0..POOL);
        let (first, second) = if rng.random::<bool>() {
            (Class::Left, Class::Right)
        } else {
            (Class::Right, Class::Left)
        };
        order.push((i, first));
        order.push((i, second));
    }
    order
}

fn bench_verify(
    method: Method,
    classes: (Stored, Stored),
    runner: &mut CtRunner,
    rng: &mut BenchRng,
) {
    let pool = Pool::new(method, classes, rng);
    // Each measurement checks against a copy in this one slot, made before
    // the clock starts: both classes then read the same addresses, and only
    // the contents differ. Measured straight from the pool, the two classes'
    // challenges sit in different memory, whose cache behaviour under the
    // machine's other load gave |t| values of either sign from one run to
    // the next.
    // On the heap, so that the address is the same for every copy.
    let mut slot = Box::new(pool.left[0].clone_secret());
    for (i, class) in schedule(rng) {
        let (stored, verifier) = pool.get(i, class);
        *slot = stored.clone_secret();
        let slot = &*slot;
        runner.run_one(class, || slot.verify(verifier));
    }
}

fn verify_s256_match_vs_first(runner: &mut CtRunner, rng: &mut BenchRng) {
    let classes = (Stored::Matching, Stored::FirstDiffers);
    bench_verify(Method::S256, classes, runner, rng);
}

fn verify_plain_match_vs_first(runner: &mut CtRunner, rng: &mut BenchRng) {
    let classes = (Stored::Matching, Stored::FirstDiffers);
    bench_verify(Method::Plain, classes, runner, rng);
}

fn verify_s256_first_vs_last(runner: &mut CtRunner, rng: &mut BenchRng) {
    let classes = (Stored::FirstDiffers, Stored::LastDiffers);
    bench_verify(Method::S256, classes, runner, rng);
}

fn verify_plain_first_vs_last(runner: &mut CtRunner, rng: &mut BenchRng) {
    let classes = (Stored::FirstDiffers, Stored::LastDiffers);
    bench_verify(Method::Plain, classes, runner, rng);
}

/// The null test: both classes get the very same stored challenge, so any
/// |t| here is the measurement's own, and sets the scale for the others.
fn verify_plain_null(runner: &mut CtRunner, rng: &mut BenchRng) {
    let classes = (Stored::FirstDiffers, Stored::FirstDiffers);
    bench_verify(Method::Plain, classes, runner, rng);
}

/// The null test for S256: one SHA-256 per measurement makes each slower
/// and noisier than a `plain` one, so its scale is set separately.
fn verify_s256_null(runner: &mut CtRunner, rng: &mut BenchRng) {
    let classes = (Stored::FirstDiffers, Stored::FirstDiffers);
    bench_verify(Method::S256, classes, runner, rng);
}

/// The control: `plain` inputs that differ at the first or at the last
/// character, compared with `==` on the text, which stops at the first
/// difference.
fn early_exit_eq_control(runner: &mut CtRunner, rng: &mut BenchRng) {
    let classes = (Stored::FirstDiffers, Stored::LastDiffers);
    let pool = Pool::new(Method::Plain, classes, rng);
    let mut slot = String::with_capacity(128);
    for (i, class) in schedule(rng) {
        let (stored, verifier) = pool.get(i, class);
        slot.clear();
        slot.push_str(stored.as_str());
        let slot = slot.as_str();
        runner.run_one(class, || slot == verifier);
    }
}

// Fixed seeds: the same inputs and schedule on every run.
ctbench_main_with_seeds!(
    (verify_s256_match_vs_first, Some(0x5256)),
    (verify_plain_match_vs_first, Some(0x9a17)),
    (verify_s256_first_vs_last, Some(0x5257)),
    (verify_plain_first_vs_last, Some(0x9a18)),
    (verify_plain_null, Some(0x9a19)),
    (verify_s256_null, Some(0x5258)),
    (early_exit_eq_control, Some(0xc0de))
);
