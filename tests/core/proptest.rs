//! Property tests: the parsers against a hand-written model of RFC 7636's
//! grammar over arbitrary Unicode, generation against parsing and
//! verification, and the server's checks against a model of the rules that
//! `Policy` documents.

use crate::support::model::{PolicyModel, challenge_model, verifier_model};
use crate::support::{BASE64URL, UNRESERVED, verifier_lengths};
use oauth_pkce::rand::{SeedableRng, rngs::StdRng};
use oauth_pkce::server::{self, ClientType, ErrorCode, Policy, Requirement};
use oauth_pkce::{CodeChallenge, CodeVerifier, Error, Method};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

/// `cases` per property, unless `PROPTEST_CASES` asks for more or fewer.
/// Under Miri, where one SHA-256 takes a tenth of a second, `miri_cases`,
/// and no regression file, since Miri's isolation forbids the file system.
fn config(cases: u32, miri_cases: u32) -> ProptestConfig {
    if cfg!(miri) {
        return ProptestConfig {
            cases: miri_cases,
            failure_persistence: None,
            ..ProptestConfig::default()
        };
    }
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// Whether `c` may end a 43-character S256 challenge: 43 characters carry
/// 258 bits, so the last one's two low bits must be zero (RFC 4648 §3.5).
fn canonical_last(c: u8) -> bool {
    BASE64URL
        .iter()
        .position(|&b| b == c)
        .is_some_and(|v| v % 4 == 0)
}

// ---- The models, written from the RFC rather than from the code ----

/// `^[A-Za-z0-9._~-]{43,128}$`, counted in characters, as a regex would.
fn verifier_grammar(s: &str) -> bool {
    (43..=128).contains(&s.chars().count())
        && s.chars()
            .all(|c| c.is_ascii() && UNRESERVED.contains(&(c as u8)))
}

/// `^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$`.
fn s256_challenge_grammar(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    chars.len() == 43
        && chars
            .iter()
            .all(|&c| c.is_ascii() && BASE64URL.contains(&(c as u8)))
        && canonical_last(chars[42] as u8)
}

// ---- Inputs ----

/// Characters at the edges of the alphabets, separators, whitespace, and
/// multi-byte look-alikes (Kelvin sign, long s, fullwidth A) that a parser
/// which normalises or case-folds would let through.
const ODD: &[char] = &[
    '.',
    '~',
    '-',
    '_',
    '@',
    '[',
    '`',
    '{',
    '/',
    ':',
    '+',
    '=',
    ' ',
    '%',
    '\0',
    '\t',
    '\n',
    '\u{7f}',
    '\u{80}',
    '\u{a0}',
    'é',
    'ſ',
    '\u{212a}',
    '\u{ff21}',
    '\u{1f600}',
    '\u{10ffff}',
];

fn chars_of(alphabet: &[u8]) -> Vec<char> {
    alphabet.iter().map(|&b| char::from(b)).collect()
}

/// Arbitrary Unicode, control characters and all.
fn unicode() -> impl Strategy<Value = String> {
    vec(any::<char>(), 0..=140).prop_map(String::from_iter)
}

/// `base`, left as it is half of the time, else with one to three
/// characters replaced by odd ones. Uniform random Unicode would almost
/// never land inside the grammar, and the accept side would go untested.
fn with_edits(base: impl Strategy<Value = Vec<char>>) -> impl Strategy<Value = String> {
    let edit = (any::<Index>(), prop_oneof![select(ODD), any::<char>()]);
    let edits = prop_oneof![Just(Vec::new()), vec(edit, 1..=3)];
    (base, edits).prop_map(|(mut s, edits)| {
        for (at, c) in edits {
            if !s.is_empty() {
                let i = at.index(s.len());
                s[i] = c;
            }
        }
        String::from_iter(s)
    })
}

/// Strings over `alphabet` with lengths drawn from `lens`, with edits.
fn near(alphabet: &[u8], lens: impl Strategy<Value = usize>) -> impl Strategy<Value = String> {
    let chars = chars_of(alphabet);
    with_edits(lens.prop_flat_map(move |len| vec(select(chars.clone()), len)))
}

/// Candidate verifiers and `plain` challenges: lengths around 43 and 128,
/// and anywhere, plus arbitrary Unicode.
fn verifier_input() -> impl Strategy<Value = String> {
    let lens = prop_oneof![40..=46usize, 125..=131usize, 0..=140usize];
    prop_oneof![3 => near(UNRESERVED, lens), 1 => unicode()]
}

/// Candidate S256 challenges: 43 characters ending in a canonical one (only
/// a quarter of base64url characters are), lengths around 43, and arbitrary
/// Unicode.
fn s256_input() -> impl Strategy<Value = String> {
    let canonical = (
        vec(select(chars_of(BASE64URL)), 42),
        select(
            BASE64URL
                .iter()
                .copied()
                .filter(|&c| canonical_last(c))
                .map(char::from)
                .collect::<Vec<_>>(),
        ),
    )
        .prop_map(|(mut s, last)| {
            s.push(last);
            s
        });
    let lens = prop_oneof![3 => 41..=45usize, 1 => 0..=60usize];
    prop_oneof![
        3 => with_edits(canonical),
        2 => near(BASE64URL, lens),
        1 => unicode(),
    ]
}

/// Valid verifiers over all 66 characters, of every length.
fn valid_verifier() -> impl Strategy<Value = String> {
    (43..=128usize)
        .prop_flat_map(|len| vec(select(chars_of(UNRESERVED)), len))
        .prop_map(String::from_iter)
}

fn methods() -> impl Strategy<Value = Method> {
    prop_oneof![Just(Method::S256), Just(Method::Plain)]
}

fn policies() -> impl Strategy<Value = Policy> {
    let requirement = select(vec![
        Requirement::AllClients,
        Requirement::PublicClients,
        Requirement::Optional,
    ]);
    (requirement, any::<bool>())
        .prop_map(|(r, plain)| Policy::strict().require(r).allow_plain(plain))
}

fn clients() -> impl Strategy<Value = ClientType> {
    prop_oneof![Just(ClientType::Public), Just(ClientType::Confidential)]
}

/// `code_challenge` as a server receives it: absent, empty, a real S256
/// challenge, near misses of both forms, or anything.
fn challenge_param() -> impl Strategy<Value = Option<String>> {
    let real_s256 = valid_verifier().prop_map(|s| {
        CodeVerifier::parse(&s)
            .unwrap()
            .challenge()
            .as_str()
            .to_owned()
    });
    prop_oneof![
        2 => Just(None),
        1 => Just(Some(String::new())),
        3 => real_s256.prop_map(Some),
        2 => verifier_input().prop_map(Some),
        1 => s256_input().prop_map(Some),
        1 => unicode().prop_map(Some),
    ]
}

/// `code_challenge_method` as a server receives it.
fn method_param() -> impl Strategy<Value = Option<String>> {
    let near_names = select(vec![
        "s256", "PLAIN", "Plain", "S256 ", " plain", "S512", "SHA256", "S256\0", "plain\n",
    ]);
    prop_oneof![
        2 => Just(None),
        1 => Just(Some(String::new())),
        3 => Just(Some("S256".to_owned())),
        2 => Just(Some("plain".to_owned())),
        1 => near_names.prop_map(|s| Some(s.to_owned())),
        1 => unicode().prop_map(Some),
    ]
}

/// What a client presents as `code_verifier` at the token endpoint, relative
/// to the verifier the code was bound to.
#[derive(Debug, Clone)]
enum Presented {
    Absent,
    Empty,
    TheVerifier,
    OneCharacterChanged(Index, Index),
    Other(String),
}

fn presented() -> impl Strategy<Value = Presented> {
    prop_oneof![
        1 => Just(Presented::Absent),
        1 => Just(Presented::Empty),
        3 => Just(Presented::TheVerifier),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(at, to)| Presented::OneCharacterChanged(at, to)),
        2 => verifier_input().prop_map(Presented::Other),
    ]
}

