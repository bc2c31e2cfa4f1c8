import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { IdpKind, SsoOfParent } from '@/features/sso/types';

import { expectFieldError } from './support/assertions';
import { PARENT_ID } from './support/demo-data';
import { commandError, installFakeBackend } from './support/fake-backend';
import {
  ENTRA_CURRENT,
  ENTRA_ENTITY_ID,
  ENTRA_METADATA_XML,
  FEDERATION_METADATA_XML,
  globexSso,
  OKTA_CURRENT,
  OKTA_ENTITY_ID,
  OKTA_METADATA_BEFORE_ROTATION_XML,
  OKTA_METADATA_URL,
  OKTA_METADATA_XML,
  OKTA_NEXT,
  OKTA_PASTED,
  oktaConnection,
  serviceProvider,
  SHIBBOLETH_A_ID,
  SHIBBOLETH_B_ID,
  unconnectedSso,
} from './support/fake-sso';
import { renderApp } from './support/render';

type User = ReturnType<typeof renderApp>['user'];

const SP = serviceProvider(PARENT_ID);

async function openSso(user: User) {
  await user.click(await screen.findByTestId('nav-sso'));
  // The page is loaded on first use, which can take a moment in a busy test run.
  expect(await screen.findByRole('heading', { level: 1, name: 'SSO connection' }, { timeout: 5000 })).toBeInTheDocument();
  return screen.findByTestId(`sso-parent-${PARENT_ID}`);
}

/** The value the guide gives for an IdP field, by the field's name in that IdP. */
function guideValue(guide: HTMLElement, idpField: string): string {
  const row = within(guide)
    .getAllByTestId('guide-field')
    .find((candidate) => within(candidate).getByTestId('guide-field-name').textContent === idpField);
  if (!row) throw new Error(`no guide field ${idpField}`);
  return row.querySelector('td')!.textContent ?? '';
}

/** Acme with an Okta connection whose metadata URL publishes only the current certificate. */
function ssoWithoutPublishedRotation(): SsoOfParent[] {
  return [
    {
      ...unconnectedSso(),
      connection: oktaConnection(),
      published: { url: OKTA_METADATA_URL, fetchedAt: new Date().toISOString(), error: null, certificates: [OKTA_CURRENT], nextFetchAt: null },
    },
  ];
}

const GUIDES: [IdpKind, string, RegExp, [string, string][]][] = [
  [
    'okta',
    'Okta',
    /Applications → Applications → Create App Integration → SAML 2\.0/,
    [
      ['Single sign-on URL', SP.acsUrl],
      ['Audience URI (SP Entity ID)', SP.entityId],
      ['Name ID format', 'EmailAddress'],
    ],
  ],
  [
    'entra',
    'Microsoft Entra ID',
    /Enterprise applications → New application → Create your own application → Single sign-on → SAML/,
    [
      ['Identifier (Entity ID)', SP.entityId],
      ['Reply URL (Assertion Consumer Service URL)', SP.acsUrl],
      ['Name identifier format', 'Email address'],
    ],
  ],
  [
    'google',
    'Google Workspace',
    /Apps → Web and mobile apps → Add app → Add custom SAML app/,
    [
      ['ACS URL', SP.acsUrl],
      ['Entity ID', SP.entityId],
      ['Name ID format', 'EMAIL'],
    ],
  ],
  [
    'onelogin',
    'OneLogin',
    /Applications → Add App → SAML Custom Connector \(Advanced\)/,
    [
      ['ACS (Consumer) URL', SP.acsUrl],
      ['Audience (EntityID)', SP.entityId],
      ['SAML nameID format', 'Email'],
    ],
  ],
  [
    'jumpcloud',
    'JumpCloud',
    /SSO Applications → Add New Application → Custom SAML App/,
    [
      ['ACS URL', SP.acsUrl],
      ['SP Entity ID', SP.entityId],
      ['SAMLSubject NameID', 'email'],
    ],
  ],
  [
    'duo',
    'Duo',
    /Applications → Protect an Application → Generic SAML Service Provider/,
    [
      ['Entity ID', SP.entityId],
      ['Assertion Consumer Service (ACS) URL', SP.acsUrl],
      ['NameID attribute', '<Email Address>'],
    ],
  ],
  [
    'saml',
    'Other SAML 2.0',
    /a SAML 2\.0 application/,
    [
      ['ACS URL (Assertion Consumer Service, Reply or Recipient URL)', SP.acsUrl],
      ['SP Entity ID (Audience or Identifier)', SP.entityId],
      ['NameID format', SP.nameIdFormat],
    ],
  ],
];

