import { Alert, Badge, Box, Button, Divider, Drawer, Group, List, Paper, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef, useState } from 'react';

import { CommandErrorAlert, sentence } from '@/components/command-error-alert';
import { RelativeTime } from '@/components/relative-time';
import type { CommandError } from '@/lib/ipc-types';

import { useCheckDomainNow, useRemoveDomain, useVerifyDomain } from '../hooks/use-domains';
import type { DomainsOfParent, DomainView } from '../types';
import { STATUS_TONES, verdictTone } from '../utils/labels';
import { NativeCheckPanel } from './native-check-panel';
import { TxtRecordFields } from './txt-record';

interface DomainDetailDrawerProps {
  parents: DomainsOfParent[];
  /** The domain to show; null closes the drawer. */
  domainId: string | null;
  onClose: () => void;
}

/** One domain in a side panel: what to publish, what to do, what DNS says, and its actions. */
export function DomainDetailDrawer({ parents, domainId, onClose }: DomainDetailDrawerProps) {
  const parent = parents.find((candidate) => candidate.domains.some((domain) => domain.id === domainId)) ?? null;
  const domain = parent?.domains.find((candidate) => candidate.id === domainId) ?? null;
  // Keep the last domain while the drawer animates closed, and close it if the domain goes away.
  const opened = domainId !== null && domain !== null;

  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size={880}
      padding="lg"
      title={domain ? <DrawerTitle domain={domain} /> : 'Domain'}
      closeButtonProps={{ 'aria-label': 'Close the domain details' }}
      data-testid="domain-detail"
    >
      {domain && parent && <DomainDetail key={domain.id} domain={domain} canManage={parent.canManage} onRemoved={onClose} />}
    </Drawer>
  );
}

function DrawerTitle({ domain }: { domain: DomainView }) {
  const tone = STATUS_TONES[domain.status];
  return (
    <Group gap="sm" component="span">
      <Text span fw={650} size="lg" ff="monospace">
        {domain.name}
      </Text>
      <Badge component="span" color={tone.color} variant="light" tt="none" data-testid="detail-status">
        {tone.label}
      </Badge>
    </Group>
  );
}

type Outcome = { tone: 'success' | 'info' | 'warning'; title: string; text?: string };

function DomainDetail({ domain, canManage, onRemoved }: { domain: DomainView; canManage: boolean; onRemoved: () => void }) {
  const checkNow = useCheckDomainNow(domain.id);
  const verify = useVerifyDomain(domain.id);
  const remove = useRemoveDomain(domain.id);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<{ action: 'check' | 'verify' | 'remove'; error: CommandError } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const running = checkNow.isPending || verify.isPending || remove.isPending;
  const pending = domain.status !== 'verified';

  const runCheck = () => {
    setOutcome(null);
    setError(null);
    checkNow.mutate(undefined, {
      onSuccess: (checked) =>
        setOutcome({
          tone: checked.check?.verdict === 'verified' ? 'success' : 'info',
          title: `Checked from this machine: ${verdictTone(checked.check).label}.`,
        }),
      onError: (failure) => setError({ action: 'check', error: failure }),
    });
  };

  const runVerify = () => {
    setOutcome(null);
    setError(null);
    verify.mutate(undefined, {
      onSuccess: (verified) => setOutcome(verifyOutcome(verified)),
      onError: (failure) => setError({ action: 'verify', error: failure }),
    });
  };

  const runRemove = () => {
    setOutcome(null);
    setError(null);
    remove.mutate(undefined, {
      onSuccess: () => {
        notifications.show({ color: 'gray', title: `${domain.name} removed`, message: 'It is no longer listed for this parent organization.' });
        onRemoved();
      },
      onError: (failure) => {
        if (failure.code === 'not_found') {
          notifications.show({ color: 'gray', title: `${domain.name} was already removed`, message: 'Someone removed it on the backend.' });
          onRemoved();
          return;
        }
        setError({ action: 'remove', error: failure });
      },
    });
  };

  return (
    <Stack gap="lg">
      <DomainFacts domain={domain} />

      {domain.failureReason && (
        <Alert
          color={domain.status === 'failed' ? 'red' : 'blue'}
          variant="light"
          title={domain.status === 'failed' ? 'Verification failed' : 'The backend’s last check'}
          data-testid="failure-reason"
        >
          {sentence(domain.failureReason)}
        </Alert>
      )}

      <Stack gap="xs" component="section" aria-labelledby="txt-record-title">
        <Title order={3} size="h5" id="txt-record-title">
          TXT record to publish
        </Title>
        <TxtRecordFields record={domain.txtRecord} />
      </Stack>

      {pending && (
        <Stack gap="xs" component="section" aria-labelledby="what-to-do-title">
          <Title order={3} size="h5" id="what-to-do-title">
            What to do
          </Title>
          <List type="ordered" size="sm" spacing={4}>
            <List.Item>Sign in to your DNS provider (where your domain’s nameservers are hosted) and add the TXT record above.</List.Item>
            <List.Item>
              Wait. DNS changes usually appear within about 10 minutes, and can take up to 24–48 hours to reach every
              resolver worldwide.
            </List.Item>
            <List.Item>
              Select Check now to see what DNS answers from this machine; SSO Desk also checks pending domains by itself.
              Once every authoritative nameserver has the record, select Verify to have the backend check it.
            </List.Item>
          </List>
        </Stack>
      )}

      <Stack gap="xs">
        <Group gap="xs">
          <Button onClick={runCheck} loading={checkNow.isPending} disabled={running} data-testid="check-now">
            Check now
          </Button>
          <Button
            variant={domain.check?.verdict === 'verified' ? 'filled' : 'default'}
            onClick={runVerify}
            loading={verify.isPending}
            disabled={running || !canManage || domain.status === 'verified'}
            data-testid="verify-domain"
          >
            Verify
          </Button>
          <Box style={{ flex: 1 }} />
          <Button
            variant="subtle"
            color="red"
            onClick={() => setConfirming(true)}
            disabled={running || !canManage || confirming}
            data-testid="remove-domain"
          >
            Remove
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          Check now looks up the record from this machine. Verify asks the backend to look it up itself; only the backend
          can mark the domain verified.
          {!canManage && ' Your role can check this domain but not verify or remove it.'}
        </Text>
        {confirming && (
          <RemoveConfirm
            domain={domain}
            removing={remove.isPending}
            onConfirm={runRemove}
            onCancel={() => setConfirming(false)}
          />
        )}
        <div role="status" aria-live="polite" data-testid="domain-action-status">
          {checkNow.isPending && <VisuallyHidden>Checking DNS from this machine…</VisuallyHidden>}
          {verify.isPending && <VisuallyHidden>Asking the backend to verify…</VisuallyHidden>}
          {outcome && (
            <Alert
              color={outcome.tone === 'success' ? 'green' : outcome.tone === 'warning' ? 'orange' : 'blue'}
              variant="light"
              title={outcome.title}
              role="note"
              data-testid="domain-action-outcome"
              withCloseButton
              closeButtonLabel="Dismiss"
              onClose={() => setOutcome(null)}
            >
              {outcome.text}
            </Alert>
          )}
        </div>
        {error && (
          <CommandErrorAlert
            error={error.error}
            title={actionErrorTitle(error.action, error.error)}
            advice={actionErrorAdvice(error.action, error.error)}
            onClose={() => setError(null)}
            data-testid="domain-action-error"
          />
        )}
      </Stack>

      <Divider />

      <Stack gap="xs" component="section" aria-labelledby="native-check-title" aria-busy={checkNow.isPending}>
        <Title order={3} size="h5" id="native-check-title">
          DNS from this machine
        </Title>
        <NativeCheckPanel check={domain.check} expected={domain.txtRecord.value} pending={pending} />
      </Stack>
    </Stack>
  );
}

