use std::path::PathBuf;

pub type Result<T, E = ServerError> = std::result::Result<T, E>;

/// Everything that can go wrong in the reference backend outside of answering a request (those
/// answers are problem details, see `problem.rs`).
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot open the server database {path}: {source}")]
    OpenDatabase { path: PathBuf, source: rusqlite::Error },
    #[error("server database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the server database cannot be brought up to date: {0}")]
    Migration(#[from] ssodesk_sqlite::MigrationError),
    #[error("the server database already holds data; seed only an empty database")]
    AlreadySeeded,
    #[error("the seed plan is inconsistent: {0}")]
    InvalidSeedPlan(String),
    #[error("no user with the email address {0}")]
    UnknownUser(String),
    #[error("the server database holds an unreadable {what}: {detail}")]
    Corrupt { what: &'static str, detail: String },
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: std::net::SocketAddr, source: std::io::Error },
    #[error("a database task stopped unexpectedly: {0}")]
    Worker(String),
}

impl ServerError {
    pub(crate) fn corrupt(what: &'static str, detail: impl std::fmt::Display) -> ServerError {
        ServerError::Corrupt { what, detail: detail.to_string() }
    }

    /// Whether the database file itself cannot be used (wrong path, not a database, too new):
    /// the CLI answers these with exit code 2, like a bad argument.
    pub fn is_unusable_database(&self) -> bool {
        matches!(self, ServerError::OpenDatabase { .. } | ServerError::Migration(_))
    }
}
