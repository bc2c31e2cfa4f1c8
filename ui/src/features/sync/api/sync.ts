import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';

import { rethrowAsCommandError } from '@/lib/errors';

import type { SyncStatus } from '../types';

/** Event names, as `src-tauri/src/events.rs` emits them. */
export const SYNC_STATUS_EVENT = 'sync://status';
export const CACHE_CHANGED_EVENT = 'cache://changed';

/** The sync status as last reported; read through `get_app_state` (local, cheap). */
export function getSyncStatus(): Promise<SyncStatus> {
  return invoke<{ sync: SyncStatus }>('get_app_state')
    .then((snapshot) => snapshot.sync)
    .catch(rethrowAsCommandError);
}

/** Pulls and pushes now, ignoring any back-off, and resolves with the status afterwards. */
export function syncNow(): Promise<SyncStatus> {
  return invoke<SyncStatus>('sync_now').catch(rethrowAsCommandError);
}

export function onSyncStatus(handler: (status: SyncStatus) => void): Promise<UnlistenFn> {
  return listen<SyncStatus>(SYNC_STATUS_EVENT, (event) => handler(event.payload));
}

/** The local cache changed (a pull landed, a change was pushed, conflicted or rejected). */
export function onCacheChanged(handler: () => void): Promise<UnlistenFn> {
  return listen<null>(CACHE_CHANGED_EVENT, () => handler());
}
