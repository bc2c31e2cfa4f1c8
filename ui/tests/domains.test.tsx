import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { DomainsOfParent, DomainView, NativeCheck } from '@/features/domains/types';

import { expectFieldError, expectNoFieldError } from './support/assertions';
import {
  demoDomain,
  demoDomains,
  DOMAIN_AT_APEX_ID,
  DOMAIN_PROPAGATING_ID,
  DOMAIN_QUOTED_ID,
  DOMAIN_VERIFIED_ID,
  minutesAgo,
  minutesFromNow,
  PARENT_ID,
} from './support/demo-data';
import { commandError, installFakeBackend, type FakeBackend } from './support/fake-backend';
import { renderApp } from './support/render';

type User = ReturnType<typeof renderApp>['user'];

async function openDomains(user: User) {
  await user.click(await screen.findByTestId('nav-domains'));
  expect(await screen.findByRole('heading', { level: 1, name: 'Domains' })).toBeInTheDocument();
}

async function openDetail(user: User, domainId: string) {
  await user.click(await screen.findByTestId(`domain-open-${domainId}`));
  return screen.findByRole('dialog');
}

/** Acme Corp with only pending domains: no verified one yet. */
function unverifiedDomains(): DomainsOfParent[] {
  const [acme] = demoDomains();
  return [{ ...acme!, hasVerifiedDomain: false, domains: acme!.domains.filter((domain) => domain.status !== 'verified') }];
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('the domains list', () => {
  it('shows each parent’s domains under its name, with status, this machine’s verdict and when it checked', async () => {
    const [acme] = demoDomains();
    installFakeBackend({
      domains: [
        acme!,
        {
          parentId: 'par_globex',
          parentName: 'Globex',
          canManage: false,
          disableNewOrgCreation: false,
          hasVerifiedDomain: false,
          domains: [demoDomain({ id: 'dom_globex', name: 'globex.example', parentId: 'par_globex' })],
        },
      ],
    });
    const { user } = renderApp();
    await openDomains(user);

    const acmeSection = await screen.findByRole('region', { name: 'Acme Corp' });
    const globexSection = screen.getByRole('region', { name: 'Globex' });
    expect(within(acmeSection).getByTestId(`domain-row-${DOMAIN_PROPAGATING_ID}`)).toBeInTheDocument();
    expect(within(globexSection).getByTestId('domain-name-dom_globex')).toHaveTextContent(/^globex\.example$/);

    expect(screen.getByTestId(`domain-status-${DOMAIN_VERIFIED_ID}`)).toHaveTextContent(/^Verified$/);
    expect(screen.getByTestId(`domain-status-${DOMAIN_PROPAGATING_ID}`)).toHaveTextContent(/^Pending$/);
    expect(screen.getByTestId('domain-status-dom_legacy')).toHaveTextContent(/^Failed$/);
    expect(screen.getByTestId(`domain-verdict-${DOMAIN_PROPAGATING_ID}`)).toHaveTextContent(/^Propagating 1 of 2 nameservers$/);
    expect(screen.getByTestId(`domain-verdict-${DOMAIN_AT_APEX_ID}`)).toHaveTextContent(/^Not published$/);
    expect(screen.getByTestId(`domain-verdict-${DOMAIN_VERIFIED_ID}`)).toHaveTextContent(/^Verified$/);
    expect(screen.getByTestId('domain-verdict-dom_legacy')).toHaveTextContent('Not checked yet');
    expect(screen.getByTestId(`domain-checked-${DOMAIN_PROPAGATING_ID}`)).toHaveTextContent('2 min ago');

    // A parent the role cannot manage: no add form, and says why.
    expect(within(globexSection).queryByTestId('domain-input')).not.toBeInTheDocument();
    expect(globexSection).toHaveTextContent(/can see these domains but not change them/);
  });

  it('re-reads the domains on cache://changed', async () => {
    const backend = installFakeBackend();
    const { user } = renderApp();
    await openDomains(user);
    await screen.findByTestId(`domain-row-${DOMAIN_PROPAGATING_ID}`);
    backend.state.domains[0]!.domains.push(demoDomain({ id: 'dom_synced', name: 'synced.acme.com' }));
    await act(() => backend.emitCacheChanged());
    expect(await screen.findByTestId('domain-row-dom_synced')).toBeInTheDocument();
  });
});

describe('adding a domain', () => {
  it('checks the name as it is typed: the normalised name and where the record goes for a subdomain', async () => {
    const backend = installFakeBackend();
    const { user } = renderApp();
    await openDomains(user);
    const input = await screen.findByTestId('domain-input');
    expect(screen.getByTestId('add-domain')).toBeDisabled();

    await user.type(input, 'EU.Acme.com.');
    await waitFor(() => expect(screen.getByTestId('domain-hint')).toHaveTextContent('Will be added as eu.acme.com, a subdomain.'));
    expect(screen.getByTestId('domain-hint')).toHaveTextContent('Publish the TXT record at _acme-challenge.eu.acme.com.');
    expect(screen.getByTestId('add-domain')).toBeEnabled();
    expectNoFieldError(input);
    // Debounced: checked once typing pauses, not once per keystroke.
    const checks = backend.callsTo('validate_domain_name');
    expect(checks.length).toBeLessThan('EU.Acme.com.'.length / 2);
    expect(checks.at(-1)).toEqual({ name: 'EU.Acme.com.' });
    expect(backend.callsTo('add_domain')).toHaveLength(0);
  });

  it('says where the record goes for a registrable domain', async () => {
    installFakeBackend();
    const { user } = renderApp();
    await openDomains(user);
    await user.type(await screen.findByTestId('domain-input'), 'acme.co.uk');
    await waitFor(() => expect(screen.getByTestId('domain-hint')).toHaveTextContent('Will be added as acme.co.uk.'));
    expect(screen.getByTestId('domain-hint')).toHaveTextContent('Publish the TXT record at acme.co.uk.');
  });

  it('shows why a name is invalid under the field, keeps Add disabled and never calls add_domain', async () => {
    const backend = installFakeBackend();
    const { user } = renderApp();
    await openDomains(user);
    const input = await screen.findByTestId('domain-input');
    await user.type(input, 'https://acme.com/login');
    await waitFor(() => expectFieldError(input, /without https:\/\/ or a path/));
    expect(screen.getByTestId('domain-hint')).toHaveTextContent('Enter the domain name only, without https:// or a path.');
    expect(screen.getByTestId('add-domain')).toBeDisabled();
    await user.type(input, '{Enter}');
    expect(backend.callsTo('add_domain')).toHaveLength(0);

    await user.clear(input);
    await user.type(input, 'acme');
    await waitFor(() => expect(screen.getByTestId('domain-hint')).toHaveTextContent('A domain needs at least two labels'));
    expect(screen.getByTestId('add-domain')).toBeDisabled();
    expect(backend.callsTo('add_domain')).toHaveLength(0);
  });

  it('adds the domain, lists it as pending and offers its TXT record', async () => {
    const backend = installFakeBackend();
    const { user } = renderApp();
    await openDomains(user);
    const input = await screen.findByTestId('domain-input');
    await user.type(input, 'new.acme.com');
    await waitFor(() => expect(screen.getByTestId('add-domain')).toBeEnabled());
    await user.click(screen.getByTestId('add-domain'));

    await waitFor(() => expect(backend.callsTo('add_domain')).toEqual([{ parentId: PARENT_ID, name: 'new.acme.com' }]));
    const id = backend.state.domains[0]!.domains.at(-1)!.id;
    expect(await screen.findByTestId(`domain-row-${id}`)).toBeInTheDocument();
    expect(screen.getByTestId(`domain-status-${id}`)).toHaveTextContent(/^Pending$/);
    expect(input).toHaveValue('');
    expect(screen.getByTestId('domain-added')).toHaveTextContent('new.acme.com added');

    await user.click(screen.getByRole('button', { name: 'Show the TXT record' }));
    expect(await screen.findByTestId('txt-name')).toHaveTextContent('_acme-challenge.new.acme.com');
  });

  it('shows invalid_input from add_domain under the field and keeps what was typed', async () => {
    installFakeBackend({
      handlers: {
        add_domain: () => {
          throw commandError('invalid_input', 'example.com is reserved for documentation', 'name');
        },
      },
    });
    const { user } = renderApp();
    await openDomains(user);
    const input = await screen.findByTestId('domain-input');
    await user.type(input, 'example.com');
    await waitFor(() => expect(screen.getByTestId('add-domain')).toBeEnabled());
    await user.click(screen.getByTestId('add-domain'));
    await waitFor(() => expectFieldError(input, /Example\.com is reserved for documentation\./));
    expect(input).toHaveValue('example.com');
  });

  it('says when another organization has verified the domain, keeping what was typed', async () => {
    installFakeBackend({
      handlers: {
        add_domain: () => {
          throw commandError('conflict', 'rival.com is verified by another parent organization');
        },
      },
    });
    const { user } = renderApp();
    await openDomains(user);
    const input = await screen.findByTestId('domain-input');
    await user.type(input, 'rival.com');
    await waitFor(() => expect(screen.getByTestId('add-domain')).toBeEnabled());
    await user.click(screen.getByTestId('add-domain'));
    const alert = await screen.findByTestId('add-domain-error');
    expect(alert).toHaveTextContent('This domain is already verified by another organization');
    expect(alert).toHaveAttribute('data-error-code', 'conflict');
    expect(input).toHaveValue('rival.com');
  });

  it('explains that adding needs the backend when it cannot be reached', async () => {
    installFakeBackend({
      handlers: {
        add_domain: () => {
          throw commandError('unreachable', 'connection refused');
        },
      },
    });
    const { user } = renderApp();
    await openDomains(user);
    const input = await screen.findByTestId('domain-input');
    await user.type(input, 'acme.dev');
    await waitFor(() => expect(screen.getByTestId('add-domain')).toBeEnabled());
    await user.click(screen.getByTestId('add-domain'));
    const alert = await screen.findByTestId('add-domain-error');
    expect(alert).toHaveTextContent('Adding a domain needs the backend: it issues the verification token.');
    expect(alert).toHaveTextContent('Connection refused.');
    expect(input).toHaveValue('acme.dev');
  });
});

/** A check where every source answered differently, to see each state's words. */
function everyStateCheck(expected: string): NativeCheck {
  const ns = (nsName: string, server: string) => ({ kind: 'authoritative' as const, nsName, server });
  return {
    checkedAt: minutesAgo(1),
    verdict: 'error',
    sources: [
      { kind: 'resolver', nsName: null, server: '192.168.1.1:53', state: 'found', values: [expected], ttl: 300 },
      { ...ns('ns1.example.net', '198.51.100.1:53'), state: 'not_found', values: [], ttl: 900 },
      { ...ns('ns2.example.net', '198.51.100.2:53'), state: 'no_txt', values: [], ttl: 900 },
      { ...ns('ns3.example.net', '198.51.100.3:53'), state: 'wrong_value', values: ['ssodesk-verification=an-old-token'], ttl: 60 },
      { ...ns('ns4.example.net', '[2001:db8::4]:53'), state: 'servfail', values: [], ttl: null },
      { kind: 'extra', nsName: null, server: '9.9.9.9:53', state: 'timeout', values: [], ttl: null },
      { kind: 'extra', nsName: null, server: '1.1.1.1:53', state: 'refused', values: [], ttl: null },
    ],
    diagnostics: [
      {
        code: 'other_token',
        message: 'an old or other verification token is published',
        fix: 'replace the old value with the value shown above',
      },
      {
        code: 'doubled_zone_suffix',
        message: 'the record is at _acme-challenge.eu.acme.com.acme.com',
        fix: 'enter only _acme-challenge.eu as the name; your provider adds acme.com',
      },
    ],
    negativeCacheExpiresAt: minutesFromNow(12),
    nextCheckAt: minutesFromNow(3),
  };
}

describe('a domain’s detail', () => {
  it('shows the TXT record name and value with copy buttons', async () => {
    installFakeBackend();
    const { user } = renderApp();
    await openDomains(user);
    const dialog = await openDetail(user, DOMAIN_PROPAGATING_ID);
    expect(within(dialog).getByText('eu.acme.com')).toBeInTheDocument();
    expect(within(dialog).getByTestId('txt-name')).toHaveTextContent(/^_acme-challenge\.eu\.acme\.com$/);
    const value = within(dialog).getByTestId('txt-value');
    expect(value.textContent).toMatch(/^ssodesk-verification=/);
    expect(within(dialog).getByTestId('copy-txt-name')).toHaveAccessibleName('Copy the record name');

    await user.click(within(dialog).getByTestId('copy-txt-value'));
    expect(await navigator.clipboard.readText()).toBe(value.textContent);
    expect(within(dialog).getByTestId('copy-txt-value')).toHaveTextContent('Copied');
    await user.click(within(dialog).getByTestId('copy-txt-name'));
    expect(await navigator.clipboard.readText()).toBe('_acme-challenge.eu.acme.com');

    expect(dialog).toHaveTextContent(/about 10 minutes, and can take up to 24–48 hours/);
    expect(within(dialog).getByTestId('failure-reason')).toHaveTextContent('No TXT record found at _acme-challenge.eu.acme.com.');
  });

  it('shows what every DNS source answered, in words, with the values seen and TTL', async () => {
    const domains = demoDomains();
    const domain = domains[0]!.domains.find((candidate) => candidate.id === DOMAIN_PROPAGATING_ID)!;
    domain.check = everyStateCheck(domain.txtRecord.value);
    installFakeBackend({ domains });
    const { user } = renderApp();
    await openDomains(user);
    const dialog = await openDetail(user, DOMAIN_PROPAGATING_ID);

    const expectations = [
      ['found', 'Your resolver', 'Found', '192.168.1.1:53'],
      ['not_found', 'Authoritative NS ns1.example.net', 'NXDOMAIN (not found)', '198.51.100.1:53'],
      ['no_txt', 'Authoritative NS ns2.example.net', 'No TXT record', '198.51.100.2:53'],
      ['wrong_value', 'Authoritative NS ns3.example.net', 'Wrong value', '198.51.100.3:53'],
      ['servfail', 'Authoritative NS ns4.example.net', 'SERVFAIL', '[2001:db8::4]:53'],
      ['timeout', 'Extra resolver', 'Timeout', '9.9.9.9:53'],
      ['refused', 'Extra resolver', 'Refused', '1.1.1.1:53'],
    ] as const;
    expectations.forEach(([state, source, words, server], index) => {
      const row = within(dialog).getByTestId(`source-row-${index}`);
      expect(row).toHaveAttribute('data-state', state);
      expect(row).toHaveTextContent(source);
      expect(within(row).getByTestId(`source-state-${index}`)).toHaveTextContent(words);
      expect(row).toHaveTextContent(server);
    });
    expect(within(dialog).getByTestId('source-row-0')).toHaveTextContent('The expected value');
    expect(within(dialog).getByTestId('source-row-0')).toHaveTextContent('300 s');
    expect(within(dialog).getByTestId('source-row-3')).toHaveTextContent('Seen instead:ssodesk-verification=an-old-token');
    expect(within(dialog).getByTestId('source-row-5')).toHaveTextContent('This says nothing about the record.');

    expect(within(dialog).getByTestId('check-verdict')).toHaveTextContent('Error');
    expect(within(dialog).getByTestId('diagnostic-other_token')).toHaveTextContent('An old or other verification token is published.');
    expect(within(dialog).getByTestId('diagnostic-other_token')).toHaveTextContent('How to fix: Replace the old value with the value shown above.');
    expect(within(dialog).getByTestId('diagnostic-doubled_zone_suffix')).toHaveTextContent('How to fix: Enter only _acme-challenge.eu as the name; your provider adds acme.com.');
    expect(within(dialog).getByTestId('negative-cache')).toHaveTextContent(/Resolvers may keep the old ‘no record’ answer until \S+/);
  });

  it('shows the diagnostics of a record at the wrong name or with quotes', async () => {
    installFakeBackend();
    const { user } = renderApp();
    await openDomains(user);
    let dialog = await openDetail(user, DOMAIN_AT_APEX_ID);
    expect(within(dialog).getByTestId('diagnostic-record_at_apex')).toHaveTextContent(
      'How to fix: At your DNS provider, change the record’s name to _acme-challenge.shop',
    );
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    dialog = await openDetail(user, DOMAIN_QUOTED_ID);
    expect(within(dialog).getByTestId('diagnostic-quoted_value')).toHaveTextContent('without the surrounding quotes');
  });

  it('runs Check now from this machine, showing progress, then the new verdict', async () => {
    const answer = deferred<void>();
    const backend: FakeBackend = installFakeBackend({
      handlers: {
        check_domain_now: async (args, state) => {
          await answer.promise;
          const domain = state.domains[0]!.domains.find((candidate) => candidate.id === args.domainId)!;
          domain.check = {
            ...domain.check!,
            checkedAt: new Date().toISOString(),
            verdict: 'verified',
            sources: domain.check!.sources.map((source) => ({ ...source, state: 'found', values: [domain.txtRecord.value] })),
          };
          return domain;
        },
      },
    });
    const { user } = renderApp();
    await openDomains(user);
    const dialog = await openDetail(user, DOMAIN_PROPAGATING_ID);
    await user.click(within(dialog).getByTestId('check-now'));

    await waitFor(() => expect(backend.callsTo('check_domain_now')).toEqual([{ domainId: DOMAIN_PROPAGATING_ID }]));
    expect(within(dialog).getByTestId('check-now')).toBeDisabled();
    expect(within(dialog).getByTestId('verify-domain')).toBeDisabled();
    expect(within(dialog).getByTestId('remove-domain')).toBeDisabled();
    expect(within(dialog).getByTestId('domain-action-status')).toHaveTextContent('Checking DNS from this machine…');

    await act(async () => answer.resolve());
    await waitFor(() => expect(within(dialog).getByTestId('domain-action-outcome')).toHaveTextContent('Checked from this machine: Verified.'));
    expect(within(dialog).getByTestId('check-verdict')).toHaveTextContent('Verified');
    expect(within(dialog).getByTestId('check-now')).toBeEnabled();
    expect(screen.getByTestId(`domain-verdict-${DOMAIN_PROPAGATING_ID}`)).toHaveTextContent('Verified');
    // The backend is asked only on Verify.
    expect(backend.callsTo('verify_domain')).toHaveLength(0);
  });

  it('asks the backend on Verify and says when it did not find the record yet', async () => {
    const backend = installFakeBackend();
    const { user } = renderApp();
    await openDomains(user);
    const dialog = await openDetail(user, DOMAIN_AT_APEX_ID);
    await user.click(within(dialog).getByTestId('verify-domain'));
    await waitFor(() => expect(backend.callsTo('verify_domain')).toEqual([{ domainId: DOMAIN_AT_APEX_ID }]));
    const outcome = await within(dialog).findByTestId('domain-action-outcome');
    expect(outcome).toHaveTextContent('The backend did not find the record yet.');
    expect(outcome).toHaveTextContent('No TXT record found at _acme-challenge.shop.acme.com.');
    expect(screen.getByTestId(`domain-status-${DOMAIN_AT_APEX_ID}`)).toHaveTextContent(/^Pending$/);
  });

  it('shows Verified once the backend verifies, and then the organization creation toggle', async () => {
    const domains = unverifiedDomains();
    domains[0]!.domains.find((domain) => domain.id === DOMAIN_PROPAGATING_ID)!.check!.verdict = 'verified';
    installFakeBackend({ domains });
    const { user } = renderApp();
    await openDomains(user);
    expect(screen.queryByTestId('disable-org-creation')).not.toBeInTheDocument();
    const dialog = await openDetail(user, DOMAIN_PROPAGATING_ID);
    await user.click(within(dialog).getByTestId('verify-domain'));
    expect(await within(dialog).findByTestId('domain-action-outcome')).toHaveTextContent('The backend verified eu.acme.com.');
    expect(within(dialog).getByTestId('detail-status')).toHaveTextContent('Verified');
    expect(within(dialog).getByTestId('verify-domain')).toBeDisabled();
    expect(screen.getByTestId(`domain-status-${DOMAIN_PROPAGATING_ID}`)).toHaveTextContent(/^Verified$/);
    expect(screen.getByTestId('disable-org-creation')).toBeInTheDocument();
  });

  it('explains that Verify needs the backend when it cannot be reached', async () => {
    installFakeBackend({
      handlers: {
        verify_domain: () => {
          throw commandError('unreachable', 'connection refused');
        },
      },
    });
    const { user } = renderApp();
    await openDomains(user);
    const dialog = await openDetail(user, DOMAIN_PROPAGATING_ID);
    await user.click(within(dialog).getByTestId('verify-domain'));
    const alert = await within(dialog).findByTestId('domain-action-error');
    expect(alert).toHaveTextContent('Verifying needs the backend: it checks DNS itself.');
    expect(within(dialog).getByTestId('verify-domain')).toBeEnabled();
  });

  it('removes a domain only after confirming', async () => {
    const backend = installFakeBackend();
    const { user } = renderApp();
    await openDomains(user);
    let dialog = await openDetail(user, DOMAIN_AT_APEX_ID);

    await user.click(within(dialog).getByTestId('remove-domain'));
    expect(within(dialog).getByTestId('remove-domain-confirm')).toHaveTextContent('Remove shop.acme.com?');
    expect(within(dialog).getByTestId('confirm-remove-domain')).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(within(dialog).queryByTestId('remove-domain-confirm')).not.toBeInTheDocument();
    expect(backend.callsTo('remove_domain')).toHaveLength(0);

    await user.click(within(dialog).getByTestId('remove-domain'));
    await user.click(within(dialog).getByTestId('confirm-remove-domain'));
    await waitFor(() => expect(backend.callsTo('remove_domain')).toEqual([{ domainId: DOMAIN_AT_APEX_ID }]));
    await waitFor(() => expect(screen.queryByTestId(`domain-row-${DOMAIN_AT_APEX_ID}`)).not.toBeInTheDocument());
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByText('shop.acme.com removed')).toBeInTheDocument();

    // The others stay.
    dialog = await openDetail(user, DOMAIN_PROPAGATING_ID);
    expect(within(dialog).getByTestId('txt-name')).toHaveTextContent('_acme-challenge.eu.acme.com');
  });

  it('lets a role that cannot manage check DNS but not verify or remove', async () => {
    const domains = demoDomains();
    domains[0]!.canManage = false;
    installFakeBackend({ domains });
    const { user } = renderApp();
    await openDomains(user);
    expect(screen.queryByTestId('domain-input')).not.toBeInTheDocument();
    const dialog = await openDetail(user, DOMAIN_PROPAGATING_ID);
    expect(within(dialog).getByTestId('check-now')).toBeEnabled();
    expect(within(dialog).getByTestId('verify-domain')).toBeDisabled();
    expect(within(dialog).getByTestId('remove-domain')).toBeDisabled();
    expect(dialog).toHaveTextContent('Your role can check this domain but not verify or remove it.');
  });
});

