// The certificate watch commands' types. They mirror the Rust side (`crates/core/src/certificates.rs`
// views), camelCase; change both together.

export type CertificateFlag = 'expired' | 'not_yet_valid' | 'sha1_signature' | 'weak_key' | 'self_signed';

/** How urgent a certificate is under its connection's expiry policy. */
export type Severity = 'ok' | 'warning' | 'critical' | 'expired';

/** A threshold of an expiry policy: days left, or percent of the certificate's lifetime left. */
export interface Threshold {
  unit: 'days' | 'percent';
  value: number;
}

export interface ExpiryPolicyView {
  parentId: string;
  /** Defaults: 60, 30, 14, 7, 3 and 1 days. */
  thresholds: Threshold[];
  /** At or under this many days left a certificate is critical rather than a warning. Default 7. */
  criticalDays: number;
}

/**
 * Every certificate the app knows for a connection: configured on the backend, published at the
 * IdP's metadata URL, or both (matched by SHA-256).
 */
export interface KnownCertificate {
  parentId: string;
  parentName: string;
  sha256: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  daysLeft: number;
  /** 0–100: how much of the validity period is left. */
  lifetimeLeftPercent: number;
  flags: CertificateFlag[];
  /** The role on the backend, `null` when the backend does not have it. */
  role: 'active' | 'staged' | null;
  configured: boolean;
  /** `null` when the connection has no metadata URL or it was never fetched. */
  published: boolean | null;
  /**
   * Whether the last test sign-in's assertion was signed with it; `null` until test sign-in
   * exists for the connection.
   */
  usedByLastAssertion: boolean | null;
  severity: Severity;
  /** Thresholds already notified for this certificate (persisted across restarts), e.g. "30 days". */
  notifiedThresholds: string[];
  snoozedUntil: string | null;
}

export type FindingCode =
  | 'new_certificate_published'
  | 'active_not_published'
  | 'expiring'
  | 'expired'
  | 'metadata_fetch_failed'
  | 'weak_certificate';

/** Something the admin should act on; `code` may grow, unknown codes still show. */
export interface Finding {
  parentId: string;
  sha256: string | null;
  level: 'info' | 'warning' | 'critical';
  code: FindingCode | (string & {});
  message: string;
}

export interface CertificateInventory {
  certificates: KnownCertificate[];
  findings: Finding[];
  policies: ExpiryPolicyView[];
  /** When the background watch last ran, `null` before its first run. */
  lastCheckedAt: string | null;
}

export interface SetExpiryPolicyInput {
  parentId: string;
  thresholds: Threshold[];
  criticalDays: number;
}

export interface SnoozeCertificateInput {
  sha256: string;
  /** Snooze for this many days; 0 ends a snooze. */
  days: number;
}

/** Emitted when a desktop notification about a certificate was clicked: show that certificate. */
export interface OpenCertificateEvent {
  sha256: string;
}
