use ssodesk_core::view::Activity;

use super::{CommandResult, DeskState};

#[tauri::command(rename_all = "camelCase")]
#[tracing::instrument(skip(desk))]
pub async fn list_activity(desk: DeskState<'_>, parent_id: String) -> CommandResult<Activity> {
    desk.activity(&parent_id).map_err(Into::into)
}
