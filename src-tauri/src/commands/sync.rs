use ssodesk_core::SyncStatus;

use super::{CommandResult, DeskState};

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn sync_now(desk: DeskState<'_>) -> CommandResult<SyncStatus> {
    desk.sync_now().await.map_err(Into::into)
}
