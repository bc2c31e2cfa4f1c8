// The fake backend's SSO commands: a stand-in for `crates/saml` (metadata read with the browser's
// DOMParser instead of roxmltree, certificates looked up in a table instead of parsed) and for the
// desk's connection store. Certificates are made here with realistic subjects, fingerprints and
// validity, and the IdP "world" is a table of metadata URL → XML that tests change at will.

import type {
  CertificateFlag,
  CertificateInput,
  CertificateSummary,
  ConfiguredCertificate,
  MetadataPreview,
  PreviewMetadataInput,
  SaveSsoConnectionInput,
  SsoConnectionView,
  SsoOfParent,
} from '@/features/sso/types';
import type { CommandError } from '@/lib/ipc-types';

import { PARENT_ID, sandboxConnection } from './demo-data';

const DAY_MS = 24 * 60 * 60 * 1000;
const SAML_MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
export const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
export const POST_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
export const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const UNSPECIFIED_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';

function invalid(field: string, message: string): CommandError {
  return { code: 'invalid_input', message, field };
}

export function daysFromNow(days: number, now = Date.now()): string {
  return new Date(now + days * DAY_MS).toISOString();
}

/** `bytes` bytes from a seed (FNV-1a over the whole seed, then stretched): a stable stand-in for a fingerprint. */
function fingerprint(seed: string, bytes: number): string {
  let hash = 0x811c9dc5;
  for (const character of seed) hash = Math.imul(hash ^ character.charCodeAt(0), 0x01000193) >>> 0;
  const out: string[] = [];
  for (let index = 0; out.length < bytes; index += 1) {
    hash = Math.imul(hash ^ (index + 0x9e), 0x01000193) >>> 0;
    hash = (hash ^ (hash >>> 15)) >>> 0;
    out.push((hash & 0xff).toString(16).padStart(2, '0').toUpperCase());
  }
  return out.join(':');
}

/** Every certificate made by the fake, by the base64 body of its PEM: how metadata and pasted PEMs are "parsed". */
const certificatesByBody = new Map<string, Omit<CertificateSummary, 'daysLeft'>>();

function base64Body(seed: string): string {
  // Looks like DER in base64 (it starts like every X.509 certificate) and is unique per seed.
  const payload = btoa(`ssodesk-fake-certificate:${seed}:`.repeat(6));
  return `MIIDqDCCApCgAwIBAgIG${payload}`.slice(0, 360);
}

function pemOf(body: string): string {
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function bodyOfPem(pem: string): string | null {
  const match = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem);
  return match ? match[1]!.replace(/\s+/g, '') : null;
}

function withDaysLeft(certificate: Omit<CertificateSummary, 'daysLeft'>, now = Date.now()): CertificateSummary {
  return { ...certificate, daysLeft: Math.round((new Date(certificate.notAfter).getTime() - now) / DAY_MS) };
}

export interface FakeCertificateSpec {
  seed: string;
  subject: string;
  issuer?: string;
  /** Days from now; negative is in the past. */
  notBeforeDays: number;
  notAfterDays: number;
  flags?: CertificateFlag[];
  keyBits?: number;
  signatureAlgorithm?: string;
}

/** A certificate the fake knows, with a PEM that metadata and paste can carry. */
export function fakeCertificate(spec: FakeCertificateSpec): CertificateSummary {
  const body = base64Body(spec.seed);
  const flags = [...(spec.flags ?? [])];
  if (spec.notAfterDays < 0 && !flags.includes('expired')) flags.push('expired');
  if ((spec.issuer ?? spec.subject) === spec.subject && !flags.includes('self_signed')) flags.push('self_signed');
  const certificate = {
    subject: spec.subject,
    issuer: spec.issuer ?? spec.subject,
    serial: fingerprint(`${spec.seed}/serial`, 8).replace(/:/g, '').toLowerCase(),
    sha256: fingerprint(spec.seed, 32),
    sha1: fingerprint(`${spec.seed}/sha1`, 20),
    notBefore: daysFromNow(spec.notBeforeDays),
    notAfter: daysFromNow(spec.notAfterDays),
    keyType: 'rsa',
    keyBits: spec.keyBits ?? 2048,
    signatureAlgorithm: spec.signatureAlgorithm ?? 'sha256WithRSAEncryption',
    flags,
    pem: pemOf(body),
  };
  certificatesByBody.set(body, certificate);
  return withDaysLeft(certificate);
}

