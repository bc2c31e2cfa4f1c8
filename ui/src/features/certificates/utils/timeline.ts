// What the expiry timeline shows, worked out apart from how it is drawn, so that the text summary
// (what screen readers get, and what tests check) and the chart always say the same thing.

import type { ExpiryPolicyView, KnownCertificate, Severity } from '../types';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The timeline covers the next 12 months. */
export const TIMELINE_DAYS = 365;

export interface TimelineMark {
  sha256: string;
  /** The certificate's subject, shortened to its CN when it has one. */
  label: string;
  parentName: string;
  daysLeft: number;
  /** Milliseconds since the epoch of `notAfter`. */
  expiresAt: number;
  severity: Severity;
}

export interface TimelineBands {
  /** At or under this many days left: critical. */
  criticalDays: number;
  /** At or under this many days left (the largest day threshold): warning. */
  warningDays: number;
}

export function commonName(subject: string): string {
  const match = /(?:^|[,/]\s*)CN=([^,/]+)/.exec(subject);
  return match ? match[1]!.trim() : subject;
}

/** The certificates that expire within the timeline, soonest first. Expired ones are not upcoming. */
export function timelineMarks(certificates: KnownCertificate[]): TimelineMark[] {
  return certificates
    .filter((certificate) => certificate.daysLeft >= 0 && certificate.daysLeft <= TIMELINE_DAYS)
    .map((certificate) => ({
      sha256: certificate.sha256,
      label: commonName(certificate.subject),
      parentName: certificate.parentName,
      daysLeft: certificate.daysLeft,
      expiresAt: new Date(certificate.notAfter).getTime(),
      severity: certificate.severity,
    }))
    .sort((a, b) => a.daysLeft - b.daysLeft);
}

/**
 * The threshold bands to draw: only when every certificate on the timeline is under the same
 * policy, since bands of one parent drawn under another parent's certificates would mislead.
 */
export function timelineBands(certificates: KnownCertificate[], policies: ExpiryPolicyView[]): TimelineBands | null {
  const parentIds = new Set(certificates.map((certificate) => certificate.parentId));
  const used = policies.filter((policy) => parentIds.has(policy.parentId));
  if (used.length === 0) return null;
  const signature = (policy: ExpiryPolicyView) => JSON.stringify([policy.criticalDays, policy.thresholds]);
  if (new Set(used.map(signature)).size > 1 || used.length < parentIds.size) return null;
  const policy = used[0]!;
  const days = policy.thresholds.filter((threshold) => threshold.unit === 'days').map((threshold) => threshold.value);
  return { criticalDays: policy.criticalDays, warningDays: Math.max(policy.criticalDays, ...days) };
}

function certificatesWord(count: number): string {
  return count === 1 ? '1 certificate' : `${count} certificates`;
}

/** The timeline in words: how many expire soon, the soonest, and any already expired. */
export function timelineSummary(certificates: KnownCertificate[]): string {
  const marks = timelineMarks(certificates);
  const within90 = marks.filter((mark) => mark.daysLeft <= 90).length;
  const expired = certificates.filter((certificate) => certificate.daysLeft < 0).length;
  if (certificates.length === 0) return 'No certificate is known yet.';
  const sentences: string[] = [];
  sentences.push(
    within90 === 0
      ? 'No certificate expires in the next 90 days.'
      : `${certificatesWord(within90)} ${within90 === 1 ? 'expires' : 'expire'} in the next 90 days.`,
  );
  sentences.push(
    marks.length === 0
      ? 'No certificate expires in the next 12 months.'
      : `${certificatesWord(marks.length)} ${marks.length === 1 ? 'expires' : 'expire'} in the next 12 months.`,
  );
  const soonest = marks[0];
  if (soonest) {
    sentences.push(
      `The soonest: ${soonest.label} (${soonest.parentName}), in ${soonest.daysLeft === 1 ? '1 day' : `${soonest.daysLeft} days`}.`,
    );
  }
  if (expired > 0) sentences.push(`${certificatesWord(expired)} ${expired === 1 ? 'has' : 'have'} already expired.`);
  return sentences.join(' ');
}

/** Day `days` from `now`, for the chart's axis. */
export function daysFromNow(now: number, days: number): number {
  return now + days * DAY_MS;
}
