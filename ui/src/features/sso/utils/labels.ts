import type { CommandError } from '@/lib/ipc-types';

import type { CertificateRole, ConnectionStatus, PendingSsoChange } from '../types';

interface Tone {
  label: string;
  color: string;
}

export const STATUS_TONES: Record<ConnectionStatus, Tone & { detail: string }> = {
  draft: { label: 'Draft', color: 'gray', detail: 'Saved, not tested yet. Nobody signs in through it until it is tested and activated.' },
  tested: { label: 'Tested', color: 'blue', detail: 'A test sign-in succeeded. Activate it to let people sign in with SSO.' },
  active: { label: 'Active', color: 'green', detail: 'People sign in through this connection.' },
};

export const ROLE_TONES: Record<CertificateRole, Tone> = {
  active: { label: 'Active', color: 'green' },
  staged: { label: 'Staged', color: 'blue' },
};

export const PENDING_CHANGE_TONES: Record<PendingSsoChange['state'], Tone> = {
  pending: { label: 'Waiting to send', color: 'yellow' },
  conflict: { label: 'Conflict', color: 'orange' },
  rejected: { label: 'Rejected by the backend', color: 'red' },
};

/** A colour for the days left, beside the words (`daysLeftWords`) that say the same. */
export function daysLeftColor(daysLeft: number): string {
  if (daysLeft <= 7) return 'red';
  if (daysLeft <= 30) return 'orange';
  return 'dimmed';
}

/**
 * The input a command's `invalid_input` names, in the UI's terms. The desk reports camelCase
 * fields; snake_case ones from the backend's problem details are accepted too, and an indexed
 * field such as `certificates[1].pem` belongs to its list.
 */
export function errorField(error: CommandError | null): string | null {
  if (!error || error.code !== 'invalid_input' || !error.field) return null;
  const camel = error.field.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
  return camel.replace(/\[.*$/, '').replace(/\..*$/, '');
}

/** Managers only may connect, rotate and remove; everyone may read. */
export const VIEW_ONLY_NOTE =
  'Your role can see this SSO connection but not change it. Owners and Primary Owners of a Team or Enterprise organization, and Admins of a Console organization, can manage SSO.';
