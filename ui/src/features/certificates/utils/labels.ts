import type { Finding, KnownCertificate, Severity } from '../types';

interface Tone {
  label: string;
  color: string;
}

/** Each severity in words as well as colour, so it reads the same without colour. */
export const SEVERITY_TONES: Record<Severity, Tone> = {
  ok: { label: 'OK', color: 'green' },
  warning: { label: 'Warning', color: 'yellow' },
  critical: { label: 'Critical', color: 'red' },
  expired: { label: 'Expired', color: 'gray' },
};

export const LEVEL_TONES: Record<Finding['level'], Tone> = {
  info: { label: 'Info', color: 'blue' },
  warning: { label: 'Warning', color: 'yellow' },
  critical: { label: 'Critical', color: 'red' },
};

export function roleLabel(role: KnownCertificate['role']): string {
  switch (role) {
    case 'active':
      return 'Active';
    case 'staged':
      return 'Staged';
    case null:
      return 'Not on the backend';
  }
}

export function yesNo(value: boolean): string {
  return value ? 'Yes' : 'No';
}

/** `published` is null when the connection has no metadata URL or it was never fetched. */
export function publishedLabel(published: boolean | null): string {
  return published === null ? 'Not checked' : yesNo(published);
}

/** `usedByLastAssertion` is null until test sign-in exists; say so rather than guess. */
export function lastAssertionLabel(used: boolean | null): string {
  return used === null ? 'Test sign-in not available yet' : yesNo(used);
}
