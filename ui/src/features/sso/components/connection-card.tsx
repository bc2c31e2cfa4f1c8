import { Alert, Badge, Box, Button, Card, Code, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';

import { CommandErrorAlert, sentence } from '@/components/command-error-alert';
import { RelativeTime } from '@/components/relative-time';
import type { CommandError } from '@/lib/ipc-types';

import { useRefreshPublishedMetadata, useRemoveSsoConnection } from '../hooks/use-sso';
import type { PendingSsoChange, PublishedMetadataView, SsoConnectionView, SsoOfParent } from '../types';
import { idpGuide } from '../utils/idp-guides';
import { PENDING_CHANGE_TONES, STATUS_TONES } from '../utils/labels';
import { CertificateItem } from './certificate-item';
import { bindingName } from './metadata-preview';

interface ConnectionCardProps {
  parent: SsoOfParent;
  connection: SsoConnectionView;
  /** Opens the page where queued changes and their conflicts are resolved. */
  onShowChanges: () => void;
}

/** The parent's current SSO connection as the cache has it, with its queued change and its actions. */
export function ConnectionCard({ parent, connection, onShowChanges }: ConnectionCardProps) {
  const status = STATUS_TONES[connection.status];
  const headingId = `sso-connection-${parent.parentId}-title`;
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={headingId} data-testid="sso-connection">
      <Stack gap="md">
        <Group justify="space-between" gap="sm">
          <Group gap="sm">
            <Title order={3} size="h4" id={headingId}>
              Current connection
            </Title>
            <Badge color={status.color} variant="light" tt="none" data-testid="connection-status" data-status={connection.status}>
              {status.label}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {idpGuide(connection.idp).name} · updated <RelativeTime value={connection.updatedAt} />
          </Text>
        </Group>
        <Text size="sm" c="dimmed">
          {status.detail}
          {connection.status === 'draft' && ' Test sign-in is not available in this version yet.'}
        </Text>

        {parent.pendingChange && <PendingChangeNotice change={parent.pendingChange} onShowChanges={onShowChanges} />}

        <Box component="dl" m={0} style={{ display: 'grid', gridTemplateColumns: 'max-content minmax(0, 1fr)', gap: '6px 16px' }}>
          <Fact label="Entity ID">
            <Code style={{ wordBreak: 'break-all' }} data-testid="connection-entity-id">
              {connection.entityId}
            </Code>
          </Fact>
          <Fact label="SSO URL">
            <Code style={{ wordBreak: 'break-all' }} data-testid="connection-sso-url">
              {connection.ssoUrl}
            </Code>{' '}
            <Text span size="xs" c="dimmed">
              ({bindingName(connection.ssoBinding)})
            </Text>
          </Fact>
          <Fact label="NameID formats">
            <Text span size="sm" style={{ overflowWrap: 'anywhere' }}>
              {connection.nameIdFormats.length > 0 ? connection.nameIdFormats.join(', ') : 'None listed'}
            </Text>
          </Fact>
          <Fact label="Metadata">
            {connection.metadataUrl ? (
              <Code style={{ wordBreak: 'break-all' }}>{connection.metadataUrl}</Code>
            ) : (
              <Text span size="sm">
                Imported from a file or pasted, so SSO Desk cannot watch it for new certificates.
              </Text>
            )}
          </Fact>
        </Box>

        <Stack gap="xs" component="section" aria-label="Certificates the backend accepts">
          <Text size="sm" fw={600}>
            Signing certificates the backend accepts ({connection.certificates.length})
          </Text>
          {connection.certificates.map((certificate, index) => (
            <CertificateItem key={certificate.sha256} certificate={certificate} data-testid={`connection-cert-${index}`} />
          ))}
        </Stack>

        {connection.metadataUrl && <PublishedMetadata parentId={parent.parentId} published={parent.published} />}

        <RemoveConnection parent={parent} />
      </Stack>
    </Card>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <Text component="dt" size="sm" fw={600}>
        {label}
      </Text>
      <Box component="dd" m={0}>
        {children}
      </Box>
    </>
  );
}

