//! The requests of one audit, in order, each answer reduced to an
//! observation. At most [`MAX_AUTHORIZATIONS`] authorizations and
//! `http::MAX_REQUESTS` direct requests, one at a time, then it stops.

use url::Url;

use crate::browser::{Answer, Browser};
use crate::http::{Client, Http};
use crate::metadata::Server;
use crate::observe::{
    AuthzOutcome, AuthzProbe, ClientKind, Iss, Observations, TokenOutcome, TokenProbe, error_code,
};
use crate::values::{self, Pair, Secret};

/// The most authorization requests one run makes.
pub const MAX_AUTHORIZATIONS: usize = 16;

/// One audit in progress.
pub struct Audit<'a> {
    /// The direct requests.
    pub http: Http,
    /// The browser and the loopback listener.
    pub browser: Browser,
    /// The server's endpoints.
    pub server: &'a Server,
    /// The client audited.
    pub client: Client,
    /// `scope`, if any.
    pub scope: Option<String>,
    /// Where progress lines go.
    pub progress: &'a mut dyn FnMut(&str),
    authorizations: usize,
    obs: Observations,
}

/// What an authorization request carries about PKCE.
struct Pkce<'v> {
    challenge: Option<&'v str>,
    method: Option<&'v str>,
}

const S256: Option<&str> = Some("S256");

impl<'a> Audit<'a> {
    /// A new audit of `client` at `server`.
    pub fn new(
        http: Http,
        browser: Browser,
        server: &'a Server,
        client: Client,
        kind: ClientKind,
        scope: Option<String>,
        progress: &'a mut dyn FnMut(&str),
    ) -> Self {
        let mut obs = Observations::new(kind);
        obs.metadata.clone_from(&server.facts);
        Self {
            http,
            browser,
            server,
            client,
            scope,
            progress,
            authorizations: 0,
            obs,
        }
    }

    /// Runs every probe: what it observed, and how many requests it made
    /// (authorizations and direct requests). An error means the audit
    /// could not run.
    pub fn run(mut self) -> Result<(Observations, usize), String> {
        let p = values::s256_pair().map_err(|e| e.to_string())?;
        let (outcome, code) = self.authorize(AuthzProbe::S256, Some(&p), S256)?;
        let code = match (&outcome, code) {
            (_, Some(code)) => code,
            (AuthzOutcome::NoRedirect, None) => {
                return Err(format!(
                    "no redirect reached {} within the timeout: was the sign-in completed, is that redirect URI registered for the client?",
                    self.browser.redirect_uri()
                ));
            }
            (o, None) => {
                return Err(format!(
                    "the server refused a well-formed S256 request ({}{}): check --client-id, --scope and that {} is a registered redirect URI",
                    o.describe(),
                    o.error().map(|e| format!(": {e}")).unwrap_or_default(),
                    self.browser.redirect_uri()
                ));
            }
        };
        self.token_sequence(code, &p)?;
        self.one_shot_token(TokenProbe::WrongVerifier, |_| {
            values::s256_pair().map(|other| Some(other.verifier))
        })?;
        for (probe, len) in [(TokenProbe::Verifier42, 42), (TokenProbe::Verifier129, 129)] {
            let pair = values::s256_pair_of_len(len).map_err(|e| e.to_string())?;
            self.redeem_fresh(probe, &pair, Some(pair.verifier.expose()))?;
        }
        self.one_shot_token(TokenProbe::ChallengeAsVerifier, |p| {
            Ok(Some(Secret::new(p.challenge.expose().to_owned())))
        })?;
        self.without_challenge()?;
        self.refusal_probes()?;
        let requests = self.authorizations + self.http.sent();
        Ok((self.obs, requests))
    }

