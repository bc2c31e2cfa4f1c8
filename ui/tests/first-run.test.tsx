import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { expectFieldError, expectNoFieldError } from './support/assertions';
import { commandError, installFakeBackend } from './support/fake-backend';
import { renderApp } from './support/render';

const BASE_URL = 'https://sso.example.com';
const TOKEN = 'sk-wrong-token';

async function fillConnectForm(user: ReturnType<typeof renderApp>['user']) {
  await user.type(await screen.findByLabelText(/backend base url/i), `  ${BASE_URL}  `);
  await user.type(screen.getByLabelText(/api token/i), TOKEN);
  await user.click(screen.getByRole('button', { name: 'Connect' }));
}

describe('first run', () => {
  it('explains the app and offers the local sandbox first', async () => {
    installFakeBackend({ connection: null });
    renderApp();
    expect(await screen.findByRole('heading', { level: 1, name: /set up enterprise single sign-on/i })).toBeInTheDocument();
    const sandbox = screen.getByTestId('sandbox-button');
    expect(sandbox).toHaveTextContent('Use the local sandbox');
    expect(screen.getByText(/runs the reference backend inside the app with demo data/i)).toBeInTheDocument();
  });

  it('starts the sandbox and opens the main shell', async () => {
    const backend = installFakeBackend({ connection: null });
    const { user } = renderApp();
    await user.click(await screen.findByTestId('sandbox-button'));
    expect(await screen.findByTestId('nav-overview')).toBeInTheDocument();
    expect(backend.callsTo('connect_sandbox')).toHaveLength(1);
    expect(await screen.findByTestId('org-name-org_team')).toHaveTextContent('Acme Team');
  });

  it('shows a field error from the backend under that field and keeps what was typed', async () => {
    const backend = installFakeBackend({
      connection: null,
      handlers: {
        connect_remote: () => {
          throw commandError('invalid_input', 'the token is not in the backend’s format', 'token');
        },
      },
    });
    const { user } = renderApp();
    await fillConnectForm(user);

    const tokenInput = screen.getByLabelText(/api token/i);
    await waitFor(() => expectFieldError(tokenInput, /the token is not in the backend’s format/i));
    expect(backend.callsTo('connect_remote')).toEqual([{ baseUrl: BASE_URL, token: TOKEN }]);
    expect(screen.getByLabelText(/backend base url/i)).toHaveValue(`  ${BASE_URL}  `);
    expect(tokenInput).toHaveValue(TOKEN);
    expectNoFieldError(screen.getByLabelText(/backend base url/i));
    expect(screen.queryByTestId('nav-overview')).not.toBeInTheDocument();
  });

  it('says the backend rejected the token on unauthorized, keeping the values', async () => {
    installFakeBackend({
      connection: null,
      handlers: {
        connect_remote: () => {
          throw commandError('unauthorized', 'the backend answered 401: invalid token');
        },
      },
    });
    const { user } = renderApp();
    await fillConnectForm(user);

    const alert = await screen.findByTestId('connect-error');
    expect(within(alert).getByText('The backend rejected the token')).toBeInTheDocument();
    expect(screen.getByLabelText(/api token/i)).toHaveValue(TOKEN);
    expect(screen.getByLabelText(/backend base url/i)).toHaveValue(`  ${BASE_URL}  `);
  });

  it('words an unreachable backend as being offline or a wrong address', async () => {
    installFakeBackend({
      connection: null,
      handlers: {
        connect_remote: () => {
          throw commandError('unreachable', 'connection refused');
        },
      },
    });
    const { user } = renderApp();
    await fillConnectForm(user);
    const alert = await screen.findByTestId('connect-error');
    expect(alert).toHaveTextContent('The backend cannot be reached');
    expect(alert).toHaveTextContent(/you may be offline/i);
  });

  it('checks the URL scheme and the token before asking the backend', async () => {
    const backend = installFakeBackend({ connection: null });
    const { user } = renderApp();
    await user.type(await screen.findByLabelText(/backend base url/i), 'sso.example.com');
    await user.click(screen.getByRole('button', { name: 'Connect' }));

    expectFieldError(screen.getByLabelText(/backend base url/i), /must start with https:\/\//i);
    expectFieldError(screen.getByLabelText(/api token/i), /enter the api token/i);
    expect(backend.callsTo('connect_remote')).toHaveLength(0);
    expect(screen.getByLabelText(/backend base url/i)).toHaveValue('sso.example.com');
  });
});
