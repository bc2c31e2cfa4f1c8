import { Badge, Popover, Text, UnstyledButton } from '@mantine/core';

import type { Connection } from '../types';

const FALLBACK_NOTE =
  'No OS keychain is available, so the API token is kept in memory for this session only. You will be asked for it again after a restart.';

/** Says so when the token could not be stored in the OS keychain (`tokenStorage === "session"`). */
export function TokenStorageWarning({ connection }: { connection: Connection }) {
  if (connection.tokenStorage !== 'session') return null;
  return (
    <Popover width={320} position="bottom-end" withArrow shadow="md">
      <Popover.Target>
        <UnstyledButton aria-label="Token kept for this session only: details" data-testid="token-storage-warning">
          <Badge color="orange" variant="light" miw="max-content" style={{ cursor: 'pointer' }}>
            <Text span inherit hiddenFrom="lg">
              Session-only token
            </Text>
            <Text span inherit visibleFrom="lg">
              Token kept for this session only
            </Text>
          </Badge>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Text size="sm">{connection.tokenStorageNote ?? FALLBACK_NOTE}</Text>
      </Popover.Dropdown>
    </Popover>
  );
}
