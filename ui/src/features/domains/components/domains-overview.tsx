import { Alert, Card, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';

import { CommandErrorAlert } from '@/components/command-error-alert';

import { useDomains } from '../hooks/use-domains';
import type { DomainsOfParent } from '../types';
import { VIEW_ONLY_NOTE } from '../utils/labels';
import { AddDomainForm } from './add-domain-form';
import { DomainDetailDrawer } from './domain-detail-drawer';
import { DomainsTable } from './domains-table';
import { GlobalSsoSettings } from './global-sso-settings';

/** Every parent organization's domains, each under its name, and one domain's detail at a time. */
export function DomainsOverview() {
  const domains = useDomains();
  const [openId, setOpenId] = useState<string | null>(null);
  const open = useCallback((domainId: string) => setOpenId(domainId), []);
  const close = useCallback(() => setOpenId(null), []);

  if (domains.isPending) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label="Loading domains">
        <Skeleton height={28} width="40%" />
        <Skeleton height={160} />
      </Stack>
    );
  }
  if (domains.isError) {
    return <CommandErrorAlert error={domains.error} title="The local cache could not be read" />;
  }
  if (domains.data.length === 0) {
    return (
      <Alert variant="light" color="gray" title="No parent organization yet" data-testid="domains-empty">
        The local cache is empty. Your parent organization and its domains appear here after the first sync with the
        backend.
      </Alert>
    );
  }

  return (
    <Stack gap="xl">
      {domains.data.map((parent) => (
        <ParentDomains key={parent.parentId} parent={parent} onOpen={open} />
      ))}
      <DomainDetailDrawer parents={domains.data} domainId={openId} onClose={close} />
    </Stack>
  );
}

function ParentDomains({ parent, onOpen }: { parent: DomainsOfParent; onOpen: (domainId: string) => void }) {
  const headingId = `domains-parent-${parent.parentId}-title`;
  return (
    <Stack gap="md" component="section" aria-labelledby={headingId} data-testid={`domains-parent-${parent.parentId}`}>
      <div>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          Parent organization
        </Text>
        <Title order={2} size="h3" id={headingId}>
          {parent.parentName}
        </Title>
      </div>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={`${headingId}-domains`}>
        <Stack gap="md">
          <Title order={3} size="h4" id={`${headingId}-domains`}>
            Domains
          </Title>
          {parent.canManage ? (
            <AddDomainForm parentId={parent.parentId} parentName={parent.parentName} onOpen={onOpen} />
          ) : (
            <Text size="sm" c="dimmed">
              {VIEW_ONLY_NOTE}
            </Text>
          )}
          {parent.domains.length === 0 ? (
            <Text size="sm" data-testid={`no-domains-${parent.parentId}`}>
              No domains yet. Add your company’s email domain to verify that you own it.
            </Text>
          ) : (
            <DomainsTable parentName={parent.parentName} domains={parent.domains} onOpen={onOpen} />
          )}
        </Stack>
      </Card>
      <GlobalSsoSettings parent={parent} />
    </Stack>
  );
}
