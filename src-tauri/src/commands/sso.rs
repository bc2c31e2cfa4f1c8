use ssodesk_core::sso::{MetadataPreview, PreviewMetadataInput, SaveSsoConnectionInput, SsoOfParent};

use super::{CommandResult, DeskState};

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn list_sso(desk: DeskState<'_>) -> CommandResult<Vec<SsoOfParent>> {
    desk.list_sso().map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn preview_metadata(desk: DeskState<'_>, input: PreviewMetadataInput) -> CommandResult<MetadataPreview> {
    desk.preview_metadata(input).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(parent_id = %input.parent_id))]
pub async fn save_sso_connection(desk: DeskState<'_>, input: SaveSsoConnectionInput) -> CommandResult<SsoOfParent> {
    desk.save_sso_connection(input).await.map_err(Into::into)
}

#[tauri::command(rename_all = "camelCase")]
#[tracing::instrument(skip(desk))]
pub async fn remove_sso_connection(desk: DeskState<'_>, parent_id: String) -> CommandResult<()> {
    desk.remove_sso_connection(&parent_id).await.map_err(Into::into)
}

#[tauri::command(rename_all = "camelCase")]
#[tracing::instrument(skip(desk))]
pub async fn refresh_published_metadata(desk: DeskState<'_>, parent_id: String) -> CommandResult<SsoOfParent> {
    desk.refresh_published_metadata(&parent_id).await.map_err(Into::into)
}
