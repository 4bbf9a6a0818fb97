import { useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import {
  useReactTable, getCoreRowModel, getSortedRowModel, flexRender,
  type ColumnDef, type SortingState,
} from '@tanstack/react-table';
import Papa from 'papaparse';
import { useT } from '../i18n';

export interface Column<T> {
  id: string;
  header: string;
  /** The value sorted on and exported to CSV. */
  value: (row: T) => string | number | null | undefined;
  /** What the cell shows (default: the value). */
  cell?: (row: T) => ComponentChildren;
  sortable?: boolean;
}

/**
 * A real table (caption, column headers, sortable by keyboard) built on TanStack Table, with an
 * "Export CSV" button that writes every row with the column values (papaparse).
 */
export function DataTable<T>({ caption, rows, columns, csvName, rowId, testId }: {
  caption: string; rows: T[]; columns: Column<T>[]; csvName: string; rowId: (row: T) => string; testId?: string;
}) {
  const { t } = useT();
  const [sorting, setSorting] = useState<SortingState>([]);
  const defs: ColumnDef<T>[] = columns.map(c => ({
    id: c.id,
    header: c.header,
    accessorFn: row => c.value(row) ?? '',
    enableSorting: c.sortable !== false,
    cell: info => (c.cell ? c.cell(info.row.original) : String(c.value(info.row.original) ?? '')),
  }));
  const table = useReactTable({
    data: rows, columns: defs, state: { sorting }, onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel(), getRowId: row => rowId(row),
  });

  const exportCsv = () => {
    const csv = Papa.unparse({
      fields: columns.map(c => c.header),
      data: table.getRowModel().rows.map(r => columns.map(c => c.value(r.original) ?? '')),
    });
    const url = URL.createObjectURL(new Blob(['\ufeff' + csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${csvName}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <div class="table-wrap" data-testid={testId}>
      <div class="table-tools">
        <button type="button" class="secondary" onClick={exportCsv}>{t('exportCsv')}</button>
      </div>
      <table>
        <caption>{caption}</caption>
        <thead>
          {table.getHeaderGroups().map(group => (
            <tr key={group.id}>
              {group.headers.map(header => {
                const sorted = header.column.getIsSorted();
                return (
                  <th key={header.id} scope="col" aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}>
                    {header.column.getCanSort() ? (
                      <button type="button" class="sort" onClick={header.column.getToggleSortingHandler()}
                        title={`${t('sortBy')} ${String(header.column.columnDef.header)}`}>
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}</span>
                      </button>
                    ) : flexRender(header.column.columnDef.header, header.getContext())}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.length === 0 ? (
            <tr><td colSpan={columns.length} class="empty">{t('nothingHere')}</td></tr>
          ) : table.getRowModel().rows.map(row => (
            <tr key={row.id} data-row={row.id}>
              {row.getVisibleCells().map(cell => <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
