import { invoke } from '@tauri-apps/api/core';

import { rethrowAsCommandError } from '@/lib/errors';

import type { AppSnapshot, ConnectRemoteInput } from '../types';

/** The connection and sync status; local only, cheap. */
export function getAppState(): Promise<AppSnapshot> {
  return invoke<AppSnapshot>('get_app_state').catch(rethrowAsCommandError);
}

/** Starts the reference backend inside the app with demo data and connects to it. */
export function connectSandbox(): Promise<AppSnapshot> {
  return invoke<AppSnapshot>('connect_sandbox').catch(rethrowAsCommandError);
}

/**
 * Checks the token against the backend's `/v1/me`, then saves the connection. Fails with
 * `invalid_input` (field `baseUrl` or `token`), `unreachable`, `tls`, `unauthorized` or
 * `bad_backend`.
 */
export function connectRemote(input: ConnectRemoteInput): Promise<AppSnapshot> {
  return invoke<AppSnapshot>('connect_remote', { baseUrl: input.baseUrl, token: input.token }).catch(
    rethrowAsCommandError,
  );
}

/** Forgets the connection and its token. Fails with `conflict` while changes are unsent. */
export function disconnect(): Promise<AppSnapshot> {
  return invoke<AppSnapshot>('disconnect').catch(rethrowAsCommandError);
}
