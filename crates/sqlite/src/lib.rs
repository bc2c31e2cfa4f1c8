//! How SSO Desk opens SQLite files and brings their schema up to date. The app's cache
//! (`ssodesk-store`) and the reference backend (`ssodesk-server`) both stand on this, so the two
//! databases behave the same way under crashes, concurrent processes and upgrades.
//!
//! Invariants:
//! - Every database runs in WAL mode with `synchronous = FULL` (a confirmed write survives power
//!   loss, not only a crash), foreign keys on, and a busy timeout so a second process on the same
//!   file (a CLI, a test) waits instead of failing.
//! - Migrations are numbered SQL files applied in order, each in its own transaction, and
//!   recorded in `schema_migrations`. A released migration never changes; a newer schema than a
//!   build knows is refused, never touched.

use std::time::Duration;

use rusqlite::Connection;

/// How long a statement waits for a lock held by another connection before failing.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    #[error("migration {version} ({name}) failed: {source}")]
    Failed { version: i64, name: &'static str, source: rusqlite::Error },
    #[error("the database was written by a newer build (schema {found}; this build knows up to {known})")]
    NewerSchema { found: i64, known: i64 },
}

/// Sets the pragmas every SSO Desk database runs with. Reading the journal mode back also proves
/// the file is an SQLite database at all.
pub fn configure(connection: &Connection) -> rusqlite::Result<()> {
    connection.busy_timeout(BUSY_TIMEOUT)?;
    let _mode: String = connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    connection.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")?;
    Ok(())
}

/// The version of the last applied migration; 0 for a new database.
pub fn current_version(connection: &Connection) -> rusqlite::Result<i64> {
    let exists: bool = connection.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')",
        [],
        |row| row.get(0),
    )?;
    if !exists {
        return Ok(0);
    }
    let version: Option<i64> =
        connection.query_row("SELECT MAX(version) FROM schema_migrations", [], |row| row.get(0))?;
    Ok(version.unwrap_or(0))
}

/// Applies the migrations in `migrations` (consecutive versions from 1) that the database has not
/// seen yet.
pub fn migrate(connection: &mut Connection, migrations: &[Migration]) -> Result<(), MigrationError> {
    let bookkeeping = |source| MigrationError::Failed { version: 0, name: "schema_migrations", source };
    connection
        .execute_batch(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                 version    INTEGER PRIMARY KEY,
                 name       TEXT NOT NULL,
                 applied_at TEXT NOT NULL
             ) STRICT;",
        )
        .map_err(bookkeeping)?;
    let current = current_version(connection).map_err(bookkeeping)?;
    let known = migrations.last().map_or(0, |migration| migration.version);
    if current > known {
        return Err(MigrationError::NewerSchema { found: current, known });
    }
    for migration in migrations.iter().filter(|migration| migration.version > current) {
        let failed = |source| MigrationError::Failed { version: migration.version, name: migration.name, source };
        let transaction = connection.transaction().map_err(failed)?;
        transaction.execute_batch(migration.sql).map_err(failed)?;
        let applied_at = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .expect("the current time formats as RFC 3339");
        transaction
            .execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
                (migration.version, migration.name, applied_at),
            )
            .map_err(failed)?;
        transaction.commit().map_err(failed)?;
        tracing::debug!(version = migration.version, name = migration.name, "applied migration");
    }
    Ok(())
}

/// Panics unless `migrations` are numbered 1, 2, 3, … in order. For each owner's unit tests.
pub fn assert_consecutive(migrations: &[Migration]) {
    for (index, migration) in migrations.iter().enumerate() {
        assert_eq!(migration.version, index as i64 + 1, "migration {} is out of sequence", migration.name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &[Migration] = &[
        Migration { version: 1, name: "one", sql: "CREATE TABLE a (x INTEGER) STRICT;" },
        Migration { version: 2, name: "two", sql: "ALTER TABLE a ADD COLUMN y TEXT;" },
    ];

    #[test]
    fn migrates_step_by_step_and_refuses_a_newer_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        let mut connection = Connection::open(&path).unwrap();
        configure(&connection).unwrap();
        migrate(&mut connection, &TWO[..1]).unwrap();
        assert_eq!(current_version(&connection).unwrap(), 1);
        connection.execute("INSERT INTO a (x) VALUES (7)", []).unwrap();
        migrate(&mut connection, TWO).unwrap();
        assert_eq!(current_version(&connection).unwrap(), 2);
        let x: i64 = connection.query_row("SELECT x FROM a", [], |row| row.get(0)).unwrap();
        assert_eq!(x, 7, "data survives the step");
        let error = migrate(&mut connection, &TWO[..1]).unwrap_err();
        assert!(matches!(error, MigrationError::NewerSchema { found: 2, known: 1 }), "{error}");
    }

    #[test]
    fn a_failing_migration_leaves_nothing_behind() {
        let mut connection = Connection::open_in_memory().unwrap();
        let broken = [Migration { version: 1, name: "broken", sql: "CREATE TABLE b (x); NOT SQL;" }];
        let error = migrate(&mut connection, &broken).unwrap_err();
        assert!(matches!(error, MigrationError::Failed { version: 1, .. }), "{error}");
        assert_eq!(current_version(&connection).unwrap(), 0);
        let exists: bool = connection
            .query_row("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'b')", [], |row| row.get(0))
            .unwrap();
        assert!(!exists);
    }

    #[test]
    fn configure_rejects_a_file_that_is_not_a_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("not.db");
        std::fs::write(&path, b"this is not an SQLite file, it is plain text long enough to look like a header")
            .unwrap();
        let connection = Connection::open(&path).unwrap();
        assert!(configure(&connection).is_err());
    }
}
