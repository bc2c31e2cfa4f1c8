import { Card, Stack, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';

import { PerParentList } from '@/components/per-parent-list';

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

  return (
    <PerParentList query={domains} what="domains" emptyWhat="its domains" emptyTestId="domains-empty">
      {(parents) => (
        <>
          {parents.map((parent) => (
            <ParentDomains key={parent.parentId} parent={parent} onOpen={open} />
          ))}
          <DomainDetailDrawer parents={parents} domainId={openId} onClose={close} />
        </>
      )}
    </PerParentList>
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
