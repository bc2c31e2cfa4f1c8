//! SSO Desk's desktop shell: the window, the IPC commands and events, and nothing else.
//!
//! Everything the app does lives in `ssodesk-core` and below, which never see tauri. This crate
//! wires them to a window: it opens the [`Desk`] at startup, exposes one thin command per UI action
//! (`commands/<area>.rs`) and turns the desk's reports into window events (`events.rs`).

mod commands;
mod events;

use std::path::PathBuf;
use std::sync::Arc;

use ssodesk_core::{Desk, DeskConfig};
use tauri::Manager;

/// Overrides the data folder (cache and sandbox). Tests and side-by-side profiles use it.
const DATA_DIR_ENV: &str = "SSODESK_DATA_DIR";
/// Fixes the local sandbox's listen address (default: a free loopback port each run).
const SANDBOX_ADDR_ENV: &str = "SSODESK_SANDBOX_ADDR";

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,tao=warn,wry=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();

    tauri::Builder::default()
        .setup(|app| {
            let config = desk_config(app.handle())?;
            tracing::info!(data_dir = %config.data_dir.display(), "opening the local cache");
            let desk = Arc::new(Desk::open(config, events::sink(app.handle().clone()))?);
            app.manage(desk.clone());
            // The window renders from the cache right away; connecting happens in the background.
            tauri::async_runtime::spawn(async move {
                if let Err(error) = desk.resume().await {
                    tracing::warn!(%error, "could not resume the saved connection");
                }
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::connection::get_app_state,
            commands::connection::connect_sandbox,
            commands::connection::connect_remote,
            commands::connection::disconnect,
            commands::orgs::get_overview,
            commands::orgs::rename_org,
            commands::activity::list_activity,
            commands::changes::list_changes,
            commands::changes::resolve_change,
            commands::sync::sync_now,
        ])
        .run(tauri::generate_context!())
        .expect("the tauri runtime failed to start (is a display available?)");
}

fn desk_config(app: &tauri::AppHandle) -> Result<DeskConfig, Box<dyn std::error::Error>> {
    let data_dir = match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) => PathBuf::from(dir),
        None => app.path().app_data_dir()?,
    };
    let mut config = DeskConfig::new(data_dir);
    if let Ok(addr) = std::env::var(SANDBOX_ADDR_ENV) {
        config.sandbox_listen = addr.parse().map_err(|e| format!("{SANDBOX_ADDR_ENV}={addr}: {e}"))?;
    }
    Ok(config)
}
