import { Group, Stack, Text } from '@mantine/core';

import { formatDateTime, parseTimestamp } from '@/lib/time';

import type { ActivityItem } from '../types';

/** One audit event: what happened, who did it, when. */
export function ActivityRow({ item }: { item: ActivityItem }) {
  const date = parseTimestamp(item.at);
  return (
    <Stack gap={2}>
      <Text size="sm" fw={500}>
        {item.summary}
      </Text>
      <Group gap={6} wrap="wrap">
        <Text size="xs" c="dimmed">
          {item.actorEmail}
        </Text>
        <Text size="xs" c="dimmed" aria-hidden="true">
          ·
        </Text>
        <Text size="xs" c="dimmed" component="time" dateTime={item.at}>
          {date ? formatDateTime(date) : item.at}
        </Text>
      </Group>
    </Stack>
  );
}
