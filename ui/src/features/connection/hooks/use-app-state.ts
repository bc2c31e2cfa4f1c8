import { useQuery } from '@tanstack/react-query';

import type { CommandError } from '@/lib/ipc-types';
import { queryKeys } from '@/lib/query-keys';

import { getAppState } from '../api/connection';
import type { AppSnapshot } from '../types';

export function useAppState() {
  return useQuery<AppSnapshot, CommandError>({ queryKey: queryKeys.appState, queryFn: getAppState });
}

/** The current connection, or null before one is chosen (or while loading). */
export function useConnection() {
  return useAppState().data?.connection ?? null;
}
