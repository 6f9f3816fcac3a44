//! The authorization request and the token request of one flow, driven from
//! arbitrary bytes: `Policy::strict` and `Policy::rfc7636` (and their
//! builders), both client types and every combination of present, empty and
//! absent parameters, held to a model of the rules; then a real client's
//! round trip, which must always succeed.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use oauth_pkce::server::{self, ClientType, Policy, Requirement};
use oauth_pkce::{CodeVerifier, Error, Method};
use oauth_pkce_test_support::model::PolicyModel;
use oauth_pkce_test_support::{Replay, flip};

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Base {
    Strict,
    Rfc7636,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Req {
    AllClients,
    PublicClients,
    Optional,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Client {
    Public,
    Confidential,
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    base: Base,
    require: Option<Req>,
    allow_plain: Option<bool>,
    client: Client,
    code_challenge: Option<&'a str>,
    code_challenge_method: Option<&'a str>,
    code_verifier: Option<&'a str>,
    // The round trip: a verifier of 43 + len % 86 characters from these
    // bytes, its challenge by `plain` or S256, and a character to change.
    len: u8,
    plain: bool,
    flip_at: u8,
    entropy: &'a [u8],
}

fn policy(input: &Input) -> (Policy, PolicyModel) {
    let (mut policy, mut model) = match input.base {
        Base::Strict => (
            Policy::strict(),
            PolicyModel {
                requirement: Requirement::AllClients,
                allow_plain: false,
            },
        ),
        Base::Rfc7636 => (
            Policy::rfc7636(),
            PolicyModel {
                requirement: Requirement::Optional,
                allow_plain: true,
            },
        ),
    };
    if let Some(r) = input.require {
        let r = match r {
            Req::AllClients => Requirement::AllClients,
            Req::PublicClients => Requirement::PublicClients,
            Req::Optional => Requirement::Optional,
        };
        policy = policy.require(r);
        model.requirement = r;
    }
    if let Some(allow) = input.allow_plain {
        policy = policy.allow_plain(allow);
        model.allow_plain = allow;
    }
    (policy, model)
}

fuzz_target!(|input: Input| {
    let (policy, model) = policy(&input);
    let client = match input.client {
        Client::Public => ClientType::Public,
        Client::Confidential => ClientType::Confidential,
    };

    // The request as sent.
    let bound = policy.check_authorization_request(
        client,
        input.code_challenge,
        input.code_challenge_method,
    );
    let want = model.authorization(client, input.code_challenge, input.code_challenge_method);
    let got = bound
        .as_ref()
        .map(|b| b.as_ref().map(|c| (c.method(), c.as_str().to_owned())))
        .map_err(|e| *e);
    assert_eq!(got, want, "{input:?}");
    if let Ok(bound) = &bound {
        let bound = bound.as_ref();
        let token = policy.check_token_request(client, bound, input.code_verifier);
        assert_eq!(
            token,
            model.token(client, bound, input.code_verifier),
            "{input:?}"
        );
        // Whatever the policy, the two downgrades are refused.
        if bound.is_none() && input.code_verifier.is_some_and(|v| !v.is_empty()) {
            assert_eq!(token, Err(server::Error::UnexpectedVerifier));
        }
        if bound.is_some() && input.code_verifier.is_none_or(str::is_empty) {
            assert_eq!(token, Err(server::Error::MissingVerifier));
        }
    }

    // A client doing what the RFC says always gets through, and a verifier
    // with one character changed never does.
    let len = 43 + usize::from(input.len) % 86;
    let verifier =
        CodeVerifier::generate_len_with(len, &mut Replay::new(input.entropy)).expect("43..=128");
    let method = if input.plain && model.allow_plain {
        Method::Plain
    } else {
        Method::S256
    };
    let challenge = verifier.challenge_with(method);
    let bound = policy
        .check_authorization_request(client, Some(challenge.as_str()), Some(method.as_str()))
        .expect("a client's own challenge is accepted");
    assert_eq!(bound.as_ref(), Some(&challenge));
    assert_eq!(
        policy.check_token_request(client, bound.as_ref(), Some(verifier.secret())),
        Ok(())
    );
    let wrong = flip(verifier.secret(), usize::from(input.flip_at) % len);
    assert_eq!(
        policy.check_token_request(client, bound.as_ref(), Some(&wrong)),
        Err(server::Error::Verifier(Error::VerifierMismatch))
    );
});
