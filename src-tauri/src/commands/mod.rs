//! The IPC commands, one file per area. Each reads its arguments and state, calls one `Desk`
//! method and maps the error to `{code, message, field}`.

pub mod activity;
pub mod certificates;
pub mod changes;
pub mod connection;
pub mod domains;
pub mod orgs;
pub mod sso;
pub mod sync;

use std::sync::Arc;

use ssodesk_core::{CommandError, Desk};

pub type DeskState<'a> = tauri::State<'a, Arc<Desk>>;
pub type CommandResult<T> = Result<T, CommandError>;
