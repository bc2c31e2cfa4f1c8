import { Alert, Select, Skeleton, Stack } from '@mantine/core';
import { useState } from 'react';

import { CommandErrorAlert } from '@/components/command-error-alert';
import { PageHeader } from '@/components/page-header';
import { ActivityList } from '@/features/activity/components/activity-list';
import { useOverview } from '@/features/orgs/hooks/use-overview';

export function ActivityRoute() {
  const overview = useOverview();
  const [chosenParentId, setChosenParentId] = useState<string | null>(null);
  const parents = overview.data?.parents ?? [];
  const parent = parents.find((candidate) => candidate.id === chosenParentId) ?? parents[0] ?? null;

  return (
    <>
      <PageHeader
        title="Activity"
        description="The audit log of your parent organization: every change, by whom and when, as of the last sync."
      />
      <Stack gap="md">
        {parents.length > 1 && (
          <Select
            label="Parent organization"
            data={parents.map((candidate) => ({ value: candidate.id, label: candidate.name }))}
            value={parent?.id ?? null}
            onChange={setChosenParentId}
            allowDeselect={false}
            maw={360}
          />
        )}
        {overview.isPending ? (
          <Skeleton height={200} aria-label="Loading" />
        ) : overview.isError ? (
          <CommandErrorAlert error={overview.error} title="The local cache could not be read" />
        ) : parent ? (
          <ActivityList parentId={parent.id} parentName={parent.name} />
        ) : (
          <Alert color="gray" variant="light" title="No parent organization yet">
            The local cache is empty. The audit log appears here after the first sync with the backend.
          </Alert>
        )}
      </Stack>
    </>
  );
}