    /// The baseline code: no verifier, then its verifier (is it still
    /// usable after a failed attempt?), then the happy path and reuse.
    fn token_sequence(&mut self, code: Secret, p: &Pair) -> Result<(), String> {
        self.redeem(TokenProbe::NoVerifier, &code, None)?;
        let after = self.redeem(TokenProbe::AfterFailure, &code, Some(p.verifier.expose()))?;
        if after.issued {
            self.redeem(TokenProbe::Redeemed, &code, Some(p.verifier.expose()))?;
            return Ok(());
        }
        let p = values::s256_pair().map_err(|e| e.to_string())?;
        let Some(code) = self.code_for(&p)? else {
            return Ok(());
        };
        let ok = self.redeem(TokenProbe::Correct, &code, Some(p.verifier.expose()))?;
        if ok.issued {
            self.redeem(TokenProbe::Redeemed, &code, Some(p.verifier.expose()))?;
        }
        Ok(())
    }

    /// A fresh S256 code redeemed once with what `verifier` makes of its
    /// pair.
    fn one_shot_token(
        &mut self,
        probe: TokenProbe,
        verifier: impl FnOnce(&Pair) -> Result<Option<Secret>, oauth_pkce::Error>,
    ) -> Result<(), String> {
        let pair = values::s256_pair().map_err(|e| e.to_string())?;
        let v = verifier(&pair).map_err(|e| e.to_string())?;
        self.redeem_fresh(probe, &pair, v.as_ref().map(Secret::expose))
    }

    fn redeem_fresh(
        &mut self,
        probe: TokenProbe,
        pair: &Pair,
        verifier: Option<&str>,
    ) -> Result<(), String> {
        if let Some(code) = self.code_for(pair)? {
            self.redeem(probe, &code, verifier)?;
        }
        Ok(())
    }

    /// RFC 9700 §4.8.2 and §2.1.1: codes issued without a challenge.
    fn without_challenge(&mut self) -> Result<(), String> {
        let (_, code) = self.authorize(AuthzProbe::NoChallenge, None, None)?;
        let Some(code) = code else { return Ok(()) };
        let v = values::s256_pair().map_err(|e| e.to_string())?;
        self.redeem(TokenProbe::Downgrade, &code, Some(v.verifier.expose()))?;
        let (_, code) = self.authorize_quiet(None)?;
        if let Some(code) = code {
            self.redeem(TokenProbe::NoPkce, &code, None)?;
        }
        Ok(())
    }

    /// The authorization requests a strict server refuses. Each with a
    /// challenge of its own, as a client makes one per request: a server
    /// that refuses a challenge it saw before (RFC 9700 §2.1.1) would
    /// otherwise refuse the later ones for that, not for what they probe.
    fn refusal_probes(&mut self) -> Result<(), String> {
        let fresh = || values::s256_pair().map_err(|e| e.to_string());
        self.authorize(AuthzProbe::Plain, Some(&fresh()?), Some("plain"))?;
        self.authorize(AuthzProbe::MissingMethod, Some(&fresh()?), None)?;
        self.authorize(AuthzProbe::LowercaseMethod, Some(&fresh()?), Some("s256"))?;
        self.authorize(AuthzProbe::UnknownMethod, Some(&fresh()?), Some("S512"))?;
        let p = fresh()?;
        let short = Secret::new(
            p.challenge
                .expose()
                .get(..42)
                .unwrap_or_default()
                .to_owned(),
        );
        self.authorize_raw(AuthzProbe::Challenge42, &short, S256)?;
        let long = values::s256_pair_of_len(129).map_err(|e| e.to_string())?;
        // 129 characters of the challenge alphabet, in an S256 challenge.
        self.authorize_raw(AuthzProbe::Challenge129, &long.verifier, S256)?;
        let padded = Secret::new(format!("{}=", p.challenge.expose()));
        self.authorize_raw(AuthzProbe::PaddedChallenge, &padded, S256)?;
        Ok(())
    }

