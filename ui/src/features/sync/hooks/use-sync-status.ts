import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { CommandError } from '@/lib/ipc-types';
import { cacheQueryKeys, queryKeys } from '@/lib/query-keys';
import { useEventSubscription } from '@/lib/use-event-subscription';

import { getSyncStatus, onCacheChanged, onSyncStatus, syncNow } from '../api/sync';
import type { SyncStatus } from '../types';

/** The sync status: read once, then kept current by `sync://status`. */
export function useSyncStatus() {
  return useQuery<SyncStatus, CommandError>({ queryKey: queryKeys.syncStatus, queryFn: getSyncStatus });
}

/**
 * Listens to the backend's events for as long as the main shell is shown: the sync status
 * replaces the cached one; a cache change makes every query over the cache stale.
 */
export function useBackendEvents() {
  const queryClient = useQueryClient();
  const refreshStatus = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.syncStatus });
    void queryClient.invalidateQueries({ queryKey: queryKeys.appState });
  };
  const refreshCache = () => {
    for (const queryKey of cacheQueryKeys) void queryClient.invalidateQueries({ queryKey });
  };
  useEventSubscription(
    onSyncStatus,
    (status: SyncStatus) => {
      queryClient.setQueryData(queryKeys.syncStatus, status);
      // The signed-in user becomes known after the first sync; the snapshot is local and cheap.
      void queryClient.invalidateQueries({ queryKey: queryKeys.appState });
    },
    refreshStatus,
  );
  // A sync that landed while the subscription was being set up is caught by the re-read.
  useEventSubscription(onCacheChanged, refreshCache, refreshCache);
}

export function useSyncNow() {
  const queryClient = useQueryClient();
  return useMutation<SyncStatus, CommandError>({
    mutationFn: syncNow,
    onMutate: () => {
      queryClient.setQueryData<SyncStatus>(queryKeys.syncStatus, (current) =>
        current ? { ...current, state: 'syncing' } : current,
      );
    },
    onSuccess: (status) => {
      queryClient.setQueryData(queryKeys.syncStatus, status);
      for (const queryKey of cacheQueryKeys) void queryClient.invalidateQueries({ queryKey });
    },
    onError: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.syncStatus });
    },
  });
}
