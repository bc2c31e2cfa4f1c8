import { Stack, Text, Title } from '@mantine/core';

import { PerParentList } from '@/components/per-parent-list';

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

  return (
    <PerParentList query={sso} what="SSO connections" emptyWhat="its SSO connection" emptyTestId="sso-empty" placeholderHeight={200}>
      {(parents) =>
        parents.map((parent) => <ParentSso key={parent.parentId} parent={parent} onShowChanges={onShowChanges} />)
      }
    </PerParentList>
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
