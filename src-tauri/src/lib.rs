//! SSO Desk's desktop shell: the window, the IPC commands and events, and nothing else.
//!
//! Everything the app does lives in `ssodesk-core` and below, which never see tauri. This crate
//! wires them to a window: it opens the [`Desk`] at startup, exposes one thin command per UI action
//! (`commands/<area>.rs`) and turns the desk's reports into window events (`events.rs`).

mod commands;
mod events;
mod notify;
mod tray;

use std::path::PathBuf;
use std::sync::Arc;

use ssodesk_core::{Desk, DeskConfig};
use tauri::Manager;

/// Overrides the data folder (cache and sandbox). Tests and side-by-side profiles use it.
const DATA_DIR_ENV: &str = "SSODESK_DATA_DIR";
/// Fixes the local sandbox's listen address (default: a free loopback port each run).
const SANDBOX_ADDR_ENV: &str = "SSODESK_SANDBOX_ADDR";
/// Replaces the system resolver for native DNS checks (and the sandbox backend's), as `IP[:PORT]`.
const DNS_RESOLVER_ENV: &str = "SSODESK_DNS_RESOLVER";
/// The port authoritative nameservers are asked on (53 unless a test runs them elsewhere).
const DNS_AUTHORITATIVE_PORT_ENV: &str = "SSODESK_DNS_AUTHORITATIVE_PORT";
/// How often the certificate watch runs, in milliseconds (default: hourly).
const CERTIFICATE_WATCH_MS_ENV: &str = "SSODESK_CERTIFICATE_WATCH_MS";
/// How often an IdP's metadata URL is read again, in milliseconds (default: every 6 hours).
const METADATA_REFRESH_MS_ENV: &str = "SSODESK_METADATA_REFRESH_MS";
/// Given to the app when it starts at login: it starts in the tray, without showing its window.
const BACKGROUND_ARG: &str = "--background";
/// The first wait, in milliseconds, before a pending domain is re-checked in the background
/// (it doubles after each check that does not verify).
const DOMAIN_RECHECK_MS_ENV: &str = "SSODESK_DOMAIN_RECHECK_MS";

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,tao=warn,wry=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();

    tauri::Builder::default()
        // First, so a second start (a login item, a click on the launcher) only brings the
        // running app's window forward instead of opening the same data folder twice.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| tray::show_main_window(app)))
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec![BACKGROUND_ARG]),
        ))
        .setup(|app| {
            // With a tray icon, closing the window only hides it: the certificate watch keeps
            // running and the tray brings the window back. Without one the window is the only
            // way in, so closing it quits.
            let has_tray = match tray::create(app.handle()) {
                Ok(_) => true,
                Err(error) => {
                    tracing::warn!(%error, "no tray icon; closing the window quits the app");
                    false
                }
            };
            app.manage(tray::TrayPresence(has_tray));
            if has_tray && std::env::args().any(|arg| arg == BACKGROUND_ARG) {
                if let Some(window) = app.get_webview_window("main") {
                    window.hide()?;
                }
            }
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
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                if window.app_handle().state::<tray::TrayPresence>().0 {
                    api.prevent_close();
                    let _ = window.hide();
                }
            }
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
            commands::domains::list_domains,
            commands::domains::validate_domain_name,
            commands::domains::add_domain,
            commands::domains::check_domain_now,
            commands::domains::verify_domain,
            commands::domains::remove_domain,
            commands::domains::set_disable_new_org_creation,
            commands::sso::list_sso,
            commands::sso::preview_metadata,
            commands::sso::save_sso_connection,
            commands::sso::remove_sso_connection,
            commands::sso::refresh_published_metadata,
            commands::certificates::list_certificates,
            commands::certificates::set_expiry_policy,
            commands::certificates::snooze_certificate,
            commands::certificates::get_autostart,
            commands::certificates::set_autostart,
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
    if let Ok(resolver) = std::env::var(DNS_RESOLVER_ENV) {
        let address = ssodesk_core::parse_dns_server(&resolver).map_err(|e| format!("{DNS_RESOLVER_ENV}: {e}"))?;
        config.dns.resolver = ssodesk_core::ResolverChoice::Server(address);
    }
    if let Ok(millis) = std::env::var(DOMAIN_RECHECK_MS_ENV) {
        let millis: u64 = millis.parse().map_err(|e| format!("{DOMAIN_RECHECK_MS_ENV}={millis}: {e}"))?;
        let base = std::time::Duration::from_millis(millis.max(1));
        config.domain_watch.recheck.base = base;
        config.domain_watch.tick = config.domain_watch.tick.min(base);
    }
    if let Ok(millis) = std::env::var(CERTIFICATE_WATCH_MS_ENV) {
        let millis: u64 = millis.parse().map_err(|e| format!("{CERTIFICATE_WATCH_MS_ENV}={millis}: {e}"))?;
        config.certificate_watch.tick = std::time::Duration::from_millis(millis.max(1));
    }
    if let Ok(millis) = std::env::var(METADATA_REFRESH_MS_ENV) {
        let millis: u64 = millis.parse().map_err(|e| format!("{METADATA_REFRESH_MS_ENV}={millis}: {e}"))?;
        config.certificate_watch.metadata_refresh = std::time::Duration::from_millis(millis.max(1));
    }
    if let Ok(port) = std::env::var(DNS_AUTHORITATIVE_PORT_ENV) {
        config.dns.authoritative_port =
            port.parse().map_err(|e| format!("{DNS_AUTHORITATIVE_PORT_ENV}={port}: {e}"))?;
    }
    Ok(config)
}
