// The SSO connection commands' types. They mirror the Rust side (`crates/core/src/sso.rs` views),
// camelCase; change both together.

export type IdpKind = 'okta' | 'entra' | 'google' | 'onelogin' | 'jumpcloud' | 'duo' | 'saml';

export type ConnectionStatus = 'draft' | 'tested' | 'active';

/** `staged`: the new certificate of a rotation, accepted beside the active one until activated. */
export type CertificateRole = 'active' | 'staged';

export type CertificateFlag = 'expired' | 'not_yet_valid' | 'sha1_signature' | 'weak_key' | 'self_signed';

/** A parsed X.509 certificate. Times are RFC 3339. */
export interface CertificateSummary {
  subject: string;
  issuer: string;
  serial: string;
  /** Uppercase hex pairs joined by colons. */
  sha256: string;
  sha1: string;
  notBefore: string;
  notAfter: string;
  /** Whole days until `notAfter` (negative once expired), as of when the summary was made. */
  daysLeft: number;
  /** `rsa`, `ec`, `ed25519`, … */
  keyType: string;
  keyBits: number | null;
  signatureAlgorithm: string;
  flags: CertificateFlag[];
  pem: string;
}

/** A certificate the backend has for the connection, with its role. */
export interface ConfiguredCertificate extends CertificateSummary {
  role: CertificateRole;
}

/** What the admin pastes into the IdP. */
export interface ServiceProviderView {
  entityId: string;
  acsUrl: string;
  metadataUrl: string;
  nameIdFormat: string;
}

export interface SsoConnectionView {
  parentId: string;
  idp: IdpKind;
  metadataUrl: string | null;
  entityId: string;
  ssoUrl: string;
  ssoBinding: string;
  nameIdFormats: string[];
  /** Active first. */
  certificates: ConfiguredCertificate[];
  status: ConnectionStatus;
  version: number;
  updatedAt: string;
}

/** What the IdP's metadata URL published when the app last fetched it. */
export interface PublishedMetadataView {
  url: string;
  /** `null` until the first fetch. */
  fetchedAt: string | null;
  /** Why the last fetch failed; `null` when it worked. */
  error: string | null;
  /** The signing certificates of the last successful fetch. */
  certificates: CertificateSummary[];
  nextFetchAt: string | null;
}

/** A change to the connection that is queued for the backend (the outbox). */
export interface PendingSsoChange {
  changeId: number;
  state: 'pending' | 'conflict' | 'rejected';
  lastError: string | null;
}

export interface SsoOfParent {
  parentId: string;
  parentName: string;
  canManage: boolean;
  /** `null` until the first sync with the backend. */
  serviceProvider: ServiceProviderView | null;
  connection: SsoConnectionView | null;
  published: PublishedMetadataView | null;
  pendingChange: PendingSsoChange | null;
}

/**
 * Where metadata to preview comes from. The app fetches URLs natively (reqwest, not the webview);
 * a file the admin picks is read in the UI and sent as `xml`.
 */
export type MetadataSource = { kind: 'url'; url: string } | { kind: 'xml'; xml: string };

export interface MetadataEntity {
  entityId: string;
  isIdentityProvider: boolean;
}

/** What a metadata document holds, before anything is saved. */
export interface MetadataPreview {
  /** Set when the source was a URL: saved as the connection's `metadataUrl`. */
  metadataUrl: string | null;
  /** The document itself, to save. */
  metadataXml: string;
  entities: MetadataEntity[];
  /** The identity provider used: the only one, or the one asked for; `null` when several need a pick. */
  entityId: string | null;
  ssoUrl: string | null;
  ssoBinding: string | null;
  nameIdFormats: string[];
  signingCertificates: CertificateSummary[];
  /** Whether the document carries a signature (not verified). */
  signed: boolean;
  validUntil: string | null;
  /** Things worth knowing before saving (weak or expiring certificates, no Redirect binding, …). */
  warnings: string[];
}

export interface PreviewMetadataInput {
  source: MetadataSource;
  /** Which identity provider, when the document has several. */
  entityId?: string;
}

export interface CertificateInput {
  pem: string;
  role: CertificateRole;
}

/** Saved through the outbox: `save_sso_connection` returns once the change is queued and a push was tried. */
export interface SaveSsoConnectionInput {
  parentId: string;
  idp: IdpKind;
  metadataUrl?: string | null;
  metadataXml?: string | null;
  entityId?: string | null;
  /** Absent: the metadata's signing certificates (new ones staged on an existing connection). */
  certificates?: CertificateInput[] | null;
  status?: ConnectionStatus | null;
}
