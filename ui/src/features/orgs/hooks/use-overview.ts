import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { CommandError } from '@/lib/ipc-types';
import { queryKeys } from '@/lib/query-keys';

import { getOverview, renameOrg } from '../api/orgs';
import type { OrgView, Overview, RenameOrgInput } from '../types';

export function useOverview() {
  return useQuery<Overview, CommandError>({ queryKey: queryKeys.overview, queryFn: getOverview });
}

export function useRenameOrg() {
  const queryClient = useQueryClient();
  return useMutation<OrgView, CommandError, RenameOrgInput>({
    mutationFn: renameOrg,
    onSuccess: (org) => {
      // Show the new name at once; the cache (and its pending flag) is re-read right after.
      queryClient.setQueryData<Overview>(queryKeys.overview, (overview) =>
        overview
          ? {
              ...overview,
              parents: overview.parents.map((parent) => ({
                ...parent,
                orgs: parent.orgs.map((existing) => (existing.id === org.id ? org : existing)),
              })),
            }
          : overview,
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.overview });
      void queryClient.invalidateQueries({ queryKey: queryKeys.changes });
      void queryClient.invalidateQueries({ queryKey: queryKeys.syncStatus });
    },
  });
}
