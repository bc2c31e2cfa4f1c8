import { Alert, Skeleton, Stack } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';

import type { CommandError } from '@/lib/ipc-types';

import { CommandErrorAlert } from './command-error-alert';

interface PerParentListProps<T> {
  /** A query of the local cache that lists something per parent organization. */
  query: UseQueryResult<T[], CommandError>;
  /** What is listed, for the loading state's accessible name: "Loading {what}". */
  what: string;
  /** What appears once synced, after "Your parent organization and …": "its domains". */
  emptyWhat: string;
  emptyTestId: string;
  /** The height of the loading placeholder. */
  placeholderHeight?: number;
  children: (items: T[]) => ReactNode;
}

/**
 * The states every per-parent page shares: loading, the cache failing, nothing synced yet; and
 * otherwise the parents, one under the other (MSP admins have several).
 */
export function PerParentList<T>({ query, what, emptyWhat, emptyTestId, placeholderHeight = 160, children }: PerParentListProps<T>) {
  if (query.isPending) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label={`Loading ${what}`}>
        <Skeleton height={28} width="40%" />
        <Skeleton height={placeholderHeight} />
      </Stack>
    );
  }
  if (query.isError) {
    return <CommandErrorAlert error={query.error} title="The local cache could not be read" />;
  }
  if (query.data.length === 0) {
    return (
      <Alert variant="light" color="gray" title="No parent organization yet" data-testid={emptyTestId}>
        The local cache is empty. Your parent organization and {emptyWhat} appear here after the first sync with the backend.
      </Alert>
    );
  }
  return <Stack gap="xl">{children(query.data)}</Stack>;
}
