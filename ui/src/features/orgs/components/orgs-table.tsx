import { Badge, Button, Table, Text, VisuallyHidden } from '@mantine/core';
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useMemo } from 'react';

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

  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="sm" highlightOnHover>
        <caption style={{ captionSide: 'top', textAlign: 'left' }}>
          <VisuallyHidden>Organizations of {parentName}</VisuallyHidden>
        </caption>
        <Table.Thead>
          {table.getHeaderGroups().map((headerGroup) => (
            <Table.Tr key={headerGroup.id}>
              {headerGroup.headers.map((header) => (
                <Table.Th key={header.id} scope="col" style={header.column.id === 'actions' ? { textAlign: 'right' } : undefined}>
                  {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
                </Table.Th>
              ))}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {table.getRowModel().rows.map((row) => (
            <Table.Tr key={row.id} data-testid={`org-row-${row.original.id}`}>
              {row.getVisibleCells().map((cell) => (
                <Table.Td key={cell.id} style={cell.column.id === 'actions' ? { textAlign: 'right' } : undefined}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
