import { invoke } from '@tauri-apps/api/core';

import { rethrowAsCommandError } from '@/lib/errors';

import type { Activity } from '../types';

/** A parent's audit log as the local cache last stored it. */
export function listActivity(parentId: string): Promise<Activity> {
  return invoke<Activity>('list_activity', { parentId }).catch(rethrowAsCommandError);
}
