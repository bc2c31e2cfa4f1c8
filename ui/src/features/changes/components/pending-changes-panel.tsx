import { Badge, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';

import { CommandErrorAlert } from '@/components/command-error-alert';

import { useChanges } from '../hooks/use-changes';
import { ChangeCard } from './change-card';

/**
 * The changes made here that the backend has not confirmed: queued ones with their retries,
 * conflicts to resolve, and rejected ones to discard.
 */
export function PendingChangesPanel() {
  const changes = useChanges();
  const count = changes.data?.length ?? 0;
  const needsAttention = changes.data?.filter((change) => change.state !== 'pending').length ?? 0;

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="pending-changes-title" data-testid="pending-changes">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="pending-changes-title">
            Pending changes
          </Title>
          {count > 0 && (
            <Group gap={6}>
              {needsAttention > 0 && (
                <Badge color="orange" variant="light">
                  {needsAttention} {needsAttention === 1 ? 'needs' : 'need'} your decision
                </Badge>
              )}
              <Badge color="gray" variant="light">
                {count} in queue
              </Badge>
            </Group>
          )}
        </Group>
        {changes.isPending ? (
          <Skeleton height={48} aria-label="Loading pending changes" />
        ) : changes.isError ? (
          <CommandErrorAlert error={changes.error} title="Pending changes could not be read" />
        ) : count === 0 ? (
          <Text size="sm" c="dimmed" data-testid="pending-changes-empty">
            Nothing waiting: every change made here has reached the backend.
          </Text>
        ) : (
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {changes.data.map((change) => (
              <li key={change.id}>
                <ChangeCard change={change} />
              </li>
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