/** The certificate a PEM carries, as of now; null when the fake never made it. */
export function certificateOfPem(pem: string): CertificateSummary | null {
  const body = bodyOfPem(pem);
  const known = body ? certificatesByBody.get(body) : undefined;
  return known ? withDaysLeft(known) : null;
}

function certificateOfBody(body: string): CertificateSummary | null {
  const known = certificatesByBody.get(body.replace(/\s+/g, ''));
  return known ? withDaysLeft(known) : null;
}

// --- Demo certificates and IdPs ---------------------------------------------------------------

const OKTA_SUBJECT = (org: string) => `EMAILADDRESS=info@okta.com, CN=${org}, OU=SSOProvider, O=Okta, L=San Francisco, ST=California, C=US`;

/** Acme's Okta signing certificate: ten years old, 20 days left. */
export const OKTA_CURRENT = fakeCertificate({ seed: 'okta-acme-2016', subject: OKTA_SUBJECT('acme'), notBeforeDays: -3630, notAfterDays: 20 });
/** The one Okta generated for the rotation and publishes beside it. */
export const OKTA_NEXT = fakeCertificate({ seed: 'okta-acme-2026', subject: OKTA_SUBJECT('acme'), notBeforeDays: -2, notAfterDays: 3648 });
/** A certificate the admin pastes (as if downloaded from Okta's Actions → Download certificate). */
export const OKTA_PASTED = fakeCertificate({ seed: 'okta-acme-pasted', subject: OKTA_SUBJECT('acme-rotation'), notBeforeDays: -1, notAfterDays: 3649 });
export const ENTRA_CURRENT = fakeCertificate({
  seed: 'entra-globex',
  subject: 'CN=Microsoft Azure Federated SSO Certificate',
  notBeforeDays: -1000,
  notAfterDays: 95,
});
export const GOOGLE_CURRENT = fakeCertificate({
  seed: 'google-acme',
  subject: 'ST=California, C=US, OU=Google For Work, CN=Google, L=Mountain View, O=Google Inc.',
  notBeforeDays: -400,
  notAfterDays: 1425,
});
export const SHIBBOLETH_A = fakeCertificate({ seed: 'shib-a', subject: 'CN=idp.acme.example', notBeforeDays: -300, notAfterDays: 400, signatureAlgorithm: 'sha1WithRSAEncryption', flags: ['sha1_signature'] });
export const SHIBBOLETH_B = fakeCertificate({ seed: 'shib-b', subject: 'CN=idp.research.acme.example', notBeforeDays: -100, notAfterDays: 600 });

export const OKTA_ENTITY_ID = 'http://www.okta.com/exk1fcia6d6EMsf331d8';
export const OKTA_SSO_URL = 'https://acme.okta.com/app/acme_ssodesk_1/exk1fcia6d6EMsf331d8/sso/saml';
export const OKTA_METADATA_URL = 'https://acme.okta.com/app/exk1fcia6d6EMsf331d8/sso/saml/metadata';
const ENTRA_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const ENTRA_ENTITY_ID = `https://sts.windows.net/${ENTRA_TENANT}/`;
export const ENTRA_METADATA_URL = `https://login.microsoftonline.com/${ENTRA_TENANT}/federationmetadata/2007-06/federationmetadata.xml?appid=3f2b1c9e-4d5a-4e8b-9c7d-1a2b3c4d5e6f`;
export const SHIBBOLETH_A_ID = 'https://idp.acme.example/idp/shibboleth';
export const SHIBBOLETH_B_ID = 'https://idp.research.acme.example/idp/shibboleth';

interface IdpEntitySpec {
  entityId: string;
  ssoUrl: string;
  bindings?: string[];
  certificates: CertificateSummary[];
  nameIdFormats?: string[];
}

function entityXml(entity: IdpEntitySpec, rootAttributes = '', signature = ''): string {
  const keys = entity.certificates
    .map(
      (certificate) => `    <md:KeyDescriptor use="signing">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>${bodyOfPem(certificate.pem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>`,
    )
    .join('\n');
  const formats = (entity.nameIdFormats ?? [EMAIL_FORMAT, UNSPECIFIED_FORMAT]).map((format) => `    <md:NameIDFormat>${format}</md:NameIDFormat>`).join('\n');
  const services = (entity.bindings ?? [POST_BINDING, REDIRECT_BINDING])
    .map((binding) => `    <md:SingleSignOnService Binding="${binding}" Location="${entity.ssoUrl}"/>`)
    .join('\n');
  return `  <md:EntityDescriptor ${rootAttributes}entityID="${entity.entityId}">
${signature}  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
${keys}
${formats}
${services}
  </md:IDPSSODescriptor>
  </md:EntityDescriptor>`;
}

