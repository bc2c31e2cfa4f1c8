import { useMutation, useQueryClient } from '@tanstack/react-query';

import type { CommandError } from '@/lib/ipc-types';
import { queryKeys } from '@/lib/query-keys';

import { connectRemote, connectSandbox, disconnect } from '../api/connection';
import type { AppSnapshot, ConnectRemoteInput } from '../types';

/** A new connection (or none) makes every cached query about the previous one meaningless. */
function useAdoptSnapshot() {
  const queryClient = useQueryClient();
  return (snapshot: AppSnapshot) => {
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.appState[0] });
    queryClient.setQueryData(queryKeys.appState, snapshot);
  };
}

export function useConnectSandbox() {
  const adopt = useAdoptSnapshot();
  return useMutation<AppSnapshot, CommandError>({ mutationFn: connectSandbox, onSuccess: adopt });
}

export function useConnectRemote() {
  const adopt = useAdoptSnapshot();
  return useMutation<AppSnapshot, CommandError, ConnectRemoteInput>({ mutationFn: connectRemote, onSuccess: adopt });
}

export function useDisconnect() {
  const adopt = useAdoptSnapshot();
  return useMutation<AppSnapshot, CommandError>({ mutationFn: disconnect, onSuccess: adopt });
}
