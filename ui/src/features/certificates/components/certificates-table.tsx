import { Badge, Button, Group, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { createColumnHelper, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useMemo } from 'react';

import { CopyValueButton } from '@/components/copy-value-button';
import { DataTable } from '@/components/data-table';
import { daysLeftWords, shortFingerprint } from '@/lib/certificate-words';
import { formatDate } from '@/lib/time';

import type { KnownCertificate } from '../types';
import { lastAssertionLabel, publishedLabel, roleLabel, SEVERITY_TONES, yesNo } from '../utils/labels';
import { commonName } from '../utils/timeline';

const column = createColumnHelper<KnownCertificate>();

/** A certificate's row id: the same certificate may serve two parents, so the parent is part of it. */
export function certificateRowId(certificate: KnownCertificate): string {
  return `${certificate.parentId}-${certificate.sha256}`;
}

interface CertificatesTableProps {
  certificates: KnownCertificate[];
  onOpen: (sha256: string) => void;
}

/**
 * Every known certificate, soonest expiry first, with the three-way comparison: does the backend
 * have it, does the IdP publish it, and did the last test sign-in use it.
 */
export function CertificatesTable({ certificates, onOpen }: CertificatesTableProps) {
  const sorted = useMemo(() => [...certificates].sort((a, b) => a.daysLeft - b.daysLeft), [certificates]);
  const columns = useMemo(
    () => [
      column.accessor('parentName', {
        header: 'Parent',
        cell: (info) => (
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
            {info.getValue()}
          </Text>
        ),
      }),
      column.accessor('subject', {
        header: 'Subject',
        cell: (info) => (
          <Text size="sm" fw={500} title={info.getValue()} maw={220} style={{ overflowWrap: 'anywhere' }}>
            {commonName(info.getValue())}
          </Text>
        ),
      }),
      column.accessor('sha256', {
        header: 'SHA-256',
        cell: (info) => (
          <Group gap={6} wrap="nowrap">
            <Tooltip label={info.getValue()} multiline w={320} withArrow>
              <Text size="xs" ff="monospace" style={{ whiteSpace: 'nowrap' }} tabIndex={0} aria-label={`SHA-256 ${info.getValue()}`}>
                {shortFingerprint(info.getValue())}
              </Text>
            </Tooltip>
            <CopyValueButton value={info.getValue()} what={`the SHA-256 fingerprint of ${commonName(info.row.original.subject)}`} />
          </Group>
        ),
      }),
      column.accessor('notAfter', {
        header: 'Expires',
        cell: (info) => (
          <Stack gap={0}>
            <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
              {formatDate(info.getValue())}
            </Text>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} data-testid="certificate-days-left">
              {daysLeftWords(info.row.original.daysLeft)}
            </Text>
          </Stack>
        ),
      }),
      column.accessor('severity', {
        header: 'Severity',
        cell: (info) => {
          const tone = SEVERITY_TONES[info.getValue()];
          return (
            <Badge color={tone.color} variant={info.getValue() === 'ok' ? 'light' : 'filled'} tt="none" miw="max-content" data-testid="certificate-severity">
              {tone.label}
            </Badge>
          );
        },
      }),
      column.accessor('role', {
        header: 'Role',
        cell: (info) => (
          <Text size="sm" c={info.getValue() === null ? 'dimmed' : undefined} style={{ whiteSpace: 'nowrap' }} data-testid="certificate-role">
            {roleLabel(info.getValue())}
          </Text>
        ),
      }),
      column.accessor('configured', {
        header: 'On the backend',
        cell: (info) => (
          <Text size="sm" style={{ whiteSpace: 'nowrap' }} data-testid="certificate-configured">
            {yesNo(info.getValue())}
          </Text>
        ),
      }),
      column.accessor('published', {
        header: 'Published by IdP',
        cell: (info) => (
          <Text size="sm" c={info.getValue() === null ? 'dimmed' : undefined} style={{ whiteSpace: 'nowrap' }} data-testid="certificate-published">
            {publishedLabel(info.getValue())}
          </Text>
        ),
      }),
      column.accessor('usedByLastAssertion', {
        header: 'Last test assertion',
        cell: (info) => (
          <Text size="sm" c={info.getValue() === null ? 'dimmed' : undefined} style={{ whiteSpace: 'nowrap' }} data-testid="certificate-last-assertion">
            {lastAssertionLabel(info.getValue())}
          </Text>
        ),
      }),
      column.display({
        id: 'actions',
        header: () => <VisuallyHidden>Actions</VisuallyHidden>,
        cell: (info) => (
          <Button
            size="xs"
            variant="light"
            onClick={() => onOpen(info.row.original.sha256)}
            aria-label={`Details of ${commonName(info.row.original.subject)}`}
            aria-haspopup="dialog"
            data-testid={`certificate-open-${info.row.original.sha256}`}
          >
            Details
          </Button>
        ),
      }),
    ],
    [onOpen],
  );

  const table = useReactTable({ data: sorted, columns, getCoreRowModel: getCoreRowModel(), getRowId: certificateRowId });

  return (
    <DataTable
      table={table}
      caption="Every certificate SSO Desk knows, soonest expiry first"
      minWidth={1360}
      rowProps={(certificate) => ({
        'data-testid': `certificate-row-${certificate.sha256}`,
        'data-severity': certificate.severity,
      })}
    />
  );
}
