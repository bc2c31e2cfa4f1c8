import { useIsMutating, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';

import type { CommandError } from '@/lib/ipc-types';
import { queryKeys } from '@/lib/query-keys';

import {
  addDomain,
  checkDomainNow,
  listDomains,
  removeDomain,
  setDisableNewOrgCreation,
  verifyDomain,
} from '../api/domains';
import type { AddDomainInput, DomainsOfParent, DomainView, SetDisableNewOrgCreationInput } from '../types';

/** Every parent's domains, from the local cache; made stale by `cache://changed`. */
export function useDomains() {
  return useQuery<DomainsOfParent[], CommandError>({ queryKey: queryKeys.domains, queryFn: listDomains });
}

/** Mutation keys, so a row can show that its domain is being checked while the detail is closed. */
export const domainMutationKeys = {
  check: (domainId: string) => ['domains', 'check', domainId] as const,
  verify: (domainId: string) => ['domains', 'verify', domainId] as const,
};

export function useIsCheckingDomain(domainId: string): boolean {
  return useIsMutating({ mutationKey: domainMutationKeys.check(domainId) }) > 0;
}

function withHasVerified(parent: DomainsOfParent, domains: DomainView[]): DomainsOfParent {
  return { ...parent, domains, hasVerifiedDomain: domains.some((domain) => domain.status === 'verified') };
}

/** Shows a command's answer at once, then re-reads the cache (the source of truth). */
function updateParents(queryClient: QueryClient, update: (parent: DomainsOfParent) => DomainsOfParent) {
  queryClient.setQueryData<DomainsOfParent[]>(queryKeys.domains, (parents) => parents?.map(update));
  void queryClient.invalidateQueries({ queryKey: queryKeys.domains });
}

function replaceDomain(queryClient: QueryClient, domain: DomainView) {
  updateParents(queryClient, (parent) =>
    parent.parentId === domain.parentId
      ? withHasVerified(
          parent,
          parent.domains.some((existing) => existing.id === domain.id)
            ? parent.domains.map((existing) => (existing.id === domain.id ? domain : existing))
            : [...parent.domains, domain],
        )
      : parent,
  );
}

export function useAddDomain() {
  const queryClient = useQueryClient();
  return useMutation<DomainView, CommandError, AddDomainInput>({
    mutationFn: addDomain,
    onSuccess: (domain) => replaceDomain(queryClient, domain),
  });
}

export function useCheckDomainNow(domainId: string) {
  const queryClient = useQueryClient();
  return useMutation<DomainView, CommandError>({
    mutationKey: domainMutationKeys.check(domainId),
    mutationFn: () => checkDomainNow(domainId),
    onSuccess: (domain) => replaceDomain(queryClient, domain),
  });
}

export function useVerifyDomain(domainId: string) {
  const queryClient = useQueryClient();
  return useMutation<DomainView, CommandError>({
    mutationKey: domainMutationKeys.verify(domainId),
    mutationFn: () => verifyDomain(domainId),
    onSuccess: (domain) => replaceDomain(queryClient, domain),
  });
}

export function useRemoveDomain(domainId: string) {
  const queryClient = useQueryClient();
  const forget = () =>
    updateParents(queryClient, (parent) =>
      parent.domains.some((domain) => domain.id === domainId)
        ? withHasVerified(
            parent,
            parent.domains.filter((domain) => domain.id !== domainId),
          )
        : parent,
    );
  return useMutation<void, CommandError>({
    mutationFn: () => removeDomain(domainId),
    onSuccess: forget,
    onError: (error) => {
      // Gone already (removed elsewhere): the cache just has not heard yet.
      if (error.code === 'not_found') forget();
    },
  });
}

export function useSetDisableNewOrgCreation() {
  const queryClient = useQueryClient();
  return useMutation<void, CommandError, SetDisableNewOrgCreationInput>({
    mutationFn: setDisableNewOrgCreation,
    onSuccess: (_result, input) =>
      updateParents(queryClient, (parent) =>
        parent.parentId === input.parentId ? { ...parent, disableNewOrgCreation: input.enabled } : parent,
      ),
    onError: () => void queryClient.invalidateQueries({ queryKey: queryKeys.domains }),
  });
}
