import { Alert, Card, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';

import { CommandErrorAlert } from '@/components/command-error-alert';
import { RelativeTime } from '@/components/relative-time';

import { useCertificates } from '../hooks/use-certificates';
import { defaultPolicy } from '../utils/policy';
import { AutostartSetting } from './autostart-setting';
import { CertificateDrawer, type CertificateDetails } from './certificate-drawer';
import { CertificatesTable } from './certificates-table';
import { ExpiryPolicyEditor } from './expiry-policy-editor';
import { ExpiryTimeline } from './expiry-timeline';
import { FindingsList } from './findings-list';

/** A parent organization as the app layer knows it: its name, and whether the signed-in role may change its settings. */
export interface CertificateParent {
  id: string;
  name: string;
  canManage: boolean;
}

interface CertificatesOverviewProps {
  parents: CertificateParent[];
  /** The certificate whose detail is open, by SHA-256; the app layer owns it so a notification can open one. */
  openSha256: string | null;
  onOpen: (sha256: string) => void;
  onClose: () => void;
  /** Serial, SHA-1 and key of a certificate, when the app layer has them from the SSO connections. */
  detailsOf?: (sha256: string) => CertificateDetails | null;
}

/** The certificate watch: findings, upcoming expiries, every known certificate, the policies and the login setting. */
export function CertificatesOverview({ parents, openSha256, onOpen, onClose, detailsOf }: CertificatesOverviewProps) {
  const inventory = useCertificates();
  const parentName = (parentId: string) =>
    parents.find((parent) => parent.id === parentId)?.name ??
    inventory.data?.certificates.find((certificate) => certificate.parentId === parentId)?.parentName ??
    parentId;
  const drawer = (
    <CertificateDrawer
      sha256={openSha256}
      certificates={inventory.data?.certificates.filter((certificate) => certificate.sha256 === openSha256) ?? []}
      loading={inventory.isPending}
      details={openSha256 ? (detailsOf?.(openSha256) ?? null) : null}
      onClose={onClose}
    />
  );

  if (inventory.isPending) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label="Loading certificates">
        <Skeleton height={28} width="40%" />
        <Skeleton height={200} />
        {drawer}
      </Stack>
    );
  }
  if (inventory.isError) {
    return <CommandErrorAlert error={inventory.error} title="The local cache could not be read" />;
  }

  const { certificates, findings, policies, lastCheckedAt } = inventory.data;
  // Every parent gets an editor, with the defaults until the cache has its policy.
  const parentIds = [...new Set([...parents.map((parent) => parent.id), ...policies.map((policy) => policy.parentId)])];

  return (
    <Stack gap="lg">
      <Text size="sm" c="dimmed" data-testid="watch-last-checked">
        {lastCheckedAt ? (
          <>
            The background watch last checked <RelativeTime value={lastCheckedAt} />.
          </>
        ) : (
          'The background watch has not run yet.'
        )}
      </Text>

      <FindingsList findings={findings} parentName={parentName} onOpen={onOpen} />

      <ExpiryTimeline certificates={certificates} policies={policies} />

      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="certificates-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="certificates-title">
            Certificates
          </Title>
          {certificates.length === 0 ? (
            <Alert color="gray" variant="light" title="No certificate yet" data-testid="certificates-empty">
              Certificates appear here once an SSO connection is saved, or its metadata URL publishes one.
            </Alert>
          ) : (
            <CertificatesTable certificates={certificates} onOpen={onOpen} />
          )}
        </Stack>
      </Card>

      <Stack gap="sm" component="section" aria-labelledby="policies-title">
        <Title order={2} size="h4" id="policies-title">
          Expiry policies
        </Title>
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          {parentIds.map((parentId) => {
            const policy = policies.find((candidate) => candidate.parentId === parentId) ?? defaultPolicy(parentId);
            return (
              <ExpiryPolicyEditor
                // A policy saved or synced from elsewhere starts the editor over; unsaved edits of the same policy stay.
                key={`${parentId}-${JSON.stringify(policy)}`}
                policy={policy}
                parentName={parentName(parentId)}
                canManage={parents.find((parent) => parent.id === parentId)?.canManage ?? false}
              />
            );
          })}
        </SimpleGrid>
      </Stack>

      <AutostartSetting />
      {drawer}
    </Stack>
  );
}
