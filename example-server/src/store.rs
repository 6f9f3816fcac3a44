//! Where issued codes wait for their redemption: SQLite embedded in the
//! process (the default), or a PostgreSQL that several instances share.
//!
//! One table, the same in both:
//!
//! | column | type | what |
//! |---|---|---|
//! | `code_hash` | text, primary key | base64url SHA-256 of the code: the table never holds a code that redeems |
//! | `client_id` | text | the client the code was issued to |
//! | `redirect_uri` | text | as the client sent it; the token request must repeat it exactly (RFC 6749 §4.1.3) |
//! | `challenge` | text, null | the bound PKCE challenge, see [`BoundChallenge`]; null when none was bound |
//! | `expires_at` | integer | Unix seconds after which the code is refused |
//!
//! Single use is the store's: [`Store::take`] is one `DELETE ... RETURNING`
//! statement, so of any number of concurrent redemptions, on one instance or
//! several, exactly one gets the row (SQLite runs one writer at a time;
//! PostgreSQL's row lock makes every other `DELETE` of the row find it gone).

use std::sync::{Arc, Mutex};

use oauth_pkce::{CodeChallenge, CodeVerifier, Method};

use crate::BoxError;

/// Where to keep the codes, from `--store`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreSpec {
    /// `sqlite:PATH`, or `sqlite::memory:`, the default: a database private
    /// to this process.
    Sqlite(String),
    /// `postgres:URL`, e.g. `postgres:postgresql://user@127.0.0.1:5433/db`.
    Postgres(String),
}

impl StoreSpec {
    /// Parses the value of `--store`.
    pub fn parse(value: &str) -> Option<Self> {
        if let Some(path) = value.strip_prefix("sqlite:") {
            return (!path.is_empty()).then(|| Self::Sqlite(path.to_owned()));
        }
        let url = value.strip_prefix("postgres:")?;
        (!url.is_empty()).then(|| Self::Postgres(url.to_owned()))
    }
}

impl Default for StoreSpec {
    fn default() -> Self {
        Self::Sqlite(":memory:".to_owned())
    }
}

/// The challenge bound to a code, as it is kept in the `challenge` column:
/// `S256:<challenge>`, or `plain-S256:<S256 of the plain challenge>`.
///
/// A `plain` challenge is the verifier itself (RFC 7636 §4.2): stored as it
/// is, the row would redeem the code. It is stored as its S256 transform
/// instead, which is what `S256` sends; at redemption the verifier is
/// checked against that with `S256`, which accepts exactly the verifier
/// equal to the plain challenge (SHA-256 is collision-resistant), and the
/// `plain-` prefix keeps the method, so that a policy that no longer allows
/// `plain` still refuses the code.
#[derive(Debug, PartialEq, Eq)]
pub struct BoundChallenge {
    /// An `S256` challenge: the one sent, or the transform of a plain one.
    pub s256: CodeChallenge,
    /// Whether the client sent `plain`.
    pub was_plain: bool,
}

impl BoundChallenge {
    /// What the authorization endpoint's check bound.
    pub fn new(challenge: &CodeChallenge) -> Result<Self, oauth_pkce::Error> {
        Ok(match challenge.method() {
            Method::S256 => Self {
                s256: challenge.clone_secret(),
                was_plain: false,
            },
            // A plain challenge has a verifier's syntax (RFC 7636 §4.2).
            _ => Self {
                s256: CodeVerifier::parse(challenge.as_str())?.challenge(),
                was_plain: true,
            },
        })
    }

    /// The column's text.
    pub fn to_column(&self) -> String {
        let prefix = if self.was_plain { "plain-S256" } else { "S256" };
        format!("{prefix}:{}", self.s256.as_str())
    }

    /// The column's text read back; `None` if it is not one this server
    /// wrote.
    pub fn from_column(text: &str) -> Option<Self> {
        let (was_plain, value) = match text.split_once(':')? {
            ("S256", value) => (false, value),
            ("plain-S256", value) => (true, value),
            _ => return None,
        };
        let s256 = CodeChallenge::parse(value, Method::S256).ok()?;
        Some(Self { s256, was_plain })
    }
}

