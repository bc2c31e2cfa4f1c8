import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { CommandError } from '@/lib/ipc-types';
import { queryKeys } from '@/lib/query-keys';

import { getAutostart, listCertificates, setAutostart, setExpiryPolicy, snoozeCertificate } from '../api/certificates';
import type { CertificateInventory, ExpiryPolicyView, SetExpiryPolicyInput, SnoozeCertificateInput } from '../types';

/** Every known certificate with findings and policies; made stale by `cache://changed` and `certificates://changed`. */
export function useCertificates() {
  return useQuery<CertificateInventory, CommandError>({ queryKey: queryKeys.certificates, queryFn: listCertificates });
}

export function useSetExpiryPolicy() {
  const queryClient = useQueryClient();
  return useMutation<ExpiryPolicyView, CommandError, SetExpiryPolicyInput>({
    mutationFn: setExpiryPolicy,
    onSuccess: (policy) => {
      // Show the saved policy at once; severities depend on it, so the inventory is re-read too.
      queryClient.setQueryData<CertificateInventory>(queryKeys.certificates, (inventory) =>
        inventory
          ? {
              ...inventory,
              policies: inventory.policies.some((existing) => existing.parentId === policy.parentId)
                ? inventory.policies.map((existing) => (existing.parentId === policy.parentId ? policy : existing))
                : [...inventory.policies, policy],
            }
          : inventory,
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.certificates });
    },
  });
}

export function useSnoozeCertificate() {
  const queryClient = useQueryClient();
  return useMutation<void, CommandError, SnoozeCertificateInput>({
    mutationFn: snoozeCertificate,
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.certificates }),
  });
}

export function useAutostart() {
  return useQuery<boolean, CommandError>({ queryKey: queryKeys.autostart, queryFn: getAutostart });
}

export function useSetAutostart() {
  const queryClient = useQueryClient();
  return useMutation<void, CommandError, boolean>({
    mutationFn: setAutostart,
    onSuccess: (_result, enabled) => queryClient.setQueryData(queryKeys.autostart, enabled),
    onError: () => void queryClient.invalidateQueries({ queryKey: queryKeys.autostart }),
  });
}
