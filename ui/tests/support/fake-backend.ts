// A stand-in for the Rust side over mocked IPC (`@tauri-apps/api/mocks`): it answers every command
// of the contract from in-memory state, records the calls, and emits its events. Used by the
// tests and by the screenshot preview; never part of the production bundle.

import { emit } from '@tauri-apps/api/event';
import { mockIPC } from '@tauri-apps/api/mocks';

import type { Activity } from '@/features/activity/types';
import type { PendingChange, ResolveChangeInput } from '@/features/changes/types';
import type { AppSnapshot, Connection } from '@/features/connection/types';
import type { DomainsOfParent, DomainVerifiedEvent } from '@/features/domains/types';
import type { OpenCertificateEvent, SetExpiryPolicyInput, SnoozeCertificateInput } from '@/features/certificates/types';
import type { OrgView, Overview } from '@/features/orgs/types';
import type { PreviewMetadataInput, SaveSsoConnectionInput, SsoOfParent } from '@/features/sso/types';
import type { CommandError, SyncStatus } from '@/lib/ipc-types';

import { demoActivity, demoDomains, demoOverview, idleSync, PARENT_ID, sandboxConnection } from './demo-data';
import { demoWatch, inventory, setPolicy, type FakeWatchState } from './fake-certificates';
import { findDomain, newDomain, notPublishedCheck, refreshHasVerified, validateDomainName } from './fake-domains';
import { demoIdpMetadata, demoSso, previewMetadata, refreshPublished, saveConnection } from './fake-sso';

export interface FakeBackendState {
  connection: Connection | null;
  sync: SyncStatus;
  overview: Overview;
  changes: PendingChange[];
  activity: Record<string, Activity>;
  domains: DomainsOfParent[];
  sso: SsoOfParent[];
  /** What each IdP metadata URL serves (the IdPs' side); change it to rotate a certificate. */
  idpMetadata: Record<string, string>;
  /** The certificate watch: policies, snoozes, notifications sent, autostart. */
  watch: FakeWatchState;
}

type Args = Record<string, unknown>;
/** Answers a command; throw (or reject with) a `CommandError` to fail it. */
type Handler = (args: Args, state: FakeBackendState) => unknown;

export interface FakeBackendOptions extends Partial<FakeBackendState> {
  /** Replaces the default answer to a command. */
  handlers?: Record<string, Handler>;
}

export interface FakeBackend {
  state: FakeBackendState;
  calls: { cmd: string; args: Args }[];
  callsTo: (cmd: string) => Args[];
  emitSyncStatus: (status: SyncStatus) => Promise<void>;
  emitCacheChanged: () => Promise<void>;
  emitDomainVerified: (event: DomainVerifiedEvent) => Promise<void>;
  emitCertificateOpen: (event: OpenCertificateEvent) => Promise<void>;
  emitCertificatesChanged: () => Promise<void>;
}

export function commandError(code: CommandError['code'], message: string, field?: string): CommandError {
  return { code, message, field: field ?? null };
}

function snapshot(state: FakeBackendState): AppSnapshot {
  return { connection: state.connection, sync: state.sync };
}

function findSsoParent(state: FakeBackendState, parentId: string): SsoOfParent {
  const parent = state.sso.find((candidate) => candidate.parentId === parentId);
  if (!parent) throw commandError('not_found', `no parent organization ${parentId}`);
  return parent;
}

function findOrg(state: FakeBackendState, orgId: string): OrgView | undefined {
  return state.overview.parents.flatMap((parent) => parent.orgs).find((org) => org.id === orgId);
}

