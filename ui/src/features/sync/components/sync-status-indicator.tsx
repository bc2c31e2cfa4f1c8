import { Badge, Button, Group, Loader, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';

import { RelativeTime } from '@/components/relative-time';
import { errorTitle } from '@/lib/errors';

import { useSyncNow, useSyncStatus } from '../hooks/use-sync-status';
import type { SyncStatus } from '../types';

/** "Last synced 3 min ago", a spinner while syncing, the count of unsent changes and "Sync now". */
export function SyncStatusIndicator() {
  const { data: status } = useSyncStatus();
  const syncNow = useSyncNow();
  const syncing = status?.state === 'syncing' || syncNow.isPending;

  const runSync = () =>
    syncNow.mutate(undefined, {
      onError: (error) =>
        notifications.show({ color: 'red', title: `Sync did not run: ${errorTitle(error).toLowerCase()}`, message: error.message }),
    });

  return (
    <Group gap="sm" wrap="nowrap" data-testid="sync-status" data-state={status?.state ?? 'unknown'}>
      <Group gap={6} wrap="nowrap">
        {syncing && <Loader size={14} aria-hidden="true" />}
        <Text size="sm" c="dimmed" data-testid="last-synced" style={{ whiteSpace: 'nowrap' }}>
          {syncing ? 'Syncing…' : <LastSynced status={status} />}
        </Text>
      </Group>
      {status && status.pendingChanges > 0 && (
        <Badge variant="light" color="yellow" miw="max-content" data-testid="pending-count">
          {status.pendingChanges === 1 ? '1 change to send' : `${status.pendingChanges} changes to send`}
        </Badge>
      )}
      <VisuallyHidden role="status" aria-live="polite">
        {describeForScreenReaders(status, syncing)}
      </VisuallyHidden>
      <Button size="xs" variant="default" style={{ flexShrink: 0 }} onClick={runSync} loading={syncNow.isPending} disabled={syncing} data-testid="sync-now">
        Sync now
      </Button>
    </Group>
  );
}

function LastSynced({ status }: { status: SyncStatus | undefined }) {
  if (!status) return <>Reading sync status…</>;
  if (!status.lastSyncedAt) return <>Never synced</>;
  return (
    <>
      Last synced <RelativeTime value={status.lastSyncedAt} />
    </>
  );
}

/** The live region announces state changes only, not the minute-by-minute relative time. */
function describeForScreenReaders(status: SyncStatus | undefined, syncing: boolean): string {
  if (!status) return '';
  const pending =
    status.pendingChanges > 0
      ? ` ${status.pendingChanges} ${status.pendingChanges === 1 ? 'change' : 'changes'} waiting to be sent.`
      : '';
  if (syncing) return 'Syncing with the backend.';
  switch (status.state) {
    case 'offline':
      return `Working offline.${pending}`;
    case 'error':
      return `Sync failed.${pending}`;
    default:
      return status.lastSyncedAt ? `Sync finished.${pending}` : `Not synced yet.${pending}`;
  }
}