    /// An S256 code for `pair`, for a token probe; `None` (reported) if the
    /// server did not issue one this time.
    fn code_for(&mut self, pair: &Pair) -> Result<Option<Secret>, String> {
        let (outcome, code) = self.run_authorization(Pkce {
            challenge: Some(pair.challenge.expose()),
            method: S256,
        })?;
        if code.is_none() {
            (self.progress)(&format!(
                "  a code for a token check was not issued ({})",
                outcome.describe()
            ));
        }
        Ok(code)
    }

    fn authorize_quiet(
        &mut self,
        challenge: Option<&Pair>,
    ) -> Result<(AuthzOutcome, Option<Secret>), String> {
        let challenge = challenge.map(|p| p.challenge.expose());
        self.run_authorization(Pkce {
            challenge,
            method: challenge.and(S256),
        })
    }

    fn authorize(
        &mut self,
        probe: AuthzProbe,
        pair: Option<&Pair>,
        method: Option<&str>,
    ) -> Result<(AuthzOutcome, Option<Secret>), String> {
        let challenge = pair.map(|p| p.challenge.expose());
        self.record(probe, Pkce { challenge, method })
    }

    fn authorize_raw(
        &mut self,
        probe: AuthzProbe,
        challenge: &Secret,
        method: Option<&str>,
    ) -> Result<(), String> {
        self.record(
            probe,
            Pkce {
                challenge: Some(challenge.expose()),
                method,
            },
        )?;
        Ok(())
    }

    fn record(
        &mut self,
        probe: AuthzProbe,
        pkce: Pkce<'_>,
    ) -> Result<(AuthzOutcome, Option<Secret>), String> {
        let (outcome, code) = self.run_authorization(pkce)?;
        let detail = outcome
            .error()
            .map(str::to_owned)
            .or_else(|| outcome.status().map(|s| s.to_string()))
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        (self.progress)(&format!(
            "  {:<28} {}{detail}",
            probe.id(),
            outcome.describe()
        ));
        self.obs.authz.insert(probe, outcome.clone());
        Ok((outcome, code))
    }

    /// One authorization request through the browser.
    fn run_authorization(
        &mut self,
        pkce: Pkce<'_>,
    ) -> Result<(AuthzOutcome, Option<Secret>), String> {
        if self.authorizations >= MAX_AUTHORIZATIONS {
            return Err(format!(
                "authorization budget of {MAX_AUTHORIZATIONS} spent"
            ));
        }
        self.authorizations += 1;
        let state = values::state().map_err(|e| e.to_string())?;
        let url = Secret::new(self.authorization_url(&pkce, state.expose()).into());
        let answer = self.browser.authorize(url.expose(), state.expose())?;
        Ok(match answer {
            Answer::Timeout => (AuthzOutcome::NoRedirect, None),
            Answer::Page(status) => (AuthzOutcome::Page { status }, None),
            Answer::Redirect(params) => callback(&params, self.server.issuer.as_deref()),
        })
    }

    fn authorization_url(&self, pkce: &Pkce<'_>, state: &str) -> Url {
        let mut url = self.server.authorization.clone();
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("response_type", "code")
                .append_pair("client_id", &self.client.id)
                .append_pair("redirect_uri", &self.browser.redirect_uri())
                .append_pair("state", state);
            if let Some(scope) = &self.scope {
                q.append_pair("scope", scope);
            }
            if let Some(c) = pkce.challenge {
                q.append_pair("code_challenge", c);
            }
            if let Some(m) = pkce.method {
                q.append_pair("code_challenge_method", m);
            }
        }
        url
    }

    fn redeem(
        &mut self,
        probe: TokenProbe,
        code: &Secret,
        verifier: Option<&str>,
    ) -> Result<TokenOutcome, String> {
        let redirect_uri = self.browser.redirect_uri();
        let t = self
            .http
            .redeem(
                &self.server.token,
                &self.client,
                code,
                &redirect_uri,
                verifier,
            )
            .map_err(|e| e.0)?;
        let what = if t.issued {
            "token issued".to_owned()
        } else {
            "refused".to_owned()
        };
        let error = t
            .error
            .as_deref()
            .map(|e| format!(" {e}"))
            .unwrap_or_default();
        (self.progress)(&format!(
            "  {:<28} {what} ({}{error})",
            probe.id(),
            t.status
        ));
        self.obs.token.insert(probe, t.clone());
        Ok(t)
    }
}

