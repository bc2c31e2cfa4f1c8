import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { CommandError } from '@/lib/ipc-types';
import { queryKeys } from '@/lib/query-keys';

import { listChanges, resolveChange } from '../api/changes';
import type { PendingChange, ResolveChangeInput } from '../types';

export function useChanges() {
  return useQuery<PendingChange[], CommandError>({ queryKey: queryKeys.changes, queryFn: listChanges });
}

export function useResolveChange() {
  const queryClient = useQueryClient();
  return useMutation<void, CommandError, ResolveChangeInput>({
    mutationFn: resolveChange,
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.changes });
      void queryClient.invalidateQueries({ queryKey: queryKeys.overview });
      void queryClient.invalidateQueries({ queryKey: queryKeys.syncStatus });
    },
  });
}
