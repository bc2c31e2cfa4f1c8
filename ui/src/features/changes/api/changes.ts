import { invoke } from '@tauri-apps/api/core';

import { rethrowAsCommandError } from '@/lib/errors';

import type { PendingChange, ResolveChangeInput } from '../types';

/** The outbox, oldest first. */
export function listChanges(): Promise<PendingChange[]> {
  return invoke<PendingChange[]>('list_changes').catch(rethrowAsCommandError);
}

export function resolveChange(input: ResolveChangeInput): Promise<void> {
  return invoke<null>('resolve_change', { id: input.id, action: input.action })
    .then(() => undefined)
    .catch(rethrowAsCommandError);
}
