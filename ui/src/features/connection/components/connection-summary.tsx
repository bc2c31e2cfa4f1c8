import { Badge, Group, Text, Tooltip } from '@mantine/core';

import type { Connection } from '../types';

/** Where the app is connected and as whom, compact for the header. */
export function ConnectionSummary({ connection }: { connection: Connection }) {
  return (
    <Group gap="xs" wrap="nowrap" data-testid="connection-summary" miw={0}>
      {connection.mode === 'sandbox' ? (
        <Tooltip label="The reference backend runs inside the app with demo data">
          <Badge variant="light" color="grape" tabIndex={0} miw="max-content">
            Local sandbox
          </Badge>
        </Tooltip>
      ) : (
        <Text size="sm" fw={500} truncate="end" maw={260} miw={80} title={connection.baseUrl ?? undefined}>
          {connection.baseUrl}
        </Text>
      )}
      <Text size="sm" c="dimmed" truncate="end" maw={240} visibleFrom="lg">
        {connection.userEmail ? `Signed in as ${connection.userEmail}` : 'Signing in…'}
      </Text>
    </Group>
  );
}
