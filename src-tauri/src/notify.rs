//! Desktop notifications, with a click that opens what they are about.
//!
//! On Linux the notification is sent over the session D-Bus (`org.freedesktop.Notifications`)
//! with a `default` action, and a thread waits for the server's `ActionInvoked` signal: clicking
//! the notification opens the certificate in the window. Elsewhere the notification plugin shows
//! it, and a click brings the app forward as the platform does by default.

use tauri::AppHandle;

/// What clicking a notification opens.
#[derive(Debug, Clone)]
pub enum ClickTarget {
    Certificate(String),
}

pub fn show(app: &AppHandle, title: &str, body: &str, click: Option<ClickTarget>) {
    #[cfg(target_os = "linux")]
    {
        show_over_dbus(app, title, body, click);
    }
    #[cfg(not(target_os = "linux"))]
    {
        use tauri_plugin_notification::NotificationExt;
        let _ = click;
        if let Err(error) = app.notification().builder().title(title).body(body).show() {
            tracing::warn!(%error, "could not show a desktop notification");
        }
    }
}

#[cfg(target_os = "linux")]
fn show_over_dbus(app: &AppHandle, title: &str, body: &str, click: Option<ClickTarget>) {
    let mut notification = notify_rust::Notification::new();
    notification.appname("SSO Desk").summary(title).body(body).icon("dialog-warning");
    if click.is_some() {
        notification.action("default", "Open");
    }
    let app = app.clone();
    // `show` and `wait_for_action` block on D-Bus; the thread ends when the notification is
    // clicked, dismissed or expires.
    let spawned = std::thread::Builder::new().name("notification".into()).spawn(move || match notification.show() {
        Ok(handle) => {
            if let Some(ClickTarget::Certificate(sha256)) = click {
                handle.wait_for_action(|action| {
                    if action == "default" {
                        crate::events::open_certificate(&app, &sha256);
                    }
                });
            }
        }
        Err(error) => tracing::warn!(%error, "could not show a desktop notification"),
    });
    if let Err(error) = spawned {
        tracing::warn!(%error, "could not start the notification thread");
    }
}
