// The fake backend's certificate watch: the inventory is worked out from the fake's SSO state
// (configured and published certificates, matched by SHA-256) under each parent's expiry policy,
// like `crates/core`'s watch does, so the Certificates page and the SSO page always agree.

import type {
  CertificateInventory,
  ExpiryPolicyView,
  Finding,
  KnownCertificate,
  SetExpiryPolicyInput,
  Severity,
  Threshold,
} from '@/features/certificates/types';
import type { CertificateSummary, SsoOfParent } from '@/features/sso/types';
import type { CommandError } from '@/lib/ipc-types';

import { daysFromNow } from './fake-sso';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface FakeWatchState {
  policies: ExpiryPolicyView[];
  /** SHA-256 → RFC 3339 end of the snooze. */
  snoozes: Record<string, string>;
  /** SHA-256 → thresholds already notified, e.g. "30 days". */
  notified: Record<string, string[]>;
  lastCheckedAt: string | null;
  autostart: boolean;
}

export function defaultPolicy(parentId: string): ExpiryPolicyView {
  return { parentId, thresholds: [60, 30, 14, 7, 3, 1].map((value) => ({ unit: 'days', value })), criticalDays: 7 };
}

export function demoWatch(): FakeWatchState {
  return {
    policies: [],
    snoozes: {},
    notified: {},
    lastCheckedAt: daysFromNow(-0.02),
    autostart: false,
  };
}

function policyOf(watch: FakeWatchState, parentId: string): ExpiryPolicyView {
  return watch.policies.find((policy) => policy.parentId === parentId) ?? defaultPolicy(parentId);
}

function lifetimeLeftPercent(certificate: CertificateSummary, now: number): number {
  const start = new Date(certificate.notBefore).getTime();
  const end = new Date(certificate.notAfter).getTime();
  if (end <= start) return 0;
  return Math.max(0, Math.min(100, Math.round(((end - now) / (end - start)) * 100)));
}

export function severityOf(daysLeft: number, percentLeft: number, policy: ExpiryPolicyView): Severity {
  if (daysLeft < 0) return 'expired';
  if (daysLeft <= policy.criticalDays) return 'critical';
  const warnDays = Math.max(0, ...policy.thresholds.filter((threshold) => threshold.unit === 'days').map((threshold) => threshold.value));
  const warnPercent = Math.max(0, ...policy.thresholds.filter((threshold) => threshold.unit === 'percent').map((threshold) => threshold.value));
  return daysLeft <= warnDays || percentLeft <= warnPercent ? 'warning' : 'ok';
}

/** The days thresholds a certificate has passed: what the watch would have notified. */
function passedThresholds(daysLeft: number, thresholds: Threshold[]): string[] {
  return thresholds
    .filter((threshold) => threshold.unit === 'days' && daysLeft <= threshold.value && daysLeft >= 0)
    .map((threshold) => `${threshold.value} days`);
}

