//! Heap allocations per operation, counted by a global allocator: ours must
//! make none, and the references are counted beside them for BENCHMARKS.md.
//!
//! `cargo test --test alloc -- --nocapture` prints the table.
//!
//! The count is per thread, so tests running in parallel on other threads
//! do not disturb it.
//!
//! It counts the `std` API too (`generate`, `try_generate`), so it needs
//! the `std` feature; the code it measures is the same without it.
#![cfg(feature = "std")]
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

use oauth_pkce::client::{CallbackParams, PendingAuthorization, PendingAuthorizations, State};
use oauth_pkce::rand::{SeedableRng, rngs::StdRng};
use oauth_pkce::server::{self, ClientType, ErrorRedirect, JsonErrorResponse, Migration, Policy};
use oauth_pkce::{CodeChallenge, CodeVerifier, Method};
use support::alloc::{Tracking, per_call};

use support::reference::{
    self as reference, CHALLENGE_43, VERIFIER_43, VERIFIER_128, WRONG_43, WRONG_128,
};

#[global_allocator]
static GLOBAL: Tracking = Tracking;

/// An S256 challenge with its base64 padding left on.
const CHALLENGE_43_PADDED: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM=";

/// A fixed buffer, as a `no_std` server writes a response body into.
struct FixedBuf {
    bytes: [u8; 256],
    len: usize,
}

impl Default for FixedBuf {
    fn default() -> Self {
        Self {
            bytes: [0; 256],
            len: 0,
        }
    }
}

