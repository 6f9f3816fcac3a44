//! Constant time under valgrind: the ctgrind technique.
//!
//! memcheck tracks, bit by bit, which values are "undefined" and reports a
//! conditional jump or a memory address that depends on one. This harness
//! marks every secret byte undefined with a client request and runs the
//! library on it: straight-line arithmetic on the secret passes silently,
//! while a branch or a table index on it is a report. Each case counts
//! memcheck's reports around itself, so a report is pinned to a case.
//!
//! By design the library takes two decisions on a secret: whether it is well
//! formed and whether it matches. Each is a `subtle::Choice` that the library
//! turns into a branch in one function, its declassification point. Built
//! with `--cfg oauth_pkce_ct`, that function is never inlined and branches
//! itself, so memcheck reports each decision with it as the innermost frame;
//! `declassify.supp` suppresses exactly those reports, and the library counts
//! the decisions (`oauth_pkce::ct_declassifications`), so each case also pins
//! how many there are. The cases call the public API itself: `parse`,
//! `verify`, `check_token_request`.
//!
//! `ctgrind cases` (with the suppression file) must run without a single
//! report; `ctgrind controls` (without it) runs code that is known to leak
//! (an `==` on the secret, an early-exit loop, a table look-up, and `verify`
//! with its declassification not suppressed) and each one must be reported,
//! so the check cannot pass by marking nothing. `.ci/ctgrind.sh` runs both
//! under `valgrind --error-exitcode`.

use std::ffi::c_void;
use std::process::ExitCode;

use crabgrind::memcheck::{MemState, mark_memory};
use crabgrind::valgrind::{count_errors, running_mode};
use oauth_pkce::client::{
    self, CallbackParams, PendingAuthorization, PendingAuthorizations, State,
};
use oauth_pkce::server::{ClientType, Policy};
use oauth_pkce::{CodeChallenge, CodeVerifier, Error, Method};
use oauth_pkce_test_support::{APPENDIX_B_VERIFIER as RFC_VERIFIER, FillRng, flip};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use subtle::{Choice, ConstantTimeEq};

fn mark(addr: *mut c_void, len: usize, state: MemState) {
    // Without valgrind every mark would be a no-op and every case would
    // pass: refuse to go on rather than report a vacuous success.
    if mark_memory(addr.cast_const(), len, state).is_err() {
        panic!("memcheck client request refused: run this under valgrind --tool=memcheck");
    }
}

/// From here on, memcheck reports any branch or address that depends on
/// `bytes`.
fn make_secret(bytes: &mut [u8]) {
    mark(bytes.as_mut_ptr().cast(), bytes.len(), MemState::Undefined);
}

/// Marks a whole value public, after the measured code is done with it, so
/// that the harness may check what it produced.
fn reveal<T>(value: &mut T) {
    mark(
        std::ptr::from_mut(value).cast(),
        size_of::<T>(),
        MemState::Defined,
    );
}

/// The declassification the library's `bool::from(choice)` stands for: this
/// one `Choice`, the result, becomes public, and nothing else does. Taking
/// `&mut` of the copy makes the compiler store it before the client request
/// and reload it after, so the branch sees the defined value.
fn public(mut choice: Choice) -> bool {
    reveal(&mut choice);
    bool::from(choice)
}

/// A seeded CSPRNG whose output memcheck treats as secret: what
/// `generate_with` encodes.
struct SecretRng;

impl SecretRng {
    #[allow(clippy::new_ret_no_self)]
    fn new(seed: u64) -> FillRng<impl FnMut(&mut [u8])> {
        let mut rng = StdRng::seed_from_u64(seed);
        FillRng(move |dst: &mut [u8]| {
            rng.fill_bytes(dst);
            make_secret(dst);
        })
    }
}

/// `text` as a fresh string whose bytes are secret: a presented
/// `code_verifier`. Its length stays public, as RFC 7636 allows.
fn secret_string(text: &str) -> String {
    let mut s = text.to_owned();
    // Marking changes memcheck's shadow state only, never the bytes, so the
    // string stays valid UTF-8.
    mark(
        s.as_mut_str().as_mut_ptr().cast(),
        s.len(),
        MemState::Undefined,
    );
    s
}

/// Runs `op` and checks that it took exactly `want` decisions on a secret,
/// each through the library's one declassification point.
fn decisions<T>(want: usize, op: impl FnOnce() -> T) -> Result<T, String> {
    let before = oauth_pkce::ct_declassifications();
    let out = op();
    expect(
        "declassified choices",
        oauth_pkce::ct_declassifications() - before,
        want,
    )?;
    Ok(out)
}

