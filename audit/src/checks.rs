//! The verdicts: each check's stable id, the clause it comes from, and the
//! rule that turns observations into pass, fail, warn or skip. Pure: no
//! network, so that every rule is unit-tested on recorded answers.
//!
//! Fail is a broken MUST that weakens what PKCE protects (a code redeemed
//! without its verifier, with the wrong one, with a verifier for a code
//! issued without a challenge). Warn is a departure from a SHOULD, from the
//! letter of RFC 7636 without a weakness in itself, or something PKCE being
//! optional allows (`plain`, an error code other than the one RFC 7636
//! names). docs/AUDIT.md has the table.

use crate::observe::{AuthzOutcome, AuthzProbe, ClientKind, Iss, Observations};

/// A check's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// As the clause requires.
    Pass,
    /// Could not be checked (nothing to check it on).
    Skip,
    /// A departure from a SHOULD, or lax without a weakness in itself.
    Warn,
    /// A broken MUST that weakens the protection of the code.
    Fail,
}

impl Verdict {
    /// The name in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Skip => "skip",
            Self::Warn => "warn",
            Self::Fail => "fail",
        }
    }
}

/// One check's result, with what was observed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable id, e.g. `token.wrong_verifier`.
    pub id: &'static str,
    /// What is checked.
    pub title: &'static str,
    /// The clause the rule comes from.
    pub clause: &'static str,
    /// The verdict.
    pub verdict: Verdict,
    /// What the server did, in words (never a value it returned).
    pub observed: String,
    /// The HTTP status observed, where one applies.
    pub status: Option<u16>,
    /// The OAuth `error` code observed, where one applies.
    pub error: Option<String>,
}

/// Every check of a run, in report order.
pub fn evaluate(obs: &Observations) -> Vec<Finding> {
    let mut out = Vec::new();
    metadata(obs, &mut out);
    authorization(obs, &mut out);
    token::token(obs, &mut out);
    out
}

fn finding(id: &'static str, title: &'static str, clause: &'static str) -> Finding {
    Finding {
        id,
        title,
        clause,
        verdict: Verdict::Skip,
        observed: String::new(),
        status: None,
        error: None,
    }
}

fn with(mut f: Finding, verdict: Verdict, observed: impl Into<String>) -> Finding {
    f.verdict = verdict;
    f.observed = observed.into();
    f
}

fn metadata(obs: &Observations, out: &mut Vec<Finding>) {
    let published = finding(
        "metadata.methods_published",
        "code_challenge_methods_supported is published",
        "RFC 9700 §2.1.1",
    );
    let s256 = finding("metadata.s256_listed", "S256 is listed", "RFC 7636 §4.2");
    let plain = finding(
        "metadata.plain_not_listed",
        "plain is not listed",
        "RFC 9700 §2.1.1",
    );
    let iss = finding(
        "metadata.iss_advertised",
        "authorization_response_iss_parameter_supported is true",
        "RFC 9207 §3",
    );
    let Some(meta) = &obs.metadata else {
        let why = "no metadata (endpoints given directly)";
        out.extend([published, s256, plain, iss].map(|f| with(f, Verdict::Skip, why)));
        return;
    };
    match &meta.methods {
        None => {
            out.push(with(
                published,
                Verdict::Warn,
                "absent: clients cannot tell PKCE is supported",
            ));
            out.push(with(s256, Verdict::Skip, "no list"));
            out.push(with(plain, Verdict::Skip, "no list"));
        }
        Some(methods) => {
            let list = methods.join(", ");
            out.push(with(published, Verdict::Pass, format!("[{list}]")));
            let has = |m: &str| methods.iter().any(|x| x == m);
            out.push(if has("S256") {
                with(s256, Verdict::Pass, "listed")
            } else {
                with(s256, Verdict::Fail, format!("not in [{list}]"))
            });
            out.push(if has("plain") {
                with(plain, Verdict::Warn, "plain is listed")
            } else {
                with(plain, Verdict::Pass, "not listed")
            });
        }
    }
    out.push(if meta.iss_supported {
        with(iss, Verdict::Pass, "true")
    } else {
        with(iss, Verdict::Warn, "absent or false")
    });
}

/// How a refusal probe at the authorization endpoint reads: refused is a
/// pass, accepted is `if_accepted`.
fn refusal(
    obs: &Observations,
    probe: AuthzProbe,
    f: Finding,
    if_accepted: Verdict,
    accepted_means: &str,
) -> Finding {
    let Some(outcome) = obs.authz.get(&probe) else {
        return with(f, Verdict::Skip, "not sent");
    };
    let mut f = if outcome.accepted() {
        with(f, if_accepted, format!("code issued: {accepted_means}"))
    } else {
        with(
            f,
            Verdict::Pass,
            format!("refused ({})", outcome.describe()),
        )
    };
    f.error = outcome.error().map(str::to_owned);
    f.status = outcome.status();
    f
}

