use ssodesk_core::view::{OrgView, Overview};

use super::{CommandResult, DeskState};

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn get_overview(desk: DeskState<'_>) -> CommandResult<Overview> {
    desk.overview().map_err(Into::into)
}

#[tauri::command(rename_all = "camelCase")]
#[tracing::instrument(skip(desk))]
pub async fn rename_org(desk: DeskState<'_>, org_id: String, name: String) -> CommandResult<OrgView> {
    desk.rename_org(&org_id, &name).await.map_err(Into::into)
}
