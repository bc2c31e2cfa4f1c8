import { Stack, Text } from '@mantine/core';

import type { Connection } from '../types';
import { SwitchBackendButton } from './switch-backend-button';

/** The connection in detail, for the bottom of the navigation: backend, user, token storage. */
export function ConnectionPanel({ connection }: { connection: Connection }) {
  const backend = connection.mode === 'sandbox' ? 'Local sandbox' : (connection.baseUrl ?? 'Backend');
  return (
    <Stack gap={4} component="section" aria-label="Connection" data-testid="connection-panel">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        Connected to
      </Text>
      <Text size="sm" fw={500} style={{ wordBreak: 'break-all' }}>
        {backend}
      </Text>
      {connection.mode === 'sandbox' && connection.baseUrl && (
        <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
          {connection.baseUrl}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {connection.userEmail ?? 'Not signed in yet'}
      </Text>
      {connection.tokenStorage === 'session' && (
        <Text size="xs" c="orange" data-testid="token-storage-note">
          {connection.tokenStorageNote ??
            'The API token is kept in memory for this session only: no OS keychain is available.'}
        </Text>
      )}
      <div>
        <SwitchBackendButton />
      </div>
    </Stack>
  );
}
