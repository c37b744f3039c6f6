import { FlashError } from '../../errors.js';
import type { Column, ForeignKey, Schema, Table } from '../model/schema.js';
import { analyzeChecks } from './check-bounds.js';
import { typeLimits } from './column-type.js';
import { valueMaker, type ValueMaker } from './column-value.js';
import { foreignKeyCycles, insertionOrder } from './table-order.js';

/**
 * `flash seed` as plain data, before any row exists: which tables in which order, how each column
 * gets its values, which foreign keys are filled in a second pass (nullable keys inside a cycle),
 * and what Flash cannot honour (said by name, as warnings or refusals).
 */
export interface SeedPlan {
  tables: TableSeedPlan[];
  warnings: string[];
}

export interface TableSeedPlan {
  table: string;
  count: number;
  columns: SeedColumn[];
  /** integer primary keys with no default: max(existing) + 1, + 2, … */
  sequenceColumns: string[];
  foreignKeys: SeedForeignKey[];
  /** primary key and unique constraints/indexes whose columns are all inserted by Flash */
  uniqueKeys: Array<{ name: string; columns: string[] }>;
  primaryKey?: string[];
}

export interface SeedColumn {
  name: string;
  nullable: boolean;
  make: ValueMaker;
  /** text length limit, used when a unique value needs a distinguishing suffix */
  maxLength?: number;
}

export interface SeedForeignKey {
  fk: ForeignKey;
  nullable: boolean;
  /** null on insert, filled by an UPDATE once every table of its cycle has rows */
  deferred: boolean;
  /** its columns are a unique key: each parent is used once */
  oneToOne: boolean;
  /** the parent table is seeded in this run (otherwise only its existing rows are used) */
  parentSeeded: boolean;
}

export interface SeedOptions {
  count: number;
  /** only these tables (default: every table) */
  tables?: string[];
  /** tables that get rows from seed files only, no generated rows */
  skip?: string[];
}

export function planSeed(schema: Schema, options: SeedOptions): SeedPlan {
  const byName = new Map(schema.tables.map((t) => [t.name, t]));
  for (const name of options.tables ?? []) {
    if (!byName.has(name)) {
      throw new FlashError(
        'E_UNKNOWN_TABLE',
        `There is no table "${name}" in the database.`,
        `Tables: ${[...byName.keys()].sort().join(', ') || '(none)'}.`,
      );
    }
  }
  const selected = (options.tables?.length ? options.tables.map((n) => byName.get(n)!) : schema.tables).filter(
    (t) => !t.name.startsWith('_flash_'),
  );
  const selectedNames = new Set(selected.map((t) => t.name));
  const deferred = deferredForeignKeys(selected, selectedNames);
  const cycles = foreignKeyCycles(selected, (t, fk) => selectedNames.has(fk.referencedTable) && !deferred.has(key(t.name, fk.name)));
  if (cycles.length > 0) {
    const described = cycles.map((c) => c.map((e) => `${e.table}.${e.fk} → ${e.references}`).join(', ')).join('; ');
    throw new FlashError(
      'E_SEED_CYCLE',
      `The foreign keys ${described} form a cycle of NOT NULL columns: no row can be inserted first.`,
      'Make one of these foreign key columns nullable (it is then filled in a second pass), or give these tables rows in db/seeds/*.sql.',
    );
  }
  const warnings: string[] = [];
  const order = insertionOrder(selected, (t, fk) => selectedNames.has(fk.referencedTable) && !deferred.has(key(t.name, fk.name)));
  const tables = order.map((t) => planTable(t, schema, options, selectedNames, deferred, warnings));
  return { tables, warnings };
}

function key(table: string, fk: string): string {
  return `${table}\u0000${fk}`;
}

/** Nullable foreign keys inside a cycle (self-references included) are filled after the insert. */
function deferredForeignKeys(tables: Table[], selected: Set<string>): Set<string> {
  const out = new Set<string>();
  const cyclic = foreignKeyCycles(tables, (_t, fk) => selected.has(fk.referencedTable));
  const inCycle = new Set(cyclic.flatMap((c) => c.map((e) => key(e.table, e.fk))));
  for (const t of tables) {
    for (const fk of t.foreignKeys) {
      if (inCycle.has(key(t.name, fk.name)) && fkNullable(t, fk)) out.add(key(t.name, fk.name));
    }
  }
  return out;
}

