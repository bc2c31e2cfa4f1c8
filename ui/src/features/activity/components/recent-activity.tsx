import { Anchor, Card, Group, Skeleton, Stack, Title } from '@mantine/core';

import { CommandErrorAlert } from '@/components/command-error-alert';

import { useActivity } from '../hooks/use-activity';
import { ActivityNotice } from './activity-notice';
import { ActivityRow } from './activity-row';

/** How many events the overview shows. */
const RECENT_COUNT = 5;

interface RecentActivityProps {
  parentId: string;
  parentName: string;
  /** Opens the Activity page. */
  onShowAll: () => void;
}

/** The newest few audit events of a parent, with a way to the full list. */
export function RecentActivity({ parentId, parentName, onShowAll }: RecentActivityProps) {
  const activity = useActivity(parentId);
  const items = activity.data?.access === 'ok' ? activity.data.items.slice(0, RECENT_COUNT) : [];

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="recent-activity-title" data-testid="recent-activity">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="recent-activity-title">
            Recent activity
          </Title>
          <Anchor component="button" type="button" size="sm" onClick={onShowAll} data-testid="show-all-activity">
            View all activity
          </Anchor>
        </Group>
        {activity.isPending ? (
          <Skeleton height={48} aria-label="Loading activity" />
        ) : activity.isError ? (
          <CommandErrorAlert error={activity.error} title="Activity could not be read" />
        ) : items.length === 0 ? (
          <ActivityNotice access={activity.data.access} parentName={parentName} />
        ) : (
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {items.map((item) => (
              <li key={item.id}>
                <ActivityRow item={item} />
              </li>
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
