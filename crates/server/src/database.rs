//! The server's SQLite database: opening it, its migrations, and running work on its connection.
//!
//! Invariant: there is one connection, behind a mutex. Async code reaches it only through
//! [`Database::call`], which runs the work on tokio's blocking pool, so no request ever blocks an
//! async worker thread on SQLite. Because every write holds the one connection for its whole
//! transaction, writes are serialised and an idempotency-key check cannot race with its write.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::{Connection, OptionalExtension};
use ssodesk_model::Timestamp;

use crate::ids::{new_token, token_digest};
use crate::{Result, ServerError};

/// Every migration, in order. Versions are consecutive from 1; a released migration never changes.
pub(crate) const MIGRATIONS: &[ssodesk_sqlite::Migration] = &[
    ssodesk_sqlite::Migration { version: 1, name: "initial", sql: include_str!("../migrations/0001_initial.sql") },
    ssodesk_sqlite::Migration { version: 2, name: "domains", sql: include_str!("../migrations/0002_domains.sql") },
    ssodesk_sqlite::Migration {
        version: 3,
        name: "sso_connections",
        sql: include_str!("../migrations/0003_sso_connections.sql"),
    },
];

/// The reference backend's database. Cloning shares the one connection.
#[derive(Debug, Clone)]
pub struct Database {
    connection: Arc<Mutex<Connection>>,
    path: PathBuf,
}

