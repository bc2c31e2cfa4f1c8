import { Alert, Skeleton, Stack, Text, Title } from '@mantine/core';

import { CommandErrorAlert } from '@/components/command-error-alert';

import { useSso } from '../hooks/use-sso';
import type { SsoOfParent } from '../types';
import { ConnectIdp } from './connect-idp';
import { ConnectionCard } from './connection-card';
import { RotationChecklist } from './rotation-checklist';

interface SsoOverviewProps {
  /** Opens the page where queued changes and their conflicts are resolved. */
  onShowChanges: () => void;
}

/** Every parent organization's SSO connection, each under its name (MSP admins have several). */
export function SsoOverview({ onShowChanges }: SsoOverviewProps) {
  const sso = useSso();

  if (sso.isPending) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label="Loading SSO connections">
        <Skeleton height={28} width="40%" />
        <Skeleton height={200} />
      </Stack>
    );
  }
  if (sso.isError) {
    return <CommandErrorAlert error={sso.error} title="The local cache could not be read" />;
  }
  if (sso.data.length === 0) {
    return (
      <Alert variant="light" color="gray" title="No parent organization yet" data-testid="sso-empty">
        The local cache is empty. Your parent organization and its SSO connection appear here after the first sync with the
        backend.
      </Alert>
    );
  }
  return (
    <Stack gap="xl">
      {sso.data.map((parent) => (
        <ParentSso key={parent.parentId} parent={parent} onShowChanges={onShowChanges} />
      ))}
    </Stack>
  );
}

function ParentSso({ parent, onShowChanges }: { parent: SsoOfParent; onShowChanges: () => void }) {
  const headingId = `sso-parent-${parent.parentId}-title`;
  return (
    <Stack gap="md" component="section" aria-labelledby={headingId} data-testid={`sso-parent-${parent.parentId}`}>
      <div>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          Parent organization
        </Text>
        <Title order={2} size="h3" id={headingId}>
          {parent.parentName}
        </Title>
      </div>
      {parent.connection && (
        <>
          <ConnectionCard parent={parent} connection={parent.connection} onShowChanges={onShowChanges} />
          <RotationChecklist parent={parent} connection={parent.connection} />
        </>
      )}
      <ConnectIdp parent={parent} />
    </Stack>
  );
}
