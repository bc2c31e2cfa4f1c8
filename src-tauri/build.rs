//! Generates an `allow-<command>` permission for every app command; `capabilities/` grants them
//! per window. A command missing here cannot be invoked by any window.

const COMMANDS: &[&str] = &[
    "get_app_state",
    "connect_sandbox",
    "connect_remote",
    "disconnect",
    "get_overview",
    "rename_org",
    "list_activity",
    "list_changes",
    "resolve_change",
    "sync_now",
    "list_domains",
    "validate_domain_name",
    "add_domain",
    "check_domain_now",
    "verify_domain",
    "remove_domain",
    "set_disable_new_org_creation",
    "list_sso",
    "preview_metadata",
    "save_sso_connection",
    "remove_sso_connection",
    "refresh_published_metadata",
    "list_certificates",
    "set_expiry_policy",
    "snooze_certificate",
    "get_autostart",
    "set_autostart",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build could not prepare the app (config, capabilities or icons)");
}
