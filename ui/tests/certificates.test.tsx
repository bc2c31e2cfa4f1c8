import { act, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';

import type { KnownCertificate } from '@/features/certificates/types';
import { validatePolicy } from '@/features/certificates/utils/policy';
import { timelineBands, timelineSummary } from '@/features/certificates/utils/timeline';
import type { SsoOfParent } from '@/features/sso/types';

import { expectFieldError, expectNoFieldError } from './support/assertions';
import { demoOverview, PARENT_ID } from './support/demo-data';
import { commandError, installFakeBackend } from './support/fake-backend';
import { defaultPolicy } from './support/fake-certificates';
import {
  ENTRA_CURRENT,
  fakeCertificate,
  globexSso,
  OKTA_CURRENT,
  OKTA_NEXT,
  oktaConnection,
  unconnectedSso,
} from './support/fake-sso';
import { giveChartsASize } from './support/layout';
import { renderApp } from './support/render';

type User = ReturnType<typeof renderApp>['user'];

// The page draws the expiry chart; give it room so that it draws (and does not warn).
beforeEach(() => giveChartsASize());

async function openCertificates(user: User) {
  await user.click(await screen.findByTestId('nav-certificates'));
  // The page is loaded on first use, which can take a moment in a busy test run.
  expect(await screen.findByRole('heading', { level: 1, name: 'Certificates' }, { timeout: 5000 })).toBeInTheDocument();
}

function row(sha256: string) {
  return screen.getByTestId(`certificate-row-${sha256}`);
}

const CRITICAL = fakeCertificate({ seed: 'critical', subject: 'CN=idp-critical.acme.example', notBeforeDays: -360, notAfterDays: 5 });
const EXPIRED = fakeCertificate({ seed: 'expired', subject: 'CN=idp-old.acme.example', notBeforeDays: -400, notAfterDays: -3 });

/** Acme on Okta (published by its metadata URL), and Initech whose metadata was pasted (no URL, so nothing is checked). */
function mixedSso(): SsoOfParent[] {
  const [acme] = [unconnectedSso({ connection: oktaConnection(), published: { url: 'https://acme.okta.com/app/exk1fcia6d6EMsf331d8/sso/saml/metadata', fetchedAt: new Date().toISOString(), error: null, certificates: [OKTA_CURRENT, OKTA_NEXT], nextFetchAt: null } })];
  const initech: SsoOfParent = {
    ...unconnectedSso({ parentId: 'par_initech', parentName: 'Initech' }),
    connection: oktaConnection({
      parentId: 'par_initech',
      idp: 'saml',
      metadataUrl: null,
      certificates: [
        { ...CRITICAL, role: 'active' },
        { ...EXPIRED, role: 'active' },
      ],
    }),
  };
  return [acme!, initech];
}

describe('the certificates table', () => {
  it('lists every certificate with its severity in words and the three-way comparison', async () => {
    installFakeBackend({ sso: mixedSso() });
    const { user } = renderApp();
    await openCertificates(user);
    await screen.findByTestId(`certificate-row-${OKTA_CURRENT.sha256}`);

    const expectations = [
      // sha256, severity, role, on backend, published, days left
      [OKTA_CURRENT.sha256, 'Warning', 'Active', 'Yes', 'Yes', '20 days left'],
      [OKTA_NEXT.sha256, 'OK', 'Not on the backend', 'No', 'Yes', '3648 days left'],
      [CRITICAL.sha256, 'Critical', 'Active', 'Yes', 'Not checked', '5 days left'],
      [EXPIRED.sha256, 'Expired', 'Active', 'Yes', 'Not checked', 'expired 3 days ago'],
    ] as const;
    for (const [sha256, severity, role, configured, published, daysLeft] of expectations) {
      const certificate = row(sha256);
      expect(within(certificate).getByTestId('certificate-severity')).toHaveTextContent(new RegExp(`^${severity}$`));
      expect(within(certificate).getByTestId('certificate-role')).toHaveTextContent(role);
      expect(within(certificate).getByTestId('certificate-configured')).toHaveTextContent(new RegExp(`^${configured}$`));
      expect(within(certificate).getByTestId('certificate-published')).toHaveTextContent(new RegExp(`^${published}$`));
      expect(within(certificate).getByTestId('certificate-last-assertion')).toHaveTextContent('Test sign-in not available yet');
      expect(within(certificate).getByTestId('certificate-days-left')).toHaveTextContent(daysLeft);
    }
    // Soonest expiry first.
    const order = screen.getAllByTestId(/^certificate-row-/).map((element) => element.getAttribute('data-testid'));
    expect(order).toEqual([EXPIRED, CRITICAL, OKTA_CURRENT, OKTA_NEXT].map((certificate) => `certificate-row-${certificate.sha256}`));
    expect(row(OKTA_CURRENT.sha256)).toHaveTextContent('Acme Corp');
    expect(row(CRITICAL.sha256)).toHaveTextContent('Initech');
  });

  it('shows a short SHA-256 with the full one on hover and copy', async () => {
    installFakeBackend();
    const { user } = renderApp();
    await openCertificates(user);
    const certificate = await screen.findByTestId(`certificate-row-${OKTA_CURRENT.sha256}`);
    const short = within(certificate).getByLabelText(`SHA-256 ${OKTA_CURRENT.sha256}`);
    expect(short.textContent).toMatch(/^([0-9A-F]{2}:){3}[0-9A-F]{2}…[0-9A-F]{2}:[0-9A-F]{2}$/);
    await user.click(within(certificate).getByRole('button', { name: 'Copy the SHA-256 fingerprint of acme' }));
    expect(await navigator.clipboard.readText()).toBe(OKTA_CURRENT.sha256);
  });

  it('shows the findings with their level in words', async () => {
    installFakeBackend();
    const { user } = renderApp();
    await openCertificates(user);
    const published = await screen.findByTestId('finding-new_certificate_published');
    expect(published).toHaveAttribute('data-level', 'warning');
    expect(published).toHaveTextContent('Warning');
    expect(published).toHaveTextContent('Your IdP publishes a new certificate');
    expect(published).toHaveTextContent('Acme Corp');
    expect(screen.getByTestId('finding-expiring')).toHaveTextContent('The active signing certificate expires in 20 days.');
    await user.click(within(published).getByRole('button', { name: 'Show certificate' }));
    expect(await screen.findByRole('dialog')).toHaveTextContent(OKTA_NEXT.sha256);
  });

  it('re-reads the inventory when the watch has run', async () => {
    const backend = installFakeBackend();
    const { user } = renderApp();
    await openCertificates(user);
    await screen.findByTestId(`certificate-row-${OKTA_CURRENT.sha256}`);
    const before = backend.callsTo('list_certificates').length;
    backend.state.sso.push(globexSso());
    await act(() => backend.emitCertificatesChanged());
    expect(await screen.findByTestId(`certificate-row-${ENTRA_CURRENT.sha256}`)).toBeInTheDocument();
    expect(backend.callsTo('list_certificates').length).toBeGreaterThan(before);
  });
});

describe('the expiry timeline', () => {
  it('sums up the upcoming expiries in words', async () => {
    installFakeBackend({ sso: [...mixedSso(), globexSso()] });
    const { user } = renderApp();
    await openCertificates(user);
    expect(await screen.findByTestId('timeline-summary')).toHaveTextContent(
      '2 certificates expire in the next 90 days. 3 certificates expire in the next 12 months. The soonest: idp-critical.acme.example (Initech), in 5 days. 1 certificate has already expired.',
    );
    const figure = screen.getByRole('figure');
    expect(figure).toHaveAccessibleDescription(/2 certificates expire in the next 90 days/);
    expect(figure).toHaveTextContent('acme (Acme Corp): expires');
    expect(figure).toHaveTextContent('20 days left, Warning.');
    // The chart itself: one mark per certificate in the next 12 months, named by severity in its legend.
    await waitFor(() => expect(figure.querySelectorAll('.recharts-scatter-symbol')).toHaveLength(3));
    expect(figure).toHaveTextContent(/Critical.*Warning.*OK/);
    expect(figure).toHaveTextContent('Today');
    const ticks = (axis: string) => Array.from(figure.querySelectorAll(`.recharts-${axis}-tick-labels .recharts-text`)).map((tick) => tick.textContent);
    // One row per certificate, soonest first, labelled by its CN (shortened to fit).
    expect(ticks('yAxis')).toEqual(['idp-critical.acme.exa…', 'acme', 'Microsoft Azure Feder…']);
    // Twelve months along the axis, the year shown where it starts and where it changes.
    expect(ticks('xAxis')).toHaveLength(12);
    expect(ticks('xAxis')[0]).toMatch(/^[A-Z][a-z]{2} \d{4}$/);
  });

  it('works out the summary and the bands from the certificates and policies', () => {
    const certificate = (daysLeft: number, parentId = PARENT_ID): KnownCertificate => ({
      parentId,
      parentName: parentId,
      sha256: `sha-${daysLeft}-${parentId}`,
      subject: `CN=cert-${daysLeft}`,
      issuer: 'CN=ca',
      notBefore: new Date(Date.now() - 100 * 86_400_000).toISOString(),
      notAfter: new Date(Date.now() + daysLeft * 86_400_000).toISOString(),
      daysLeft,
      lifetimeLeftPercent: 50,
      flags: [],
      role: 'active',
      configured: true,
      published: null,
      usedByLastAssertion: null,
      severity: 'ok',
      notifiedThresholds: [],
      snoozedUntil: null,
    });
    expect(timelineSummary([])).toBe('No certificate is known yet.');
    expect(timelineSummary([certificate(400)])).toBe('No certificate expires in the next 90 days. No certificate expires in the next 12 months.');
    expect(timelineSummary([certificate(10), certificate(80), certificate(89), certificate(200)])).toMatch(/^3 certificates expire in the next 90 days\. 4 certificates expire/);
    expect(timelineBands([certificate(10)], [defaultPolicy(PARENT_ID)])).toEqual({ criticalDays: 7, warningDays: 60 });
    // Two parents with different policies: no bands, since one parent's would mislead about the other's.
    expect(
      timelineBands([certificate(10), certificate(20, 'par_b')], [defaultPolicy(PARENT_ID), { ...defaultPolicy('par_b'), criticalDays: 14 }]),
    ).toBeNull();
  });
});

describe('the expiry policy editor', () => {
  it('starts from the defaults and validates as it is edited', async () => {
    const backend = installFakeBackend();
    const { user } = renderApp();
    await openCertificates(user);
    const editor = await screen.findByTestId(`policy-${PARENT_ID}`);
    const values = within(editor)
      .getAllByRole('textbox', { name: /^Threshold \d$/ })
      .map((input) => (input as HTMLInputElement).value);
    expect(values).toEqual(['60', '30', '14', '7', '3', '1']);
    expect(within(editor).getByTestId('critical-days')).toHaveValue('7');

    const first = within(editor).getByTestId('threshold-value-0');
    await user.clear(first);
    await waitFor(() => expectFieldError(first, /Enter a number of days\./));
    expect(within(editor).getByTestId('save-policy')).toBeDisabled();

    await user.type(first, '30');
    await waitFor(() => expectFieldError(first, /30 days left is in the list more than once\./));
    expectFieldError(within(editor).getByTestId('threshold-value-1'), /30 days left is in the list more than once\./);

    await user.clear(first);
    await user.type(first, '150');
    await user.selectOptions(within(editor).getByTestId('threshold-unit-0'), '% of lifetime left');
    await waitFor(() => expectFieldError(first, /Use a whole percentage from 1 to 99\./));

    await user.clear(first);
    await user.type(first, '20');
    await waitFor(() => expectNoFieldError(first));

    const critical = within(editor).getByTestId('critical-days');
    await user.clear(critical);
    await waitFor(() => expectFieldError(critical, /Enter a number of days\./));
    await user.type(critical, '10');

    await user.click(within(editor).getByTestId('threshold-remove-5'));
    await user.click(within(editor).getByTestId('add-threshold'));
    await user.type(within(editor).getByTestId('threshold-value-5'), '90');
    expect(backend.callsTo('set_expiry_policy')).toHaveLength(0);

    await user.click(within(editor).getByTestId('save-policy'));
    await waitFor(() =>
      expect(backend.callsTo('set_expiry_policy')).toEqual([
        {
          input: {
            parentId: PARENT_ID,
            thresholds: [
              { unit: 'percent', value: 20 },
              { unit: 'days', value: 30 },
              { unit: 'days', value: 14 },
              { unit: 'days', value: 7 },
              { unit: 'days', value: 3 },
              { unit: 'days', value: 90 },
            ],
            criticalDays: 10,
          },
        },
      ]),
    );
    expect(await screen.findByText('The expiry policy of Acme Corp is saved.')).toBeInTheDocument();
  });

  it('refuses an empty list', () => {
    expect(validatePolicy([], 7)).toMatchObject({ list: expect.stringMatching(/at least one threshold/), valid: null });
    expect(validatePolicy([{ key: 1, unit: 'days', value: 0 }], 7).thresholds).toEqual(['Use a whole number of days, 1 or more.']);
    expect(validatePolicy([{ key: 1, unit: 'days', value: 30 }], 0).valid).toEqual({ thresholds: [{ unit: 'days', value: 30 }], criticalDays: 0 });
  });

  it('shows the backend’s invalid_input at the input it names, keeping the edits', async () => {
    installFakeBackend({
      handlers: {
        set_expiry_policy: () => {
          throw commandError('invalid_input', 'critical days cannot exceed the largest threshold (60 days)', 'criticalDays');
        },
      },
    });
    const { user } = renderApp();
    await openCertificates(user);
    const editor = await screen.findByTestId(`policy-${PARENT_ID}`);
    const critical = within(editor).getByTestId('critical-days');
    await user.clear(critical);
    await user.type(critical, '90');
    await user.click(within(editor).getByTestId('save-policy'));
    await waitFor(() => expectFieldError(critical, /Critical days cannot exceed the largest threshold \(60 days\)/));
    expect(critical).toHaveValue('90');
  });

  it('is read-only for a role that cannot manage the parent', async () => {
    const overview = demoOverview();
    overview.parents[0]!.canManage = false;
    installFakeBackend({ overview });
    const { user } = renderApp();
    await openCertificates(user);
    const editor = await screen.findByTestId(`policy-${PARENT_ID}`);
    expect(within(editor).getByTestId('save-policy')).toBeDisabled();
    expect(within(editor).getByTestId('threshold-value-0')).toBeDisabled();
    expect(editor).toHaveTextContent('Your role can see this policy but not change it.');
  });
});

describe('a certificate’s detail', () => {
  it('shows identity, validity, notifications sent and snoozes it', async () => {
    const backend = installFakeBackend();
    const { user } = renderApp();
    await openCertificates(user);
    await user.click(await screen.findByTestId(`certificate-open-${OKTA_CURRENT.sha256}`));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('detail-subject')).toHaveTextContent(OKTA_CURRENT.subject);
    expect(within(dialog).getByTestId('detail-sha256')).toHaveTextContent(OKTA_CURRENT.sha256);
    expect(within(dialog).getByTestId('detail-severity')).toHaveTextContent('Warning');
    // Serial and SHA-1 come from the SSO connection's copy of the certificate.
    expect(dialog).toHaveTextContent(OKTA_CURRENT.serial);
    expect(dialog).toHaveTextContent(OKTA_CURRENT.sha1);
    expect(dialog).toHaveTextContent('RSA 2048 bits, signed with sha256WithRSAEncryption');
    expect(dialog).toHaveTextContent('20 days left');
    expect(dialog).toHaveTextContent('Self-signed');
    expect(within(dialog).getByTestId('detail-notified')).toHaveTextContent('Already notified at: 60 days, 30 days.');
    expect(within(dialog).getByTestId('detail-snooze')).toHaveTextContent('Not snoozed.');
    expect(within(dialog).queryByTestId('end-snooze')).not.toBeInTheDocument();

    await user.click(within(dialog).getByTestId('snooze-7'));
    await waitFor(() => expect(backend.callsTo('snooze_certificate')).toEqual([{ input: { sha256: OKTA_CURRENT.sha256, days: 7 } }]));
    await waitFor(() => expect(within(dialog).getByTestId('detail-snooze')).toHaveTextContent(/^Snoozed until /));
    expect(within(dialog).getByTestId('snooze-outcome')).toHaveTextContent('Snoozed for 7 days.');

    await user.click(within(dialog).getByTestId('end-snooze'));
    await waitFor(() => expect(backend.callsTo('snooze_certificate')[1]).toEqual({ input: { sha256: OKTA_CURRENT.sha256, days: 0 } }));
    await waitFor(() => expect(within(dialog).getByTestId('detail-snooze')).toHaveTextContent('Not snoozed.'));
  });

  it('opens from a clicked notification (certificate://open), whatever the page', async () => {
    const backend = installFakeBackend();
    renderApp();
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeInTheDocument();
    await act(() => backend.emitCertificateOpen({ sha256: OKTA_NEXT.sha256 }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Certificates' }, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.getByTestId('nav-certificates')).toHaveAttribute('aria-current', 'page');
    const dialog = await screen.findByRole('dialog');
    await waitFor(() => expect(within(dialog).getByTestId('detail-sha256')).toHaveTextContent(OKTA_NEXT.sha256));
    expect(dialog).toHaveTextContent('Not on the backend');
  });

  it('says so when a notification names a certificate no longer known', async () => {
    const backend = installFakeBackend();
    renderApp();
    await screen.findByRole('heading', { level: 1, name: 'Overview' });
    await act(() => backend.emitCertificateOpen({ sha256: 'AA:BB' }));
    expect(await screen.findByTestId('certificate-unknown')).toHaveTextContent('This certificate is no longer known');
  });
});

describe('starting at login', () => {
  it('reads and changes the setting, and explains the tray', async () => {
    const backend = installFakeBackend();
    const { user } = renderApp();
    await openCertificates(user);
    const toggle = await screen.findByTestId('autostart-switch');
    expect(toggle).toHaveAccessibleName('Start SSO Desk at login');
    expect(toggle).toHaveAccessibleDescription(/keeps running in the tray/);
    expect(toggle).not.toBeChecked();
    await user.click(toggle);
    await waitFor(() => expect(backend.callsTo('set_autostart')).toEqual([{ enabled: true }]));
    await waitFor(() => expect(toggle).toBeChecked());
    expect(backend.state.watch.autostart).toBe(true);
  });
});
