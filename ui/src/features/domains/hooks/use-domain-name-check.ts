import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

import type { CommandError } from '@/lib/ipc-types';
import { queryKeys } from '@/lib/query-keys';

import { validateDomainName } from '../api/domains';
import type { DomainNameCheck } from '../types';

/** How long typing must pause before the name is checked. */
export const DOMAIN_CHECK_DEBOUNCE_MS = 150;

export type DomainNameState =
  | { status: 'empty' }
  /** `previous` is the last answer, for another name, shown dimmed until this one arrives. */
  | { status: 'checking'; previous: DomainNameCheck | null }
  | { status: 'valid'; result: DomainNameCheck }
  | { status: 'invalid'; error: CommandError };

/**
 * Checks a domain name as it is typed with the local `validate_domain_name` (no network), once
 * typing pauses. Only an answer for exactly what is in the field counts as valid.
 */
export function useDomainNameCheck(typed: string): DomainNameState {
  const name = typed.trim();
  const [debounced] = useDebouncedValue(name, DOMAIN_CHECK_DEBOUNCE_MS);
  const query = useQuery<DomainNameCheck, CommandError>({
    queryKey: queryKeys.domainNameCheck(debounced),
    queryFn: () => validateDomainName(debounced),
    enabled: debounced !== '',
    placeholderData: keepPreviousData,
    gcTime: 60_000,
  });

  if (name === '') return { status: 'empty' };
  if (debounced !== name || query.isFetching || query.isPlaceholderData || query.isPending) {
    return { status: 'checking', previous: query.data ?? null };
  }
  if (query.isError) return { status: 'invalid', error: query.error };
  return { status: 'valid', result: query.data };
}