/** IdP metadata as the IdPs publish it: one EntityDescriptor, or an EntitiesDescriptor with several. */
export function idpMetadataXml(entities: IdpEntitySpec[], options: { signed?: boolean; extraSp?: boolean } = {}): string {
  const signature = options.signed ? '  <ds:Signature><ds:SignedInfo/><ds:SignatureValue>c2lnbmF0dXJl</ds:SignatureValue></ds:Signature>\n' : '';
  const ns = `xmlns:md="${SAML_MD}" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"`;
  if (entities.length === 1 && !options.extraSp) {
    return `<?xml version="1.0" encoding="UTF-8"?>\n${entityXml(entities[0]!, `${ns} `, signature).trimStart()}`;
  }
  const sp = options.extraSp
    ? `  <md:EntityDescriptor entityID="https://wiki.acme.example/shibboleth">
  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:AssertionConsumerService Binding="${POST_BINDING}" Location="https://wiki.acme.example/Shibboleth.sso/SAML2/POST" index="1"/>
  </md:SPSSODescriptor>
  </md:EntityDescriptor>\n`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<md:EntitiesDescriptor ${ns} Name="urn:acme:federation">\n${signature}${entities.map((entity) => entityXml(entity)).join('\n')}\n${sp}</md:EntitiesDescriptor>`;
}

export const OKTA_METADATA_XML = () =>
  idpMetadataXml([{ entityId: OKTA_ENTITY_ID, ssoUrl: OKTA_SSO_URL, certificates: [OKTA_CURRENT, OKTA_NEXT] }]);
export const OKTA_METADATA_BEFORE_ROTATION_XML = () =>
  idpMetadataXml([{ entityId: OKTA_ENTITY_ID, ssoUrl: OKTA_SSO_URL, certificates: [OKTA_CURRENT] }]);
export const ENTRA_METADATA_XML = () =>
  idpMetadataXml(
    [{ entityId: ENTRA_ENTITY_ID, ssoUrl: `https://login.microsoftonline.com/${ENTRA_TENANT}/saml2`, certificates: [ENTRA_CURRENT] }],
    { signed: true },
  );
export const GOOGLE_METADATA_XML = () =>
  idpMetadataXml([
    {
      entityId: 'https://accounts.google.com/o/saml2?idpid=C03ab1c2d',
      ssoUrl: 'https://accounts.google.com/o/saml2/idp?idpid=C03ab1c2d',
      certificates: [GOOGLE_CURRENT],
      nameIdFormats: [EMAIL_FORMAT],
    },
  ]);
/** A federation's metadata: two identity providers and a service provider in one document. */
export const FEDERATION_METADATA_XML = () =>
  idpMetadataXml(
    [
      { entityId: SHIBBOLETH_A_ID, ssoUrl: 'https://idp.acme.example/idp/profile/SAML2/Redirect/SSO', certificates: [SHIBBOLETH_A] },
      { entityId: SHIBBOLETH_B_ID, ssoUrl: 'https://idp.research.acme.example/idp/profile/SAML2/Redirect/SSO', certificates: [SHIBBOLETH_B] },
    ],
    { extraSp: true },
  );

/** What each metadata URL serves, as the IdPs would; tests change it to rotate. */
export function demoIdpMetadata(): Record<string, string> {
  return {
    [OKTA_METADATA_URL]: OKTA_METADATA_XML(),
    [ENTRA_METADATA_URL]: ENTRA_METADATA_XML(),
    'https://idp.acme.example/idp/shibboleth': FEDERATION_METADATA_XML(),
  };
}

export function serviceProvider(parentId: string) {
  const base = sandboxConnection.baseUrl;
  return {
    entityId: `${base}/saml/${parentId}`,
    acsUrl: `${base}/saml/${parentId}/acs`,
    metadataUrl: `${base}/saml/${parentId}/metadata`,
    nameIdFormat: EMAIL_FORMAT,
  };
}

function configured(certificate: CertificateSummary, role: ConfiguredCertificate['role']): ConfiguredCertificate {
  return { ...certificate, role };
}

