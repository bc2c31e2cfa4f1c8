//! Schema migrations: numbered SQL files in `crates/store/migrations/`, applied in order, each in
//! its own transaction, and recorded in `schema_migrations`.
//!
//! Invariant: a migration, once released, never changes. New schema goes in a new file, written so
//! that an older app build reading the newer cache refuses it cleanly ([`StoreError::NewerSchema`]).

use rusqlite::{Connection, OptionalExtension};

use crate::{Result, StoreError};

#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every migration, in order. Versions are consecutive from 1.
pub const MIGRATIONS: &[Migration] =
    &[Migration { version: 1, name: "initial", sql: include_str!("../migrations/0001_initial.sql") }];

pub(crate) fn current_version(conn: &Connection) -> Result<i64> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')",
        [],
        |row| row.get(0),
    )?;
    if !exists {
        return Ok(0);
    }
    let version: Option<i64> =
        conn.query_row("SELECT MAX(version) FROM schema_migrations", [], |row| row.get(0)).optional()?.flatten();
    Ok(version.unwrap_or(0))
}

/// Applies the migrations in `migrations` that the database has not seen yet.
pub fn apply(conn: &mut Connection, migrations: &[Migration]) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             name       TEXT NOT NULL,
             applied_at TEXT NOT NULL
         ) STRICT;",
    )?;
    let current = current_version(conn)?;
    let known = migrations.last().map_or(0, |m| m.version);
    if current > known {
        return Err(StoreError::NewerSchema { found: current, known });
    }
    for migration in migrations.iter().filter(|m| m.version > current) {
        let failed = |source| StoreError::Migration { version: migration.version, name: migration.name, source };
        let tx = conn.transaction().map_err(failed)?;
        tx.execute_batch(migration.sql).map_err(failed)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
            (migration.version, migration.name, crate::now_text()),
        )
        .map_err(failed)?;
        tx.commit().map_err(failed)?;
        tracing::debug!(version = migration.version, name = migration.name, "applied cache migration");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_consecutive_from_one() {
        for (index, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(migration.version, index as i64 + 1, "{}", migration.name);
        }
    }
}
