import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';

import { CommandErrorAlert, sentence } from '@/components/command-error-alert';
import { RelativeTime } from '@/components/relative-time';

import { useResolveChange } from '../hooks/use-changes';
import type { ChangeState, PendingChange, ResolveAction } from '../types';

const STATE_BADGES: Record<ChangeState, { label: string; color: string }> = {
  pending: { label: 'Waiting to send', color: 'yellow' },
  conflict: { label: 'Conflict', color: 'orange' },
  rejected: { label: 'Rejected by the backend', color: 'red' },
};

/** One queued change, with what can be done about it. */
export function ChangeCard({ change }: { change: PendingChange }) {
  const resolve = useResolveChange();
  const badge = STATE_BADGES[change.state];
  const act = (action: ResolveAction) => resolve.mutate({ id: change.id, action });
  const busyWith = resolve.isPending ? resolve.variables?.action : undefined;

  return (
    <Paper withBorder radius="sm" p="sm" data-testid={`change-${change.id}`} data-state={change.state}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Text size="sm" fw={500}>
            {change.summary}
          </Text>
          <Badge color={badge.color} variant="light">
            {badge.label}
          </Badge>
        </Group>

        {change.state === 'pending' && <PendingDetails change={change} />}

        {change.state === 'conflict' && (
          <>
            <Text size="sm">
              Someone changed this on the backend after you made your change. Choose which name to keep.
            </Text>
            {change.conflict && (
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                <Paper bg="var(--mantine-color-default-hover)" p="xs" radius="sm" data-testid={`conflict-local-${change.id}`}>
                  <Text size="sm">
                    <Text span c="dimmed" inherit>
                      Your change:
                    </Text>{' '}
                    <Text span fw={600} inherit>
                      {change.conflict.localName}
                    </Text>
                  </Text>
                </Paper>
                <Paper bg="var(--mantine-color-default-hover)" p="xs" radius="sm" data-testid={`conflict-remote-${change.id}`}>
                  <Text size="sm">
                    <Text span c="dimmed" inherit>
                      Backend now:
                    </Text>{' '}
                    <Text span fw={600} inherit>
                      {change.conflict.remoteName}
                    </Text>{' '}
                    <Text span c="dimmed" inherit>
                      (version {change.conflict.remoteVersion})
                    </Text>
                  </Text>
                </Paper>
              </SimpleGrid>
            )}
            <Group gap="xs">
              <Button
                size="xs"
                onClick={() => act('reapply')}
                loading={busyWith === 'reapply'}
                disabled={resolve.isPending}
                data-testid={`reapply-${change.id}`}
              >
                Re-apply mine
              </Button>
              <Button
                size="xs"
                variant="default"
                onClick={() => act('discard')}
                loading={busyWith === 'discard'}
                disabled={resolve.isPending}
                data-testid={`discard-${change.id}`}
              >
                Discard mine
              </Button>
            </Group>
          </>
        )}

        {change.state === 'rejected' && (
          <>
            <Text size="sm">
              <Text span fw={500}>
                Reason:{' '}
              </Text>
              {change.lastError ? sentence(change.lastError) : 'The backend refused this change without saying why.'}
            </Text>
            <Text size="xs" c="dimmed">
              The backend will not accept this change as it is. Discard it to show the backend’s value again.
            </Text>
            <Group gap="xs">
              <Button
                size="xs"
                variant="default"
                onClick={() => act('discard')}
                loading={busyWith === 'discard'}
                data-testid={`discard-${change.id}`}
              >
                Discard
              </Button>
            </Group>
          </>
        )}

        {resolve.error && <CommandErrorAlert error={resolve.error} title="The change could not be resolved" />}
      </Stack>
    </Paper>
  );
}

function PendingDetails({ change }: { change: PendingChange }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        Made <RelativeTime value={change.createdAt} />
        {change.attempts > 0 && (
          <>
            {' · '}
            {change.attempts === 1 ? '1 attempt' : `${change.attempts} attempts`}
          </>
        )}
        {change.nextAttemptAt && (
          <>
            {' · next try '}
            <RelativeTime value={change.nextAttemptAt} direction="future" />
          </>
        )}
      </Text>
      {change.lastError && (
        <Text size="xs" c="red">
          Last error: {sentence(change.lastError)}
        </Text>
      )}
    </Stack>
  );
}