fn expect<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: got {got:?}, want {want:?}"))
    }
}

/// The twin of a verifier generated from `SecretRng::new(seed)`: the same
/// characters, computed from public bytes, for checking results.
fn public_twin(seed: u64, len: usize) -> CodeVerifier {
    CodeVerifier::generate_len_with(len, &mut StdRng::seed_from_u64(seed)).expect("valid length")
}

/// A verifier whose bytes are secret, made by `generate_len_with`.
fn secret_verifier(seed: u64, len: usize) -> CodeVerifier {
    CodeVerifier::generate_len_with(len, &mut SecretRng::new(seed)).expect("valid length")
}

/// Runs `verify` and checks the outcome and the number of decisions taken
/// on the secret.
fn check_verify(
    challenge: &CodeChallenge,
    presented: &str,
    want: Result<(), Error>,
    decisions_wanted: usize,
) -> Result<(), String> {
    let got = decisions(decisions_wanted, || challenge.verify(presented))?;
    // Only the variant is compared: for a malformed verifier the error's
    // index is computed from the secret without a branch, and comparing it
    // here would be the harness's own leak.
    expect(
        "outcome",
        std::mem::discriminant(&got),
        std::mem::discriminant(&want),
    )?;
    if let (Err(g), Err(w)) = (&got, &want) {
        expect(
            "error",
            std::mem::discriminant(g),
            std::mem::discriminant(w),
        )?;
    }
    Ok(())
}