/// `verifier` with the character at `at` replaced by another of the 66
/// valid ones, chosen by `to`.
fn change_one(verifier: &str, at: Index, to: Index) -> String {
    let mut bytes = verifier.as_bytes().to_vec();
    let i = at.index(bytes.len());
    let others: Vec<u8> = UNRESERVED
        .iter()
        .copied()
        .filter(|&b| b != bytes[i])
        .collect();
    bytes[i] = *to.get(&others);
    String::from_utf8(bytes).unwrap()
}

// ---- The properties ----

proptest! {
    #![proptest_config(config(64, 1))]

    /// Every length, both methods: a generated verifier is valid and
    /// verifies against its own challenge, which parses back as itself.
    #[test]
    fn generated_verifiers_parse_and_verify_for_every_length(seed in any::<u64>()) {
        let mut rng = StdRng::seed_from_u64(seed);
        let default = CodeVerifier::generate_with(&mut rng);
        prop_assert_eq!(default.secret().len(), 43);
        prop_assert_eq!(default.challenge().verify(default.secret()), Ok(()));
        for len in verifier_lengths() {
            let v = CodeVerifier::generate_len_with(len, &mut rng).unwrap();
            let s = v.secret();
            prop_assert_eq!(s.len(), len);
            prop_assert!(s.bytes().all(|b| BASE64URL.contains(&b)));
            let parsed = CodeVerifier::parse(s);
            prop_assert_eq!(parsed.as_ref().map(CodeVerifier::secret), Ok(s));
            for method in [Method::S256, Method::Plain] {
                let c = v.challenge_with(method);
                prop_assert_eq!(c.method(), method);
                prop_assert_eq!(c.verify(s), Ok(()));
                // Equal, compared in full, so it verifies the same way.
                let parsed_back = CodeChallenge::parse(c.as_str(), method);
                prop_assert_eq!(parsed_back.as_ref(), Ok(&c));
            }
        }
    }
}

