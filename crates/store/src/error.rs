use std::path::PathBuf;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("local cache database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot create the cache folder {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the local cache cannot be brought up to date: {0}; a newer SSO Desk may have written it")]
    Migration(#[from] ssodesk_sqlite::MigrationError),
    #[error("{what} {id} is not in the local cache")]
    NotFound { what: &'static str, id: String },
    #[error("the cache holds an unreadable {what}: {detail}")]
    Corrupt { what: &'static str, detail: String },
    #[error("the change cannot be {action} while it is {state}")]
    WrongChangeState { action: &'static str, state: &'static str },
}

impl StoreError {
    pub(crate) fn corrupt(what: &'static str, detail: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt { what, detail: detail.to_string() }
    }
}