type Case = (&'static str, fn() -> Result<(), String>);

const CASES: &[Case] = &[
    ("generate_with: encode 32 secret random bytes", generate),
    (
        "generate_len_with: every length 43..=128",
        generate_every_length,
    ),
    ("challenge: S256 and plain of a secret verifier", derive),
    (
        "CodeVerifier::parse: valid, 43 and 128 characters",
        parse_valid,
    ),
    ("CodeVerifier::parse: invalid character", parse_invalid),
    (
        "verify S256: match, first or last wrong, malformed",
        verify_s256,
    ),
    (
        "verify S256: every length 43..=128",
        verify_s256_every_length,
    ),
    ("verify plain: secret stored challenge", verify_plain),
    (
        "check_token_request: strict S256, rfc7636 plain",
        token_request,
    ),
    ("CodeChallenge::ct_eq: two secret plain challenges", ct_eq),
    (
        "State::matches: own, first or last character wrong, other length",
        state_matches,
    ),
    (
        "validate_callback_at: secret state and verifier, state checked first",
        callback,
    ),
    (
        "PendingAuthorizations: find a response's record among 4 secret states",
        store_take,
    ),
];

fn generate() -> Result<(), String> {
    let mut v = CodeVerifier::generate_with(&mut SecretRng::new(1));
    reveal(&mut v);
    let twin = CodeVerifier::generate_with(&mut StdRng::seed_from_u64(1));
    expect("characters", v.secret(), twin.secret())
}

fn generate_every_length() -> Result<(), String> {
    for len in 43..=128 {
        let seed = len as u64;
        let mut v = secret_verifier(seed, len);
        reveal(&mut v);
        expect("characters", v.secret(), public_twin(seed, len).secret())?;
    }
    Ok(())
}

fn derive() -> Result<(), String> {
    let v = secret_verifier(2, 43);
    let mut s256 = v.challenge();
    let mut plain = v.challenge_with(Method::Plain);
    reveal(&mut s256);
    reveal(&mut plain);
    let twin = public_twin(2, 43);
    expect("S256", s256.as_str(), twin.challenge().as_str())?;
    expect("plain", plain.as_str(), twin.secret())
}

fn parse_valid() -> Result<(), String> {
    for len in [43, 128] {
        let text = public_twin(3, len);
        let secret = secret_string(text.secret());
        let parsed = decisions(1, || CodeVerifier::parse(&secret))?;
        let mut v = parsed.map_err(|e| format!("refused a valid verifier: {e}"))?;
        reveal(&mut v);
        expect("characters", v.secret(), text.secret())?;
    }
    Ok(())
}

fn parse_invalid() -> Result<(), String> {
    let mut text = RFC_VERIFIER.to_owned();
    text.replace_range(17..18, "+");
    let secret = secret_string(&text);
    let parsed = decisions(1, || CodeVerifier::parse(&secret))?;
    // The variant only: its index is computed from the secret without a
    // branch, and reading it here would be the harness's own leak.
    match parsed {
        Err(Error::VerifierInvalidCharacter { .. }) => Ok(()),
        Err(_) => Err("want VerifierInvalidCharacter, got another error".into()),
        Ok(_) => Err("accepted a verifier with a '+'".into()),
    }
}

fn verify_s256() -> Result<(), String> {
    // The stored challenge is derived from a secret verifier, so the
    // comparison is checked with both sides secret.
    let stored = secret_verifier(4, 43).challenge();
    let text = public_twin(4, 43);
    let text = text.secret();
    let mismatch = Err(Error::VerifierMismatch);
    check_verify(&stored, &secret_string(text), Ok(()), 2)?;
    check_verify(&stored, &secret_string(&flip(text, 0)), mismatch, 2)?;
    check_verify(&stored, &secret_string(&flip(text, 42)), mismatch, 2)?;
    let mut malformed = text.to_owned();
    malformed.replace_range(20..21, " ");
    let invalid = Err(Error::VerifierInvalidCharacter { index: 20 });
    check_verify(&stored, &secret_string(&malformed), invalid, 1)
}

fn verify_s256_every_length() -> Result<(), String> {
    for len in 43..=128 {
        let seed = len as u64;
        let stored = secret_verifier(seed, len).challenge();
        let text = public_twin(seed, len);
        check_verify(&stored, &secret_string(text.secret()), Ok(()), 2)?;
    }
    Ok(())
}

fn verify_plain() -> Result<(), String> {
    for len in [43, 77, 128] {
        let stored = CodeChallenge::plain(&secret_verifier(5, len));
        let text = public_twin(5, len);
        let text = text.secret();
        let mismatch = Err(Error::VerifierMismatch);
        check_verify(&stored, &secret_string(text), Ok(()), 2)?;
        check_verify(&stored, &secret_string(&flip(text, 0)), mismatch, 2)?;
        check_verify(&stored, &secret_string(&flip(text, len - 1)), mismatch, 2)?;
    }
    Ok(())
}

fn token_request() -> Result<(), String> {
    let text = public_twin(6, 64);
    let text = text.secret();
    let s256 = secret_verifier(6, 64).challenge();
    let plain = CodeChallenge::plain(&secret_verifier(6, 64));
    for (policy, stored) in [(Policy::strict(), &s256), (Policy::rfc7636(), &plain)] {
        let tries = [
            (text.to_owned(), Ok(())),
            (
                flip(text, 0),
                Err(oauth_pkce::server::Error::Verifier(Error::VerifierMismatch)),
            ),
        ];
        for (presented, want) in tries {
            let presented = secret_string(&presented);
            let got = decisions(2, || {
                policy.check_token_request(ClientType::Public, Some(stored), Some(&presented))
            })?;
            expect("outcome", got, want)?;
        }
    }
    Ok(())
}

fn ct_eq() -> Result<(), String> {
    let a = CodeChallenge::plain(&secret_verifier(7, 50));
    let same = CodeChallenge::plain(&secret_verifier(7, 50));
    let other = CodeChallenge::plain(&secret_verifier(8, 50));
    expect("equal", public(a.ct_eq(&same)), true)?;
    expect("different", public(a.ct_eq(&other)), false)
}

/// A `state` from `SecretRng::new(seed)`, and its characters made from
/// public bytes, for building responses.
fn secret_state(seed: u64) -> (State, String) {
    let state = State::generate_with(&mut SecretRng::new(seed));
    let twin = State::generate_with(&mut StdRng::seed_from_u64(seed));
    (state, twin.secret().to_owned())
}

fn state_matches() -> Result<(), String> {
    let (state, text) = secret_state(11);
    let tries = [
        (text.clone(), true),
        (flip(&text, 0), false),
        (flip(&text, 42), false),
        (text[..42].to_owned(), false),
        (format!("{text}A"), false),
    ];
    for (received, want) in tries {
        let received = secret_string(&received);
        expect("matches", decisions(1, || state.matches(&received))?, want)?;
    }
    Ok(())
}

const REDIRECT_URI: &str = "http://127.0.0.1:8400/callback";
const NOW: u64 = 1_700_000_000;

/// A record whose verifier and `state` are secret, and its `state`'s
/// characters.
fn secret_record(seed: u64) -> (PendingAuthorization, String) {
    let record = PendingAuthorization::builder(REDIRECT_URI)
        .build_with(NOW, &mut SecretRng::new(seed))
        .expect("valid settings");
    let twin = PendingAuthorization::builder(REDIRECT_URI)
        .build_with(NOW, &mut StdRng::seed_from_u64(seed))
        .expect("valid settings");
    (record, twin.state().secret().to_owned())
}

fn callback() -> Result<(), String> {
    let (_, text) = secret_record(12);
    let tries = [
        (text.clone(), Ok(())),
        (flip(&text, 0), Err(client::Error::StateMismatch)),
        (flip(&text, 42), Err(client::Error::StateMismatch)),
    ];
    for (received, want) in tries {
        let (record, _) = secret_record(12);
        let received = secret_string(&received);
        let params = CallbackParams::from_pairs([
            ("state", received.as_str()),
            ("code", "SplxlOBeZQQYbYS6WxSbIA"),
        ])
        .map_err(|e| e.to_string())?;
        let got = decisions(1, || {
            record
                .validate_callback_at(&params, NOW + 1)
                .map(|token| token.code().len())
        })?;
        expect("outcome", got.map(|_| ()), want)?;
    }
    Ok(())
}

fn store_take() -> Result<(), String> {
    let mut texts = Vec::new();
    let mut store = PendingAuthorizations::<4>::new();
    for seed in 20..24 {
        let (record, text) = secret_record(seed);
        assert!(store.insert(record).is_none());
        texts.push(text);
    }
    // A miss compares all four and decides on each; a hit in the third
    // slot decides on the first three.
    let miss = secret_string(&flip(&texts[2], 7));
    expect("miss", decisions(4, || store.take(&miss).is_none())?, true)?;
    let hit = secret_string(&texts[2]);
    let mut taken = decisions(3, || store.take(&hit))?;
    expect("hit", taken.is_some(), true)?;
    reveal(&mut taken);
    expect("store", store.len(), 3)
}

/// Code that leaks the secret, each in a way the real cases must not: if
/// memcheck does not report these, the marking is broken and the clean
/// cases prove nothing.
const CONTROLS: &[Case] = &[
    ("== on the secret (memcmp)", control_eq),
    ("early-exit loop over the secret", control_early_exit),
    ("table-driven base64url of secret bytes", control_table),
    (
        "verify, with its declassification not suppressed",
        control_undeclassified,
    ),
];

fn control_eq() -> Result<(), String> {
    let presented = secret_string(RFC_VERIFIER);
    let stored = flip(RFC_VERIFIER, 0);
    expect("equal", presented.as_bytes() == stored.as_bytes(), false)
}

fn control_early_exit() -> Result<(), String> {
    let presented = secret_string(RFC_VERIFIER);
    let stored = flip(RFC_VERIFIER, 0);
    let differs_at = presented
        .bytes()
        .zip(stored.bytes())
        .position(|(a, b)| a != b);
    expect("equal", differs_at.is_none(), false)
}

fn control_table() -> Result<(), String> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut entropy = [0u8; 32];
    SecretRng::new(9).fill_bytes(&mut entropy);
    let out: Vec<u8> = entropy
        .iter()
        .map(|b| ALPHABET[usize::from(b & 63)])
        .collect();
    expect("length", std::hint::black_box(out).len(), 32)
}

