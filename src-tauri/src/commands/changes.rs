use ssodesk_core::view::PendingChange;
use ssodesk_core::ChangeAction;

use super::{CommandResult, DeskState};

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn list_changes(desk: DeskState<'_>) -> CommandResult<Vec<PendingChange>> {
    desk.changes().map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip(desk))]
pub async fn resolve_change(desk: DeskState<'_>, id: i64, action: ChangeAction) -> CommandResult<()> {
    desk.resolve_change(id, action).await.map_err(Into::into)
}