function PendingChangeNotice({ change, onShowChanges }: { change: PendingSsoChange; onShowChanges: () => void }) {
  const tone = PENDING_CHANGE_TONES[change.state];
  const text =
    change.state === 'pending'
      ? 'A change to this connection is saved here and waits to be sent to the backend.'
      : change.state === 'conflict'
        ? 'Someone changed the connection on the backend after you made your change. Decide which one to keep under Pending changes.'
        : 'The backend refused the last change to this connection. Discard it under Pending changes to show the backend’s connection again.';
  return (
    <Alert
      color={tone.color}
      variant="light"
      title={tone.label}
      data-testid="pending-sso-change"
      data-state={change.state}
    >
      <Stack gap={6} align="flex-start">
        <Text size="sm">{text}</Text>
        {change.lastError && (
          <Text size="sm">
            <Text span inherit fw={600}>
              {change.state === 'rejected' ? 'Reason: ' : 'Last error: '}
            </Text>
            {sentence(change.lastError)}
          </Text>
        )}
        {change.state !== 'pending' && (
          <Button size="xs" variant="light" onClick={onShowChanges} data-testid="show-changes">
            Open Pending changes
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

function PublishedMetadata({ parentId, published }: { parentId: string; published: PublishedMetadataView | null }) {
  const refresh = useRefreshPublishedMetadata(parentId);
  return (
    <Stack gap="xs" component="section" aria-label="What the metadata URL publishes" data-testid="published-metadata">
      <Group justify="space-between" gap="xs">
        <Text size="sm" data-testid="published-state">
          {!published || !published.fetchedAt ? (
            'The metadata URL has not been fetched yet.'
          ) : (
            <>
              Metadata URL fetched <RelativeTime value={published.fetchedAt} />
              {published.error ? '; the last fetch failed.' : `: ${countCertificates(published.certificates.length)} published.`}
            </>
          )}
          {published?.nextFetchAt && (
            <Text span inherit c="dimmed">
              {' '}
              Next automatic fetch <RelativeTime value={published.nextFetchAt} direction="future" />.
            </Text>
          )}
        </Text>
        <Button size="xs" variant="default" onClick={() => refresh.mutate()} loading={refresh.isPending} data-testid="refresh-published">
          Refresh from metadata URL
        </Button>
      </Group>
      {published?.error && (
        <Alert color="orange" variant="light" title="The metadata URL could not be read" data-testid="published-error">
          {sentence(published.error)}
        </Alert>
      )}
      {refresh.error && (
        <CommandErrorAlert error={refresh.error} title="The metadata URL was not fetched" onClose={() => refresh.reset()} data-testid="refresh-error" />
      )}
    </Stack>
  );
}

function countCertificates(count: number): string {
  return count === 1 ? '1 signing certificate' : `${count} signing certificates`;
}

function RemoveConnection({ parent }: { parent: SsoOfParent }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<CommandError | null>(null);
  const remove = useRemoveSsoConnection(parent.parentId);

  const confirm = () => {
    setError(null);
    remove.mutate(undefined, {
      onSuccess: () => {
        setConfirming(false);
        notifications.show({ color: 'gray', title: 'SSO connection removed', message: `${parent.parentName} no longer has an SSO connection.` });
      },
      onError: (failure) => {
        setConfirming(false);
        setError(failure);
      },
    });
  };

  return (
    <Stack gap="xs">
      <Group gap="sm">
        <Button
          variant="subtle"
          color="red"
          onClick={() => setConfirming(true)}
          disabled={!parent.canManage || remove.isPending}
          data-testid="remove-connection"
        >
          Remove connection
        </Button>
        {!parent.canManage && (
          <Text size="xs" c="dimmed">
            Your role cannot remove this connection.
          </Text>
        )}
      </Group>
      {error && (
        <CommandErrorAlert
          error={error}
          title={error.code === 'forbidden' ? 'Your role cannot remove this connection' : 'The connection was not removed'}
          onClose={() => setError(null)}
          data-testid="remove-connection-error"
        />
      )}
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={`Remove the SSO connection of ${parent.parentName}?`}
        closeButtonProps={{ 'aria-label': 'Cancel' }}
        centered
      >
        <Stack gap="md">
          <Text size="sm">
            People of {parent.parentName} will no longer be able to sign in with SSO. If SSO is enforced, they will have to
            sign in with an email link instead. Connecting again needs the identity provider’s metadata.
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setConfirming(false)} disabled={remove.isPending}>
              Keep the connection
            </Button>
            <Button color="red" onClick={confirm} loading={remove.isPending} data-autofocus data-testid="confirm-remove-connection">
              Remove connection
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