/// One issued code's row, its key aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// `client_id`.
    pub client_id: String,
    /// `redirect_uri`, unnormalized.
    pub redirect_uri: String,
    /// The `challenge` column: [`BoundChallenge::to_column`], or `None`.
    pub challenge: Option<String>,
    /// Unix seconds.
    pub expires_at: i64,
}

const SQLITE_SCHEMA: &str = "CREATE TABLE IF NOT EXISTS codes (
    code_hash TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    challenge TEXT,
    expires_at INTEGER NOT NULL
)";

/// An advisory lock around the schema, so that instances starting together
/// do not race on `CREATE TABLE IF NOT EXISTS`.
const POSTGRES_SCHEMA: &str = "BEGIN;
SELECT pg_advisory_xact_lock(7636);
CREATE TABLE IF NOT EXISTS codes (
    code_hash TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    challenge TEXT,
    expires_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS codes_expires_at ON codes (expires_at);
COMMIT;";

const INSERT_SQLITE: &str = "INSERT INTO codes (code_hash, client_id, redirect_uri, challenge, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)";
const INSERT_POSTGRES: &str = "INSERT INTO codes (code_hash, client_id, redirect_uri, challenge, expires_at) VALUES ($1, $2, $3, $4, $5)";
const TAKE_SQLITE: &str = "DELETE FROM codes WHERE code_hash = ?1 RETURNING client_id, redirect_uri, challenge, expires_at";
const TAKE_POSTGRES: &str = "DELETE FROM codes WHERE code_hash = $1 RETURNING client_id, redirect_uri, challenge, expires_at";
const PURGE_SQLITE: &str = "DELETE FROM codes WHERE expires_at < ?1";
const PURGE_POSTGRES: &str = "DELETE FROM codes WHERE expires_at < $1";

/// The open store.
#[derive(Clone)]
pub enum Store {
    /// One connection; each statement on tokio's blocking pool.
    Sqlite(Arc<Mutex<rusqlite::Connection>>),
    /// One connection, which pipelines concurrent queries.
    Postgres(Arc<tokio_postgres::Client>),
}

impl Store {
    /// Opens the store and creates its table if missing.
    pub async fn open(spec: &StoreSpec) -> Result<Self, BoxError> {
        match spec {
            StoreSpec::Sqlite(path) => {
                let connection = rusqlite::Connection::open(path)?;
                connection.execute_batch(SQLITE_SCHEMA)?;
                Ok(Self::Sqlite(Arc::new(Mutex::new(connection))))
            }
            StoreSpec::Postgres(url) => {
                let (client, connection) =
                    tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
                tokio::spawn(async move {
                    if let Err(e) = connection.await {
                        eprintln!("store: the PostgreSQL connection ended: {e}");
                    }
                });
                client.batch_execute(POSTGRES_SCHEMA).await?;
                Ok(Self::Postgres(Arc::new(client)))
            }
        }
    }

    /// Stores a new code's row, and drops the rows already expired at `now`.
    pub async fn put(&self, code_hash: String, grant: Grant, now: i64) -> Result<(), BoxError> {
        match self {
            Self::Sqlite(connection) => {
                let connection = Arc::clone(connection);
                tokio::task::spawn_blocking(move || -> Result<(), BoxError> {
                    let connection = lock(&connection);
                    connection.execute(PURGE_SQLITE, [now])?;
                    connection.execute(
                        INSERT_SQLITE,
                        rusqlite::params![
                            code_hash,
                            grant.client_id,
                            grant.redirect_uri,
                            grant.challenge,
                            grant.expires_at
                        ],
                    )?;
                    Ok(())
                })
                .await?
            }
            Self::Postgres(client) => {
                client.execute(PURGE_POSTGRES, &[&now]).await?;
                client
                    .execute(
                        INSERT_POSTGRES,
                        &[
                            &code_hash,
                            &grant.client_id,
                            &grant.redirect_uri,
                            &grant.challenge,
                            &grant.expires_at,
                        ],
                    )
                    .await?;
                Ok(())
            }
        }
    }

    /// Takes a code's row out of the store, in one statement: `Some` for
    /// exactly one caller, whatever the outcome of the checks after it.
    pub async fn take(&self, code_hash: String) -> Result<Option<Grant>, BoxError> {
        match self {
            Self::Sqlite(connection) => {
                let connection = Arc::clone(connection);
                tokio::task::spawn_blocking(move || -> Result<Option<Grant>, BoxError> {
                    let connection = lock(&connection);
                    let mut statement = connection.prepare_cached(TAKE_SQLITE)?;
                    let mut rows = statement.query([code_hash])?;
                    let Some(row) = rows.next()? else {
                        return Ok(None);
                    };
                    Ok(Some(Grant {
                        client_id: row.get(0)?,
                        redirect_uri: row.get(1)?,
                        challenge: row.get(2)?,
                        expires_at: row.get(3)?,
                    }))
                })
                .await?
            }
            Self::Postgres(client) => {
                let row = client.query_opt(TAKE_POSTGRES, &[&code_hash]).await?;
                Ok(row.map(|row| Grant {
                    client_id: row.get(0),
                    redirect_uri: row.get(1),
                    challenge: row.get(2),
                    expires_at: row.get(3),
                }))
            }
        }
    }
}

/// A lock that a panic on another request's thread does not take down: the
/// connection is left consistent by SQLite itself.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7636 Appendix B: the S256 of the example verifier.
    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const S256: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn a_plain_challenge_is_stored_as_its_s256_transform_never_as_itself() {
        let plain = CodeChallenge::parse(VERIFIER, Method::Plain).unwrap();
        let column = BoundChallenge::new(&plain).unwrap().to_column();
        assert_eq!(column, format!("plain-S256:{S256}"));
        assert!(!column.contains(VERIFIER));
        let back = BoundChallenge::from_column(&column).unwrap();
        assert!(back.was_plain);
        assert!(back.s256.verify(VERIFIER).is_ok());
    }

    #[test]
    fn an_s256_challenge_is_stored_as_sent() {
        let s256 = CodeChallenge::parse(S256, Method::S256).unwrap();
        let column = BoundChallenge::new(&s256).unwrap().to_column();
        assert_eq!(column, format!("S256:{S256}"));
        assert_eq!(
            BoundChallenge::from_column(&column),
            Some(BoundChallenge {
                s256,
                was_plain: false
            })
        );
        assert_eq!(
            BoundChallenge::from_column(&format!("plain:{VERIFIER}")),
            None
        );
    }

    #[test]
    fn store_spec_from_the_command_line() {
        assert_eq!(
            StoreSpec::parse("sqlite:/tmp/x.db"),
            Some(StoreSpec::Sqlite("/tmp/x.db".into()))
        );
        assert_eq!(
            StoreSpec::parse("postgres:postgresql://u@127.0.0.1:5/d"),
            Some(StoreSpec::Postgres("postgresql://u@127.0.0.1:5/d".into()))
        );
        assert_eq!(StoreSpec::parse("sqlite:"), None);
        assert_eq!(StoreSpec::parse("redis://x"), None);
    }

    /// RFC 6749 §4.1.2: a code is single-use; the row goes with the first take.
    #[tokio::test(flavor = "current_thread")]
    async fn sqlite_takes_a_row_once() {
        let store = Store::open(&StoreSpec::default()).await.unwrap();
        let grant = Grant {
            client_id: "c".into(),
            redirect_uri: "http://127.0.0.1:1/callback".into(),
            challenge: Some(format!("S256:{S256}")),
            expires_at: 10,
        };
        store.put("h".into(), grant.clone(), 0).await.unwrap();
        assert_eq!(store.take("h".into()).await.unwrap(), Some(grant));
        assert_eq!(store.take("h".into()).await.unwrap(), None);
    }
}
