// How certificates are put into words, the same on every page that shows one (the SSO connection
// and the certificate watch), so an admin reads one vocabulary.

/** The flags `crates/saml` sets on a certificate; both features' IPC types use this set. */
type CertificateFlagName = 'expired' | 'not_yet_valid' | 'sha1_signature' | 'weak_key' | 'self_signed';

export const CERTIFICATE_FLAG_LABELS: Record<CertificateFlagName, string> = {
  expired: 'Expired',
  not_yet_valid: 'Not yet valid',
  sha1_signature: 'SHA-1 signature',
  weak_key: 'Weak key',
  self_signed: 'Self-signed',
};

/** "20 days left", "expires today", "expired 3 days ago": the urgency in words, not only in colour. */
export function daysLeftWords(daysLeft: number): string {
  if (daysLeft < 0) return `expired ${-daysLeft === 1 ? '1 day' : `${-daysLeft} days`} ago`;
  if (daysLeft === 0) return 'expires today';
  return daysLeft === 1 ? '1 day left' : `${daysLeft} days left`;
}

/** The first four and last two bytes of a fingerprint, for tight places; the full one stays in reach. */
export function shortFingerprint(sha256: string): string {
  const parts = sha256.split(':');
  return parts.length > 6 ? `${parts.slice(0, 4).join(':')}…${parts.slice(-2).join(':')}` : sha256;
}