const defaultHandlers: Record<string, Handler> = {
  get_app_state: (_args, state) => snapshot(state),
  connect_sandbox: (_args, state) => {
    state.connection = sandboxConnection;
    return snapshot(state);
  },
  connect_remote: (args, state) => {
    state.connection = {
      mode: 'remote',
      baseUrl: String(args.baseUrl),
      userEmail: 'ada@acme.example',
      tokenStorage: 'keychain',
      tokenStorageNote: null,
    };
    return snapshot(state);
  },
  disconnect: (_args, state) => {
    state.connection = null;
    return snapshot(state);
  },
  get_overview: (_args, state) => state.overview,
  list_activity: (args, state) => state.activity[String(args.parentId)] ?? { access: 'not_synced', items: [] },
  rename_org: (args, state) => {
    const org = findOrg(state, String(args.orgId));
    if (!org) throw commandError('not_found', `no organization ${String(args.orgId)}`);
    const before = org.name;
    org.name = String(args.name);
    org.pending = true;
    const id = Math.max(0, ...state.changes.map((change) => change.id)) + 1;
    state.changes.push({
      id,
      kind: 'rename_org',
      resourceId: org.id,
      summary: `Rename “${before}” to “${org.name}”`,
      state: 'pending',
      attempts: 0,
      lastError: null,
      nextAttemptAt: null,
      createdAt: new Date().toISOString(),
      conflict: null,
    });
    state.sync = { ...state.sync, pendingChanges: state.changes.length };
    return { ...org };
  },
  list_changes: (_args, state) => state.changes,
  resolve_change: (args, state) => {
    const { id, action } = args as unknown as ResolveChangeInput;
    if (action === 'discard') state.changes = state.changes.filter((change) => change.id !== id);
    else state.changes = state.changes.map((change) => (change.id === id ? { ...change, state: 'pending', conflict: null } : change));
    return null;
  },
  list_domains: (_args, state) => state.domains,
  validate_domain_name: (args) => validateDomainName(String(args.name)),
  add_domain: (args, state) => {
    const parent = state.domains.find((candidate) => candidate.parentId === String(args.parentId));
    if (!parent) throw commandError('not_found', `no parent organization ${String(args.parentId)}`);
    if (!parent.canManage) throw commandError('forbidden', 'your role cannot add domains to this parent organization');
    const check = validateDomainName(String(args.name));
    if (parent.domains.some((domain) => domain.name === check.normalized)) {
      throw commandError('conflict', `${check.normalized} is already added to this parent organization`);
    }
    const domain = newDomain(parent.parentId, check, parent.domains);
    parent.domains.push(domain);
    return domain;
  },
  check_domain_now: (args, state) => {
    const found = findDomain(state.domains, String(args.domainId));
    if (!found) throw commandError('not_found', `no domain ${String(args.domainId)}`);
    found.domain.check = found.domain.check
      ? { ...found.domain.check, checkedAt: new Date().toISOString() }
      : notPublishedCheck();
    return found.domain;
  },
  verify_domain: (args, state) => {
    const found = findDomain(state.domains, String(args.domainId));
    if (!found) throw commandError('not_found', `no domain ${String(args.domainId)}`);
    const { parent, domain } = found;
    domain.lastCheckedAt = new Date().toISOString();
    if (domain.check?.verdict === 'verified') {
      domain.status = 'verified';
      domain.verifiedAt = domain.lastCheckedAt;
      domain.failureReason = null;
    } else {
      domain.failureReason = `no TXT record found at ${domain.txtRecord.name}`;
    }
    domain.version += 1;
    refreshHasVerified(parent);
    return domain;
  },
  remove_domain: (args, state) => {
    const found = findDomain(state.domains, String(args.domainId));
    if (!found) throw commandError('not_found', `no domain ${String(args.domainId)}`);
    found.parent.domains = found.parent.domains.filter((domain) => domain.id !== found.domain.id);
    refreshHasVerified(found.parent);
    return null;
  },
  set_disable_new_org_creation: (args, state) => {
    const parent = state.domains.find((candidate) => candidate.parentId === String(args.parentId));
    if (!parent) throw commandError('not_found', `no parent organization ${String(args.parentId)}`);
    if (!parent.canManage) throw commandError('forbidden', 'your role cannot change this parent organization');
    if (!parent.hasVerifiedDomain) throw commandError('conflict', 'verify a domain first');
    parent.disableNewOrgCreation = Boolean(args.enabled);
    return null;
  },
  list_sso: (_args, state) => state.sso,
  preview_metadata: (args, state) => previewMetadata(state.idpMetadata, args.input as PreviewMetadataInput),
  save_sso_connection: (args, state) => {
    const input = args.input as SaveSsoConnectionInput;
    return saveConnection(findSsoParent(state, input.parentId), state.idpMetadata, input);
  },
  remove_sso_connection: (args, state) => {
    const parent = findSsoParent(state, String(args.parentId));
    if (!parent.canManage) throw commandError('forbidden', 'your role cannot remove the SSO connection');
    parent.connection = null;
    parent.published = null;
    return null;
  },
  refresh_published_metadata: (args, state) => refreshPublished(findSsoParent(state, String(args.parentId)), state.idpMetadata),
  list_certificates: (_args, state) => inventory(state.sso, state.watch),
  set_expiry_policy: (args, state) => {
    const input = args.input as SetExpiryPolicyInput;
    const canManage = state.overview.parents.find((parent) => parent.id === input.parentId)?.canManage ?? false;
    return setPolicy(state.watch, canManage, input);
  },
  snooze_certificate: (args, state) => {
    const { sha256, days } = args.input as SnoozeCertificateInput;
    if (days === 0) delete state.watch.snoozes[sha256];
    else state.watch.snoozes[sha256] = new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();
    return null;
  },
  get_autostart: (_args, state) => state.watch.autostart,
  set_autostart: (args, state) => {
    state.watch.autostart = Boolean(args.enabled);
    return null;
  },
  sync_now: (_args, state) => {
    state.sync = { ...state.sync, state: 'idle', lastSyncedAt: new Date().toISOString(), lastError: null };
    return state.sync;
  },
};

/** Installs the fake as the IPC backend (events included) and returns it. */
export function installFakeBackend(options: FakeBackendOptions = {}): FakeBackend {
  const { handlers = {}, ...initial } = options;
  const state: FakeBackendState = {
    connection: sandboxConnection,
    sync: idleSync(),
    overview: demoOverview(),
    changes: [],
    activity: { [PARENT_ID]: demoActivity() },
    domains: demoDomains(),
    sso: demoSso(),
    idpMetadata: demoIdpMetadata(),
    watch: demoWatch(),
    ...initial,
  };
  const calls: FakeBackend['calls'] = [];
  mockIPC(
    async (cmd, payload) => {
      const args = (payload ?? {}) as Args;
      calls.push({ cmd, args });
      const handler = handlers[cmd] ?? defaultHandlers[cmd];
      if (!handler) throw commandError('internal', `the fake backend has no command ${cmd}`);
      // A structured clone, as IPC would: the UI must never share objects with the backend's state.
      return structuredClone(await handler(args, state));
    },
    { shouldMockEvents: true },
  );
  return {
    state,
    calls,
    callsTo: (cmd) => calls.filter((call) => call.cmd === cmd).map((call) => call.args),
    emitSyncStatus: (status) => {
      state.sync = status;
      return emit('sync://status', status);
    },
    emitCacheChanged: () => emit('cache://changed', null),
    emitDomainVerified: (event) => emit('domain://verified', event),
    emitCertificateOpen: (event) => emit('certificate://open', event),
    emitCertificatesChanged: () => emit('certificates://changed', null),
  };
}
