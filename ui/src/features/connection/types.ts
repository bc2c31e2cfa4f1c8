import type { SyncStatus } from '@/lib/ipc-types';

export type ConnectionMode = 'sandbox' | 'remote';

/**
 * Where the API token lives. `session`: no OS keychain, the token is kept in memory for this
 * session only (the UI must say so). `none`: the sandbox, which needs no stored token.
 */
export type TokenStorage = 'keychain' | 'session' | 'none';

export interface Connection {
  mode: ConnectionMode;
  /** For the sandbox, its loopback URL once its server runs, else null. */
  baseUrl: string | null;
  /** Null until the backend first answered `/v1/me`. */
  userEmail: string | null;
  tokenStorage: TokenStorage;
  tokenStorageNote: string | null;
}

export interface AppSnapshot {
  connection: Connection | null;
  sync: SyncStatus;
}

export interface ConnectRemoteInput {
  baseUrl: string;
  token: string;
}

/** The inputs of the connect form, named as the backend names them in `CommandError.field`. */
export type ConnectField = keyof ConnectRemoteInput;
