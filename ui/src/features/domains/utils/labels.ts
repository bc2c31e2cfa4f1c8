import type { DomainStatus, NativeCheck, SourceAnswer, SourceState } from '../types';

interface Tone {
  label: string;
  color: string;
}

export const STATUS_TONES: Record<DomainStatus, Tone> = {
  pending: { label: 'Pending', color: 'yellow' },
  verified: { label: 'Verified', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
};

/** What a source answered, in colour and words; `detail` says what it means. */
export const SOURCE_STATES: Record<SourceState, Tone & { detail: string }> = {
  found: { label: 'Found', color: 'green', detail: 'Has the record with the expected value.' },
  not_found: {
    label: 'NXDOMAIN (not found)',
    color: 'orange',
    detail: 'The name does not exist on this server.',
  },
  no_txt: { label: 'No TXT record', color: 'orange', detail: 'The name exists but has no TXT record.' },
  wrong_value: { label: 'Wrong value', color: 'red', detail: 'Has a TXT record, but not with the expected value.' },
  servfail: { label: 'SERVFAIL', color: 'red', detail: 'The server failed to answer.' },
  timeout: {
    label: 'Timeout',
    color: 'gray',
    detail: 'No answer in time. This says nothing about the record.',
  },
  refused: { label: 'Refused', color: 'red', detail: 'The server refused to answer this query.' },
};

export function sourceLabel(source: SourceAnswer): string {
  switch (source.kind) {
    case 'resolver':
      return 'Your resolver';
    case 'authoritative':
      return source.nsName ? `Authoritative NS ${source.nsName}` : 'Authoritative NS';
    case 'extra':
      return 'Extra resolver';
  }
}

/**
 * How many authoritative nameservers have the record, of how many. A nameserver counts once
 * however many addresses it has, and has the record only when every address answered it.
 */
export function nameserverCounts(check: NativeCheck): { found: number; total: number } {
  const byName = new Map<string, boolean>();
  for (const source of check.sources) {
    if (source.kind !== 'authoritative') continue;
    const key = source.nsName ?? source.server;
    byName.set(key, (byName.get(key) ?? true) && source.state === 'found');
  }
  return { found: [...byName.values()].filter(Boolean).length, total: byName.size };
}

/** The verdict of the app's last check from this machine, in colour and words. */
export function verdictTone(check: NativeCheck | null): Tone {
  if (!check) return { label: 'Not checked yet', color: 'gray' };
  switch (check.verdict) {
    case 'verified':
      return { label: 'Verified', color: 'green' };
    case 'propagating': {
      const { found, total } = nameserverCounts(check);
      return {
        label: total > 0 ? `Propagating ${found} of ${total} ${total === 1 ? 'nameserver' : 'nameservers'}` : 'Propagating',
        color: 'yellow',
      };
    }
    case 'not_published':
      return { label: 'Not published', color: 'orange' };
    case 'error':
      return { label: 'Error', color: 'red' };
  }
}

/** Managers only may add, verify and remove domains, and change the parent's settings. */
export const VIEW_ONLY_NOTE =
  'Your role can see these domains but not change them. Owners and Primary Owners of a Team or Enterprise organization, and Admins of a Console organization, can manage SSO.';
