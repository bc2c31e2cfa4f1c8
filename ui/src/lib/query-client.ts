import { QueryClient } from '@tanstack/react-query';

/**
 * Every query reads the local cache through IPC, which is cheap and never hits the network, so
 * data stays fresh until `cache://changed` says otherwise, and a failure is not retried blindly.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: Infinity,
        retry: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
      mutations: { retry: false },
    },
  });
}
