// IPC types shared by more than one feature. They mirror the Rust side (`crates/core`), camelCase;
// change both together. Types used by one feature only live in that feature's `types.ts`.

/** The closed set of error codes a command can fail with; the UI branches on it. */
export type ErrorCode =
  | 'invalid_input'
  | 'not_connected'
  | 'unreachable'
  | 'tls'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'bad_backend'
  | 'storage'
  | 'internal';

/** What a failed command rejects with. `field` names the input at fault for `invalid_input`. */
export interface CommandError {
  code: ErrorCode;
  message: string;
  field?: string | null;
}

export type SyncState = 'idle' | 'syncing' | 'offline' | 'error';

/** The background sync, as `get_app_state` and the `sync://status` event report it. */
export interface SyncStatus {
  state: SyncState;
  /** RFC 3339, or null when the cache was never filled from the backend. */
  lastSyncedAt: string | null;
  lastError: string | null;
  /** Outbox entries not yet pushed to the backend. */
  pendingChanges: number;
}
