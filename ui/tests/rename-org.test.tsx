import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { expectFieldError } from './support/assertions';
import { CONSOLE_ID, TEAM_ID } from './support/demo-data';
import { commandError, installFakeBackend } from './support/fake-backend';
import { renderApp } from './support/render';

async function openRename(user: ReturnType<typeof renderApp>['user']) {
  await user.click(await screen.findByTestId(`rename-button-${TEAM_ID}`));
  return screen.findByTestId('rename-input');
}

describe('the organizations table', () => {
  it('lists each organization with its kind, the role in words and Rename only where allowed', async () => {
    installFakeBackend();
    renderApp();
    const row = await screen.findByTestId(`org-row-${TEAM_ID}`);
    expect(within(row).getByTestId(`org-name-${TEAM_ID}`)).toHaveTextContent(/^Acme Team$/);
    expect(row).toHaveTextContent('Team');
    expect(row).toHaveTextContent('Primary Owner');
    expect(within(row).getByRole('button', { name: 'Rename Acme Team' })).toBeInTheDocument();
    const consoleRow = screen.getByTestId(`org-row-${CONSOLE_ID}`);
    expect(consoleRow).toHaveTextContent('Developer');
    expect(screen.queryByTestId(`rename-button-${CONSOLE_ID}`)).not.toBeInTheDocument();
    expect(screen.getByText('You can manage its SSO settings')).toBeInTheDocument();
  });

  it('marks an organization with an unconfirmed change as pending sync', async () => {
    const backend = installFakeBackend();
    backend.state.overview.parents[0]!.orgs[0]!.pending = true;
    renderApp();
    expect(await screen.findByTestId(`org-pending-${TEAM_ID}`)).toHaveTextContent('Pending sync');
  });
});

describe('renaming an organization', () => {
  it('refuses an empty name as you type and does not send it', async () => {
    const backend = installFakeBackend();
    const { user } = renderApp();
    const input = await openRename(user);
    await user.clear(input);
    expectFieldError(input, /enter a name/i);
    await user.click(screen.getByTestId('rename-save'));
    expectFieldError(input, /enter a name/i);
    await user.type(input, '   ');
    await user.keyboard('{Enter}');
    expectFieldError(input, /enter a name/i);
    expect(backend.callsTo('rename_org')).toHaveLength(0);
  });

  it('refuses a name of 81 characters and keeps the text', async () => {
    const backend = installFakeBackend();
    const { user } = renderApp();
    const input = await openRename(user);
    const long = 'x'.repeat(81);
    await user.clear(input);
    await user.type(input, long);
    expectFieldError(input, /81 characters long; the limit is 80/);
    await user.keyboard('{Enter}');
    expect(backend.callsTo('rename_org')).toHaveLength(0);
    expect(input).toHaveValue(long);
    expect(screen.getByText('81/80 characters')).toBeInTheDocument();

    await user.type(input, '{Backspace}');
    expect(input).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('saves on Enter with the trimmed name and shows it in the table', async () => {
    const backend = installFakeBackend();
    const { user } = renderApp();
    const input = await openRename(user);
    await user.clear(input);
    await user.type(input, '  Acme Team (EU)  {Enter}');

    await waitFor(() => expect(backend.callsTo('rename_org')).toEqual([{ orgId: TEAM_ID, name: 'Acme Team (EU)' }]));
    await waitFor(() => expect(screen.queryByTestId('rename-input')).not.toBeInTheDocument());
    expect(await screen.findByTestId(`org-name-${TEAM_ID}`)).toHaveTextContent(/^Acme Team \(EU\)$/);
    expect(await screen.findByTestId(`org-pending-${TEAM_ID}`)).toHaveTextContent('Pending sync');
    const pending = screen.getByTestId('pending-changes');
    expect(await within(pending).findByText('Rename “Acme Team” to “Acme Team (EU)”')).toBeInTheDocument();
  });

  it('saves with the Save button too', async () => {
    const backend = installFakeBackend();
    const { user } = renderApp();
    const input = await openRename(user);
    await user.clear(input);
    await user.type(input, 'Acme Team Europe');
    await user.click(screen.getByTestId('rename-save'));
    await waitFor(() => expect(backend.callsTo('rename_org')).toEqual([{ orgId: TEAM_ID, name: 'Acme Team Europe' }]));
  });

  it('shows the backend’s field error under the input and keeps what was typed', async () => {
    installFakeBackend({
      handlers: {
        rename_org: () => {
          throw commandError('invalid_input', 'the name contains a control character (such as a line break or tab)', 'name');
        },
      },
    });
    const { user } = renderApp();
    const input = await openRename(user);
    await user.clear(input);
    await user.type(input, 'Acme Team (EU){Enter}');
    await waitFor(() => expectFieldError(input, /control character/));
    expect(input).toHaveValue('Acme Team (EU)');
  });

  it('says when the role does not allow it, keeping the dialog and the text', async () => {
    installFakeBackend({
      handlers: {
        rename_org: () => {
          throw commandError('forbidden', 'your role (admin) cannot change this organization');
        },
      },
    });
    const { user } = renderApp();
    const input = await openRename(user);
    await user.clear(input);
    await user.type(input, 'New name{Enter}');
    expect(await screen.findByText('Your role cannot rename this organization')).toBeInTheDocument();
    expect(input).toHaveValue('New name');
  });
});