export function inventory(sso: SsoOfParent[], watch: FakeWatchState, now = Date.now()): CertificateInventory {
  const certificates: KnownCertificate[] = [];
  const findings: Finding[] = [];
  for (const parent of sso) {
    const connection = parent.connection;
    if (!connection) continue;
    const policy = policyOf(watch, parent.parentId);
    const published = parent.published?.fetchedAt ? parent.published : null;
    const publishedShas = new Set(published?.certificates.map((certificate) => certificate.sha256));
    const configuredShas = new Set(connection.certificates.map((certificate) => certificate.sha256));
    const latestConfiguredExpiry = Math.max(0, ...connection.certificates.map((certificate) => new Date(certificate.notAfter).getTime()));
    const known: { certificate: CertificateSummary; role: KnownCertificate['role'] }[] = [
      ...connection.certificates.map((certificate) => ({ certificate, role: certificate.role })),
      ...(published?.certificates ?? []).filter((certificate) => !configuredShas.has(certificate.sha256)).map((certificate) => ({ certificate, role: null })),
    ];
    for (const { certificate, role } of known) {
      const percent = lifetimeLeftPercent(certificate, now);
      const daysLeft = Math.round((new Date(certificate.notAfter).getTime() - now) / DAY_MS);
      const severity = severityOf(daysLeft, percent, policy);
      certificates.push({
        parentId: parent.parentId,
        parentName: parent.parentName,
        sha256: certificate.sha256,
        subject: certificate.subject,
        issuer: certificate.issuer,
        notBefore: certificate.notBefore,
        notAfter: certificate.notAfter,
        daysLeft,
        lifetimeLeftPercent: percent,
        flags: certificate.flags,
        role,
        configured: role !== null,
        published: published ? publishedShas.has(certificate.sha256) : null,
        usedByLastAssertion: null,
        severity,
        notifiedThresholds: watch.notified[certificate.sha256] ?? (role === 'active' ? passedThresholds(daysLeft, policy.thresholds) : []),
        snoozedUntil: watch.snoozes[certificate.sha256] ?? null,
      });
      // A published certificate counts as new only when it outlives every configured one: an IdP
      // often keeps publishing the certificate it rotated away from.
      if (role === null && new Date(certificate.notAfter).getTime() > latestConfiguredExpiry) {
        findings.push({
          parentId: parent.parentId,
          sha256: certificate.sha256,
          level: 'warning',
          code: 'new_certificate_published',
          message: `your IdP publishes a new certificate (${certificate.subject}) that the backend does not have yet: stage it on the SSO connection page`,
        });
      } else if (role === 'active' && (severity === 'warning' || severity === 'critical')) {
        findings.push({
          parentId: parent.parentId,
          sha256: certificate.sha256,
          level: severity,
          code: 'expiring',
          message: `the active signing certificate expires in ${daysLeft} days`,
        });
      } else if (role === 'active' && severity === 'expired') {
        findings.push({ parentId: parent.parentId, sha256: certificate.sha256, level: 'critical', code: 'expired', message: 'the active signing certificate has expired: SSO sign-in fails' });
      }
      if (role === 'active' && published && !publishedShas.has(certificate.sha256)) {
        findings.push({
          parentId: parent.parentId,
          sha256: certificate.sha256,
          level: 'warning',
          code: 'active_not_published',
          message: 'the IdP no longer publishes this active certificate: it may have switched to another one',
        });
      }
    }
    if (parent.published?.error) {
      findings.push({ parentId: parent.parentId, sha256: null, level: 'warning', code: 'metadata_fetch_failed', message: `the metadata URL could not be fetched: ${parent.published.error}` });
    }
  }
  const parentIds = new Set(sso.map((parent) => parent.parentId));
  const policies = [...parentIds].map((parentId) => policyOf(watch, parentId));
  return { certificates, findings, policies, lastCheckedAt: watch.lastCheckedAt };
}

function invalid(field: string, message: string): CommandError {
  return { code: 'invalid_input', message, field };
}

/** The backend's own policy rules, so a test can see the UI show a refusal where it points. */
export function setPolicy(watch: FakeWatchState, canManage: boolean, input: SetExpiryPolicyInput): ExpiryPolicyView {
  if (!canManage) throw { code: 'forbidden', message: 'your role cannot change the expiry policy', field: null } satisfies CommandError;
  input.thresholds.forEach((threshold, index) => {
    if (!Number.isInteger(threshold.value) || threshold.value < 1) throw invalid(`thresholds[${index}].value`, 'a threshold must be a whole number, 1 or more');
    if (threshold.unit === 'percent' && threshold.value > 99) throw invalid(`thresholds[${index}].value`, 'a percent threshold must be from 1 to 99');
  });
  if (!Number.isInteger(input.criticalDays) || input.criticalDays < 0) throw invalid('criticalDays', 'critical days must be a whole number, 0 or more');
  const policy: ExpiryPolicyView = { parentId: input.parentId, thresholds: input.thresholds, criticalDays: input.criticalDays };
  watch.policies = [...watch.policies.filter((existing) => existing.parentId !== input.parentId), policy];
  return policy;
}
