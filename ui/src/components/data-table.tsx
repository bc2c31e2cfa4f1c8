import { Table, VisuallyHidden } from '@mantine/core';
import { flexRender, type Table as TanStackTable } from '@tanstack/react-table';

interface DataTableProps<Row> {
  /** A TanStack table instance; columns, row ids and the row model come from it. */
  table: TanStackTable<Row>;
  /** Read by screen readers only: what the table lists. */
  caption: string;
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth: number;
  /** Attributes for each row (test ids, data-* state). */
  rowProps?: (row: Row) => Record<string, string>;
}

/**
 * Renders a TanStack table with Mantine's accessible table markup: a caption, column headers with
 * `scope="col"`, and an `actions` column (if any) aligned to the right.
 */
export function DataTable<Row>({ table, caption, minWidth, rowProps }: DataTableProps<Row>) {
  const alignment = (columnId: string) => (columnId === 'actions' ? { textAlign: 'right' as const } : undefined);
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table verticalSpacing="sm" highlightOnHover>
        <caption style={{ captionSide: 'top', textAlign: 'left' }}>
          <VisuallyHidden>{caption}</VisuallyHidden>
        </caption>
        <Table.Thead>
          {table.getHeaderGroups().map((headerGroup) => (
            <Table.Tr key={headerGroup.id}>
              {headerGroup.headers.map((header) => (
                <Table.Th key={header.id} scope="col" style={alignment(header.column.id)}>
                  {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
                </Table.Th>
              ))}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {table.getRowModel().rows.map((row) => (
            <Table.Tr key={row.id} {...rowProps?.(row.original)}>
              {row.getVisibleCells().map((cell) => (
                <Table.Td key={cell.id} style={alignment(cell.column.id)}>
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
