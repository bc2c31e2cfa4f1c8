use ssodesk_core::certificates::{
    CertificateInventory, ExpiryPolicyView, SetExpiryPolicyInput, SnoozeCertificateInput,
};
use ssodesk_core::{CommandError, ErrorCode};
use tauri_plugin_autostart::ManagerExt;

use super::{CommandResult, DeskState};

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn list_certificates(desk: DeskState<'_>) -> CommandResult<CertificateInventory> {
    desk.list_certificates().map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(parent_id = %input.parent_id))]
pub async fn set_expiry_policy(desk: DeskState<'_>, input: SetExpiryPolicyInput) -> CommandResult<ExpiryPolicyView> {
    desk.set_expiry_policy(&input.parent_id, input.policy).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(sha256 = %input.sha256, days = input.days))]
pub async fn snooze_certificate(desk: DeskState<'_>, input: SnoozeCertificateInput) -> CommandResult<()> {
    desk.snooze_certificate(&input.sha256, input.days).await.map_err(Into::into)
}

// Start at login is the operating system's setting, kept by the autostart plugin (a .desktop
// file in ~/.config/autostart on Linux, a launch agent on macOS, the Run key on Windows), so
// these two commands talk to the plugin rather than the desk.
#[tauri::command]
pub async fn get_autostart(app: tauri::AppHandle) -> CommandResult<bool> {
    app.autolaunch().is_enabled().map_err(autostart_error)
}

#[tauri::command]
#[tracing::instrument(skip(app))]
pub async fn set_autostart(app: tauri::AppHandle, enabled: bool) -> CommandResult<()> {
    let launcher = app.autolaunch();
    if enabled { launcher.enable() } else { launcher.disable() }.map_err(autostart_error)
}

fn autostart_error(error: tauri_plugin_autostart::Error) -> CommandError {
    CommandError {
        code: ErrorCode::Storage,
        message: format!("the start-at-login setting could not be changed: {error}"),
        field: None,
    }
}
