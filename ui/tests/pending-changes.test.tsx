import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { conflictChange, minutesAgo } from './support/demo-data';
import { installFakeBackend } from './support/fake-backend';
import { renderApp } from './support/render';

describe('the pending changes panel', () => {
  it('says so when nothing is waiting', async () => {
    installFakeBackend();
    renderApp();
    expect(await screen.findByTestId('pending-changes-empty')).toHaveTextContent(/every change made here has reached the backend/);
  });

  it('shows both versions of a conflict', async () => {
    installFakeBackend({ changes: [conflictChange()] });
    renderApp();
    const card = await screen.findByTestId('change-7');
    expect(within(card).getByTestId('conflict-local-7')).toHaveTextContent('Your change: Acme Team (EU)');
    expect(within(card).getByTestId('conflict-remote-7')).toHaveTextContent('Backend now: Acme Team Europe (version 4)');
    expect(within(card).getByRole('button', { name: 'Re-apply mine' })).toBeInTheDocument();
    expect(within(card).getByRole('button', { name: 'Discard mine' })).toBeInTheDocument();
  });

  it('re-applies the local change on request', async () => {
    const backend = installFakeBackend({ changes: [conflictChange()] });
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Re-apply mine' }));
    await waitFor(() => expect(backend.callsTo('resolve_change')).toEqual([{ id: 7, action: 'reapply' }]));
    // Once re-applied it is an ordinary pending change again.
    await waitFor(() => expect(screen.getByTestId('change-7')).toHaveAttribute('data-state', 'pending'));
  });

  it('discards the local change on request', async () => {
    const backend = installFakeBackend({ changes: [conflictChange()] });
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Discard mine' }));
    await waitFor(() => expect(backend.callsTo('resolve_change')).toEqual([{ id: 7, action: 'discard' }]));
    expect(await screen.findByTestId('pending-changes-empty')).toBeInTheDocument();
  });

  it('shows why a change was rejected and offers to discard it', async () => {
    const backend = installFakeBackend({
      changes: [
        conflictChange({
          id: 9,
          state: 'rejected',
          conflict: null,
          lastError: 'the backend refused the name: it is reserved',
        }),
      ],
    });
    const { user } = renderApp();
    const card = await screen.findByTestId('change-9');
    expect(card).toHaveTextContent('Rejected by the backend');
    expect(card).toHaveTextContent('The backend refused the name: it is reserved.');
    expect(within(card).queryByRole('button', { name: 'Re-apply mine' })).not.toBeInTheDocument();
    await user.click(within(card).getByRole('button', { name: 'Discard' }));
    await waitFor(() => expect(backend.callsTo('resolve_change')).toEqual([{ id: 9, action: 'discard' }]));
  });

  it('shows attempts, the next retry and the last error of a queued change', async () => {
    installFakeBackend({
      changes: [
        conflictChange({
          id: 3,
          state: 'pending',
          conflict: null,
          attempts: 2,
          lastError: 'the backend cannot be reached: connection refused',
          nextAttemptAt: new Date(Date.now() + 5 * 60_000).toISOString(),
          createdAt: minutesAgo(10),
        }),
      ],
    });
    renderApp();
    const card = await screen.findByTestId('change-3');
    expect(card).toHaveTextContent('Waiting to send');
    expect(card).toHaveTextContent('2 attempts');
    expect(card).toHaveTextContent('next try in 5 min');
    expect(card).toHaveTextContent('Last error: The backend cannot be reached: connection refused.');
  });
});