describe('the IdP guide', () => {
  it.each(GUIDES)('shows the %s steps with its own field names and the SP values', async (kind, label, create, fields) => {
    installFakeBackend({ sso: [unconnectedSso()] });
    const { user } = renderApp();
    const section = await openSso(user);
    expect(within(section).getByTestId('idp-guide-empty')).toBeInTheDocument();

    await user.click(within(section).getByRole('radio', { name: label }));
    const guide = within(section).getByTestId('idp-guide');
    expect(guide).toHaveAttribute('data-idp', kind);
    expect(within(guide).getByTestId('idp-guide-create')).toHaveTextContent(create);
    for (const [idpField, value] of fields) expect(guideValue(guide, idpField)).toContain(value);
    // Another IdP's vocabulary does not leak in.
    if (kind !== 'okta') expect(guide).not.toHaveTextContent('Audience URI (SP Entity ID)');
    if (kind !== 'entra') expect(guide).not.toHaveTextContent('Reply URL');
  });

  it('says where each IdP keeps its metadata, and that Google has no metadata URL', async () => {
    installFakeBackend({ sso: [unconnectedSso()] });
    const { user } = renderApp();
    const section = await openSso(user);
    const where: [string, RegExp][] = [
      ['Okta', /Sign On tab, under SAML 2\.0 → Metadata details, copy the Metadata URL/],
      ['Microsoft Entra ID', /App Federation Metadata Url.*Federation Metadata XML/],
      ['Google Workspace', /DOWNLOAD METADATA.*Google has no metadata URL/],
      ['OneLogin', /Issuer URL.*More Actions → SAML Metadata/],
      ['JumpCloud', /Copy Metadata URL.*Export Metadata/],
      ['Duo', /Metadata URL.*Download XML/],
    ];
    for (const [label, text] of where) {
      await user.click(within(section).getByRole('radio', { name: label }));
      expect(within(section).getByTestId('idp-guide')).toHaveTextContent(text);
    }
  });

  it('gives OneLogin’s ACS URL validator as an anchored, escaped regular expression', async () => {
    installFakeBackend({ sso: [unconnectedSso()] });
    const { user } = renderApp();
    const section = await openSso(user);
    await user.click(within(section).getByRole('radio', { name: 'OneLogin' }));
    expect(guideValue(within(section).getByTestId('idp-guide'), 'ACS (Consumer) URL Validator')).toContain(
      '^http:\\/\\/127\\.0\\.0\\.1:48213\\/saml\\/par_acme\\/acs$',
    );
  });
});

