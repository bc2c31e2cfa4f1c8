use ssodesk_core::view::{DomainView, DomainsOfParent};
use ssodesk_core::DomainNameCheck;

use super::{CommandResult, DeskState};

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn list_domains(desk: DeskState<'_>) -> CommandResult<Vec<DomainsOfParent>> {
    desk.list_domains().map_err(Into::into)
}

// Local and instant: the UI calls it as the admin types.
#[tauri::command]
pub async fn validate_domain_name(name: String) -> CommandResult<DomainNameCheck> {
    ssodesk_core::validate_domain_name(&name).map_err(Into::into)
}

#[tauri::command(rename_all = "camelCase")]
#[tracing::instrument(skip(desk))]
pub async fn add_domain(desk: DeskState<'_>, parent_id: String, name: String) -> CommandResult<DomainView> {
    desk.add_domain(&parent_id, &name).await.map_err(Into::into)
}

#[tauri::command(rename_all = "camelCase")]
#[tracing::instrument(skip(desk))]
pub async fn check_domain_now(desk: DeskState<'_>, domain_id: String) -> CommandResult<DomainView> {
    desk.check_domain_now(&domain_id).await.map_err(Into::into)
}

#[tauri::command(rename_all = "camelCase")]
#[tracing::instrument(skip(desk))]
pub async fn verify_domain(desk: DeskState<'_>, domain_id: String) -> CommandResult<DomainView> {
    desk.verify_domain(&domain_id).await.map_err(Into::into)
}

#[tauri::command(rename_all = "camelCase")]
#[tracing::instrument(skip(desk))]
pub async fn remove_domain(desk: DeskState<'_>, domain_id: String) -> CommandResult<()> {
    desk.remove_domain(&domain_id).await.map_err(Into::into)
}

#[tauri::command(rename_all = "camelCase")]
#[tracing::instrument(skip(desk))]
pub async fn set_disable_new_org_creation(desk: DeskState<'_>, parent_id: String, enabled: bool) -> CommandResult<()> {
    desk.set_disable_new_org_creation(&parent_id, enabled).await.map_err(Into::into)
}
