// The real app over the fake backend, to look at in a browser (`npm run preview:fake`). Test-only:
// the production build (`vite build` from index.html) never includes this file.
//
// `?scenario=` picks the state: first-run, overview (default), offline, conflict, session-token,
// error, domains-unverified, domains-parents, sso-new, sso-parents, sso-conflict, certificates.
// Append `#/activity` (or another section: `#/sso`, `#/certificates`) to open a page.
// `?click=a,b` clicks the elements with those test ids in turn once they appear (to open a drawer
// for a screenshot); `?type=text` types into `domain-input` first (or into the element with the
// test id given by `?typeInto=`, such as `metadata-url-input`).

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from '@/app/app';
import '@/app/global.css';
import { AppProvider } from '@/app/provider';

import {
  conflictChange,
  demoActivity,
  demoDomain,
  demoDomains,
  demoOverview,
  idleSync,
  minutesAgo,
  PARENT_ID,
  sandboxConnection,
} from '../support/demo-data';
import { installFakeBackend, type FakeBackendOptions } from '../support/fake-backend';
import {
  daysFromNow,
  demoSso,
  fakeCertificate,
  globexSso,
  OKTA_CURRENT,
  oktaConnection,
  unconnectedSso,
} from '../support/fake-sso';

/** Initech: metadata pasted (no URL to watch), one certificate critical and one expired. */
function initechSso() {
  const critical = fakeCertificate({ seed: 'initech-critical', subject: 'CN=sso.initech.example, O=Initech', notBeforeDays: -360, notAfterDays: 5 });
  const expired = fakeCertificate({ seed: 'initech-expired', subject: 'CN=sso-old.initech.example, O=Initech', notBeforeDays: -1100, notAfterDays: -3 });
  return {
    ...unconnectedSso({ parentId: 'par_initech', parentName: 'Initech' }),
    connection: oktaConnection({
      parentId: 'par_initech',
      idp: 'saml' as const,
      metadataUrl: null,
      entityId: 'https://sso.initech.example/idp',
      ssoUrl: 'https://sso.initech.example/idp/profile/SAML2/Redirect/SSO',
      certificates: [
        { ...critical, role: 'active' as const },
        { ...expired, role: 'active' as const },
      ],
    }),
  };
}

function withParents(names: [string, string, boolean][]) {
  const overview = demoOverview();
  for (const [id, name, canManage] of names) overview.parents.push({ id, name, canManage, version: 1, orgs: [] });
  return overview;
}

const scenarios: Record<string, () => FakeBackendOptions> = {
  'first-run': () => ({ connection: null }),
  overview: () => ({ activity: { [PARENT_ID]: demoActivity(240) } }),
  offline: () => ({
    sync: idleSync({ state: 'offline', lastSyncedAt: minutesAgo(42), lastError: 'connection refused', pendingChanges: 1 }),
    changes: [
      conflictChange({
        id: 3,
        state: 'pending',
        conflict: null,
        attempts: 4,
        lastError: 'the backend cannot be reached: connection refused',
        nextAttemptAt: new Date(Date.now() + 4 * 60_000).toISOString(),
      }),
    ],
  }),
  conflict: () => ({
    sync: idleSync({ pendingChanges: 2 }),
    changes: [
      conflictChange(),
      conflictChange({
        id: 8,
        resourceId: 'org_enterprise',
        summary: 'Rename “Acme Enterprise” to “Acme\u00a0Enterprise”',
        state: 'rejected',
        conflict: null,
        lastError: 'the backend refused the change: the name is reserved',
      }),
    ],
  }),
  'session-token': () => ({
    connection: {
      ...sandboxConnection,
      mode: 'remote',
      baseUrl: 'https://sso.acme.example',
      tokenStorage: 'session',
      tokenStorageNote:
        'No OS keychain is available (on Linux: no Secret Service is running), so the API token is kept in memory for this session only. You will be asked for it again after a restart.',
    },
  }),
  error: () => ({ sync: idleSync({ state: 'error', lastError: 'the backend answered 502 Bad Gateway' }) }),
  'domains-unverified': () => {
    const [acme] = demoDomains();
    const domains = acme!.domains.filter((domain) => domain.status !== 'verified');
    return { domains: [{ ...acme!, domains, hasVerifiedDomain: false }] };
  },
  'domains-parents': () => {
    const [acme] = demoDomains();
    return {
      domains: [
        acme!,
        {
          parentId: 'par_globex',
          parentName: 'Globex',
          canManage: false,
          disableNewOrgCreation: true,
          hasVerifiedDomain: true,
          domains: [
            demoDomain({ id: 'dom_globex', name: 'globex.example', parentId: 'par_globex', status: 'verified', verifiedAt: minutesAgo(600) }),
          ],
        },
        { parentId: 'par_initech', parentName: 'Initech', canManage: true, disableNewOrgCreation: false, hasVerifiedDomain: false, domains: [] },
      ],
    };
  },
  'sso-new': () => ({ sso: [unconnectedSso()] }),
  'sso-parents': () => ({
    overview: withParents([
      ['par_globex', 'Globex', false],
      ['par_initech', 'Initech', true],
    ]),
    sso: [...demoSso(), globexSso(), unconnectedSso({ parentId: 'par_initech', parentName: 'Initech' })],
  }),
  'sso-conflict': () => ({
    sso: demoSso().map((parent) => ({
      ...parent,
      pendingChange: { changeId: 9, state: 'conflict' as const, lastError: 'the SSO connection changed on the backend (version 4)' },
    })),
  }),
  certificates: () => {
    const sso = [...demoSso(), globexSso(), initechSso()];
    return {
      overview: withParents([
        ['par_globex', 'Globex', false],
        ['par_initech', 'Initech', true],
      ]),
      sso,
      watch: {
        policies: [],
        snoozes: { [OKTA_CURRENT.sha256]: daysFromNow(2) },
        notified: {},
        lastCheckedAt: daysFromNow(-0.01),
        autostart: true,
      },
    };
  },
};

const params = new URLSearchParams(window.location.search);
const name = params.get('scenario') ?? 'overview';
const backend = installFakeBackend((scenarios[name] ?? scenarios.overview!)());
const overview = backend.state.overview;
if (name === 'conflict' || name === 'offline') overview.parents[0]!.orgs[0]!.pending = true;

void (async () => {
  const waitFor = async (testId: string) => {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const element = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
      if (element) return element;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return null;
  };
  const typed = params.get('type');
  if (typed) {
    const input = (await waitFor(params.get('typeInto') ?? 'domain-input')) as HTMLInputElement | null;
    if (input) {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, typed);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }
  for (const testId of (params.get('click') ?? '').split(',').filter(Boolean)) (await waitFor(testId))?.click();
})();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProvider>
      <App />
    </AppProvider>
  </StrictMode>,
);
