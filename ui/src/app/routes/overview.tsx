import { SimpleGrid, Stack } from '@mantine/core';

import { PageHeader } from '@/components/page-header';
import { RecentActivity } from '@/features/activity/components/recent-activity';
import { PendingChangesPanel } from '@/features/changes/components/pending-changes-panel';
import { ParentsOverview } from '@/features/orgs/components/parents-overview';
import { useOverview } from '@/features/orgs/hooks/use-overview';

import { useNavigation } from '../navigation';

export function OverviewRoute() {
  const { navigate } = useNavigation();
  const overview = useOverview();
  const user = overview.data?.user;
  const parents = overview.data?.parents ?? [];

  return (
    <>
      <PageHeader
        title="Overview"
        description={
          <>
            {user ? `Signed in as ${user.name} (${user.email}). ` : ''}
            Your parent organization and its organizations, from the local cache. Renames are saved here at once and
            sent to the backend in the background.
          </>
        }
      />
      <Stack gap="lg">
        <ParentsOverview />
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <PendingChangesPanel />
          <Stack gap="lg">
            {parents.map((parent) => (
              <RecentActivity
                key={parent.id}
                parentId={parent.id}
                parentName={parent.name}
                onShowAll={() => navigate('activity')}
              />
            ))}
          </Stack>
        </SimpleGrid>
      </Stack>
    </>
  );
}
