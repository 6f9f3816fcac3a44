//! The report: a terminal table, JSON or Markdown, built from findings
//! alone (which hold no code, verifier or token).

use std::fmt::Write as _;

use serde_json::json;

use crate::checks::{Finding, Verdict};

/// What the report is about.
pub struct Subject<'a> {
    /// The issuer, or the authorization endpoint when given directly.
    pub server: &'a str,
    /// `public` or `confidential`.
    pub client_type: &'a str,
    /// How many HTTP requests and authorizations the run made.
    pub requests: usize,
}

/// Counts per verdict: pass, fail, warn, skip.
pub fn counts(findings: &[Finding]) -> [usize; 4] {
    let n = |v| findings.iter().filter(|f| f.verdict == v).count();
    [
        n(Verdict::Pass),
        n(Verdict::Fail),
        n(Verdict::Warn),
        n(Verdict::Skip),
    ]
}

fn observed(f: &Finding) -> String {
    let mut s = f.observed.clone();
    match (f.status, &f.error) {
        (Some(st), Some(e)) => write!(s, " [{st} {e}]"),
        (Some(st), None) => write!(s, " [{st}]"),
        (None, Some(e)) => write!(s, " [{e}]"),
        (None, None) => Ok(()),
    }
    .ok();
    s
}

/// A table for the terminal.
pub fn table(subject: &Subject<'_>, findings: &[Finding]) -> String {
    let id_w = findings.iter().map(|f| f.id.len()).max().unwrap_or(0);
    let clause_w = findings
        .iter()
        .map(|f| f.clause.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = format!(
        "PKCE audit of {} ({} client)\n\n",
        subject.server, subject.client_type
    );
    for f in findings {
        let pad = clause_w - f.clause.chars().count();
        writeln!(
            out,
            "{:<4}  {:<id_w$}  {}{}  {}",
            f.verdict.as_str().to_uppercase(),
            f.id,
            f.clause,
            " ".repeat(pad),
            observed(f)
        )
        .ok();
    }
    let [p, fl, w, s] = counts(findings);
    writeln!(
        out,
        "\n{p} pass, {fl} fail, {w} warn, {s} skip ({} requests)",
        subject.requests
    )
    .ok();
    out
}

/// JSON: every check with its id, verdict, clause, observed status and
/// error code.
pub fn json(subject: &Subject<'_>, findings: &[Finding]) -> String {
    let [p, fl, w, s] = counts(findings);
    let checks: Vec<_> = findings
        .iter()
        .map(|f| {
            json!({
                "id": f.id,
                "title": f.title,
                "verdict": f.verdict.as_str(),
                "clause": f.clause,
                "observed": f.observed,
                "status": f.status,
                "error": f.error,
            })
        })
        .collect();
    let doc = json!({
        "tool": "oauth-pkce-audit",
        "version": env!("CARGO_PKG_VERSION"),
        "server": subject.server,
        "client_type": subject.client_type,
        "requests": subject.requests,
        "summary": { "pass": p, "fail": fl, "warn": w, "skip": s },
        "checks": checks,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// Markdown, for a report.
pub fn markdown(subject: &Subject<'_>, findings: &[Finding]) -> String {
    let [p, fl, w, s] = counts(findings);
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out = format!(
        "## PKCE audit of `{}`\n\nClient type: {}. {p} pass, {fl} fail, {w} warn, {s} skip ({} requests).\n\n| Verdict | Check | Clause | Observed |\n|---|---|---|---|\n",
        subject.server, subject.client_type, subject.requests
    );
    for f in findings {
        let v = match f.verdict {
            Verdict::Fail => "**FAIL**",
            Verdict::Warn => "warn",
            Verdict::Pass => "pass",
            Verdict::Skip => "skip",
        };
        writeln!(
            out,
            "| {v} | `{}`: {} | {} | {} |",
            f.id,
            cell(f.title),
            f.clause,
            cell(&observed(f))
        )
        .ok();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Finding> {
        vec![
            Finding {
                id: "token.no_verifier",
                title: "t",
                clause: "RFC 7636 §4.6",
                verdict: Verdict::Pass,
                observed: "refused (400)".into(),
                status: Some(400),
                error: Some("invalid_grant".into()),
            },
            Finding {
                id: "authz.plain",
                title: "a | b",
                clause: "RFC 9700 §2.1.1",
                verdict: Verdict::Warn,
                observed: "code issued".into(),
                status: None,
                error: None,
            },
        ]
    }

    const SUBJECT: Subject<'static> = Subject {
        server: "http://127.0.0.1:1",
        client_type: "public",
        requests: 3,
    };

    /// JSON carries every field the contract names, per check.
    #[test]
    fn json_fields() {
        let v: serde_json::Value = serde_json::from_str(&json(&SUBJECT, &sample())).unwrap();
        assert_eq!(v["summary"]["pass"], 1);
        assert_eq!(v["summary"]["warn"], 1);
        let c = &v["checks"][0];
        assert_eq!(
            (
                c["id"].as_str(),
                c["verdict"].as_str(),
                c["clause"].as_str()
            ),
            (
                Some("token.no_verifier"),
                Some("pass"),
                Some("RFC 7636 §4.6")
            )
        );
        assert_eq!(
            (c["status"].as_u64(), c["error"].as_str()),
            (Some(400), Some("invalid_grant"))
        );
        assert!(v["checks"][1]["status"].is_null());
    }

    /// A pipe in a cell does not break the Markdown table.
    #[test]
    fn markdown_escapes_pipes() {
        let md = markdown(&SUBJECT, &sample());
        assert!(md.contains("a \\| b"));
        assert_eq!(md.lines().filter(|l| l.starts_with("| ")).count(), 3);
    }

    /// The table names each verdict and totals them.
    #[test]
    fn table_totals() {
        let t = table(&SUBJECT, &sample());
        assert!(t.contains("PASS  token.no_verifier"));
        assert!(t.contains("1 pass, 0 fail, 1 warn, 0 skip"));
    }
}