/// The library's own `verify`, run without the suppression file that names
/// its declassification point: its decisions on the secret must be
/// reported, which shows that the marking reaches them and that the clean
/// cases pass because exactly those decisions are declassified.
fn control_undeclassified() -> Result<(), String> {
    let stored = secret_verifier(10, 43).challenge();
    let text = public_twin(10, 43);
    let got = stored.verify(&secret_string(text.secret()));
    expect("outcome", got, Ok(()))
}

fn run(cases: &[Case], must_be_reported: bool) -> bool {
    let mut all_ok = true;
    for (name, case) in cases {
        let before = count_errors();
        let outcome = case();
        let reports = count_errors() - before;
        let ok = outcome.is_ok() && (reports > 0) == must_be_reported;
        all_ok &= ok;
        let verdict = if ok { "ok" } else { "FAILED" };
        println!("{verdict:>6}  {name}: {reports} memcheck report(s)");
        if let Err(e) = outcome {
            println!("        wrong result: {e}");
        }
    }
    all_ok
}

fn main() -> ExitCode {
    if running_mode().is_native() {
        eprintln!("ctgrind: must run under valgrind --tool=memcheck, which does the checking");
        return ExitCode::from(2);
    }
    let which = std::env::args().nth(1).unwrap_or_default();
    let (cases, must_be_reported, what) = match which.as_str() {
        "cases" => (CASES, false, "no branch or index on a secret"),
        "controls" => (CONTROLS, true, "each control reported"),
        _ => {
            eprintln!("usage: ctgrind cases|controls");
            return ExitCode::from(2);
        }
    };
    if run(cases, must_be_reported) {
        println!("ctgrind {which}: {} passed, 0 failed ({what})", cases.len());
        ExitCode::SUCCESS
    } else {
        println!("ctgrind {which}: FAILED ({what})");
        ExitCode::FAILURE
    }
}
