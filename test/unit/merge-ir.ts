import { emptyTable, type Column, type Schema, type Table, type TypeFamily } from '../../src/core/model/schema.js';
import { mergeSchemas } from '../../src/core/merge/merge-schemas.js';
import type { MergeResult } from '../../src/core/merge/merge-conflict.js';
import { snapshotOf } from '../../src/core/snapshot/hash.js';
import { traitsOf } from '../helpers/engine-traits.js';

/** IR builders for merge tests: terse, and always in canonical shape (optional fields omitted). */
export function col(name: string, type = 'integer', extra: Partial<Column> = {}): Column {
  return { name, type, family: familyOf(type), nullable: true, ...extra };
}

export function table(name: string, columns: Column[], extra: Partial<Table> = {}): Table {
  return { ...emptyTable(name), columns, ...extra };
}

export function schema(tables: Table[], extra: Partial<Schema> = {}): Schema {
  return { formatVersion: 1, provider: 'postgresql', tables, enums: [], views: [], collections: [], ...extra };
}

/** A modified copy: the callback mutates a deep clone. */
export function edit(s: Schema, change: (draft: Schema) => void): Schema {
  const draft = structuredClone(s);
  change(draft);
  return draft;
}

export function tbl(s: Schema, name: string): Table {
  const t = s.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t;
}

export function column(s: Schema, tableName: string, name: string): Column {
  const c = tbl(s, tableName).columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${tableName}.${name}`);
  return c;
}

export function dropColumn(s: Schema, tableName: string, name: string): void {
  const t = tbl(s, tableName);
  t.columns = t.columns.filter((c) => c.name !== name);
}

export function dropTable(s: Schema, name: string): void {
  s.tables = s.tables.filter((t) => t.name !== name);
}

export function codes(r: MergeResult): string[] {
  return r.ok ? [] : r.conflicts.map((c) => c.code).sort();
}

export function warningCodes(r: MergeResult): string[] {
  return r.warnings.map((c) => c.code).sort();
}

export function mergedOf(r: MergeResult): Schema {
  if (!r.ok) throw new Error(`expected a clean merge, got ${r.conflicts.map((c) => `${c.code} ${c.path}: ${c.message}`).join('\n')}`);
  return r.merged;
}

export function sameSchema(a: Schema, b: Schema): boolean {
  return snapshotOf(a).id === snapshotOf(b).id;
}

/** The schema with every table's columns sorted by name: equality "up to the column order rule". */
export function ignoringColumnOrder(s: Schema): Schema {
  return {
    ...s,
    tables: s.tables.map((t) => ({ ...t, columns: [...t.columns].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) })),
  };
}

export function merge(base: Schema, ours: Schema, theirs: Schema): MergeResult {
  return mergeSchemas(base, ours, theirs, { traits: traitsOf(base.provider) });
}

function familyOf(type: string): TypeFamily {
  if (/int/.test(type)) return 'integer';
  if (/char|text/.test(type)) return 'text';
  if (/bool/.test(type)) return 'boolean';
  if (/numeric|decimal/.test(type)) return 'decimal';
  if (/timestamp/.test(type)) return 'timestamp';
  return 'other';
}

/** base: users(id pk, email, name) + posts(id pk, user_id → users, title) with an index and a check. */
export function blogBase(): Schema {
  return schema([
    table('users', [col('id', 'integer', { nullable: false }), col('email', 'varchar(255)', { nullable: false }), col('name', 'text')], {
      primaryKey: { columns: ['id'] },
      uniques: [{ name: 'users_email_key', columns: ['email'] }],
    }),
    table(
      'posts',
      [
        col('id', 'integer', { nullable: false }),
        col('user_id', 'integer'),
        col('title', 'text'),
        col('score', 'integer', { default: '0' }),
      ],
      {
        primaryKey: { columns: ['id'] },
        indexes: [{ name: 'posts_user_idx', elements: [{ column: 'user_id' }], unique: false }],
        foreignKeys: [
          {
            name: 'posts_user_fk',
            columns: ['user_id'],
            referencedTable: 'users',
            referencedColumns: ['id'],
            onDelete: 'cascade',
            onUpdate: 'no action',
          },
        ],
        checks: [{ name: 'posts_score_check', expression: '(score >= 0)' }],
      },
    ),
  ]);
}