proptest! {
    #![proptest_config(config(256, 2))]

    #[test]
    fn verifier_parse_accepts_exactly_the_grammar(s in verifier_input()) {
        let parsed = CodeVerifier::parse(&s);
        prop_assert_eq!(parsed.is_ok(), verifier_grammar(&s));
        prop_assert_eq!(
            parsed.as_ref().map(CodeVerifier::secret).map_err(|e| *e),
            verifier_model(&s).map(|()| s.as_str())
        );
        // The other ways in are the same parser.
        prop_assert_eq!(s.parse::<CodeVerifier>().err(), parsed.as_ref().err().copied());
        prop_assert_eq!(CodeVerifier::try_from(s.as_str()).err(), parsed.err());
    }

    #[test]
    fn s256_challenge_parse_accepts_exactly_the_grammar(s in s256_input()) {
        let parsed = CodeChallenge::parse(&s, Method::S256);
        prop_assert_eq!(parsed.is_ok(), s256_challenge_grammar(&s));
        prop_assert_eq!(
            parsed.as_ref().map(|c| (c.as_str(), c.method())).map_err(|e| *e),
            challenge_model(&s, Method::S256).map(|()| (s.as_str(), Method::S256))
        );
    }

    #[test]
    fn plain_challenge_parse_accepts_exactly_the_verifier_grammar(s in verifier_input()) {
        let parsed = CodeChallenge::parse(&s, Method::Plain);
        prop_assert_eq!(parsed.is_ok(), verifier_grammar(&s));
        prop_assert_eq!(
            parsed.as_ref().map(|c| (c.as_str(), c.method())).map_err(|e| *e),
            challenge_model(&s, Method::Plain).map(|()| (s.as_str(), Method::Plain))
        );
    }

    #[test]
    fn authorization_request_agrees_with_the_model(
        policy in policies(),
        client in clients(),
        challenge in challenge_param(),
        method in method_param(),
    ) {
        let got = policy.check_authorization_request(client, challenge.as_deref(), method.as_deref());
        let model = PolicyModel { requirement: policy.requirement(), allow_plain: policy.allows_plain() };
        let want = model.authorization(client, challenge.as_deref(), method.as_deref());
        prop_assert_eq!(
            got.map(|bound| bound.map(|c| (c.method(), c.as_str().to_owned()))),
            want
        );
    }


    /// A wrong verifier that is still well formed is `invalid_grant`, however
    /// close it is to the right one; and the right one still passes.
    #[test]
    fn any_single_character_change_is_a_mismatch(
        s in valid_verifier(),
        at in any::<Index>(),
        to in any::<Index>(),
        method in methods(),
    ) {
        let bound = CodeVerifier::parse(&s).unwrap().challenge_with(method);
        let changed = change_one(&s, at, to);
        prop_assert_ne!(&changed, &s);
        let err = bound.verify(&changed);
        prop_assert_eq!(err, Err(Error::VerifierMismatch));
        let refused = Policy::rfc7636().check_token_request(ClientType::Public, Some(&bound), Some(&changed));
        prop_assert_eq!(refused, Err(server::Error::Verifier(Error::VerifierMismatch)));
        prop_assert_eq!(refused.unwrap_err().error_code(), ErrorCode::InvalidGrant);
        prop_assert_eq!(bound.verify(&s), Ok(()));
    }

    #[test]
    fn token_request_agrees_with_the_model(
        policy in policies(),
        client in clients(),
        secret in valid_verifier(),
        method in methods(),
        bound_to_code in any::<bool>(),
        presented in presented(),
    ) {
        let verifier = CodeVerifier::parse(&secret).unwrap();
        let challenge = verifier.challenge_with(method);
        let bound = bound_to_code.then_some(&challenge);
        let param = match presented {
            Presented::Absent => None,
            Presented::Empty => Some(String::new()),
            Presented::TheVerifier => Some(secret.clone()),
            Presented::OneCharacterChanged(at, to) => Some(change_one(&secret, at, to)),
            Presented::Other(s) => Some(s),
        };
        let got = policy.check_token_request(client, bound, param.as_deref());
        let model = PolicyModel { requirement: policy.requirement(), allow_plain: policy.allows_plain() };
        let want = model.token(client, bound, param.as_deref());
        prop_assert_eq!(got, want);
    }
}