fn authorization(obs: &Observations, out: &mut Vec<Finding>) {
    use AuthzProbe as P;
    use Verdict::{Fail, Warn};
    let base = finding(
        P::S256.id(),
        "a well-formed S256 request gets a code",
        "RFC 7636 §4.3",
    );
    out.push(match obs.authz.get(&P::S256) {
        Some(o) if o.accepted() => with(base, Verdict::Pass, "code issued"),
        Some(o) => with(base, Fail, format!("refused ({})", o.describe())),
        None => with(base, Verdict::Skip, "not sent"),
    });
    let no_challenge = match obs.client {
        ClientKind::Public => {
            "without PKCE here; token.no_pkce says whether the code is redeemable"
        }
        ClientKind::Confidential => "PKCE is only recommended for confidential clients",
    };
    out.push(refusal(
        obs,
        P::NoChallenge,
        finding(
            P::NoChallenge.id(),
            "a request without code_challenge is refused",
            "RFC 9700 §2.1.1",
        ),
        Warn,
        no_challenge,
    ));
    let rows: [(P, &str, &str, Verdict, &str); 7] = [
        (
            P::Plain,
            "code_challenge_method=plain is refused",
            "RFC 9700 §2.1.1",
            Warn,
            "plain exposes the verifier in the request",
        ),
        (
            P::MissingMethod,
            "a challenge without a method (plain) is refused",
            "RFC 7636 §4.3",
            Warn,
            "an absent method means plain",
        ),
        (
            P::LowercaseMethod,
            "code_challenge_method=s256 (wrong case) is refused",
            "RFC 7636 §4.4.1",
            Warn,
            "method names are case-sensitive",
        ),
        (
            P::UnknownMethod,
            "an unknown code_challenge_method is refused",
            "RFC 7636 §4.4.1",
            Fail,
            "an unsupported method MUST be refused",
        ),
        (
            P::Challenge42,
            "an S256 challenge of 42 characters is refused",
            "RFC 7636 §4.2",
            Warn,
            "challenge syntax unchecked",
        ),
        (
            P::Challenge129,
            "an S256 challenge of 129 characters is refused",
            "RFC 7636 §4.2",
            Warn,
            "challenge syntax unchecked",
        ),
        (
            P::PaddedChallenge,
            "a padded S256 challenge is refused",
            "RFC 7636 Appendix A",
            Warn,
            "padding accepted or trimmed",
        ),
    ];
    for (probe, title, clause, verdict, means) in rows {
        out.push(refusal(
            obs,
            probe,
            finding(probe.id(), title, clause),
            verdict,
            means,
        ));
    }
    authz_error_codes(obs, out);
    issuer(obs, out);
}

/// RFC 7636 §4.4.1: a refused PKCE request is `invalid_request`.
fn authz_error_codes(obs: &Observations, out: &mut Vec<Finding>) {
    let f = finding(
        "authz.refusal_error_code",
        "each error redirect says invalid_request",
        "RFC 7636 §4.4.1",
    );
    let redirects: Vec<(AuthzProbe, Option<&str>)> = obs
        .authz
        .iter()
        .filter(|(p, _)| **p != AuthzProbe::S256)
        .filter(|(_, o)| matches!(o, AuthzOutcome::ErrorRedirect { .. }))
        .map(|(p, o)| (*p, o.error()))
        .collect();
    if redirects.is_empty() {
        out.push(with(f, Verdict::Skip, "no error redirect"));
        return;
    }
    let odd: Vec<String> = redirects
        .iter()
        .filter(|(_, e)| *e != Some("invalid_request"))
        .map(|(p, e)| format!("{}: {}", p.id(), e.unwrap_or("no valid error")))
        .collect();
    out.push(if odd.is_empty() {
        with(
            f,
            Verdict::Pass,
            format!("{} of {}", redirects.len(), redirects.len()),
        )
    } else {
        with(f, Verdict::Warn, odd.join("; "))
    });
}

/// RFC 9207 §2: `iss` in every authorization response, success and error.
fn issuer(obs: &Observations, out: &mut Vec<Finding>) {
    let advertised = obs.metadata.as_ref().is_some_and(|m| m.iss_supported);
    // Absent where the metadata advertises it breaks a MUST of RFC 9207 §2;
    // otherwise it is the mix-up defence RFC 9700 §4.4.2 recommends.
    let absent = if advertised {
        Verdict::Fail
    } else {
        Verdict::Warn
    };
    let judge = |f: Finding, seen: Vec<Iss>| -> Finding {
        if seen.is_empty() {
            return with(f, Verdict::Skip, "no such response");
        }
        if seen.contains(&Iss::Other) {
            return with(f, Verdict::Fail, "iss differs from the issuer");
        }
        let missing = seen.iter().filter(|i| **i == Iss::Absent).count();
        if missing > 0 {
            return with(f, absent, format!("absent in {missing} of {}", seen.len()));
        }
        if seen.contains(&Iss::Unchecked) {
            return with(f, Verdict::Skip, "present; no issuer to compare with");
        }
        with(
            f,
            Verdict::Pass,
            format!("the issuer, in {} of {}", seen.len(), seen.len()),
        )
    };
    let success = obs
        .authz
        .values()
        .filter_map(|o| match o {
            AuthzOutcome::Code { iss } => Some(*iss),
            _ => None,
        })
        .collect();
    let errors = obs
        .authz
        .values()
        .filter_map(|o| match o {
            AuthzOutcome::ErrorRedirect { iss, .. } => Some(*iss),
            _ => None,
        })
        .collect();
    out.push(judge(
        finding(
            "authz.iss_success",
            "iss in each success response",
            "RFC 9207 §2",
        ),
        success,
    ));
    out.push(judge(
        finding(
            "authz.iss_error",
            "iss in each error redirect",
            "RFC 9207 §2",
        ),
        errors,
    ));
}

mod token;

#[cfg(test)]
mod tests;
