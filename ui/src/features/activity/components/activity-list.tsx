import { Box, Skeleton, Stack, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';

import { CommandErrorAlert } from '@/components/command-error-alert';

import { useActivity } from '../hooks/use-activity';
import type { ActivityItem } from '../types';
import { ActivityNotice } from './activity-notice';
import { ActivityRow } from './activity-row';

/** Rows are measured once rendered; this is the first guess, one two-line row. */
const ESTIMATED_ROW_HEIGHT = 64;

interface ActivityListProps {
  parentId: string;
  parentName: string;
}

/** A parent's full audit log, newest first, virtualised so a long log scrolls smoothly. */
export function ActivityList({ parentId, parentName }: ActivityListProps) {
  const activity = useActivity(parentId);

  if (activity.isPending) {
    return (
      <Stack gap="xs" aria-busy="true" aria-label="Loading activity">
        <Skeleton height={48} />
        <Skeleton height={48} />
        <Skeleton height={48} />
      </Stack>
    );
  }
  if (activity.isError) return <CommandErrorAlert error={activity.error} title="Activity could not be read" />;
  if (activity.data.access !== 'ok' || activity.data.items.length === 0) {
    return <ActivityNotice access={activity.data.access} parentName={parentName} />;
  }
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed" role="status">
        {activity.data.items.length === 1 ? '1 event' : `${activity.data.items.length} events`}, newest first.
      </Text>
      <VirtualActivityList items={activity.data.items} parentName={parentName} />
    </Stack>
  );
}

function VirtualActivityList({ items, parentName }: { items: ActivityItem[]; parentName: string }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW_HEIGHT,
    getItemKey: (index) => items[index]?.id ?? index,
    overscan: 8,
    // Until the container is measured, assume a screenful so the first paint already has rows.
    initialRect: { width: 800, height: 600 },
  });

  return (
    <Box
      ref={scrollRef}
      data-testid="activity-list"
      tabIndex={0}
      aria-label={`Audit log of ${parentName}`}
      role="region"
      style={{
        height: 'max(320px, calc(100dvh - 280px))',
        overflowY: 'auto',
        border: '1px solid var(--mantine-color-default-border)',
        borderRadius: 'var(--mantine-radius-md)',
      }}
    >
      <div role="list" style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {virtualizer.getVirtualItems().map((row) => {
          const item = items[row.index];
          if (!item) return null;
          return (
            <div
              key={row.key}
              role="listitem"
              aria-setsize={items.length}
              aria-posinset={row.index + 1}
              data-index={row.index}
              ref={virtualizer.measureElement}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                width: '100%',
                transform: `translateY(${row.start}px)`,
                padding: 'var(--mantine-spacing-sm) var(--mantine-spacing-md)',
                borderBottom: '1px solid var(--mantine-color-default-border)',
              }}
            >
              <ActivityRow item={item} />
            </div>
          );
        })}
      </div>
    </Box>
  );
}