impl Database {
    /// Opens (creating it if needed) the database at `path` and applies pending migrations.
    pub fn open(path: &Path) -> Result<Database> {
        let open_failed = |source| ServerError::OpenDatabase { path: path.to_owned(), source };
        let mut connection = Connection::open(path).map_err(open_failed)?;
        ssodesk_sqlite::configure(&connection).map_err(open_failed)?;
        ssodesk_sqlite::migrate(&mut connection, MIGRATIONS)?;
        Ok(Database { connection: Arc::new(Mutex::new(connection)), path: path.to_owned() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the database holds no parents and no users (nothing was seeded yet).
    pub fn is_empty(&self) -> Result<bool> {
        self.with_connection(|connection| {
            let any: bool = connection.query_row(
                "SELECT EXISTS (SELECT 1 FROM parents) OR EXISTS (SELECT 1 FROM users)",
                [],
                |row| row.get(0),
            )?;
            Ok(!any)
        })
    }

    /// Mints a new token for the existing user with `email` and returns it. Earlier tokens stay
    /// valid. The token itself is not stored, only its SHA-256.
    pub fn issue_token(&self, email: &str) -> Result<String> {
        self.with_connection(|connection| {
            let user_id: Option<String> =
                connection.query_row("SELECT id FROM users WHERE email = ?1", [email], |row| row.get(0)).optional()?;
            let user_id = user_id.ok_or_else(|| ServerError::UnknownUser(email.to_owned()))?;
            let token = new_token();
            insert_token(connection, &user_id, &token)?;
            Ok(token)
        })
    }

    /// The email of the earliest created user who is Primary Owner of some organization, if any.
    pub fn primary_owner_email(&self) -> Result<Option<String>> {
        self.with_connection(|connection| {
            Ok(connection
                .query_row(
                    "SELECT u.email FROM users u JOIN memberships m ON m.user_id = u.id
                     WHERE m.role = 'primary_owner' ORDER BY u.rowid LIMIT 1",
                    [],
                    |row| row.get(0),
                )
                .optional()?)
        })
    }

    /// Runs `work` on the connection on the calling thread. For the synchronous library API.
    pub(crate) fn with_connection<T>(&self, work: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let mut connection = self.connection.lock().unwrap_or_else(PoisonError::into_inner);
        work(&mut connection)
    }

    /// Runs `work` on the connection on tokio's blocking pool. A panic inside `work` comes back
    /// as [`ServerError::Worker`]; any open transaction was rolled back when it unwound.
    pub(crate) async fn call<T, F>(&self, work: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> T + Send + 'static,
    {
        let connection = Arc::clone(&self.connection);
        tokio::task::spawn_blocking(move || {
            // A panic while the lock was held cannot leave a transaction open (rusqlite rolls back
            // on drop), so the connection is fine to use after poisoning.
            let mut connection = connection.lock().unwrap_or_else(PoisonError::into_inner);
            work(&mut connection)
        })
        .await
        .map_err(|e| ServerError::Worker(e.to_string()))
    }
}

pub(crate) fn insert_token(connection: &Connection, user_id: &str, token: &str) -> Result<()> {
    connection.execute(
        "INSERT INTO tokens (token_sha256, user_id, created_at) VALUES (?1, ?2, ?3)",
        (token_digest(token), user_id, now_text()),
    )?;
    Ok(())
}

/// The current time, truncated to milliseconds so it survives a round trip through RFC 3339 text.
pub(crate) fn now() -> Timestamp {
    let now = Timestamp::now_utc();
    now.replace_millisecond(now.millisecond()).unwrap_or(now)
}

pub(crate) fn now_text() -> String {
    ssodesk_model::format_timestamp(now())
}

pub(crate) fn parse_stored_timestamp(text: &str) -> Result<Timestamp> {
    ssodesk_model::parse_timestamp(text).map_err(|e| ServerError::corrupt("timestamp", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_consecutive_from_one() {
        ssodesk_sqlite::assert_consecutive(MIGRATIONS);
    }

    #[test]
    fn migrates_from_empty_and_reopens_without_reapplying() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("server.db");
        let db = Database::open(&path).unwrap();
        assert!(db.is_empty().unwrap());
        let recorded = db
            .with_connection(|connection| {
                Ok(connection.query_row("SELECT COUNT(*) FROM schema_migrations", [], |row| row.get::<_, i64>(0))?)
            })
            .unwrap();
        assert_eq!(recorded, MIGRATIONS.len() as i64);
        drop(db);
        let db = Database::open(&path).unwrap();
        let version = db.with_connection(|connection| Ok(ssodesk_sqlite::current_version(connection)?)).unwrap();
        assert_eq!(version, MIGRATIONS.last().unwrap().version);
    }

    #[test]
    fn version_2_keeps_the_audit_log_and_lets_the_server_be_an_actor() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("server.db");
        {
            // A database as a version-1 build left it, with an audit event.
            let mut connection = Connection::open(&path).unwrap();
            ssodesk_sqlite::configure(&connection).unwrap();
            ssodesk_sqlite::migrate(&mut connection, &MIGRATIONS[..1]).unwrap();
            connection
                .execute_batch(
                    "INSERT INTO parents VALUES ('par_1', 'Acme', 3, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
                     INSERT INTO users VALUES ('usr_1', 'ada@acme.example', 'Ada', '2026-01-01T00:00:00Z');
                     INSERT INTO audit_events (seq, id, parent_id, at, actor_user_id, actor_email, action,
                                               resource_type, resource_id, before_json, after_json)
                     VALUES (41, 'evt_1', 'par_1', '2026-01-02T00:00:00Z', 'usr_1', 'ada@acme.example',
                             'parent.update', 'parent', 'par_1', '{\"name\":\"A\"}', '{\"name\":\"Acme\"}');",
                )
                .unwrap();
        }
        let db = Database::open(&path).unwrap();
        db.with_connection(|connection| {
            let event: (i64, String, Option<String>, String) = connection.query_row(
                "SELECT seq, id, actor_user_id, after_json FROM audit_events",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )?;
            assert_eq!(event, (41, "evt_1".to_owned(), Some("usr_1".to_owned()), r#"{"name":"Acme"}"#.to_owned()));
            let disabled: bool =
                connection.query_row("SELECT disable_new_org_creation FROM parents", [], |row| row.get(0))?;
            assert!(!disabled);
            // The server may now be the actor; new events come after the old ones.
            let parent_id = "par_1";
            crate::audit::append(
                connection,
                &crate::audit::NewAuditEvent {
                    parent_id,
                    actor: crate::audit::AuditActor::System,
                    action: "domain.expire",
                    resource_type: "domain",
                    resource_id: "dom_1",
                    before: None,
                    after: None,
                },
            )?;
            let (seq, user, email): (i64, Option<String>, String) = connection.query_row(
                "SELECT seq, actor_user_id, actor_email FROM audit_events WHERE action = 'domain.expire'",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )?;
            assert_eq!((seq, user, email.as_str()), (42, None, "system"));
            // A missing user is only allowed for the system.
            let anonymous = connection.execute(
                "INSERT INTO audit_events (id, parent_id, at, actor_user_id, actor_email, action, resource_type, resource_id)
                 VALUES ('evt_x', 'par_1', 'x', NULL, 'someone@acme.example', 'x', 'x', 'x')",
                [],
            );
            assert!(anonymous.is_err());
            let page = crate::audit::page(
                connection,
                "par_1",
                &crate::extract::AuditQuery { limit: 10, before_seq: None },
            )?;
            assert_eq!(page.items.len(), 2);
            assert!(page.items[0].actor.is_system());
            assert_eq!(page.items[1].actor.email, "ada@acme.example");
            Ok(())
        })
        .unwrap();
    }

    #[test]
    fn foreign_keys_and_wal_are_on() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(&dir.path().join("server.db")).unwrap();
        db.with_connection(|connection| {
            let foreign_keys: i64 = connection.query_row("PRAGMA foreign_keys", [], |row| row.get(0))?;
            let journal: String = connection.query_row("PRAGMA journal_mode", [], |row| row.get(0))?;
            assert_eq!(foreign_keys, 1);
            assert_eq!(journal, "wal");
            Ok(())
        })
        .unwrap();
    }

    #[test]
    fn refuses_a_newer_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("server.db");
        Database::open(&path)
            .unwrap()
            .with_connection(|connection| {
                connection.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')",
                    [],
                )?;
                Ok(())
            })
            .unwrap();
        let error = Database::open(&path).unwrap_err();
        assert!(
            matches!(error, ServerError::Migration(ssodesk_sqlite::MigrationError::NewerSchema { found: 999, .. })),
            "{error}"
        );
        assert!(error.is_unusable_database());
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("not.db");
        std::fs::write(&path, b"this is not an SQLite database, not even close; just some text").unwrap();
        let error = Database::open(&path).unwrap_err();
        assert!(error.is_unusable_database(), "{error}");
    }
}
