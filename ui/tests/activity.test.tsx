import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { demoActivity, PARENT_ID } from './support/demo-data';
import { installFakeBackend } from './support/fake-backend';
import { renderApp } from './support/render';

async function openActivity(user: ReturnType<typeof renderApp>['user']) {
  await user.click(await screen.findByTestId('nav-activity'));
  expect(await screen.findByRole('heading', { level: 1, name: 'Activity' })).toBeInTheDocument();
}

describe('activity', () => {
  // jsdom lays nothing out: give the list's scroll container a screenful and each row its height.
  beforeEach(() => {
    const isList = (element: Element) => element instanceof HTMLElement && element.dataset.testid === 'activity-list';
    vi.spyOn(Element.prototype, 'clientHeight', 'get').mockImplementation(function (this: Element) {
      return isList(this) ? 600 : 0;
    });
    vi.spyOn(Element.prototype, 'clientWidth', 'get').mockImplementation(function (this: Element) {
      return isList(this) ? 800 : 0;
    });
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(64);
  });

  it('lists the audit log newest first, virtualised', async () => {
    const activity = demoActivity(500);
    activity.items.reverse(); // whatever order the cache keeps, the newest comes first
    const backend = installFakeBackend({ activity: { [PARENT_ID]: activity } });
    const { user } = renderApp();
    await openActivity(user);
    const list = await screen.findByTestId('activity-list');
    const rows = await within(list).findAllByRole('listitem');
    expect(rows[0]).toHaveTextContent('Renamed organization “Acme Team (old)” to “Acme Team”');
    expect(rows[0]).toHaveTextContent('ada@acme.example');
    expect(rows[0]).toHaveAttribute('aria-setsize', '500');
    // Only a screenful (plus overscan) is in the DOM.
    expect(rows.length).toBeLessThan(50);
    expect(backend.callsTo('list_activity')).toContainEqual({ parentId: PARENT_ID });
    expect(screen.getByText('500 events, newest first.')).toBeInTheDocument();
  });

  it('says which roles can read the log when the role cannot', async () => {
    installFakeBackend({ activity: { [PARENT_ID]: { access: 'forbidden', items: [] } } });
    const { user } = renderApp();
    await openActivity(user);
    const notice = await screen.findByTestId('activity-forbidden');
    expect(notice).toHaveTextContent(/Owners and\s+Primary Owners/);
    expect(notice).toHaveTextContent(/Admins of its Console organizations/);
  });

  it('says when the log was not fetched yet', async () => {
    installFakeBackend({ activity: { [PARENT_ID]: { access: 'not_synced', items: [] } } });
    const { user } = renderApp();
    await openActivity(user);
    expect(await screen.findByTestId('activity-not-synced')).toHaveTextContent(/after the next sync/);
  });

  it('says when the log is empty', async () => {
    installFakeBackend({ activity: { [PARENT_ID]: { access: 'ok', items: [] } } });
    const { user } = renderApp();
    await openActivity(user);
    expect(await screen.findByTestId('activity-empty')).toBeInTheDocument();
  });

  it('shows the five newest events on the overview, linking to Activity', async () => {
    installFakeBackend();
    const { user } = renderApp();
    const recent = await screen.findByTestId('recent-activity');
    expect(await within(recent).findAllByRole('listitem')).toHaveLength(5);
    await user.click(within(recent).getByRole('button', { name: 'View all activity' }));
    expect(await screen.findByTestId('activity-list')).toBeInTheDocument();
    expect(screen.getByTestId('nav-activity')).toHaveAttribute('aria-current', 'page');
  });
});
