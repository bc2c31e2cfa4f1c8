import { Alert, Badge, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';

import { CommandErrorAlert } from '@/components/command-error-alert';

import { useOverview } from '../hooks/use-overview';
import type { OrgView, ParentView } from '../types';
import { MANAGE_RULE } from '../utils/labels';
import { OrgsTable } from './orgs-table';
import { RenameOrgModal } from './rename-org-modal';

/** Every parent organization in the cache with its organizations, and the rename dialog. */
export function ParentsOverview() {
  const overview = useOverview();
  const [renaming, setRenaming] = useState<OrgView | null>(null);
  const onRename = useCallback((org: OrgView) => setRenaming(org), []);
  const closeRename = useCallback(() => setRenaming(null), []);

  if (overview.isPending) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label="Loading organizations">
        <Skeleton height={28} width="40%" />
        <Skeleton height={160} />
      </Stack>
    );
  }
  if (overview.isError) {
    return <CommandErrorAlert error={overview.error} title="The local cache could not be read" />;
  }
  if (overview.data.parents.length === 0) {
    return (
      <Alert variant="light" color="gray" title="No organizations yet" data-testid="overview-empty">
        The local cache is empty. Your organizations appear here after the first sync with the backend.
      </Alert>
    );
  }

  return (
    <Stack gap="lg">
      {overview.data.parents.map((parent) => (
        <ParentCard key={parent.id} parent={parent} onRename={onRename} />
      ))}
      <RenameOrgModal org={renaming} onClose={closeRename} />
    </Stack>
  );
}

function ParentCard({ parent, onRename }: { parent: ParentView; onRename: (org: OrgView) => void }) {
  const headingId = `parent-${parent.id}-title`;
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={headingId} data-testid={`parent-${parent.id}`}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="sm">
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Parent organization
            </Text>
            <Title order={2} size="h3" id={headingId}>
              {parent.name}
            </Title>
          </div>
          {parent.canManage ? (
            <Badge color="green" variant="light">
              You can manage its SSO settings
            </Badge>
          ) : (
            <Badge color="gray" variant="light">
              View only
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {parent.canManage
            ? 'Its SSO settings (domains, identity provider, enforcement, provisioning, certificate) apply to all of the organizations below.'
            : `You can see this parent organization but not change its SSO settings. ${MANAGE_RULE}`}
        </Text>
        {parent.orgs.length === 0 ? (
          <Text size="sm">No organizations belong to this parent yet.</Text>
        ) : (
          <OrgsTable parentName={parent.name} orgs={parent.orgs} onRename={onRename} />
        )}
      </Stack>
    </Card>
  );
}
