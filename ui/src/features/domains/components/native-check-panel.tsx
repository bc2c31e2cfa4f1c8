import { Alert, Group, Stack, Text } from '@mantine/core';

import { sentence } from '@/components/command-error-alert';
import { RelativeTime } from '@/components/relative-time';
import { formatDateTime, formatTimeOfDay, parseTimestamp } from '@/lib/time';

import type { Diagnostic, NativeCheck } from '../types';
import { verdictTone } from '../utils/labels';
import { PropagationTable } from './propagation-table';
import { StatusDot } from './status-dot';

interface NativeCheckPanelProps {
  check: NativeCheck | null;
  expected: string;
  pending: boolean;
}

/** The app's last check from this machine: verdict, when, diagnostics, and each source's answer. */
export function NativeCheckPanel({ check, expected, pending }: NativeCheckPanelProps) {
  if (!check) {
    return (
      <Text size="sm" c="dimmed" data-testid="no-native-check">
        Not checked from this machine yet. Select Check now to ask your resolver and every authoritative nameserver.
      </Text>
    );
  }
  const tone = verdictTone(check);
  const negativeCacheUntil = parseTimestamp(check.negativeCacheExpiresAt);
  return (
    <Stack gap="sm">
      <Group gap="xs" wrap="wrap">
        <StatusDot color={tone.color} />
        <Text size="sm" fw={600} data-testid="check-verdict" data-verdict={check.verdict}>
          {tone.label}
        </Text>
        <Text size="sm" c="dimmed">
          · checked <RelativeTime value={check.checkedAt} />
          {pending && check.nextCheckAt && (
            <>
              {' · next automatic check '}
              <RelativeTime value={check.nextCheckAt} direction="future" />
            </>
          )}
        </Text>
      </Group>
      <Text size="sm">{verdictExplanation(check)}</Text>
      {negativeCacheUntil && (
        <Text size="sm" data-testid="negative-cache">
          Resolvers may keep the old ‘no record’ answer until{' '}
          <time dateTime={check.negativeCacheExpiresAt ?? undefined} title={formatDateTime(negativeCacheUntil)}>
            {formatTimeOfDay(negativeCacheUntil)}
          </time>
          , even after you publish the record.
        </Text>
      )}
      {check.diagnostics.length > 0 && (
        <Stack gap="xs" component="section" aria-label="What looks wrong">
          {check.diagnostics.map((diagnostic) => (
            <DiagnosticAlert key={diagnostic.code} diagnostic={diagnostic} />
          ))}
        </Stack>
      )}
      <PropagationTable sources={check.sources} expected={expected} />
    </Stack>
  );
}

function DiagnosticAlert({ diagnostic }: { diagnostic: Diagnostic }) {
  return (
    <Alert color="orange" variant="light" title={sentence(diagnostic.message)} data-testid={`diagnostic-${diagnostic.code}`}>
      <Text size="sm">
        <Text span fw={600} inherit>
          How to fix:{' '}
        </Text>
        {sentence(diagnostic.fix)}
      </Text>
    </Alert>
  );
}

function verdictExplanation(check: NativeCheck): string {
  switch (check.verdict) {
    case 'verified':
      return 'Every authoritative nameserver has the record. The backend can verify the domain now.';
    case 'propagating':
      return 'Some authoritative nameservers have the record and some do not yet. This usually settles within minutes.';
    case 'not_published':
      return 'No authoritative nameserver has the record yet.';
    case 'error':
      return 'The check could not get a clear answer. See what each source said below.';
  }
}
