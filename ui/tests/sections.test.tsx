import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { installFakeBackend } from './support/fake-backend';
import { renderApp } from './support/render';

const NOT_BUILT = [
  ['enforcement', 'Enforcement', /Continue with SSO/],
  ['provisioning', 'Provisioning', /JIT/],
] as const;

const BUILT = [
  ['sso', 'SSO connection', 'sso-parent-par_acme'],
  ['certificates', 'Certificates', 'expiry-timeline'],
] as const;

describe('navigation', () => {
  it('lists the guide’s steps in order and marks the current one', async () => {
    installFakeBackend();
    renderApp();
    const nav = await screen.findByRole('navigation', { name: 'Setup steps' });
    const labels = within(nav)
      .getAllByRole('button')
      .map((button) => button.getAttribute('data-testid'));
    expect(labels).toEqual([
      'nav-overview',
      'nav-domains',
      'nav-sso',
      'nav-enforcement',
      'nav-provisioning',
      'nav-certificates',
      'nav-activity',
    ]);
    expect(screen.getByTestId('nav-overview')).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('heading', { level: 1, name: 'Overview' })).toBeInTheDocument();
  });

  it.each(NOT_BUILT)('shows an honest panel for %s', async (id, label, plan) => {
    installFakeBackend();
    const { user } = renderApp();
    await user.click(await screen.findByTestId(`nav-${id}`));
    expect(await screen.findByRole('heading', { level: 1, name: label })).toBeInTheDocument();
    const panel = screen.getByTestId(`not-built-${id}`);
    expect(panel).toHaveTextContent('This section is not built yet in this version.');
    expect(panel).toHaveTextContent('What this section will do');
    expect(document.body).toHaveTextContent(plan);
    expect(document.body.textContent).not.toMatch(/coming soon|not implemented/i);
    expect(screen.getByTestId(`nav-${id}`)).toHaveAttribute('aria-current', 'page');
  });

  it('shows the Domains page instead of a panel for a section not built', async () => {
    installFakeBackend();
    const { user } = renderApp();
    await user.click(await screen.findByTestId('nav-domains'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Domains' })).toBeInTheDocument();
    expect(await screen.findByTestId('domain-input')).toBeInTheDocument();
    expect(screen.queryByTestId('not-built-domains')).not.toBeInTheDocument();
    expect(screen.getByTestId('nav-domains')).toHaveAttribute('aria-current', 'page');
    expect(document.body.textContent).not.toMatch(/coming soon|not implemented/i);
  });

  it.each(BUILT)('shows the %s page instead of a panel for a section not built', async (id, label, testId) => {
    installFakeBackend();
    const { user } = renderApp();
    await user.click(await screen.findByTestId(`nav-${id}`));
    // Loaded on first use, which can take a moment in a busy test run.
    expect(await screen.findByRole('heading', { level: 1, name: label }, { timeout: 5000 })).toBeInTheDocument();
    expect(await screen.findByTestId(testId)).toBeInTheDocument();
    expect(screen.queryByTestId(`not-built-${id}`)).not.toBeInTheDocument();
    expect(screen.getByTestId(`nav-${id}`)).toHaveAttribute('aria-current', 'page');
  });

  it('asks before switching backend, and returns to the first-run screen', async () => {
    const backend = installFakeBackend();
    const { user } = renderApp();
    await user.click(await screen.findByTestId('switch-backend-button'));
    expect(await screen.findByRole('dialog', { name: 'Switch backend?' })).toBeInTheDocument();
    expect(backend.callsTo('disconnect')).toHaveLength(0);
    await user.click(screen.getByTestId('confirm-switch-backend'));
    expect(await screen.findByTestId('sandbox-button')).toBeInTheDocument();
    expect(backend.callsTo('disconnect')).toHaveLength(1);
  });

  it('keeps the connection when switching is refused because changes are unsent', async () => {
    installFakeBackend({
      handlers: {
        disconnect: () => {
          throw { code: 'conflict', message: '1 change(s) have not reached the backend yet', field: null };
        },
      },
    });
    const { user } = renderApp();
    await user.click(await screen.findByTestId('switch-backend-button'));
    await user.click(await screen.findByTestId('confirm-switch-backend'));
    const dialog = await screen.findByRole('dialog', { name: 'Switch backend?' });
    await waitFor(() => expect(dialog).toHaveTextContent('Some changes have not been sent yet'));
    expect(screen.getByTestId('nav-overview')).toBeInTheDocument();
  });
});
