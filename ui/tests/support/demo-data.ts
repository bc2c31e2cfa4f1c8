// Demo data shaped like the reference backend's seed ("Acme Corp"), for tests and the preview.

import type { Activity } from '@/features/activity/types';
import type { PendingChange } from '@/features/changes/types';
import type { Connection } from '@/features/connection/types';
import type { DomainsOfParent, DomainView } from '@/features/domains/types';
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

export function minutesFromNow(minutes: number, now = Date.now()): string {
  return new Date(now + minutes * 60_000).toISOString();
}

export const DOMAIN_VERIFIED_ID = 'dom_acme';
export const DOMAIN_PROPAGATING_ID = 'dom_eu';
export const DOMAIN_AT_APEX_ID = 'dom_shop';
export const DOMAIN_QUOTED_ID = 'dom_io';
export const DOMAIN_FAILED_ID = 'dom_legacy';

const NS1 = { kind: 'authoritative' as const, nsName: 'ns1.dnsprovider.example' };
const NS2 = { kind: 'authoritative' as const, nsName: 'ns2.dnsprovider.example' };
const RESOLVER = { kind: 'resolver' as const, server: '192.168.1.1:53', nsName: null };

function token(suffix: string): string {
  return `ssodesk-verification=${suffix.padEnd(32, '0')}`;
}

/** A domain with its record where it belongs and nothing checked yet; override what a test needs. */
export function demoDomain(overrides: Partial<DomainView> & Pick<DomainView, 'id' | 'name'>): DomainView {
  const isSubdomain = overrides.name.split('.').length > 2;
  return {
    parentId: PARENT_ID,
    status: 'pending',
    txtRecord: { name: isSubdomain ? `_acme-challenge.${overrides.name}` : overrides.name, value: token(overrides.id) },
    createdAt: minutesAgo(90),
    lastCheckedAt: null,
    verifiedAt: null,
    failureReason: null,
    version: 1,
    check: null,
    ...overrides,
  };
}

/** Acme Corp's domains: one verified, others pending in each interesting way, one failed. */
export function demoDomains(): DomainsOfParent[] {
  const verified = demoDomain({
    id: DOMAIN_VERIFIED_ID,
    name: 'acme.com',
    status: 'verified',
    createdAt: minutesAgo(3 * 24 * 60),
    lastCheckedAt: minutesAgo(2 * 24 * 60),
    verifiedAt: minutesAgo(2 * 24 * 60),
  });
  verified.check = {
    checkedAt: minutesAgo(2 * 24 * 60),
    verdict: 'verified',
    sources: [
      { ...RESOLVER, state: 'found', values: [verified.txtRecord.value], ttl: 3600 },
      { ...NS1, server: '198.51.100.1:53', state: 'found', values: [verified.txtRecord.value], ttl: 3600 },
      { ...NS2, server: '198.51.100.2:53', state: 'found', values: [verified.txtRecord.value], ttl: 3600 },
    ],
    diagnostics: [],
    negativeCacheExpiresAt: null,
    nextCheckAt: null,
  };

  const propagating = demoDomain({ id: DOMAIN_PROPAGATING_ID, name: 'eu.acme.com', createdAt: minutesAgo(25), lastCheckedAt: minutesAgo(12) });
  propagating.failureReason = 'no TXT record found at _acme-challenge.eu.acme.com';
  propagating.check = {
    checkedAt: minutesAgo(2),
    verdict: 'propagating',
    sources: [
      { ...RESOLVER, state: 'not_found', values: [], ttl: 900 },
      { ...NS1, server: '198.51.100.1:53', state: 'found', values: [propagating.txtRecord.value], ttl: 300 },
      { ...NS1, server: '[2001:db8::1]:53', state: 'found', values: [propagating.txtRecord.value], ttl: 300 },
      { ...NS2, server: '198.51.100.2:53', state: 'no_txt', values: [], ttl: null },
      { ...NS2, server: '[2001:db8::2]:53', state: 'timeout', values: [], ttl: null },
      { kind: 'extra', server: '9.9.9.9:53', nsName: null, state: 'servfail', values: [], ttl: null },
    ],
    diagnostics: [],
    negativeCacheExpiresAt: null,
    nextCheckAt: minutesFromNow(4),
  };

  const atApex = demoDomain({ id: DOMAIN_AT_APEX_ID, name: 'shop.acme.com', createdAt: minutesAgo(50) });
  atApex.check = {
    checkedAt: minutesAgo(6),
    verdict: 'not_published',
    sources: [
      { ...RESOLVER, state: 'not_found', values: [], ttl: 900 },
      { ...NS1, server: '198.51.100.1:53', state: 'not_found', values: [], ttl: 900 },
      { ...NS2, server: '198.51.100.2:53', state: 'refused', values: [], ttl: null },
    ],
    diagnostics: [
      {
        code: 'record_at_apex',
        message: 'the TXT record is published at shop.acme.com instead of _acme-challenge.shop.acme.com',
        fix: 'at your DNS provider, change the record’s name to _acme-challenge.shop (or _acme-challenge.shop.acme.com if it asks for the full name)',
      },
    ],
    negativeCacheExpiresAt: minutesFromNow(9),
    nextCheckAt: minutesFromNow(6),
  };

  const quoted = demoDomain({ id: DOMAIN_QUOTED_ID, name: 'acme.io', createdAt: minutesAgo(300) });
  quoted.check = {
    checkedAt: minutesAgo(30),
    verdict: 'not_published',
    sources: [
      { ...RESOLVER, state: 'wrong_value', values: [`"${quoted.txtRecord.value}"`], ttl: 300 },
      { ...NS1, server: '198.51.100.1:53', state: 'wrong_value', values: [`"${quoted.txtRecord.value}"`, 'v=spf1 include:_spf.example ~all'], ttl: 300 },
    ],
    diagnostics: [
      {
        code: 'quoted_value',
        message: 'the value is wrapped in extra quotes',
        fix: 'edit the record and paste the value without the surrounding quotes; your DNS provider adds the quotes DNS needs',
      },
    ],
    negativeCacheExpiresAt: null,
    nextCheckAt: minutesFromNow(20),
  };

  const failed = demoDomain({
    id: DOMAIN_FAILED_ID,
    name: 'legacy-acme.com',
    status: 'failed',
    createdAt: minutesAgo(31 * 24 * 60),
    lastCheckedAt: minutesAgo(24 * 60),
    failureReason: 'the TXT record was not found within 30 days',
  });

  return [
    {
      parentId: PARENT_ID,
      parentName: 'Acme Corp',
      canManage: true,
      disableNewOrgCreation: false,
      hasVerifiedDomain: true,
      domains: [verified, propagating, atApex, quoted, failed],
    },
  ];
}
