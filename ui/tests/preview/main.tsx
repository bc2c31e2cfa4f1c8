// The real app over the fake backend, to look at in a browser (`npm run preview:fake`). Test-only:
// the production build (`vite build` from index.html) never includes this file.
//
// `?scenario=` picks the state: first-run, overview (default), offline, conflict, session-token,
// error, domains-unverified, domains-parents. Append `#/activity` (or another section) to open a
// page. `?click=a,b` clicks the elements with those test ids in turn once they appear (to open a
// drawer for a screenshot); `?type=text` types into `domain-input` first.

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
  idleSync,
  minutesAgo,
  PARENT_ID,
  sandboxConnection,
} from '../support/demo-data';
import { installFakeBackend, type FakeBackendOptions } from '../support/fake-backend';

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
    const input = (await waitFor('domain-input')) as HTMLInputElement | null;
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