/** Acme's Okta connection: one active certificate with 20 days left; Okta already publishes the next one. */
export function oktaConnection(overrides: Partial<SsoConnectionView> = {}): SsoConnectionView {
  return {
    parentId: PARENT_ID,
    idp: 'okta',
    metadataUrl: OKTA_METADATA_URL,
    entityId: OKTA_ENTITY_ID,
    ssoUrl: OKTA_SSO_URL,
    ssoBinding: REDIRECT_BINDING,
    nameIdFormats: [EMAIL_FORMAT, UNSPECIFIED_FORMAT],
    certificates: [configured(OKTA_CURRENT, 'active')],
    status: 'draft',
    version: 3,
    updatedAt: daysFromNow(-40),
    ...overrides,
  };
}

export function demoSso(): SsoOfParent[] {
  return [
    {
      parentId: PARENT_ID,
      parentName: 'Acme Corp',
      canManage: true,
      serviceProvider: serviceProvider(PARENT_ID),
      connection: oktaConnection(),
      published: {
        url: OKTA_METADATA_URL,
        fetchedAt: daysFromNow(-0.1),
        error: null,
        certificates: [OKTA_CURRENT, OKTA_NEXT],
        nextFetchAt: daysFromNow(0.15),
      },
      pendingChange: null,
    },
  ];
}

/** Acme without a connection yet (the first setup). */
export function unconnectedSso(overrides: Partial<SsoOfParent> = {}): SsoOfParent {
  return {
    parentId: PARENT_ID,
    parentName: 'Acme Corp',
    canManage: true,
    serviceProvider: serviceProvider(PARENT_ID),
    connection: null,
    published: null,
    pendingChange: null,
    ...overrides,
  };
}

/** An MSP's other parent: Globex on Entra ID, which this admin may only look at. */
export function globexSso(): SsoOfParent {
  return {
    parentId: 'par_globex',
    parentName: 'Globex',
    canManage: false,
    serviceProvider: serviceProvider('par_globex'),
    connection: {
      parentId: 'par_globex',
      idp: 'entra',
      metadataUrl: ENTRA_METADATA_URL,
      entityId: ENTRA_ENTITY_ID,
      ssoUrl: `https://login.microsoftonline.com/${ENTRA_TENANT}/saml2`,
      ssoBinding: REDIRECT_BINDING,
      nameIdFormats: [EMAIL_FORMAT],
      certificates: [configured(ENTRA_CURRENT, 'active')],
      status: 'active',
      version: 7,
      updatedAt: daysFromNow(-200),
    },
    published: { url: ENTRA_METADATA_URL, fetchedAt: daysFromNow(-0.2), error: null, certificates: [ENTRA_CURRENT], nextFetchAt: daysFromNow(0.05) },
    pendingChange: null,
  };
}

// --- Reading metadata (the stand-in for crates/saml) -----------------------------------------

function childrenNamed(parent: Element, localName: string): Element[] {
  return Array.from(parent.getElementsByTagNameNS('*', localName));
}

