use std::path::PathBuf;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("local cache database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot create the cache folder {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("cache migration {version} ({name}) failed: {source}")]
    Migration { version: i64, name: &'static str, source: rusqlite::Error },
    #[error("the cache was written by a newer SSO Desk (schema {found}, this build knows up to {known})")]
    NewerSchema { found: i64, known: i64 },
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