function fkNullable(t: Table, fk: ForeignKey): boolean {
  return fk.columns.every((c) => t.columns.find((col) => col.name === c)?.nullable !== false);
}

/** Filled by the database: identity, auto-increment, serial, generated, a sequence default. */
function isDatabaseFilled(c: Column): boolean {
  return Boolean(c.identity || c.generated || /serial$/.test(c.type) || (c.default && /nextval\(/i.test(c.default)));
}

function planTable(
  t: Table,
  schema: Schema,
  options: SeedOptions,
  selected: Set<string>,
  deferred: Set<string>,
  warnings: string[],
): TableSeedPlan {
  const count = options.skip?.includes(t.name) ? 0 : options.count;
  const fkColumns = new Set(t.foreignKeys.flatMap((fk) => fk.columns));
  const { bounds, undecidable } = analyzeChecks(
    t.checks,
    t.columns.map((c) => c.name),
  );
  for (const check of undecidable) {
    warnings.push(
      `${t.name}: CHECK ${check.name} (${check.expression}) is not understood by flash seed; rows that break it are rejected by the database (E_SQL).`,
    );
  }
  const pk = t.primaryKey?.columns ?? [];
  const sequenceColumns: string[] = [];
  const columns: SeedColumn[] = [];
  const inserted = new Set<string>();
  for (const c of t.columns) {
    if (isDatabaseFilled(c)) continue;
    if (fkColumns.has(c.name)) {
      inserted.add(c.name);
      continue;
    }
    if (pk.length === 1 && pk[0] === c.name && c.family === 'integer' && c.default === undefined) {
      sequenceColumns.push(c.name);
      inserted.add(c.name);
      continue;
    }
    const limits = typeLimits(c, schema);
    const make = valueMaker(c, t.name, limits, bounds.get(c.name));
    if (!make) {
      if (c.nullable || c.default !== undefined) {
        warnings.push(
          `${t.name}.${c.name}: flash seed cannot generate values of type ${c.type}; left to its ${c.default !== undefined ? 'default' : 'NULL'}.`,
        );
        continue;
      }
      throw new FlashError(
        'E_SEED_UNSUPPORTED',
        `flash seed cannot generate values for ${t.name}.${c.name} (type ${c.type}, NOT NULL, no default).`,
        `Give ${t.name} rows in db/seeds/*.sql or db/seeds/*.json and leave it out of generation with --table for the other tables.`,
      );
    }
    // SQLite lets a non-integer primary key column hold NULL; a seeded key never does
    columns.push({ name: c.name, nullable: c.nullable && !pk.includes(c.name), make, maxLength: limits.maxLength });
    inserted.add(c.name);
  }
  const uniqueKeys = [
    ...(pk.length ? [{ name: 'primary key', columns: pk }] : []),
    ...t.uniques.map((u) => ({ name: u.name, columns: u.columns })),
    ...t.indexes
      .filter((i) => i.unique && i.elements.every((e) => e.column))
      .map((i) => ({ name: i.name, columns: i.elements.map((e) => e.column!) })),
  ].filter((u) => u.columns.every((c) => inserted.has(c)));
  for (const i of t.indexes.filter((i) => i.unique && i.elements.some((e) => !e.column))) {
    warnings.push(
      `${t.name}: unique index ${i.name} is on an expression flash seed cannot evaluate; duplicates are rejected by the database (E_SQL).`,
    );
  }
  const foreignKeys = t.foreignKeys.map((fk) => ({
    fk,
    nullable: fkNullable(t, fk),
    deferred: deferred.has(key(t.name, fk.name)),
    oneToOne: uniqueKeys.some((u) => u.columns.length === fk.columns.length && u.columns.every((c) => fk.columns.includes(c))),
    parentSeeded: selected.has(fk.referencedTable) && options.skip?.includes(fk.referencedTable) !== true,
  }));
  if (foreignKeys.some((f) => f.deferred) && pk.length === 0) {
    warnings.push(
      `${t.name}: has no primary key, so its self/cyclic foreign keys stay NULL (flash seed cannot address its rows for the second pass).`,
    );
  }
  return { table: t.name, count, columns, sequenceColumns, foreignKeys, uniqueKeys, primaryKey: pk.length ? pk : undefined };
}
