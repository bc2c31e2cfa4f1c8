import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { idleSync, sandboxConnection, TEAM_ID } from './support/demo-data';
import { installFakeBackend } from './support/fake-backend';
import { renderApp } from './support/render';

describe('sync status', () => {
  it('shows when the cache was last synced, relative to now', async () => {
    installFakeBackend({ sync: idleSync() });
    renderApp();
    const lastSynced = await screen.findByTestId('last-synced');
    await waitFor(() => expect(lastSynced).toHaveTextContent('Last synced 3 min ago'));
    expect(within(lastSynced).getByText('3 min ago').tagName).toBe('TIME');
  });

  it('says "Never synced" before the first sync and counts the changes to send', async () => {
    installFakeBackend({ sync: idleSync({ lastSyncedAt: null, pendingChanges: 2 }) });
    renderApp();
    const status = await screen.findByTestId('sync-status');
    await waitFor(() => expect(status).toHaveTextContent('Never synced'));
    expect(within(status).getByTestId('pending-count')).toHaveTextContent('2 changes to send');
  });

  it('shows the offline banner when the backend cannot be reached', async () => {
    installFakeBackend({ sync: idleSync({ state: 'offline', lastError: 'connection refused' }) });
    renderApp();
    const banner = await screen.findByTestId('offline-banner');
    expect(banner).toHaveAttribute('role', 'status');
    expect(banner).toHaveTextContent(
      'Working offline — showing cached data; changes are queued and will be sent when the backend is reachable.',
    );
    // The cached data is still there.
    expect(await screen.findByTestId(`org-name-${TEAM_ID}`)).toHaveTextContent('Acme Team');
  });

  it('follows sync://status: offline, then back online', async () => {
    const backend = installFakeBackend();
    renderApp();
    await screen.findByTestId('sync-status');
    expect(screen.queryByTestId('offline-banner')).not.toBeInTheDocument();

    await act(() => backend.emitSyncStatus(idleSync({ state: 'offline' })));
    expect(await screen.findByTestId('offline-banner')).toBeInTheDocument();

    await act(() => backend.emitSyncStatus(idleSync({ state: 'syncing' })));
    await waitFor(() => expect(screen.queryByTestId('offline-banner')).not.toBeInTheDocument());
    expect(screen.getByTestId('last-synced')).toHaveTextContent('Syncing…');
  });

  it('shows the backend’s error when sync fails', async () => {
    const backend = installFakeBackend();
    renderApp();
    await screen.findByTestId('sync-status');
    await act(() => backend.emitSyncStatus(idleSync({ state: 'error', lastError: 'the backend answered 500' })));
    const banner = await screen.findByTestId('sync-error-banner');
    expect(banner).toHaveAttribute('role', 'alert');
    expect(banner).toHaveTextContent('The backend answered 500.');
  });

  it('re-reads the cache on cache://changed', async () => {
    const backend = installFakeBackend();
    renderApp();
    expect(await screen.findByTestId(`org-name-${TEAM_ID}`)).toHaveTextContent('Acme Team');
    backend.state.overview.parents[0]!.orgs[0]!.name = 'Acme Team (renamed elsewhere)';
    await act(() => backend.emitCacheChanged());
    await waitFor(() => expect(screen.getByTestId(`org-name-${TEAM_ID}`)).toHaveTextContent('Acme Team (renamed elsewhere)'));
  });

  it('syncs on "Sync now"', async () => {
    const backend = installFakeBackend({ sync: idleSync({ lastSyncedAt: null }) });
    const { user } = renderApp();
    await user.click(await screen.findByTestId('sync-now'));
    await waitFor(() => expect(backend.callsTo('sync_now')).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId('last-synced')).toHaveTextContent('Last synced just now'));
  });

  it('warns when the token is kept for this session only', async () => {
    installFakeBackend({
      connection: {
        ...sandboxConnection,
        mode: 'remote',
        baseUrl: 'https://sso.example.com',
        tokenStorage: 'session',
        tokenStorageNote: 'No OS keychain is available, so the API token is kept in memory for this session only.',
      },
    });
    renderApp();
    expect(await screen.findByTestId('token-storage-warning')).toHaveTextContent('Token kept for this session only');
    expect(screen.getByTestId('token-storage-note')).toHaveTextContent(/kept in memory for this session only/);
  });

  it('does not warn about token storage with a keychain or on the sandbox', async () => {
    installFakeBackend();
    renderApp();
    await screen.findByTestId('sync-status');
    expect(screen.queryByTestId('token-storage-warning')).not.toBeInTheDocument();
  });
});