describe('Global SSO Configuration', () => {
  it('hides Disable new organization creation until a domain is verified', async () => {
    installFakeBackend({ domains: unverifiedDomains() });
    const { user } = renderApp();
    await openDomains(user);
    const card = await screen.findByRole('region', { name: 'Global SSO Configuration' });
    expect(within(card).queryByTestId('disable-org-creation')).not.toBeInTheDocument();
    expect(within(card).getByTestId('org-creation-needs-verified-domain')).toHaveTextContent('Once a domain is verified');
  });

  it('shows the toggle with a verified domain and changes the setting', async () => {
    const backend = installFakeBackend();
    const { user } = renderApp();
    await openDomains(user);
    const toggle = await screen.findByTestId('disable-org-creation');
    expect(toggle).toHaveAccessibleName('Disable new organization creation');
    expect(toggle).toHaveAccessibleDescription(/creating new organizations, including personal accounts/);
    expect(toggle).not.toBeChecked();
    await user.click(toggle);
    await waitFor(() => expect(backend.callsTo('set_disable_new_org_creation')).toEqual([{ parentId: PARENT_ID, enabled: true }]));
    await waitFor(() => expect(toggle).toBeChecked());
    expect(backend.state.domains[0]!.disableNewOrgCreation).toBe(true);
    await waitFor(() => expect(screen.getByText('New organization creation is disabled.')).toBeInTheDocument());

    await user.click(toggle);
    await waitFor(() => expect(backend.callsTo('set_disable_new_org_creation')).toHaveLength(2));
    await waitFor(() => expect(toggle).not.toBeChecked());
  });

  it('keeps the toggle disabled for a role that cannot manage', async () => {
    const domains = demoDomains();
    domains[0]!.canManage = false;
    installFakeBackend({ domains });
    const { user } = renderApp();
    await openDomains(user);
    expect(await screen.findByTestId('disable-org-creation')).toBeDisabled();
    expect(screen.getByText('Your role can see this setting but not change it.')).toBeInTheDocument();
  });

  it('shows a refused change and goes back to the saved value', async () => {
    installFakeBackend({
      handlers: {
        set_disable_new_org_creation: () => {
          throw commandError('conflict', 'the parent organization has no verified domain');
        },
      },
    });
    const { user } = renderApp();
    await openDomains(user);
    const toggle = await screen.findByTestId('disable-org-creation');
    await user.click(toggle);
    const alert = await screen.findByTestId('org-creation-error');
    expect(alert).toHaveTextContent('This needs a verified domain');
    expect(toggle).not.toBeChecked();
  });
});