/// The properties above are only as good as their inputs: if a generator
/// stopped producing valid values, "parse agrees with the model" would hold
/// while testing only refusals. Draw from each and require both sides.
#[test]
#[cfg_attr(
    miri,
    ignore = "checks the test's own input generators, not the crate; runs natively"
)]
fn inputs_reach_both_the_accept_and_the_reject_side() {
    fn split<S: Strategy<Value = String>>(
        strategy: S,
        accepts: impl Fn(&str) -> bool,
    ) -> (u32, u32) {
        let mut runner = TestRunner::deterministic();
        let draws = 1_000;
        let accepted = (0..draws)
            .filter(|_| accepts(&strategy.new_tree(&mut runner).unwrap().current()))
            .count() as u32;
        (accepted, draws - accepted)
    }
    for (name, (accepted, rejected)) in [
        ("verifier", split(verifier_input(), verifier_grammar)),
        ("s256", split(s256_input(), s256_challenge_grammar)),
    ] {
        let draws = accepted + rejected;
        assert!(
            accepted * 10 >= draws,
            "{name}: only {accepted} of {draws} valid"
        );
        assert!(
            rejected * 10 >= draws,
            "{name}: only {rejected} of {draws} invalid"
        );
    }

    let mut runner = TestRunner::deterministic();
    let draws = 1_000;
    let mut bound = 0;
    for _ in 0..draws {
        let (policy, client, challenge, method) =
            (policies(), clients(), challenge_param(), method_param())
                .new_tree(&mut runner)
                .unwrap()
                .current();
        if let Ok(Some(_)) =
            policy.check_authorization_request(client, challenge.as_deref(), method.as_deref())
        {
            bound += 1;
        }
    }
    assert!(
        bound * 20 >= draws,
        "only {bound} of {draws} authorization requests bind a challenge"
    );
}
