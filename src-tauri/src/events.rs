//! Turns the desk's reports into window events, desktop notifications and the tray's status.
//! Event names are namespaced `<area>://<what>`.

use std::sync::Arc;

use ssodesk_core::certificates::{CertificateAlert, CertificatePublished};
use ssodesk_core::{Desk, DeskEvent};
use tauri::{AppHandle, Emitter, Manager};

use crate::notify::{self, ClickTarget};

pub const SYNC_STATUS: &str = "sync://status";
pub const CACHE_CHANGED: &str = "cache://changed";
pub const DOMAIN_VERIFIED: &str = "domain://verified";
pub const CERTIFICATES_CHANGED: &str = "certificates://changed";
/// A certificate notification was clicked: the UI shows that certificate.
pub const CERTIFICATE_OPEN: &str = "certificate://open";

pub fn sink(app: AppHandle) -> impl Fn(DeskEvent) + Send + Sync + 'static {
    move |event| {
        let sent = match event {
            DeskEvent::SyncStatus(status) => app.emit(SYNC_STATUS, status),
            DeskEvent::CacheChanged => app.emit(CACHE_CHANGED, ()),
            DeskEvent::DomainVerified(verified) => {
                // The desktop notification reaches the admin even with the window closed or hidden.
                notify::show(
                    &app,
                    &format!("{} verified", verified.name),
                    "The backend confirmed the DNS TXT record. SSO can now be set up for this domain.",
                    None,
                );
                app.emit(DOMAIN_VERIFIED, verified)
            }
            DeskEvent::CertificateExpiring(alert) => {
                notify_expiring(&app, &alert);
                Ok(())
            }
            DeskEvent::CertificatePublished(published) => {
                notify_published(&app, &published);
                Ok(())
            }
            DeskEvent::CertificatesChanged => {
                crate::tray::refresh(&app, app.try_state::<Arc<Desk>>().as_deref().map(Arc::as_ref));
                app.emit(CERTIFICATES_CHANGED, ())
            }
        };
        if let Err(error) = sent {
            tracing::warn!(%error, "could not emit an event to the window");
        }
    }
}

fn notify_expiring(app: &AppHandle, alert: &CertificateAlert) {
    notify::show(app, &alert.title(), &alert.body(), Some(ClickTarget::Certificate(alert.sha256.clone())));
}

fn notify_published(app: &AppHandle, published: &CertificatePublished) {
    notify::show(
        app,
        &format!("New IdP certificate: {}", published.parent_name),
        &format!(
            "Your IdP publishes a new certificate the backend does not have yet: {}. Stage it before the IdP switches to it.",
            published.subject
        ),
        Some(ClickTarget::Certificate(published.sha256.clone())),
    );
}

/// Shows the main window on the certificate `sha256` (a notification was clicked).
pub fn open_certificate(app: &AppHandle, sha256: &str) {
    crate::tray::show_main_window(app);
    if let Err(error) = app.emit(CERTIFICATE_OPEN, serde_json::json!({ "sha256": sha256 })) {
        tracing::warn!(%error, "could not ask the window to open a certificate");
    }
}
