//! Turns the desk's reports into window events and desktop notifications. Event names are
//! namespaced `<area>://<what>`.

use ssodesk_core::DeskEvent;
use tauri::{AppHandle, Emitter};
use tauri_plugin_notification::NotificationExt;

pub const SYNC_STATUS: &str = "sync://status";
pub const CACHE_CHANGED: &str = "cache://changed";
pub const DOMAIN_VERIFIED: &str = "domain://verified";

pub fn sink(app: AppHandle) -> impl Fn(DeskEvent) + Send + Sync + 'static {
    move |event| {
        let sent = match event {
            DeskEvent::SyncStatus(status) => app.emit(SYNC_STATUS, status),
            DeskEvent::CacheChanged => app.emit(CACHE_CHANGED, ()),
            DeskEvent::DomainVerified(verified) => {
                // The desktop notification reaches the admin even with the window closed or hidden.
                let shown = app
                    .notification()
                    .builder()
                    .title(format!("{} verified", verified.name))
                    .body("The backend confirmed the DNS TXT record. SSO can now be set up for this domain.")
                    .show();
                if let Err(error) = shown {
                    tracing::warn!(%error, "could not show a desktop notification");
                }
                app.emit(DOMAIN_VERIFIED, verified)
            }
        };
        if let Err(error) = sent {
            tracing::warn!(%error, "could not emit an event to the window");
        }
    }
}
