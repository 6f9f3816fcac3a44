//! The HTTP client of the demo's browser, agent and attacker.

use std::time::Duration;

/// How long one HTTP exchange may take. Everything is on loopback: seconds
/// mean something is stuck.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The HTTP client used throughout: no proxy, so that nothing leaves
/// loopback whatever the environment says; no automatic redirects, so that
/// a 302 is seen as it is sent; errors as responses, since a 400 with a JSON
/// body is an answer here, not a failure; no connection pool, so that a
/// stopping server has no idle connection to wait for.
pub fn http_client() -> ureq::Agent {
    ureq::Agent::config_builder()
        .proxy(None)
        .max_redirects(0)
        .http_status_as_error(false)
        .max_idle_connections(0)
        .timeout_global(Some(TIMEOUT))
        .build()
        .new_agent()
}
