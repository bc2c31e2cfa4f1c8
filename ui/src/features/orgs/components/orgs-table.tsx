import { Badge, Button, Text, VisuallyHidden } from '@mantine/core';
import { createColumnHelper, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useMemo } from 'react';

import { DataTable } from '@/components/data-table';

import type { OrgView } from '../types';
import { kindLabel, roleLabel } from '../utils/labels';

const column = createColumnHelper<OrgView>();

interface OrgsTableProps {
  parentName: string;
  orgs: OrgView[];
  onRename: (org: OrgView) => void;
}

/** A parent's organizations: name, kind, the user's role, sync state, and Rename where allowed. */
export function OrgsTable({ parentName, orgs, onRename }: OrgsTableProps) {
  const columns = useMemo(
    () => [
      column.accessor('name', {
        header: 'Organization',
        cell: (info) => (
          <Text span size="sm" fw={500} data-testid={`org-name-${info.row.original.id}`}>
            {info.getValue()}
          </Text>
        ),
      }),
      column.accessor('kind', { header: 'Kind', cell: (info) => kindLabel(info.getValue()) }),
      column.accessor('role', { header: 'Your role', cell: (info) => roleLabel(info.getValue()) }),
      column.accessor('pending', {
        header: 'Sync',
        cell: (info) =>
          info.getValue() ? (
            <Badge color="yellow" variant="light" miw="max-content" data-testid={`org-pending-${info.row.original.id}`}>
              Pending sync
            </Badge>
          ) : (
            <Text span size="sm" c="dimmed">
              Up to date
            </Text>
          ),
      }),
      column.display({
        id: 'actions',
        header: () => <VisuallyHidden>Actions</VisuallyHidden>,
        cell: (info) => {
          const org = info.row.original;
          if (!org.canManage) {
            return (
              <Text span size="xs" c="dimmed">
                View only
              </Text>
            );
          }
          return (
            <Button
              size="xs"
              variant="light"
              onClick={() => onRename(org)}
              aria-label={`Rename ${org.name}`}
              data-testid={`rename-button-${org.id}`}
            >
              Rename
            </Button>
          );
        },
      }),
    ],
    [onRename],
  );

  const table = useReactTable({ data: orgs, columns, getCoreRowModel: getCoreRowModel(), getRowId: (org) => org.id });

  return <DataTable table={table} caption={`Organizations of ${parentName}`} minWidth={560} rowProps={(org) => ({ 'data-testid': `org-row-${org.id}` })} />;
}
