export type ChangeState = 'pending' | 'conflict' | 'rejected';

export interface ChangeConflict {
  /** The name this change sets. */
  localName: string;
  /** The name the backend has now, and its version. */
  remoteName: string;
  remoteVersion: number;
}

/** One outbox entry: a local change not yet confirmed by the backend. */
export interface PendingChange {
  id: number;
  kind: 'rename_org';
  resourceId: string;
  summary: string;
  state: ChangeState;
  attempts: number;
  lastError: string | null;
  /** RFC 3339: when the next push is due (back-off). */
  nextAttemptAt: string | null;
  createdAt: string;
  /** Set when `state` is `conflict`. */
  conflict: ChangeConflict | null;
}

/** Re-apply: send the change again over the backend's current version. Discard: drop it. */
export type ResolveAction = 'reapply' | 'discard';

export interface ResolveChangeInput {
  id: number;
  action: ResolveAction;
}
