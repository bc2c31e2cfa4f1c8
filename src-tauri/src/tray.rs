//! The system tray icon: the certificate watch's status at a glance, and the way back to the
//! window. The app keeps running (and watching) when its window is closed; "Quit" ends it.

use ssodesk_core::expiry::Severity;
use ssodesk_core::Desk;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIcon, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager};

const TRAY_ID: &str = "main";

/// Whether the tray icon exists, which decides what closing the window does.
pub struct TrayPresence(pub bool);

/// The tray menu's first line, the watch's status. Linux tray hosts (AppIndicator) show no
/// tooltips, so the status is also a disabled menu entry.
struct TrayStatusItem(MenuItem<tauri::Wry>);

/// Creates the tray icon. Without a tray host (some Linux desktops) the icon is simply not shown;
/// the window then stays the way in.
pub fn create(app: &AppHandle) -> tauri::Result<TrayIcon> {
    let status = MenuItem::with_id(app, "status", "Watching IdP certificates", false, None::<&str>)?;
    let open = MenuItem::with_id(app, "open", "Open SSO Desk", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&status, &PredefinedMenuItem::separator(app)?, &open, &quit])?;
    app.manage(TrayStatusItem(status));
    let mut builder = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("SSO Desk: watching IdP certificates")
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id().as_ref() {
            "open" => show_main_window(app),
            "quit" => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click { button: MouseButton::Left, button_state: MouseButtonState::Up, .. } = event {
                show_main_window(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    builder.build(app)
}

/// The tooltip: how many certificates need attention.
pub fn refresh(app: &AppHandle, desk: Option<&Desk>) {
    let (Some(tray), Some(desk)) = (app.tray_by_id(TRAY_ID), desk) else { return };
    let status = match desk.list_certificates() {
        Ok(inventory) => {
            let count = |severity: Severity| {
                inventory.certificates.iter().filter(|c| c.configured && c.severity == severity).count()
            };
            match (count(Severity::Expired), count(Severity::Critical), count(Severity::Warning)) {
                (0, 0, 0) => "IdP certificates are fine".to_owned(),
                (expired, critical, warning) => {
                    format!("IdP certificates: {expired} expired, {critical} critical, {warning} expiring")
                }
            }
        }
        Err(error) => format!("IdP certificates unknown ({error})"),
    };
    if let Err(error) = tray.set_tooltip(Some(format!("SSO Desk: {status}"))) {
        tracing::debug!(%error, "could not update the tray tooltip");
    }
    if let Some(item) = app.try_state::<TrayStatusItem>() {
        if let Err(error) = item.0.set_text(status) {
            tracing::debug!(%error, "could not update the tray status");
        }
    }
}

pub fn show_main_window(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}
