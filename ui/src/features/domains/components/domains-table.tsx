import { Badge, Button, Group, Loader, Text, VisuallyHidden } from '@mantine/core';
import { createColumnHelper, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useMemo } from 'react';

import { DataTable } from '@/components/data-table';
import { RelativeTime } from '@/components/relative-time';

import { useIsCheckingDomain } from '../hooks/use-domains';
import type { DomainView } from '../types';
import { STATUS_TONES, verdictTone } from '../utils/labels';
import { StatusDot } from './status-dot';

const column = createColumnHelper<DomainView>();

interface DomainsTableProps {
  parentName: string;
  domains: DomainView[];
  onOpen: (domainId: string) => void;
}

/** A parent's domains: name, the backend's status, the verdict of this machine's last check and when. */
export function DomainsTable({ parentName, domains, onOpen }: DomainsTableProps) {
  const columns = useMemo(
    () => [
      column.accessor('name', {
        header: 'Domain',
        cell: (info) => (
          <Text span size="sm" fw={500} ff="monospace" data-testid={`domain-name-${info.row.original.id}`}>
            {info.getValue()}
          </Text>
        ),
      }),
      column.accessor('status', {
        header: 'Status',
        cell: (info) => {
          const tone = STATUS_TONES[info.getValue()];
          return (
            <Badge color={tone.color} variant="light" tt="none" miw="max-content" data-testid={`domain-status-${info.row.original.id}`}>
              {tone.label}
            </Badge>
          );
        },
      }),
      column.display({
        id: 'verdict',
        header: 'DNS from this machine',
        cell: (info) => <VerdictCell domain={info.row.original} />,
      }),
      column.display({
        id: 'checked',
        header: 'Checked',
        cell: (info) => {
          const checkedAt = info.row.original.check?.checkedAt;
          return (
            <Text span size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }} data-testid={`domain-checked-${info.row.original.id}`}>
              {checkedAt ? <RelativeTime value={checkedAt} /> : 'Never'}
            </Text>
          );
        },
      }),
      column.display({
        id: 'actions',
        header: () => <VisuallyHidden>Actions</VisuallyHidden>,
        cell: (info) => (
          <Button
            size="xs"
            variant="light"
            onClick={() => onOpen(info.row.original.id)}
            aria-label={`Details of ${info.row.original.name}`}
            aria-haspopup="dialog"
            data-testid={`domain-open-${info.row.original.id}`}
          >
            Details
          </Button>
        ),
      }),
    ],
    [onOpen],
  );

  const table = useReactTable({ data: domains, columns, getCoreRowModel: getCoreRowModel(), getRowId: (domain) => domain.id });

  return <DataTable table={table} caption={`Domains of ${parentName}`} minWidth={640} rowProps={(domain) => ({ 'data-testid': `domain-row-${domain.id}`, 'data-status': domain.status })} />;
}

function VerdictCell({ domain }: { domain: DomainView }) {
  const checking = useIsCheckingDomain(domain.id);
  const tone = verdictTone(domain.check);
  return (
    <Group gap={8} wrap="nowrap">
      <StatusDot color={tone.color} />
      <Text
        span
        size="sm"
        c={domain.check ? undefined : 'dimmed'}
        data-testid={`domain-verdict-${domain.id}`}
        data-verdict={domain.check?.verdict ?? 'none'}
      >
        {tone.label}
      </Text>
      {checking && (
        <>
          <Loader size={12} aria-hidden="true" />
          <VisuallyHidden>(checking now)</VisuallyHidden>
        </>
      )}
    </Group>
  );
}
