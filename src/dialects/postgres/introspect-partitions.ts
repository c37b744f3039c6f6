import type { Table } from '../../core/model/schema.js';
import { relationIrName } from './user-namespaces.js';

/**
 * Partitioning and inheritance of a table (`c` is its pg_class row): the partition key of a
 * partitioned table, the parent and bound of a partition, and the INHERITS parents of a child, as
 * the server prints them. Selected with the table row, so they cost no query of their own.
 */
export function partitioningColumns(c: string): string {
  return `case when ${c}.relkind = 'p' then pg_get_partkeydef(${c}.oid) end as partkey,
    case when ${c}.relispartition then (select ${relationIrName('pc')} from pg_inherits ih join pg_class pc on pc.oid = ih.inhparent where ih.inhrelid = ${c}.oid) end as partparent,
    case when ${c}.relispartition then pg_get_expr(${c}.relpartbound, ${c}.oid) end as partbound,
    case when not ${c}.relispartition then
      (select json_agg(${relationIrName('pc')} order by ih.inhseqno) from pg_inherits ih join pg_class pc on pc.oid = ih.inhparent where ih.inhrelid = ${c}.oid) end as inherits`;
}

export interface PartitioningRow {
  partkey: string | null;
  partparent: string | null;
  partbound: string | null;
  inherits: unknown;
}

export function addPartitioning(table: Table, row: PartitioningRow): void {
  if (row.partkey !== null) table.partitionBy = row.partkey;
  if (row.partparent !== null && row.partbound !== null) table.partitionOf = { parent: row.partparent, bound: row.partbound };
  const inherits = typeof row.inherits === 'string' ? (JSON.parse(row.inherits) as string[]) : (row.inherits as string[] | null);
  if (inherits?.length) table.inherits = inherits;
}
