//! Turns the desk's reports into window events. Event names are namespaced `<area>://<what>`.

use ssodesk_core::DeskEvent;
use tauri::{AppHandle, Emitter};

pub const SYNC_STATUS: &str = "sync://status";
pub const CACHE_CHANGED: &str = "cache://changed";

pub fn sink(app: AppHandle) -> impl Fn(DeskEvent) + Send + Sync + 'static {
    move |event| {
        let sent = match event {
            DeskEvent::SyncStatus(status) => app.emit(SYNC_STATUS, status),
            DeskEvent::CacheChanged => app.emit(CACHE_CHANGED, ()),
        };
        if let Err(error) = sent {
            tracing::warn!(%error, "could not emit an event to the window");
        }
    }
}
