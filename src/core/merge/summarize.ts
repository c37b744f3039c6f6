import type { CheckConstraint, Column, Deferrable, ForeignKey, Index, PrimaryKey, Table, UniqueConstraint, View } from '../model/schema.js';
import type { ObjectKind } from './merge-conflict.js';

/** Short human rendering of an object for conflict messages ("bigint not null default 0"). */
export function summarize(kind: ObjectKind, value: unknown): string {
  if (value === undefined || value === null) return 'absent';
  const text = summarizeObject(kind, value);
  // A comment on an object other than a table or column (core/model/comments.ts) may be all that differs.
  const comment = kind !== 'table' && kind !== 'column' ? (value as { comment?: unknown }).comment : undefined;
  return typeof comment === 'string' ? `${text} comment '${clip(comment)}'` : text;
}

function summarizeObject(kind: ObjectKind, value: unknown): string {
  switch (kind) {
    case 'schemaComment':
      return `'${clip(value as string)}'`;
    case 'column':
      return summarizeColumn(value as Column);
    case 'primaryKey':
      return `(${(value as PrimaryKey).columns.join(', ')})${include((value as PrimaryKey).include)}${deferrable((value as PrimaryKey).deferrable)}`;
    case 'unique':
      return summarizeUnique(value as UniqueConstraint);
    case 'index':
      return summarizeIndex(value as Index);
    case 'foreignKey':
      return summarizeForeignKey(value as ForeignKey);
    case 'check':
      return `check (${(value as CheckConstraint).expression})${(value as CheckConstraint).noInherit ? ' no inherit' : ''}`;
    case 'view':
      return summarizeView(value as View);
    case 'enum':
      return `(${(value as { values: string[] }).values.map((v) => `'${v}'`).join(', ')})`;
    case 'definition':
      return `as ${clip((value as { definition: string }).definition)}`;
    case 'extension':
      return (value as { schema?: string }).schema ? `in schema ${(value as { schema?: string }).schema}` : 'in schema public';
    case 'table':
      return summarizeTable(value as Table);
    default:
      return clip(JSON.stringify(value));
  }
}

export function summarizeColumn(c: Column): string {
  const parts = [c.name, c.type];
  if (!c.nullable) parts.push('not null');
  if (c.default !== undefined) parts.push(`default ${c.default}`);
  if (c.identity) parts.push(c.identity);
  if (c.generated) parts.push(`generated as (${c.generated.expression})`);
  return parts.join(' ');
}

/** `(columns)`, and what a PostgreSQL table is made from: `partition of p for values …`, `inherits (a)`, `partition by …`. */
function summarizeTable(t: Table): string {
  const parts = [`(${t.columns.map(summarizeColumn).join(', ')})`];
  if (t.partitionOf) parts.push(`partition of ${t.partitionOf.parent} ${t.partitionOf.bound}`);
  if (t.inherits?.length) parts.push(`inherits (${t.inherits.join(', ')})`);
  if (t.partitionBy !== undefined) parts.push(`partition by ${t.partitionBy}`);
  return parts.join(' ');
}

function summarizeIndex(i: Index): string {
  const elements = i.elements.map(
    (e) =>
      (e.column ?? `(${e.expression ?? ''})`) +
      (e.collation ? ` collate ${e.collation}` : '') +
      (e.opclass ? ` ${e.opclass}` : '') +
      (e.descending ? ' desc' : '') +
      (e.nulls ? ` nulls ${e.nulls}` : ''),
  );
  const nulls = i.nullsNotDistinct ? ' nulls not distinct' : '';
  const include = i.include ? ` include (${i.include.join(', ')})` : '';
  return `${i.unique ? 'unique ' : ''}index on (${elements.join(', ')})${include}${nulls}${i.where ? ` where ${i.where}` : ''}${i.method ? ` using ${i.method}` : ''}`;
}

function summarizeForeignKey(f: ForeignKey): string {
  return `(${f.columns.join(', ')}) references ${f.referencedTable}(${f.referencedColumns.join(', ')}) on delete ${f.onDelete} on update ${f.onUpdate}${deferrable(f.deferrable)}`;
}

function summarizeUnique(u: UniqueConstraint): string {
  return `unique${u.nullsNotDistinct ? ' nulls not distinct' : ''} (${u.columns.join(', ')})${include(u.include)}${deferrable(u.deferrable)}`;
}

function include(columns: string[] | undefined): string {
  return columns ? ` include (${columns.join(', ')})` : '';
}

function deferrable(d: Deferrable | undefined): string {
  return d ? ` deferrable initially ${d}` : '';
}

function summarizeView(v: View): string {
  const indexes = v.indexes ? `; ${v.indexes.map((i) => `${i.name}: ${summarizeIndex(i)}`).join('; ')}` : '';
  const options = [
    v.securityInvoker ? 'security_invoker' : '',
    v.securityBarrier ? 'security_barrier' : '',
    v.checkOption ? `${v.checkOption} check option` : '',
    ...Object.keys(v.storage ?? {})
      .sort()
      .map((k) => `${k}=${v.storage?.[k] ?? ''}`),
  ].filter(Boolean);
  return `${options.length ? `with (${options.join(', ')}) ` : ''}as ${clip(v.definition)}${indexes}`;
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}