/// An authorization response (RFC 6749 §4.1.2, §4.1.2.1) reduced to an
/// observation, and its code when it carries one. `iss` is compared with
/// `issuer` (RFC 9207 §2.4).
fn callback(params: &[(String, Secret)], issuer: Option<&str>) -> (AuthzOutcome, Option<Secret>) {
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.expose());
    let iss = match (get("iss"), issuer) {
        (None, _) => Iss::Absent,
        (Some(_), None) => Iss::Unchecked,
        (Some(v), Some(issuer)) if v == issuer => Iss::Same,
        (Some(_), Some(_)) => Iss::Other,
    };
    match (get("code"), get("error")) {
        (Some(code), None) => (
            AuthzOutcome::Code { iss },
            Some(Secret::new(code.to_owned())),
        ),
        (_, error) => (
            AuthzOutcome::ErrorRedirect {
                error: error_code(error),
                iss,
            },
            None,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(q: &str) -> Vec<(String, Secret)> {
        url::form_urlencoded::parse(q.as_bytes())
            .map(|(k, v)| (k.into_owned(), Secret::new(v.into_owned())))
            .collect()
    }

    const ISSUER: Option<&str> = Some("http://127.0.0.1:4000");

    /// oidc-provider's success redirect, as recorded: a code and `iss`.
    #[test]
    fn recorded_success() {
        let (o, code) = callback(
            &query("code=abc&state=s&iss=http%3A%2F%2F127.0.0.1%3A4000"),
            ISSUER,
        );
        assert_eq!(o, AuthzOutcome::Code { iss: Iss::Same });
        assert_eq!(code.map(|c| c.expose().to_owned()).as_deref(), Some("abc"));
    }

    /// oidc-provider's refusal of `plain`, as recorded: an error redirect
    /// with `invalid_request` and `iss`; the description is not kept.
    #[test]
    fn recorded_error() {
        let q = "error=invalid_request&error_description=not+supported+value+of+code_challenge_method&state=s&iss=http%3A%2F%2F127.0.0.1%3A4000";
        let (o, code) = callback(&query(q), ISSUER);
        assert_eq!(
            o,
            AuthzOutcome::ErrorRedirect {
                error: Some("invalid_request".into()),
                iss: Iss::Same
            }
        );
        assert!(code.is_none());
    }

    /// RFC 9207 §2.4: another `iss`, none, or none to compare with.
    #[test]
    fn issuer_comparison() {
        assert_eq!(
            callback(&query("code=a&iss=https%3A%2F%2Fevil"), ISSUER).0,
            AuthzOutcome::Code { iss: Iss::Other }
        );
        assert_eq!(
            callback(&query("code=a"), ISSUER).0,
            AuthzOutcome::Code { iss: Iss::Absent }
        );
        assert_eq!(
            callback(&query("code=a&iss=x"), None).0,
            AuthzOutcome::Code {
                iss: Iss::Unchecked
            }
        );
    }

    /// A redirect with both `code` and `error`, or with neither, is not a
    /// success (RFC 6749 §4.1.2.1).
    #[test]
    fn ambiguous_redirects_are_errors() {
        let (o, code) = callback(&query("code=a&error=access_denied"), ISSUER);
        assert_eq!(
            o,
            AuthzOutcome::ErrorRedirect {
                error: Some("access_denied".into()),
                iss: Iss::Absent
            }
        );
        assert!(code.is_none());
        assert_eq!(
            callback(&query("state=s"), ISSUER).0,
            AuthzOutcome::ErrorRedirect {
                error: None,
                iss: Iss::Absent
            }
        );
    }
}