impl std::fmt::Write for FixedBuf {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.bytes
            .get_mut(self.len..end)
            .ok_or(std::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

struct Row {
    op: &'static str,
    who: &'static str,
    allocations: f64,
}

fn row<R>(op: &'static str, who: &'static str, f: impl FnMut() -> R) -> Row {
    Row {
        op,
        who,
        allocations: per_call(f),
    }
}

/// Every operation of ours, and every reference beside it, with its
/// allocations per call.
fn rows() -> (Vec<Row>, Vec<Row>) {
    // The thread RNG makes its state on first use; warm it up so that no
    // count below includes that.
    let _ = CodeVerifier::generate();

    let v43 = CodeVerifier::parse(VERIFIER_43).expect("valid");
    let v128 = CodeVerifier::parse(VERIFIER_128).expect("valid");
    let c43 = v43.challenge();
    let c128 = v128.challenge();
    let policy = Policy::strict();
    let migration = Migration::new(Policy::rfc7636(), Policy::strict());
    let mut detector = server::ChallengeDetector::<16, 8>::new([5; 32], server::OnRepeat::Report);
    let bound = policy
        .check_authorization_request(ClientType::Public, Some(CHALLENGE_43), Some("S256"))
        .expect("valid");
    let mut held = rand::rng();
    let lower_43 = reference::derive(VERIFIER_43.as_bytes());

    // The client: records made before the count, one per validation, all
    // from the same seed so that one response answers each of them.
    const REDIRECT_URI: &str = "http://127.0.0.1:8400/callback";
    const ISSUER: &str = "https://auth.example.com";
    let same = || {
        PendingAuthorization::builder(REDIRECT_URI)
            .issuer_requiring_iss(ISSUER)
            .build_with(0, &mut StdRng::seed_from_u64(9))
            .expect("valid")
    };
    let mut records: Vec<PendingAuthorization> = (0..65).map(|_| same()).collect();
    let seeded_state = same().state().secret().to_owned();
    let callback = CallbackParams::from_pairs([
        ("state", seeded_state.as_str()),
        ("code", "SplxlOBeZQQYbYS6WxSbIA"),
        ("iss", ISSUER),
    ])
    .unwrap();
    // The counted validations succeed, so that the count is of the whole
    // path, through to the token request.
    assert!(same().validate_callback_at(&callback, 1).is_ok());
    let state = State::try_generate().expect("OS RNG");
    let mut store = PendingAuthorizations::<4>::new();
    for _ in 0..4 {
        let record = PendingAuthorization::builder(REDIRECT_URI)
            .build()
            .expect("valid");
        assert!(store.insert(record).is_none());
    }

    let ours = [
        row("generate", "ours", CodeVerifier::generate),
        row("generate_len(128)", "ours", || {
            CodeVerifier::generate_len(128)
        }),
        row("generate_with(held RNG)", "ours", || {
            CodeVerifier::generate_with(&mut held)
        }),
        row("try_generate", "ours", CodeVerifier::try_generate),
        row("generate + challenge", "ours", || {
            let verifier = CodeVerifier::generate();
            let challenge = verifier.challenge();
            (verifier, challenge)
        }),
        row("derive S256 (43)", "ours", || v43.challenge()),
        row("derive S256 (128)", "ours", || v128.challenge()),
        row("derive plain", "ours", || v43.challenge_with(Method::Plain)),
        row("CodeVerifier::parse", "ours", || {
            CodeVerifier::parse(VERIFIER_43)
        }),
        row("CodeChallenge::parse S256", "ours", || {
            CodeChallenge::parse(CHALLENGE_43, Method::S256)
        }),
        row("CodeChallenge::parse plain", "ours", || {
            CodeChallenge::parse(VERIFIER_43, Method::Plain)
        }),
        row("verify (43, match)", "ours", || c43.verify(VERIFIER_43)),
        row("verify (43, mismatch)", "ours", || c43.verify(WRONG_43)),
        row("verify (128, match)", "ours", || c128.verify(VERIFIER_128)),
        row("verify (128, mismatch)", "ours", || c128.verify(WRONG_128)),
        row("verify (malformed)", "ours", || {
            c43.verify("not a verifier")
        }),
        row("check_authorization_request", "ours", || {
            policy.check_authorization_request(ClientType::Public, Some(CHALLENGE_43), Some("S256"))
        }),
        row("check_token_request", "ours", || {
            policy.check_token_request(ClientType::Public, bound.as_ref(), Some(VERIFIER_43))
        }),
        row("check_token_request (downgrade)", "ours", || {
            policy.check_token_request(ClientType::Public, None, Some(VERIFIER_43))
        }),
        row("check_token_request (pkce required)", "ours", || {
            policy.check_token_request(ClientType::Confidential, None, None)
        }),
        row("check_authorization_request (padded)", "ours", || {
            policy.check_authorization_request(
                ClientType::Public,
                Some(CHALLENGE_43_PADDED),
                Some("S256"),
            )
        }),
        row("check_authorization_request (s256)", "ours", || {
            policy.check_authorization_request(ClientType::Public, Some(CHALLENGE_43), Some("s256"))
        }),
        row("Migration::check_authorization_request", "ours", || {
            migration.check_authorization_request(ClientType::Confidential, None, None)
        }),
        row("Migration::check_token_request", "ours", || {
            migration.check_token_request(ClientType::Public, bound.as_ref(), Some(VERIFIER_43))
        }),
        row("Migration::check_token_request (report)", "ours", || {
            migration.check_token_request(ClientType::Confidential, None, None)
        }),
        // New on the first call, repeated after: both paths.
        row("ChallengeDetector::check", "ours", || {
            detector.check("app", &c43)
        }),
        row("JsonErrorResponse::write_json", "ours", || {
            let mut out = FixedBuf::default();
            JsonErrorResponse::new(&server::Error::MissingVerifier).write_json(&mut out)
        }),
        row("ErrorRedirect::pairs", "ours", || {
            ErrorRedirect::new(&server::Error::MissingChallenge)
                .state(Some("xyz"))
                .issuer(Some("https://as.example"))
                .pairs()
                .count()
        }),
        row("State::try_generate", "ours", State::try_generate),
        row("State::matches", "ours", || state.matches(WRONG_43)),
        row("PendingAuthorization::build", "ours", || {
            PendingAuthorization::builder(REDIRECT_URI)
                .issuer_requiring_iss(ISSUER)
                .build()
        }),
        row("PendingAuthorization::build_with", "ours", || {
            PendingAuthorization::builder(REDIRECT_URI).build_with(0, &mut held)
        }),
        row("validate_callback", "ours", || {
            records
                .pop()
                .map(|mut r| r.validate_callback_at(&callback, 1).map(|t| t.code().len()))
        }),
        row("CallbackParams::from_query (decoding)", "ours", || {
            CallbackParams::from_query(
                "code=Splx%2FlOB&state=a%2Db&iss=https%3A%2F%2Fas.example&x=1",
            )
            .map(|p| p.iss().map(str::len))
        }),
        row(
            "PendingAuthorizations::take (4 stored, no match)",
            "ours",
            || store.take(WRONG_43).is_some(),
        ),
    ];
    assert!(
        records.is_empty(),
        "every validation above had its own record"
    );

    let references = [
        row("derive S256 (43)", "lower bound", || {
            reference::derive(VERIFIER_43.as_bytes())
        }),
        row("verify (43, match)", "lower bound", || {
            reference::verify(&lower_43, VERIFIER_43)
        }),
        row("generate", "lower bound", reference::generate_os),
        row("generate_with(held RNG)", "lower bound", || {
            reference::generate_with(&mut held)
        }),
        row(
            "generate_len(128)",
            "lower bound",
            reference::generate_os_128,
        ),
        row(
            "generate + challenge",
            "lower bound",
            reference::generate_and_derive,
        ),
        row("CodeVerifier::parse", "naive check", || {
            reference::naive_check_verifier(VERIFIER_43)
        }),
        row("CodeChallenge::parse S256", "naive check", || {
            reference::naive_check_challenge(CHALLENGE_43)
        }),
        // The control: a copy of the verifier in a `String` allocates once,
        // so a counter that counted nothing would fail here.
        row("a copy in a String", "control", || VERIFIER_43.to_owned()),
    ];

    (ours.into(), references.into())
}

/// No heap allocation in generate, derive, parse, verify, the policy checks
/// or callback validation (the crate's `no_std`, allocation-free promise).
#[test]
// Miri would spend minutes hashing in its interpreter to learn nothing new:
// the count is the same natively, and the allocator is a plain pass-through.
#[cfg_attr(miri, ignore)]
fn none_of_our_operations_allocates() {
    let (ours, _) = rows();
    let allocating: Vec<_> = ours.iter().filter(|r| r.allocations != 0.0).collect();
    assert!(
        allocating.is_empty(),
        "ours allocated: {:?}",
        allocating
            .iter()
            .map(|r| (r.op, r.allocations))
            .collect::<Vec<_>>()
    );
}

/// The counter counts (a copy in a `String` is one allocation) and counts
/// only allocations (the lower bound, the allocation-free use of sha2 and
/// base64, counts none). With `-- --nocapture` it prints every row. The
/// peers' counts are in the workspace's `peers/` package.
#[test]
#[cfg_attr(miri, ignore)]
fn the_counter_sees_the_references_allocations() {
    let (ours, references) = rows();
    println!(
        "{:<34} {:<20} {:>12}",
        "operation", "implementation", "allocations"
    );
    for r in ours.iter().chain(&references) {
        println!("{:<34} {:<20} {:>12.2}", r.op, r.who, r.allocations);
    }
    assert!(
        references
            .iter()
            .any(|r| r.who == "control" && r.allocations == 1.0)
    );
    for r in references.iter().filter(|r| r.who == "lower bound") {
        assert_eq!(r.allocations, 0.0, "{}", r.op);
    }
}

/// Sealing a record, opening it, and opening several into a store, make no
/// heap allocation: the sealed text is written into fixed or caller's
/// storage, and decoded and decrypted in place.
#[cfg(feature = "seal")]
#[test]
#[cfg_attr(miri, ignore)]
fn sealing_and_opening_allocate_nothing() {
    use oauth_pkce::client::{SealingKey, SealingKeys};
    let mut rng = StdRng::seed_from_u64(9);
    let key = SealingKey::generate_with(1, &mut rng);
    let keys = SealingKeys::new(&key);
    let record = PendingAuthorization::builder("https://app.example/cb")
        .build_with(0, &mut rng)
        .unwrap();
    let sealed = keys.seal(&record, b"session", 1).unwrap();
    for (op, count) in [
        ("seal", per_call(|| keys.seal(&record, b"session", 1))),
        (
            "open",
            per_call(|| keys.open(sealed.as_str(), b"session", 2)),
        ),
        (
            "seal_all_into + open_in_place",
            per_call(|| {
                let mut buf = [0u8; 1024];
                let len = keys
                    .seal_all_into([&record, &record], b"session", 1, &mut buf)
                    .map(str::len)
                    .unwrap();
                let mut store = PendingAuthorizations::<2>::new();
                keys.open_in_place(&mut buf[..len], b"session", 2, &mut store)
            }),
        ),
    ] {
        assert_eq!(count, 0.0, "{op} allocated");
    }
}

/// Reading and checking server metadata and writing the authorization URL
/// into a fixed buffer make no heap allocation (the JSON parser's own
/// buffers aside: `serde_json::from_slice` of unescaped input allocates
/// nothing either).
#[cfg(feature = "serde")]
#[test]
#[cfg_attr(miri, ignore)]
fn reading_metadata_and_writing_the_url_allocate_nothing() {
    use core::fmt::Write;
    use oauth_pkce::client::ServerMetadata;
    let json =
        br#"{"issuer": "https://as.example", "authorization_endpoint": "https://as.example/a",
        "token_endpoint": "https://as.example/t", "code_challenge_methods_supported": ["S256"],
        "scopes_supported": ["openid"], "authorization_response_iss_parameter_supported": true}"#;
    let pending = PendingAuthorization::builder("https://app.example/cb")
        .build_with(0, &mut StdRng::seed_from_u64(10))
        .unwrap();
    struct Fixed([u8; 512], usize);
    impl Write for Fixed {
        fn write_str(&mut self, s: &str) -> core::fmt::Result {
            let end = self.1 + s.len();
            self.0
                .get_mut(self.1..end)
                .ok_or(core::fmt::Error)?
                .copy_from_slice(s.as_bytes());
            self.1 = end;
            Ok(())
        }
    }
    let count = per_call(|| {
        let server = serde_json::from_slice::<ServerMetadata>(json)
            .unwrap()
            .check("https://as.example")
            .unwrap();
        let mut out = Fixed([0; 512], 0);
        server
            .authorization_url(&pending, "app")
            .scope("openid")
            .write_to(&mut out)
            .unwrap();
        out.1
    });
    assert_eq!(count, 0.0);
}
