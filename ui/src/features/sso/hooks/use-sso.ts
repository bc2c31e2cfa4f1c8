import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';

import type { CommandError } from '@/lib/ipc-types';
import { queryKeys } from '@/lib/query-keys';

import { listSso, previewMetadata, refreshPublishedMetadata, removeSsoConnection, saveSsoConnection } from '../api/sso';
import type { MetadataPreview, PreviewMetadataInput, SaveSsoConnectionInput, SsoOfParent } from '../types';

/** Every parent's SSO state, from the local cache; made stale by `cache://changed`. */
export function useSso() {
  return useQuery<SsoOfParent[], CommandError>({ queryKey: queryKeys.sso, queryFn: listSso });
}

/**
 * Shows a command's answer for one parent at once, then re-reads what it affects: the SSO state,
 * the certificate inventory (built from the same connections), and the outbox with the sync
 * status, since a save is queued there.
 */
function replaceParent(queryClient: QueryClient, parent: SsoOfParent) {
  queryClient.setQueryData<SsoOfParent[]>(queryKeys.sso, (parents) =>
    parents?.map((existing) => (existing.parentId === parent.parentId ? parent : existing)),
  );
  refreshAfterChange(queryClient);
}

function refreshAfterChange(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.sso });
  void queryClient.invalidateQueries({ queryKey: queryKeys.certificates });
  void queryClient.invalidateQueries({ queryKey: queryKeys.changes });
  void queryClient.invalidateQueries({ queryKey: queryKeys.syncStatus });
}

/** Reading metadata changes nothing, but it is an explicit action (it may fetch), so a mutation. */
export function usePreviewMetadata() {
  return useMutation<MetadataPreview, CommandError, PreviewMetadataInput>({ mutationFn: previewMetadata });
}

export function useSaveSsoConnection() {
  const queryClient = useQueryClient();
  return useMutation<SsoOfParent, CommandError, SaveSsoConnectionInput>({
    mutationFn: saveSsoConnection,
    onSuccess: (parent) => replaceParent(queryClient, parent),
    onError: () => refreshAfterChange(queryClient),
  });
}

export function useRemoveSsoConnection(parentId: string) {
  const queryClient = useQueryClient();
  return useMutation<void, CommandError>({
    mutationFn: () => removeSsoConnection(parentId),
    onSuccess: () => {
      queryClient.setQueryData<SsoOfParent[]>(queryKeys.sso, (parents) =>
        parents?.map((parent) => (parent.parentId === parentId ? { ...parent, connection: null, published: null } : parent)),
      );
      refreshAfterChange(queryClient);
    },
  });
}

export function useRefreshPublishedMetadata(parentId: string) {
  const queryClient = useQueryClient();
  return useMutation<SsoOfParent, CommandError>({
    mutationFn: () => refreshPublishedMetadata(parentId),
    onSuccess: (parent) => replaceParent(queryClient, parent),
  });
}