describe('domain://verified', () => {
  it('announces the domain on any page', async () => {
    const backend = installFakeBackend();
    renderApp();
    await screen.findByTestId('nav-domains');
    const listCalls = backend.callsTo('list_domains').length;
    const domain: DomainView = backend.state.domains[0]!.domains.find((candidate) => candidate.id === DOMAIN_PROPAGATING_ID)!;
    domain.status = 'verified';
    await act(() => backend.emitDomainVerified({ domainId: DOMAIN_PROPAGATING_ID, name: 'eu.acme.com' }));
    expect(await screen.findByText('eu.acme.com verified')).toBeInTheDocument();
    expect(screen.getByText(/The backend confirmed the DNS TXT record/)).toBeInTheDocument();
    // Not on the Domains page, so nothing reads the list yet; opening it shows the new status.
    expect(backend.callsTo('list_domains').length).toBe(listCalls);
  });

  it('updates the list when it is shown', async () => {
    const backend = installFakeBackend();
    const { user } = renderApp();
    await openDomains(user);
    expect(await screen.findByTestId(`domain-status-${DOMAIN_PROPAGATING_ID}`)).toHaveTextContent(/^Pending$/);
    backend.state.domains[0]!.domains.find((candidate) => candidate.id === DOMAIN_PROPAGATING_ID)!.status = 'verified';
    await act(() => backend.emitDomainVerified({ domainId: DOMAIN_PROPAGATING_ID, name: 'eu.acme.com' }));
    expect(await screen.findByText('eu.acme.com verified')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId(`domain-status-${DOMAIN_PROPAGATING_ID}`)).toHaveTextContent(/^Verified$/));
  });
});
