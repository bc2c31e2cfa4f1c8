// The certificate rotation checklist (the vendor guide's "Updating your SSO certificate"), worked
// out from what the backend has (the connection's certificates and their roles) and what the IdP
// publishes at its metadata URL. Nothing here is stored: the checklist is recomputed from the
// cache, so it is right after a restart, a sync, or a change made on another machine.

import type {
  CertificateInput,
  CertificateSummary,
  ConfiguredCertificate,
  PublishedMetadataView,
  SsoConnectionView,
} from '../types';

export type RotationStepId = 'create' | 'publish' | 'stage' | 'test' | 'activate' | 'retire';

/** `unavailable`: a step this version cannot do (test sign-in); it is never shown as done. */
export type RotationStepState = 'done' | 'current' | 'pending' | 'unavailable';

/** Where a rotation stands; each phase is the step the admin has to do next. */
export type RotationPhase = 'create' | 'stage' | 'activate' | 'retire';

export interface RotationProgress {
  phase: RotationPhase;
  steps: Record<RotationStepId, RotationStepState>;
  /** Certificates the IdP publishes that the backend does not have, by SHA-256. */
  publishedNew: CertificateSummary[];
  /** The configured certificate the rotation moves to (staged, or the newest of several active ones). */
  incoming: ConfiguredCertificate | null;
  /** The active certificates the rotation moves away from. */
  outgoing: ConfiguredCertificate[];
}

export const ROTATION_STEP_ORDER: readonly RotationStepId[] = ['create', 'publish', 'stage', 'test', 'activate', 'retire'];

const PHASE_INDEX: Record<RotationPhase, number> = { create: 0, stage: 2, activate: 4, retire: 5 };

/** The newest first: the later `notBefore`, then the later `notAfter`. */
function byNewest(a: CertificateSummary, b: CertificateSummary): number {
  const time = (value: string) => new Date(value).getTime();
  return time(b.notBefore) - time(a.notBefore) || time(b.notAfter) - time(a.notAfter);
}

/**
 * The certificates the IdP publishes that the backend does not have, and that outlive every
 * certificate it has. An IdP often keeps publishing the certificate it rotated away from for a
 * while; that one is not new, and offering to stage it again would undo the rotation.
 */
export function publishedNewCertificates(
  connection: SsoConnectionView,
  published: PublishedMetadataView | null,
): CertificateSummary[] {
  const configured = new Set(connection.certificates.map((certificate) => certificate.sha256));
  const expiry = (certificate: CertificateSummary) => new Date(certificate.notAfter).getTime();
  const latestExpiry = Math.max(0, ...connection.certificates.map(expiry));
  return (published?.certificates ?? []).filter((certificate) => !configured.has(certificate.sha256) && expiry(certificate) > latestExpiry);
}

/**
 * Where the rotation stands. Several active certificates mean the new one was activated and the
 * old one still has to be retired; a staged certificate means it waits for activation; a
 * certificate the IdP publishes (or one the admin pasted) that the backend lacks means it can be
 * staged; otherwise the new certificate has to be created in the IdP first.
 */
export function rotationProgress(
  connection: SsoConnectionView,
  published: PublishedMetadataView | null,
  hasPastedCertificate: boolean,
): RotationProgress {
  const active = connection.certificates.filter((certificate) => certificate.role === 'active');
  const staged = connection.certificates.filter((certificate) => certificate.role === 'staged').sort(byNewest);
  const publishedNew = publishedNewCertificates(connection, published);

  let phase: RotationPhase;
  let incoming: ConfiguredCertificate | null = null;
  let outgoing: ConfiguredCertificate[] = active;
  if (active.length > 1) {
    phase = 'retire';
    const [newest, ...older] = [...active].sort(byNewest);
    incoming = newest ?? null;
    outgoing = older;
  } else if (staged.length > 0) {
    phase = 'activate';
    incoming = staged[0] ?? null;
  } else if (publishedNew.length > 0 || hasPastedCertificate) {
    phase = 'stage';
  } else {
    phase = 'create';
  }

  const current = PHASE_INDEX[phase];
  const steps = Object.fromEntries(
    ROTATION_STEP_ORDER.map((id, index) => {
      if (id === 'test') return [id, 'unavailable'];
      if (index < current) return [id, 'done'];
      return [id, index === current ? 'current' : 'pending'];
    }),
  ) as Record<RotationStepId, RotationStepState>;
  return { phase, steps, publishedNew, incoming, outgoing };
}

function asInput(certificate: ConfiguredCertificate): CertificateInput {
  return { pem: certificate.pem, role: certificate.role };
}

/** Stage: every certificate the backend has, with its role, and the new one beside them as `staged`. */
export function stagedCertificates(connection: SsoConnectionView, newPem: string): CertificateInput[] {
  return [...connection.certificates.map(asInput), { pem: newPem, role: 'staged' }];
}

/** Activate: the staged certificate becomes active; the old one stays active until it is retired. */
export function activatedCertificates(connection: SsoConnectionView): CertificateInput[] {
  return connection.certificates.map((certificate) => ({ pem: certificate.pem, role: 'active' }));
}

/** Retire: only the new certificate remains. */
export function retiredCertificates(incoming: ConfiguredCertificate): CertificateInput[] {
  return [{ pem: incoming.pem, role: 'active' }];
}

/** What a pasted certificate looks like: one PEM block. The backend parses it for real on save. */
export function looksLikePem(text: string): boolean {
  return /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(text.trim());
}