/** Reads a metadata document like `preview_metadata` does, with precise refusals. */
export function readMetadata(xml: string, entityId: string | undefined, metadataUrl: string | null, xmlField = 'xml'): MetadataPreview {
  if (xml.trim() === '') throw invalid(xmlField, 'the metadata is empty');
  if (/<!DOCTYPE/i.test(xml)) throw invalid(xmlField, 'the metadata has a DTD (<!DOCTYPE>), which is refused for safety');
  const document = new DOMParser().parseFromString(xml, 'application/xml');
  if (document.getElementsByTagName('parsererror').length > 0) {
    throw invalid(xmlField, 'the metadata is not well-formed XML (line 1): check that the whole document was copied');
  }
  const descriptors = childrenNamed(document.documentElement, 'EntityDescriptor');
  if (document.documentElement.localName === 'EntityDescriptor') descriptors.unshift(document.documentElement);
  if (descriptors.length === 0) {
    throw invalid(xmlField, `expected an EntityDescriptor or EntitiesDescriptor, found <${document.documentElement.localName}> (line 1)`);
  }
  const entities = descriptors.map((descriptor) => ({
    entityId: descriptor.getAttribute('entityID') ?? '',
    isIdentityProvider: childrenNamed(descriptor, 'IDPSSODescriptor').length > 0,
  }));
  const identityProviders = entities.filter((entity) => entity.isIdentityProvider);
  if (identityProviders.length === 0) throw invalid(xmlField, 'the metadata describes no identity provider (no IDPSSODescriptor)');
  const signed = Array.from(document.documentElement.children).some((child) => child.localName === 'Signature');
  const validUntil = document.documentElement.getAttribute('validUntil');

  let chosen: string | null = null;
  if (entityId !== undefined) {
    if (!identityProviders.some((entity) => entity.entityId === entityId)) {
      throw invalid('entityId', `the metadata has no identity provider with the entity ID ${entityId}`);
    }
    chosen = entityId;
  } else if (identityProviders.length === 1) {
    chosen = identityProviders[0]!.entityId;
  }
  const base = { metadataUrl, metadataXml: xml, entities, signed, validUntil };
  if (chosen === null) {
    return { ...base, entityId: null, ssoUrl: null, ssoBinding: null, nameIdFormats: [], signingCertificates: [], warnings: [] };
  }

  const descriptor = descriptors.find((candidate) => candidate.getAttribute('entityID') === chosen)!;
  const idp = childrenNamed(descriptor, 'IDPSSODescriptor')[0]!;
  const services = childrenNamed(idp, 'SingleSignOnService').map((service) => ({
    binding: service.getAttribute('Binding') ?? '',
    location: service.getAttribute('Location') ?? '',
  }));
  const service = services.find((candidate) => candidate.binding === REDIRECT_BINDING) ?? services.find((candidate) => candidate.binding === POST_BINDING) ?? null;
  const signingCertificates = childrenNamed(idp, 'KeyDescriptor')
    .filter((key) => (key.getAttribute('use') ?? 'signing') === 'signing')
    .flatMap((key) => childrenNamed(key, 'X509Certificate'))
    .map((element) => certificateOfBody(element.textContent ?? ''))
    .filter((certificate): certificate is CertificateSummary => certificate !== null);

  const warnings: string[] = [];
  if (!services.some((candidate) => candidate.binding === REDIRECT_BINDING)) {
    warnings.push('the identity provider has no HTTP-Redirect sign-in endpoint; HTTP-POST is used');
  }
  for (const certificate of signingCertificates) {
    if (certificate.daysLeft < 0) warnings.push(`the signing certificate ${certificate.subject} expired ${-certificate.daysLeft} days ago`);
    else if (certificate.daysLeft <= 30) warnings.push(`the signing certificate ${certificate.subject} expires in ${certificate.daysLeft} days`);
    if (certificate.flags.includes('sha1_signature')) warnings.push(`the signing certificate ${certificate.subject} is signed with SHA-1`);
  }
  return {
    ...base,
    entityId: chosen,
    ssoUrl: service?.location ?? null,
    ssoBinding: service?.binding ?? null,
    nameIdFormats: childrenNamed(idp, 'NameIDFormat').map((format) => format.textContent?.trim() ?? ''),
    signingCertificates,
    warnings,
  };
}

/** Fetches a URL from the fake IdP world, with the native fetcher's refusals. */
export function fetchMetadata(world: Record<string, string>, url: string, field = 'url'): string {
  const trimmed = url.trim();
  if (trimmed === '') throw invalid(field, 'enter the metadata URL');
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw invalid(field, `“${trimmed}” is not a URL`);
  }
  if (parsed.protocol !== 'https:') throw invalid(field, 'the metadata URL must use https://');
  const xml = world[trimmed];
  if (xml === undefined) {
    throw { code: 'unreachable', message: `could not connect to ${parsed.host}: connection refused`, field: null } satisfies CommandError;
  }
  return xml;
}

export function previewMetadata(world: Record<string, string>, input: PreviewMetadataInput): MetadataPreview {
  if (input.source.kind === 'url') {
    return readMetadata(fetchMetadata(world, input.source.url), input.entityId, input.source.url.trim());
  }
  return readMetadata(input.source.xml, input.entityId, null);
}

// --- Saving (the stand-in for the desk's store and the backend's rules) ----------------------

function certificatesFromInput(inputs: CertificateInput[]): ConfiguredCertificate[] {
  const certificates = inputs.map((input, index) => {
    const certificate = certificateOfPem(input.pem);
    if (!certificate) throw invalid(`certificates[${index}].pem`, `certificate ${index + 1} is not a valid PEM certificate`);
    return configured(certificate, input.role);
  });
  if (!certificates.some((certificate) => certificate.role === 'active')) {
    throw invalid('certificates', 'at least one certificate must be active');
  }
  return certificates.sort((a, b) => (a.role === b.role ? 0 : a.role === 'active' ? -1 : 1));
}

