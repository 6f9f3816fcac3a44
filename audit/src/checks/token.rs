//! The token endpoint's checks: what each redemption got (RFC 7636 §4.6,
//! RFC 9700 §2.1.1 and §4.8.2, RFC 6749 §4.1.2), and what each response
//! carried (RFC 6749 §5.1 and §5.2).

use super::{Finding, Verdict, finding, with};
use crate::observe::{ClientKind, Observations, TokenOutcome, TokenProbe};

/// The token endpoint's checks.
pub(super) fn token(obs: &Observations, out: &mut Vec<Finding>) {
    use TokenProbe as T;
    use Verdict::{Fail, Warn};
    let no_pkce = match obs.client {
        ClientKind::Public => Fail,
        ClientKind::Confidential => Warn,
    };
    let rows: [(T, &str, &str, Verdict); 9] = [
        (
            T::NoVerifier,
            "an S256 code without code_verifier is refused",
            "RFC 7636 §4.6",
            Fail,
        ),
        (
            T::WrongVerifier,
            "another well-formed verifier is refused",
            "RFC 7636 §4.6",
            Fail,
        ),
        (
            T::Verifier42,
            "a 42-character verifier is refused",
            "RFC 7636 §4.1",
            Fail,
        ),
        (
            T::Verifier129,
            "a 129-character verifier is refused",
            "RFC 7636 §4.1",
            Warn,
        ),
        (
            T::ChallengeAsVerifier,
            "the challenge sent as a plain verifier is refused",
            "RFC 7636 §4.6",
            Fail,
        ),
        (
            T::Downgrade,
            "a verifier for a code issued without a challenge is refused",
            "RFC 9700 §4.8.2",
            Fail,
        ),
        (
            T::NoPkce,
            "a code issued without a challenge is not redeemable without PKCE",
            "RFC 9700 §2.1.1",
            no_pkce,
        ),
        (
            T::AfterFailure,
            "a code is unusable after a failed redemption",
            "RFC 6749 §4.1.2",
            Warn,
        ),
        (
            T::Redeemed,
            "a redeemed code is refused when presented again",
            "RFC 6749 §4.1.2",
            Fail,
        ),
    ];
    let happy = finding(
        T::Correct.id(),
        "the code with its correct verifier gets a token",
        "RFC 7636 §4.6",
    );
    out.push(
        match obs
            .token
            .get(&T::Correct)
            .or_else(|| accepted(obs, T::AfterFailure))
        {
            Some(t) => {
                let mut f = if t.issued {
                    with(happy, Verdict::Pass, "token issued")
                } else {
                    with(happy, Fail, "refused")
                };
                f.status = Some(t.status);
                f.error.clone_from(&t.error);
                f
            }
            None => with(happy, Verdict::Skip, "no code to redeem"),
        },
    );
    for (probe, title, clause, if_issued) in rows {
        let f = finding(probe.id(), title, clause);
        out.push(match obs.token.get(&probe) {
            None => with(f, Verdict::Skip, "no code for it"),
            Some(t) => {
                let mut f = if t.issued {
                    with(f, if_issued, "token issued")
                } else {
                    with(f, Verdict::Pass, "refused")
                };
                f.status = Some(t.status);
                f.error.clone_from(&t.error);
                f
            }
        });
    }
    token_responses(obs, out);
}

fn accepted(obs: &Observations, probe: TokenProbe) -> Option<&TokenOutcome> {
    obs.token.get(&probe).filter(|t| t.issued)
}

/// RFC 6749 §5.1 and §5.2, RFC 7636 §4.6: what each token response carried.
fn token_responses(obs: &Observations, out: &mut Vec<Finding>) {
    let refusals: Vec<_> = obs.token.iter().filter(|(_, t)| !t.issued).collect();
    let success: Vec<_> = obs.token.iter().filter(|(_, t)| t.issued).collect();

    out.push(no_store(
        finding(
            "token.success_no_store",
            "a token response carries Cache-Control: no-store",
            "RFC 6749 §5.1",
        ),
        &success,
        Verdict::Fail,
        "no token issued",
    ));

    let f = finding(
        "token.refusal_error_code",
        "each refusal is a 400 with error invalid_grant",
        "RFC 7636 §4.6",
    );
    let broken: Vec<String> = refusals
        .iter()
        .filter(|(_, t)| t.error.is_none() || !matches!(t.status, 400 | 401))
        .map(|(p, t)| {
            format!(
                "{}: {} {}",
                p.id(),
                t.status,
                t.error.as_deref().unwrap_or("no error code")
            )
        })
        .collect();
    let other: Vec<String> = refusals
        .iter()
        .filter(|(_, t)| t.error.as_deref().is_some_and(|e| e != "invalid_grant"))
        .map(|(p, t)| format!("{}: {}", p.id(), t.error.as_deref().unwrap_or_default()))
        .collect();
    out.push(if refusals.is_empty() {
        with(f, Verdict::Skip, "no refusal")
    } else if !broken.is_empty() {
        // RFC 6749 §5.2: an error response is a 400 (401 for client
        // authentication) with a JSON `error`.
        with(
            f,
            Verdict::Fail,
            format!("not an RFC 6749 §5.2 error: {}", broken.join("; ")),
        )
    } else if !other.is_empty() {
        with(f, Verdict::Warn, other.join("; "))
    } else {
        with(
            f,
            Verdict::Pass,
            format!("{} of {}", refusals.len(), refusals.len()),
        )
    });

    out.push(no_store(
        finding(
            "token.refusal_no_store",
            "each refusal carries Cache-Control: no-store",
            "RFC 6749 §5.1",
        ),
        &refusals,
        Verdict::Warn,
        "no refusal",
    ));
}

/// `Cache-Control: no-store` on each of `responses`; `missing` when one
/// lacks it.
fn no_store(
    f: Finding,
    responses: &[(&TokenProbe, &TokenOutcome)],
    missing: Verdict,
    none: &str,
) -> Finding {
    let bare: Vec<&str> = responses
        .iter()
        .filter(|(_, t)| !t.no_store)
        .map(|(p, _)| p.id())
        .collect();
    match (responses.is_empty(), bare.is_empty()) {
        (true, _) => with(f, Verdict::Skip, none),
        (false, true) => with(
            f,
            Verdict::Pass,
            format!("{} of {}", responses.len(), responses.len()),
        ),
        (false, false) => with(f, missing, format!("missing after {}", bare.join(", "))),
    }
}
