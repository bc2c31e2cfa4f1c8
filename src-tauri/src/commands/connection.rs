use ssodesk_core::view::AppSnapshot;

use super::{CommandResult, DeskState};

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn get_app_state(desk: DeskState<'_>) -> CommandResult<AppSnapshot> {
    desk.snapshot().await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn connect_sandbox(desk: DeskState<'_>) -> CommandResult<AppSnapshot> {
    desk.connect_sandbox().await.map_err(Into::into)
}

// The token is skipped from the span: it must never reach a log.
#[tauri::command(rename_all = "camelCase")]
#[tracing::instrument(skip(desk, token))]
pub async fn connect_remote(desk: DeskState<'_>, base_url: String, token: String) -> CommandResult<AppSnapshot> {
    desk.connect_remote(&base_url, &token).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn disconnect(desk: DeskState<'_>) -> CommandResult<AppSnapshot> {
    desk.disconnect().await.map_err(Into::into)
}