export function saveConnection(parent: SsoOfParent, world: Record<string, string>, input: SaveSsoConnectionInput): SsoOfParent {
  if (!parent.canManage) throw { code: 'forbidden', message: 'your role cannot change the SSO connection of this parent organization', field: null } satisfies CommandError;
  const existing = parent.connection;
  let xml = input.metadataXml ?? null;
  if (xml === null && input.metadataUrl) xml = fetchMetadata(world, input.metadataUrl, 'metadataUrl');
  // A rotation of a connection imported from a file sends neither: the desk keeps the document it
  // stored (the view does not carry it), so only the certificates change.
  if (xml === null && existing && input.certificates) {
    return storeConnection(parent, world, input, existing, {
      entityId: existing.entityId,
      ssoUrl: existing.ssoUrl,
      ssoBinding: existing.ssoBinding,
      nameIdFormats: existing.nameIdFormats,
      certificates: certificatesFromInput(input.certificates),
    });
  }
  if (xml === null) throw invalid('metadataXml', "give the IdP's metadata as metadataXml, or metadataUrl to have it fetched");
  const metadata = readMetadata(xml, input.entityId ?? undefined, input.metadataUrl ?? null, 'metadataXml');
  if (metadata.entityId === null) throw invalid('entityId', 'the metadata has several identity providers: pick one');
  if (!metadata.ssoUrl || !metadata.ssoBinding) throw invalid('metadataXml', 'the identity provider has no SingleSignOnService');

  let certificates: ConfiguredCertificate[];
  if (input.certificates) {
    certificates = certificatesFromInput(input.certificates);
  } else {
    const known = new Map(existing?.certificates.map((certificate) => [certificate.sha256, certificate.role]));
    if (metadata.signingCertificates.length === 0) throw invalid('metadataXml', 'the identity provider has no signing certificate');
    certificates = metadata.signingCertificates.map((certificate) =>
      configured(certificate, existing ? (known.get(certificate.sha256) ?? 'staged') : 'active'),
    );
    if (!certificates.some((certificate) => certificate.role === 'active')) certificates[0]!.role = 'active';
  }
  return storeConnection(parent, world, input, existing, {
    entityId: metadata.entityId,
    ssoUrl: metadata.ssoUrl,
    ssoBinding: metadata.ssoBinding,
    nameIdFormats: metadata.nameIdFormats,
    certificates,
  });
}

function storeConnection(
  parent: SsoOfParent,
  world: Record<string, string>,
  input: SaveSsoConnectionInput,
  existing: SsoConnectionView | null,
  fields: Pick<SsoConnectionView, 'entityId' | 'ssoUrl' | 'ssoBinding' | 'nameIdFormats' | 'certificates'>,
): SsoOfParent {
  const connection: SsoConnectionView = {
    parentId: parent.parentId,
    idp: input.idp,
    metadataUrl: input.metadataUrl ?? null,
    ...fields,
    status: input.status ?? existing?.status ?? 'draft',
    version: (existing?.version ?? 0) + 1,
    updatedAt: new Date().toISOString(),
  };
  parent.connection = connection;
  if (connection.metadataUrl && parent.published?.url !== connection.metadataUrl) {
    refreshPublished(parent, world);
  }
  return parent;
}

/** What `refresh_published_metadata` does: fetch the connection's metadata URL now and keep what it publishes. */
export function refreshPublished(parent: SsoOfParent, world: Record<string, string>): SsoOfParent {
  const url = parent.connection?.metadataUrl;
  if (!url) throw invalid('metadataUrl', 'the connection has no metadata URL to fetch');
  const fetchedAt = new Date().toISOString();
  const nextFetchAt = daysFromNow(0.25);
  try {
    const metadata = readMetadata(fetchMetadata(world, url), parent.connection?.entityId, url);
    parent.published = { url, fetchedAt, error: null, certificates: metadata.signingCertificates, nextFetchAt };
  } catch (error) {
    const message = (error as CommandError).message ?? 'the metadata could not be read';
    parent.published = { url, fetchedAt, error: message, certificates: parent.published?.certificates ?? [], nextFetchAt };
  }
  return parent;
}
