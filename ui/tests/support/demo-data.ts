// Demo data shaped like the reference backend's seed ("Acme Corp"), for tests and the preview.

import type { Activity } from '@/features/activity/types';
import type { PendingChange } from '@/features/changes/types';
import type { Connection } from '@/features/connection/types';
import type { Overview } from '@/features/orgs/types';
import type { SyncStatus } from '@/lib/ipc-types';

export const PARENT_ID = 'par_acme';
export const TEAM_ID = 'org_team';
export const ENTERPRISE_ID = 'org_enterprise';
export const CONSOLE_ID = 'org_console';

export const sandboxConnection: Connection = {
  mode: 'sandbox',
  baseUrl: 'http://127.0.0.1:48213',
  userEmail: 'ada@acme.example',
  tokenStorage: 'none',
  tokenStorageNote: 'The local sandbox needs no stored token.',
};

export function minutesAgo(minutes: number, now = Date.now()): string {
  return new Date(now - minutes * 60_000).toISOString();
}

export function idleSync(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return { state: 'idle', lastSyncedAt: minutesAgo(3), lastError: null, pendingChanges: 0, ...overrides };
}

export function demoOverview(): Overview {
  return {
    user: { email: 'ada@acme.example', name: 'Ada Lovelace' },
    parents: [
      {
        id: PARENT_ID,
        name: 'Acme Corp',
        canManage: true,
        version: 1,
        orgs: [
          { id: TEAM_ID, parentId: PARENT_ID, name: 'Acme Team', kind: 'team', role: 'primary_owner', canManage: true, version: 3, pending: false },
          { id: ENTERPRISE_ID, parentId: PARENT_ID, name: 'Acme Enterprise', kind: 'enterprise', role: 'primary_owner', canManage: true, version: 1, pending: false },
          { id: CONSOLE_ID, parentId: PARENT_ID, name: 'Acme Console', kind: 'console', role: 'developer', canManage: false, version: 2, pending: false },
        ],
      },
    ],
  };
}

export function demoActivity(count = 12): Activity {
  const actors = ['ada@acme.example', 'olu@acme.example'];
  const items = Array.from({ length: count }, (_, index) => ({
    id: `evt_${String(index + 1).padStart(3, '0')}`,
    at: minutesAgo(15 + index * 47),
    actorEmail: actors[index % actors.length]!,
    action: 'org.update',
    resourceType: 'org',
    resourceId: TEAM_ID,
    summary: index === 0 ? 'Renamed organization “Acme Team (old)” to “Acme Team”' : `Updated organization “Acme Team” (${index + 1})`,
  }));
  return { access: 'ok', items };
}

export function conflictChange(overrides: Partial<PendingChange> = {}): PendingChange {
  return {
    id: 7,
    kind: 'rename_org',
    resourceId: TEAM_ID,
    summary: 'Rename “Acme Team” to “Acme Team (EU)”',
    state: 'conflict',
    attempts: 1,
    lastError: 'the organization changed on the backend (version 4)',
    nextAttemptAt: null,
    createdAt: minutesAgo(20),
    conflict: { localName: 'Acme Team (EU)', remoteName: 'Acme Team Europe', remoteVersion: 4 },
    ...overrides,
  };
}
