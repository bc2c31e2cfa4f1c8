import { Alert, Text } from '@mantine/core';

import { sentence } from '@/components/command-error-alert';

import { useSyncStatus } from '../hooks/use-sync-status';

/**
 * Above the page: an offline banner while the backend cannot be reached, and the backend's error
 * while it answers badly. Nothing while sync works.
 */
export function SyncBanner() {
  const { data: status } = useSyncStatus();
  if (status?.state === 'offline') {
    return (
      <Alert color="yellow" variant="light" role="status" aria-live="polite" data-testid="offline-banner" mb="md">
        <Text size="sm" fw={500}>
          Working offline — showing cached data; changes are queued and will be sent when the backend is reachable.
        </Text>
        {status.lastError && (
          <Text size="xs" c="dimmed" mt={4}>
            {sentence(status.lastError)}
          </Text>
        )}
      </Alert>
    );
  }
  if (status?.state === 'error') {
    return (
      <Alert color="red" variant="light" role="alert" title="Sync failed" data-testid="sync-error-banner" mb="md">
        <Text size="sm">
          {status.lastError ? sentence(status.lastError) : 'The backend answered, but not in a way SSO Desk understands.'}
        </Text>
        <Text size="xs" c="dimmed" mt={4}>
          Showing cached data. SSO Desk keeps retrying; your queued changes are kept.
        </Text>
      </Alert>
    );
  }
  return null;
}