describe('the service provider values', () => {
  it('shows each value with a copy button that copies exactly it', async () => {
    installFakeBackend({ sso: [unconnectedSso()] });
    const { user } = renderApp();
    const section = await openSso(user);
    const values = [
      ['acs-url', 'the ACS URL', SP.acsUrl],
      ['entity-id', 'the SP entity ID', SP.entityId],
      ['metadata-url', 'the SP metadata URL', SP.metadataUrl],
      ['name-id-format', 'the NameID format', 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
    ] as const;
    for (const [testId, what, value] of values) {
      expect(within(section).getByTestId(`sp-${testId}`)).toHaveTextContent(value);
      const copy = within(section).getByTestId(`copy-sp-${testId}`);
      expect(copy).toHaveAccessibleName(`Copy ${what}`);
      await user.click(copy);
      expect(await navigator.clipboard.readText()).toBe(value);
      expect(copy).toHaveTextContent('Copied');
    }
  });

  it('says when the values are not known before the first sync', async () => {
    installFakeBackend({ sso: [unconnectedSso({ serviceProvider: null })] });
    const { user } = renderApp();
    const section = await openSso(user);
    expect(within(section).getByTestId('sp-values-missing')).toHaveTextContent('after the first sync');
  });
});

describe('importing the IdP metadata', () => {
  it('previews pasted metadata, then saves exactly what was previewed', async () => {
    const backend = installFakeBackend({ sso: [unconnectedSso()] });
    const { user } = renderApp();
    const section = await openSso(user);
    await user.click(within(section).getByRole('radio', { name: 'Microsoft Entra ID' }));
    await user.click(within(section).getByRole('tab', { name: 'Paste XML' }));
    const xml = ENTRA_METADATA_XML();
    await user.click(within(section).getByTestId('metadata-xml-input'));
    await user.paste(xml);
    await user.click(within(section).getByTestId('preview-xml'));

    const preview = await within(section).findByTestId('metadata-preview');
    expect(backend.callsTo('preview_metadata')).toEqual([{ input: { source: { kind: 'xml', xml } } }]);
    expect(within(preview).getByTestId('preview-entity-id')).toHaveTextContent(ENTRA_ENTITY_ID);
    expect(within(preview).getByTestId('preview-sso-url')).toHaveTextContent(/login\.microsoftonline\.com\/.*\/saml2 \(HTTP-Redirect\)/);
    expect(within(preview).getByTestId('preview-name-id-formats')).toHaveTextContent('nameid-format:emailAddress');
    expect(within(preview).getByTestId('preview-signed')).toHaveTextContent('Signed (signature not verified)');
    const certificate = within(preview).getByTestId('preview-cert-0');
    expect(certificate).toHaveTextContent('CN=Microsoft Azure Federated SSO Certificate');
    expect(within(certificate).getByTestId('certificate-sha256')).toHaveTextContent(ENTRA_CURRENT.sha256);
    expect(within(certificate).getByTestId('certificate-days-left')).toHaveTextContent('95 days left');
    expect(certificate).toHaveTextContent('Self-signed');
    // Nothing is saved by a preview.
    expect(backend.callsTo('save_sso_connection')).toHaveLength(0);

    await user.click(within(preview).getByTestId('save-connection'));
    await waitFor(() =>
      expect(backend.callsTo('save_sso_connection')).toEqual([
        { input: { parentId: PARENT_ID, idp: 'entra', metadataUrl: null, metadataXml: xml, entityId: ENTRA_ENTITY_ID } },
      ]),
    );
    expect(await within(section).findByTestId('connection-saved')).toHaveTextContent('Test sign-in is not available in this version yet.');
    const connection = await within(section).findByTestId('sso-connection');
    expect(within(connection).getByTestId('connection-status')).toHaveTextContent('Draft');
    expect(within(connection).getByTestId('connection-entity-id')).toHaveTextContent(ENTRA_ENTITY_ID);
    expect(within(connection).getByTestId('connection-cert-0')).toHaveAttribute('data-role', 'active');
  });

  it('previews a metadata URL fetched by the app and saves the URL with the document', async () => {
    const backend = installFakeBackend({ sso: [unconnectedSso()] });
    const { user } = renderApp();
    const section = await openSso(user);
    await user.click(within(section).getByRole('radio', { name: 'Okta' }));
    await user.type(within(section).getByTestId('metadata-url-input'), OKTA_METADATA_URL);
    await user.click(within(section).getByTestId('preview-url'));

    const preview = await within(section).findByTestId('metadata-preview');
    expect(backend.callsTo('preview_metadata')).toEqual([{ input: { source: { kind: 'url', url: OKTA_METADATA_URL } } }]);
    expect(within(preview).getByTestId('preview-metadata-url')).toHaveTextContent(OKTA_METADATA_URL);
    expect(within(preview).getByTestId('preview-signed')).toHaveTextContent('Not signed');
    expect(within(preview).getByTestId('preview-cert-1')).toHaveTextContent(OKTA_NEXT.subject);
    expect(within(preview).getByTestId('preview-warnings')).toHaveTextContent(/expires in 20 days/);

    await user.click(within(preview).getByTestId('save-connection'));
    await waitFor(() => expect(backend.callsTo('save_sso_connection')).toHaveLength(1));
    expect(backend.callsTo('save_sso_connection')[0]).toEqual({
      input: { parentId: PARENT_ID, idp: 'okta', metadataUrl: OKTA_METADATA_URL, metadataXml: OKTA_METADATA_XML(), entityId: OKTA_ENTITY_ID },
    });
  });

  it('reads a chosen file in the UI and previews it as XML', async () => {
    const backend = installFakeBackend({ sso: [unconnectedSso()] });
    const { user } = renderApp();
    const section = await openSso(user);
    await user.click(within(section).getByRole('radio', { name: 'Google Workspace' }));
    await user.click(within(section).getByRole('tab', { name: 'File' }));
    const xml = ENTRA_METADATA_XML();
    const input = section.querySelector<HTMLInputElement>('input[type="file"]')!;
    await user.upload(input, new File([xml], 'GoogleIDPMetadata.xml', { type: 'text/xml' }));

    expect(await within(section).findByTestId('metadata-preview')).toBeInTheDocument();
    expect(backend.callsTo('preview_metadata')).toEqual([{ input: { source: { kind: 'xml', xml } } }]);
  });

  it('asks which identity provider when the document has several, and previews again with it', async () => {
    const backend = installFakeBackend({ sso: [unconnectedSso()] });
    const { user } = renderApp();
    const section = await openSso(user);
    await user.click(within(section).getByRole('radio', { name: 'Other SAML 2.0' }));
    await user.click(within(section).getByRole('tab', { name: 'Paste XML' }));
    const xml = FEDERATION_METADATA_XML();
    await user.click(within(section).getByTestId('metadata-xml-input'));
    await user.paste(xml);
    await user.click(within(section).getByTestId('preview-xml'));

    const preview = await within(section).findByTestId('metadata-preview');
    const choice = within(preview).getByRole('radiogroup', { name: 'Which identity provider?' });
    // The service provider in the same document is not offered.
    expect(within(choice).getAllByRole('radio').map((radio) => radio.getAttribute('value'))).toEqual([SHIBBOLETH_A_ID, SHIBBOLETH_B_ID]);
    expect(within(preview).getByTestId('preview-needs-entity')).toBeInTheDocument();
    expect(within(preview).getByTestId('save-connection')).toBeDisabled();

    await user.click(within(choice).getByRole('radio', { name: SHIBBOLETH_B_ID }));
    await waitFor(() => expect(within(preview).getByTestId('preview-entity-id')).toHaveTextContent(SHIBBOLETH_B_ID));
    expect(backend.callsTo('preview_metadata')[1]).toEqual({ input: { source: { kind: 'xml', xml }, entityId: SHIBBOLETH_B_ID } });
    expect(within(preview).getByTestId('preview-sso-url')).toHaveTextContent('https://idp.research.acme.example/idp/profile/SAML2/Redirect/SSO');

    await user.click(within(preview).getByTestId('save-connection'));
    await waitFor(() =>
      expect(backend.callsTo('save_sso_connection')).toEqual([
        { input: { parentId: PARENT_ID, idp: 'saml', metadataUrl: null, metadataXml: xml, entityId: SHIBBOLETH_B_ID } },
      ]),
    );
  });

  it('shows an entity refused by preview under the identity provider choice', async () => {
    installFakeBackend({
      sso: [unconnectedSso()],
      handlers: {
        preview_metadata: (args) => {
          const input = args.input as { entityId?: string };
          if (input.entityId) throw commandError('invalid_input', `the identity provider ${input.entityId} has no SingleSignOnService`, 'entityId');
          return previewFederation();
        },
      },
    });
    const { user } = renderApp();
    const section = await openSso(user);
    await user.click(within(section).getByRole('tab', { name: 'Paste XML' }));
    await user.click(within(section).getByTestId('metadata-xml-input'));
    await user.paste(FEDERATION_METADATA_XML());
    await user.click(within(section).getByTestId('preview-xml'));
    const preview = await within(section).findByTestId('metadata-preview');
    await user.click(within(preview).getByRole('radio', { name: SHIBBOLETH_A_ID }));
    const choice = within(preview).getByRole('radiogroup', { name: 'Which identity provider?' });
    await waitFor(() =>
      expect(choice).toHaveAccessibleDescription(expect.stringContaining(`The identity provider ${SHIBBOLETH_A_ID} has no SingleSignOnService.`)),
    );
    // Still a choice to make: nothing can be saved.
    expect(within(preview).getByTestId('save-connection')).toBeDisabled();
  });

  it('shows invalid_input from preview under the input it names, keeping what was typed', async () => {
    installFakeBackend({ sso: [unconnectedSso()] });
    const { user } = renderApp();
    const section = await openSso(user);
    const url = within(section).getByTestId('metadata-url-input');
    await user.type(url, 'http://acme.okta.com/app/metadata');
    await user.click(within(section).getByTestId('preview-url'));
    await waitFor(() => expectFieldError(url, /The metadata URL must use https:\/\/\./));
    expect(url).toHaveValue('http://acme.okta.com/app/metadata');

    await user.click(within(section).getByRole('tab', { name: 'Paste XML' }));
    const xml = within(section).getByTestId('metadata-xml-input');
    await user.click(xml);
    await user.paste('<html><body>Sign in</body></html>');
    await user.click(within(section).getByTestId('preview-xml'));
    await waitFor(() => expectFieldError(xml, /Expected an EntityDescriptor or EntitiesDescriptor, found <html> \(line 1\)/));
    expect(xml).toHaveValue('<html><body>Sign in</body></html>');
    expect(within(section).queryByTestId('metadata-preview')).not.toBeInTheDocument();
  });

  it('says when the metadata URL cannot be fetched', async () => {
    installFakeBackend({ sso: [unconnectedSso()] });
    const { user } = renderApp();
    const section = await openSso(user);
    await user.type(within(section).getByTestId('metadata-url-input'), 'https://idp.unknown.example/metadata');
    await user.click(within(section).getByTestId('preview-url'));
    const alert = await within(section).findByTestId('import-error');
    expect(alert).toHaveTextContent('The metadata URL could not be fetched');
    expect(alert).toHaveTextContent('Could not connect to idp.unknown.example: connection refused.');
  });

  it('shows the backend’s refusal of a save, and keeps the preview', async () => {
    installFakeBackend({
      sso: [unconnectedSso()],
      handlers: {
        save_sso_connection: () => {
          throw commandError('invalid_input', 'the signing certificate uses a 1024-bit RSA key, which is refused', 'metadataXml');
        },
      },
    });
    const { user } = renderApp();
    const section = await openSso(user);
    await user.click(within(section).getByRole('radio', { name: 'Okta' }));
    await user.type(within(section).getByTestId('metadata-url-input'), OKTA_METADATA_URL);
    await user.click(within(section).getByTestId('preview-url'));
    await user.click(await within(section).findByTestId('save-connection'));
    const alert = await within(section).findByTestId('save-connection-error');
    expect(alert).toHaveTextContent('The backend refused the metadata');
    expect(alert).toHaveTextContent('The signing certificate uses a 1024-bit RSA key, which is refused.');
    expect(within(section).getByTestId('metadata-preview')).toBeInTheDocument();
  });
});

/** The federation document's preview with no entity picked, for handlers that replace the fake's. */
function previewFederation() {
  const xml = FEDERATION_METADATA_XML();
  return {
    metadataUrl: null,
    metadataXml: xml,
    entities: [
      { entityId: SHIBBOLETH_A_ID, isIdentityProvider: true },
      { entityId: SHIBBOLETH_B_ID, isIdentityProvider: true },
    ],
    entityId: null,
    ssoUrl: null,
    ssoBinding: null,
    nameIdFormats: [],
    signingCertificates: [],
    signed: false,
    validUntil: null,
    warnings: [],
  };
}

describe('the current connection', () => {
  it('shows status, endpoint and certificates with their roles and days left', async () => {
    installFakeBackend();
    const { user } = renderApp();
    const section = await openSso(user);
    const connection = within(section).getByTestId('sso-connection');
    expect(within(connection).getByTestId('connection-status')).toHaveTextContent(/^Draft$/);
    expect(within(connection).getByTestId('connection-entity-id')).toHaveTextContent(OKTA_ENTITY_ID);
    expect(within(connection).getByTestId('connection-sso-url')).toHaveTextContent('https://acme.okta.com/app/acme_ssodesk_1/');
    const certificate = within(connection).getByTestId('connection-cert-0');
    expect(within(certificate).getByTestId('certificate-role')).toHaveTextContent('Active');
    expect(within(certificate).getByTestId('certificate-days-left')).toHaveTextContent('20 days left');
    expect(within(connection).getByTestId('published-state')).toHaveTextContent(/Metadata URL fetched .* 2 signing certificates published\./);
  });

  it('says a change is queued, and links a conflict to Pending changes', async () => {
    const acme = unconnectedSso({
      connection: oktaConnection(),
      pendingChange: { changeId: 12, state: 'conflict', lastError: 'the connection changed on the backend (version 5)' },
    });
    installFakeBackend({ sso: [acme] });
    const { user } = renderApp();
    const section = await openSso(user);
    const notice = within(section).getByTestId('pending-sso-change');
    expect(notice).toHaveAttribute('data-state', 'conflict');
    expect(notice).toHaveTextContent('Conflict');
    expect(notice).toHaveTextContent('Last error: The connection changed on the backend (version 5)');
    await user.click(within(notice).getByTestId('show-changes'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeInTheDocument();
    expect(screen.getByTestId('pending-changes')).toBeInTheDocument();
  });

  it('shows a rejected change with its reason', async () => {
    installFakeBackend({
      sso: [unconnectedSso({ connection: oktaConnection(), pendingChange: { changeId: 4, state: 'rejected', lastError: 'at least one certificate must be active' } })],
    });
    const { user } = renderApp();
    const section = await openSso(user);
    const notice = within(section).getByTestId('pending-sso-change');
    expect(notice).toHaveTextContent('Rejected by the backend');
    expect(notice).toHaveTextContent('Reason: At least one certificate must be active.');
  });

  it('removes the connection only after confirming in a dialog', async () => {
    const backend = installFakeBackend();
    const { user } = renderApp();
    const section = await openSso(user);
    await user.click(within(section).getByTestId('remove-connection'));
    const dialog = await screen.findByRole('dialog', { name: 'Remove the SSO connection of Acme Corp?' });
    await user.click(within(dialog).getByRole('button', { name: 'Keep the connection' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(backend.callsTo('remove_sso_connection')).toHaveLength(0);

    await user.click(within(section).getByTestId('remove-connection'));
    await user.click(await screen.findByTestId('confirm-remove-connection'));
    await waitFor(() => expect(backend.callsTo('remove_sso_connection')).toEqual([{ parentId: PARENT_ID }]));
    await waitFor(() => expect(within(section).queryByTestId('sso-connection')).not.toBeInTheDocument());
    expect(within(section).queryByTestId('rotation-checklist')).not.toBeInTheDocument();
  });

  it('refreshes from the metadata URL and shows a failed fetch', async () => {
    const backend = installFakeBackend();
    const { user } = renderApp();
    const section = await openSso(user);
    delete backend.state.idpMetadata[OKTA_METADATA_URL];
    await user.click(within(section).getByTestId('refresh-published'));
    await waitFor(() => expect(backend.callsTo('refresh_published_metadata')).toEqual([{ parentId: PARENT_ID }]));
    expect(await within(section).findByTestId('published-error')).toHaveTextContent('Could not connect to acme.okta.com: connection refused.');
    expect(within(section).getByTestId('published-state')).toHaveTextContent(/fetched just now; the last fetch failed/);
  });
});

describe('certificate rotation', () => {
  it('warns about a published certificate the backend lacks and walks stage, activate and retire', async () => {
    const backend = installFakeBackend();
    const { user } = renderApp();
    const section = await openSso(user);
    const checklist = within(section).getByTestId('rotation-checklist');
    expect(within(checklist).getByTestId('published-new-warning')).toHaveTextContent('Your IdP publishes a new certificate the backend does not have yet');
    expect(within(checklist).getByTestId('published-new-certificate')).toHaveAttribute('data-sha256', OKTA_NEXT.sha256);
    const states = () =>
      Object.fromEntries(
        ['create', 'publish', 'stage', 'test', 'activate', 'retire'].map((id) => [id, within(checklist).getByTestId(`rotation-step-${id}`).getAttribute('data-state')]),
      );
    expect(states()).toEqual({ create: 'done', publish: 'done', stage: 'current', test: 'unavailable', activate: 'pending', retire: 'pending' });
    expect(within(checklist).getByTestId('rotation-step-stage')).toHaveTextContent('Current');
    expect(within(checklist).getByTestId('rotation-step-test')).toHaveTextContent('Not available');
    expect(within(checklist).getByTestId('test-sign-in-unavailable')).toHaveTextContent('Test sign-in is not available in this version yet');
    // Okta's words for where the certificate is made.
    expect(within(checklist).getByTestId('rotation-step-create')).toHaveTextContent('SAML Signing Certificates, select Generate new certificate');

    const expected = { parentId: PARENT_ID, idp: 'okta', metadataUrl: OKTA_METADATA_URL, entityId: OKTA_ENTITY_ID };
    await user.click(within(checklist).getByTestId('stage-certificate'));
    await waitFor(() => expect(backend.callsTo('save_sso_connection')).toHaveLength(1));
    expect(backend.callsTo('save_sso_connection')[0]).toEqual({
      input: { ...expected, certificates: [{ pem: OKTA_CURRENT.pem, role: 'active' }, { pem: OKTA_NEXT.pem, role: 'staged' }] },
    });
    await waitFor(() => expect(checklist).toHaveAttribute('data-phase', 'activate'));
    expect(within(checklist).queryByTestId('published-new-warning')).not.toBeInTheDocument();
    expect(states()).toEqual({ create: 'done', publish: 'done', stage: 'done', test: 'unavailable', activate: 'current', retire: 'pending' });
    expect(within(section).getByTestId('connection-cert-1')).toHaveAttribute('data-role', 'staged');

    await user.click(within(checklist).getByTestId('activate-certificate'));
    await waitFor(() => expect(backend.callsTo('save_sso_connection')).toHaveLength(2));
    expect(backend.callsTo('save_sso_connection')[1]).toEqual({
      input: { ...expected, certificates: [{ pem: OKTA_CURRENT.pem, role: 'active' }, { pem: OKTA_NEXT.pem, role: 'active' }] },
    });
    await waitFor(() => expect(checklist).toHaveAttribute('data-phase', 'retire'));
    expect(within(checklist).getByTestId('retire-summary')).toHaveTextContent('removes the old certificate');

    await user.click(within(checklist).getByTestId('retire-certificate'));
    await waitFor(() => expect(backend.callsTo('save_sso_connection')).toHaveLength(3));
    expect(backend.callsTo('save_sso_connection')[2]).toEqual({ input: { ...expected, certificates: [{ pem: OKTA_NEXT.pem, role: 'active' }] } });
    await waitFor(() => expect(checklist).toHaveAttribute('data-phase', 'create'));
    const remaining = within(section).getAllByTestId(/^connection-cert-/);
    expect(remaining.map((element) => element.getAttribute('data-sha256'))).toEqual([OKTA_NEXT.sha256]);
  });

  it('stages a pasted certificate when the IdP does not publish the new one', async () => {
    const backend = installFakeBackend({ sso: ssoWithoutPublishedRotation() });
    backend.state.idpMetadata[OKTA_METADATA_URL] = OKTA_METADATA_BEFORE_ROTATION_XML();
    const { user } = renderApp();
    const section = await openSso(user);
    const checklist = within(section).getByTestId('rotation-checklist');
    expect(within(checklist).queryByTestId('published-new-warning')).not.toBeInTheDocument();
    expect(within(checklist).getByTestId('rotation-step-create')).toHaveAttribute('data-state', 'current');
    expect(within(checklist).queryByTestId('stage-certificate')).not.toBeInTheDocument();

    const pem = within(checklist).getByTestId('new-certificate-pem');
    await user.click(pem);
    await user.paste('not a certificate');
    await user.click(within(checklist).getByTestId('stage-certificate'));
    expectFieldError(pem, /Paste one certificate in PEM form/);
    expect(backend.callsTo('save_sso_connection')).toHaveLength(0);

    await user.clear(pem);
    await user.paste(OKTA_PASTED.pem);
    await user.click(within(checklist).getByTestId('stage-certificate'));
    await waitFor(() => expect(backend.callsTo('save_sso_connection')).toHaveLength(1));
    expect(backend.callsTo('save_sso_connection')[0]!.input).toMatchObject({
      certificates: [{ pem: OKTA_CURRENT.pem, role: 'active' }, { pem: OKTA_PASTED.pem.trim(), role: 'staged' }],
    });
    await waitFor(() => expect(checklist).toHaveAttribute('data-phase', 'activate'));
  });

  it('rotates a connection imported from a file by pasting, sending no metadata for the desk to keep its own', async () => {
    const backend = installFakeBackend({ sso: [unconnectedSso({ connection: oktaConnection({ metadataUrl: null }) })] });
    const { user } = renderApp();
    const section = await openSso(user);
    expect(within(section).getByTestId('sso-connection')).toHaveTextContent('Imported from a file or pasted');
    expect(within(section).queryByTestId('refresh-published')).not.toBeInTheDocument();
    await user.click(within(section).getByTestId('new-certificate-pem'));
    await user.paste(OKTA_PASTED.pem);
    await user.click(within(section).getByTestId('stage-certificate'));
    await waitFor(() => expect(backend.callsTo('save_sso_connection')).toHaveLength(1));
    const { input } = backend.callsTo('save_sso_connection')[0] as { input: Record<string, unknown> };
    expect(input).toEqual({
      parentId: PARENT_ID,
      idp: 'okta',
      metadataUrl: null,
      entityId: OKTA_ENTITY_ID,
      certificates: [{ pem: OKTA_CURRENT.pem, role: 'active' }, { pem: OKTA_PASTED.pem.trim(), role: 'staged' }],
    });
    expect('metadataXml' in input).toBe(false);
    await waitFor(() => expect(within(section).getByTestId('rotation-checklist')).toHaveAttribute('data-phase', 'activate'));
  });

  it('shows the backend’s refusal of a pasted certificate under the field', async () => {
    installFakeBackend({
      sso: ssoWithoutPublishedRotation(),
      handlers: {
        save_sso_connection: () => {
          throw commandError('invalid_input', 'certificate 2 is not a valid PEM certificate', 'certificates[1].pem');
        },
      },
    });
    const { user } = renderApp();
    const section = await openSso(user);
    const pem = within(section).getByTestId('new-certificate-pem');
    await user.click(pem);
    await user.paste('-----BEGIN CERTIFICATE-----\nMIIBroken\n-----END CERTIFICATE-----');
    await user.click(within(section).getByTestId('stage-certificate'));
    await waitFor(() => expectFieldError(pem, /Certificate 2 is not a valid PEM certificate\./));
  });

  it('re-reads the checklist when the IdP starts publishing a new certificate', async () => {
    const backend = installFakeBackend({ sso: ssoWithoutPublishedRotation() });
    const { user } = renderApp();
    const section = await openSso(user);
    expect(within(section).queryByTestId('published-new-warning')).not.toBeInTheDocument();
    backend.state.sso[0]!.published!.certificates = [OKTA_CURRENT, OKTA_NEXT];
    await act(() => backend.emitCacheChanged());
    expect(await within(section).findByTestId('published-new-warning')).toBeInTheDocument();
  });
});

describe('roles that cannot manage SSO', () => {
  it('show the connection, guide and checklist read-only, with a note', async () => {
    const readOnly = demoReadOnly();
    const backend = installFakeBackend({ sso: readOnly });
    const { user } = renderApp();
    const section = await openSso(user);
    expect(within(section).getByTestId('sso-view-only')).toHaveTextContent('Your role can see this SSO connection but not change it.');
    expect(within(section).queryByTestId('metadata-url-input')).not.toBeInTheDocument();
    expect(within(section).getByTestId('remove-connection')).toBeDisabled();
    expect(within(section).getByTestId('stage-certificate')).toBeDisabled();
    expect(within(section).getByTestId('rotation-view-only')).toBeInTheDocument();
    // The guide and the values to copy are still there to read.
    expect(within(section).getByTestId('idp-guide')).toHaveAttribute('data-idp', 'okta');
    expect(within(section).getByTestId('copy-sp-acs-url')).toBeEnabled();
    expect(backend.callsTo('save_sso_connection')).toHaveLength(0);
  });

  it('are listed per parent beside parents the admin manages', async () => {
    installFakeBackend({ sso: [...demoReadOnly().map((parent) => ({ ...parent, canManage: true })), globexSso()] });
    const { user } = renderApp();
    await openSso(user);
    const globex = await screen.findByRole('region', { name: 'Globex' });
    expect(within(globex).getByTestId('connection-status')).toHaveTextContent('Active');
    expect(within(globex).getByTestId('sso-view-only')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Acme Corp' })).queryByTestId('sso-view-only')).not.toBeInTheDocument();
  });
});

function demoReadOnly(): SsoOfParent[] {
  return [{ ...unconnectedSso({ canManage: false }), connection: oktaConnection(), published: { url: OKTA_METADATA_URL, fetchedAt: new Date().toISOString(), error: null, certificates: [OKTA_CURRENT, OKTA_NEXT], nextFetchAt: null } }];
}
