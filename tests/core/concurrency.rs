//! The values a server shares between requests, and a client between
//! threads, are `Send + Sync`, and work through shared references from many
//! threads at once (the 8-thread generation test is in
//! `generate.rs`).

use std::sync::Barrier;

use oauth_pkce::rand::{SeedableRng, rngs::StdRng};
use oauth_pkce::server::{self, ClientType, ErrorCode, Policy, Requirement};
use oauth_pkce::{CodeChallenge, CodeVerifier, Error, Method};

// Checked when this file compiles, so adding a `Cell`, an `Rc` or a raw
// pointer to any of these types breaks the build rather than a user's
// server.
const _: fn() = || {
    fn shareable<T: Send + Sync>() {}
    shareable::<CodeVerifier>();
    shareable::<CodeChallenge>();
    shareable::<Policy>();
    shareable::<Method>();
    shareable::<ClientType>();
    shareable::<Requirement>();
    shareable::<Error>();
    shareable::<ErrorCode>();
};

#[test]
fn one_policy_and_its_bound_challenges_serve_8_threads_at_once() {
    const THREADS: usize = 8;
    // Enough rounds natively for the threads' checks to overlap in time;
    // under Miri, which explores thread interleavings itself, one.
    let rounds = if cfg!(miri) { 1 } else { 200 };
    let policy = Policy::rfc7636();
    let mut rng = StdRng::seed_from_u64(9);
    let verifiers: Vec<CodeVerifier> = (0..THREADS)
        .map(|_| CodeVerifier::generate_with(&mut rng))
        .collect();
    // Half the codes bound with S256, half with plain.
    let bound: Vec<CodeChallenge> = verifiers
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let method = if i % 2 == 0 {
                Method::S256
            } else {
                Method::Plain
            };
            let challenge = v.challenge_with(method);
            policy
                .check_authorization_request(
                    ClientType::Public,
                    Some(challenge.as_str()),
                    Some(method.as_str()),
                )
                .unwrap()
                .unwrap()
        })
        .collect();
    let start = Barrier::new(THREADS);
    std::thread::scope(|s| {
        for (i, verifier) in verifiers.iter().enumerate() {
            let (policy, bound, start) = (&policy, &bound, &start);
            s.spawn(move || {
                start.wait();
                for _ in 0..rounds {
                    for (j, challenge) in bound.iter().enumerate().filter(|&(j, _)| {
                        // Under Miri, its own code and its neighbour's: a
                        // match and a mismatch in every thread, at a quarter
                        // of the hashing.
                        !cfg!(miri) || j == i || j == (i + 1) % THREADS
                    }) {
                        let expected = if i == j {
                            Ok(())
                        } else {
                            Err(server::Error::Verifier(Error::VerifierMismatch))
                        };
                        assert_eq!(
                            policy.check_token_request(
                                ClientType::Public,
                                Some(challenge),
                                Some(verifier.secret()),
                            ),
                            expected,
                            "verifier {i} against challenge {j}"
                        );
                    }
                }
            });
        }
    });
}
