//! The cache's schema migrations: numbered SQL files in `crates/store/migrations/`, applied by
//! `ssodesk-sqlite` (which states the rules: in order, one transaction each, never changed once
//! released, a newer schema refused).

use ssodesk_sqlite::Migration;

/// Every migration, in order. Versions are consecutive from 1.
pub const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, name: "initial", sql: include_str!("../migrations/0001_initial.sql") },
    Migration { version: 2, name: "domains", sql: include_str!("../migrations/0002_domains.sql") },
    Migration { version: 3, name: "sso", sql: include_str!("../migrations/0003_sso.sql") },
];

#[cfg(test)]
mod tests {
    #[test]
    fn versions_are_consecutive_from_one() {
        ssodesk_sqlite::assert_consecutive(super::MIGRATIONS);
    }
}