function DomainFacts({ domain }: { domain: DomainView }) {
  return (
    <Text size="sm" c="dimmed">
      Added <RelativeTime value={domain.createdAt} />
      {domain.verifiedAt && (
        <>
          {' · verified '}
          <RelativeTime value={domain.verifiedAt} />
        </>
      )}
      {' · '}
      {domain.lastCheckedAt ? (
        <>
          backend last checked DNS <RelativeTime value={domain.lastCheckedAt} />
        </>
      ) : (
        'the backend has not checked DNS yet'
      )}
    </Text>
  );
}

function RemoveConfirm({
  domain,
  removing,
  onConfirm,
  onCancel,
}: {
  domain: DomainView;
  removing: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    <Paper withBorder p="sm" radius="md" role="group" aria-labelledby="remove-domain-title" data-testid="remove-domain-confirm">
      <Stack gap="xs">
        <Text fw={600} size="sm" id="remove-domain-title">
          Remove {domain.name}?
        </Text>
        <Text size="sm">
          {domain.status === 'verified'
            ? 'It will no longer count as verified for this parent organization. To use it again, you will have to add and verify it again.'
            : 'Its verification token stops working; adding it again issues a new one.'}
        </Text>
        <Group gap="xs" justify="flex-end">
          <Button variant="default" size="xs" onClick={onCancel} disabled={removing}>
            Cancel
          </Button>
          <Button ref={confirmRef} color="red" size="xs" onClick={onConfirm} loading={removing} data-testid="confirm-remove-domain">
            Remove domain
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function verifyOutcome(domain: DomainView): Outcome {
  switch (domain.status) {
    case 'verified':
      return { tone: 'success', title: `The backend verified ${domain.name}.` };
    case 'pending':
      return {
        tone: 'warning',
        title: 'The backend did not find the record yet.',
        text: domain.failureReason
          ? sentence(domain.failureReason)
          : 'DNS changes can take a while to reach the backend’s resolver. Try again in a few minutes.',
      };
    case 'failed':
      return {
        tone: 'warning',
        title: 'Verification failed.',
        text: domain.failureReason ? sentence(domain.failureReason) : undefined,
      };
  }
}

function actionErrorTitle(action: 'check' | 'verify' | 'remove', error: CommandError): string | undefined {
  switch (action) {
    case 'check':
      return 'The DNS check did not run';
    case 'verify':
      if (error.code === 'forbidden') return 'Your role cannot verify this domain';
      if (error.code === 'not_found') return 'This domain no longer exists on the backend';
      return error.code === 'unreachable' ? 'The backend cannot be reached' : undefined;
    case 'remove':
      if (error.code === 'forbidden') return 'Your role cannot remove this domain';
      return error.code === 'unreachable' ? 'The backend cannot be reached' : undefined;
  }
}

function actionErrorAdvice(action: 'check' | 'verify' | 'remove', error: CommandError): string | null | undefined {
  if (error.code !== 'unreachable') return undefined;
  if (action === 'verify') return 'Verifying needs the backend: it checks DNS itself. Check now still works from this machine.';
  if (action === 'remove') return 'Removing a domain needs the backend. Check your network, then try again.';
  return undefined;
}
