import { randomInt } from 'node:crypto';
import type { Faker } from '@faker-js/faker';
import { rowTables } from '../core/model/row-tables.js';
import { FlashError } from '../errors.js';
import { isProductionDatabase } from '../config/production.js';
import type { Connection } from '../dialects/dialect.js';
import { generateRows, normalizeKeyPart, tupleKey, type TableSeedState } from '../core/seed/row-generator.js';
import { planSeed, type TableSeedPlan } from '../core/seed/seed-plan.js';
import { closeQuietly, connectLive, type ProjectContext } from './project/project-context.js';
import { applySeedFile, listSeedFiles, seedsDir, type SeedFileResult } from './project/seed-files.js';

export interface SeedOptions {
  /** generated rows per table (0: seed files only) */
  count: number;
  /** only these tables get generated rows */
  tables?: string[];
  /** faker seed: the same seed on the same database state gives the same rows */
  seed?: number;
  /** confirmation for a database marked production */
  yes?: boolean;
  /** skip db/seeds/ (a second `flash seed` would run them again) */
  noFiles?: boolean;
  onTable?: (event: { table: string; rows: number }) => void;
  /** what the plan cannot honour, said before any row is generated */
  onWarning?: (message: string) => void;
}

export interface SeedResult {
  seed: number;
  files: SeedFileResult[];
  tables: Array<{ table: string; rows: number }>;
  /** rows whose self/cyclic foreign keys were filled in the second pass */
  linked: number;
  warnings: string[];
  database: string;
}

/** The reference "now" of seeded dates when --seed is given, so dates are reproducible too. */
const SEEDED_NOW = '2026-01-01T00:00:00Z';

export async function seed(pc: ProjectContext, options: SeedOptions): Promise<SeedResult> {
  if (isProductionDatabase(pc.project.config) && !options.yes) {
    throw new FlashError(
      'E_NEEDS_YES',
      'This database is marked production in the config; flash seed would insert rows into it.',
      'Pass --yes if you really mean to seed it.',
    );
  }
  const seedValue = options.seed ?? randomInt(2 ** 31 - 1);
  const { conn } = await connectLive(pc);
  try {
    let schema = await pc.dialect.introspect(conn);
    const files: SeedFileResult[] = [];
    for (const file of options.noFiles ? [] : await listSeedFiles(seedsDir(pc))) files.push(await applySeedFile(pc, conn, schema, file));
    if (files.some((f) => f.statements)) schema = await pc.dialect.introspect(conn);
    // partitions are filled through their root, an INHERITS child with its parents' columns too
    const plan = planSeed({ ...schema, tables: rowTables(schema) }, { count: options.count, tables: options.tables });
    for (const w of plan.warnings) options.onWarning?.(w);
    const faker = await seededFaker(seedValue, options.seed !== undefined);
    const tables: SeedResult['tables'] = [];
    const inserted = new Map<string, unknown[][]>();
    for (const t of plan.tables) {
      if (t.count === 0) continue;
      const newKeys = await seedTable(pc, conn, t, faker);
      inserted.set(t.table, newKeys);
      tables.push({ table: t.table, rows: t.count });
      options.onTable?.({ table: t.table, rows: t.count });
    }
    const linked = await linkDeferred(pc, conn, plan.tables, inserted, faker);
    return { seed: seedValue, files, tables, linked, warnings: plan.warnings, database: conn.description };
  } finally {
    await closeQuietly(conn);
  }
}

async function seededFaker(seedValue: number, fixedNow: boolean): Promise<Faker> {
  // the English locale alone: the package's main entry loads every locale (~0.3 s more)
  const { faker } = await import('@faker-js/faker/locale/en');
  faker.seed(seedValue);
  faker.setDefaultRefDate(fixedNow ? SEEDED_NOW : new Date());
  return faker;
}

/** Generate and insert one table's rows; returns the primary keys of the new rows (for the second pass). */
async function seedTable(pc: ProjectContext, conn: Connection, t: TableSeedPlan, faker: Faker): Promise<unknown[][]> {
  const state: TableSeedState = { parentKeys: new Map(), uniqueSeen: new Map(), nextSequence: new Map() };
  for (const sfk of t.foreignKeys) {
    if (!sfk.deferred)
      state.parentKeys.set(sfk.fk.name, await pc.dialect.rows.select(conn, sfk.fk.referencedTable, sfk.fk.referencedColumns));
  }
  for (const u of t.uniqueKeys) {
    const existing = await pc.dialect.rows.select(conn, t.table, u.columns);
    state.uniqueSeen.set(
      u.name,
      new Set(
        existing
          .map((r) => tupleKey(Object.fromEntries(u.columns.map((c, i) => [c, r[i]])), u.columns))
          .filter((k): k is string => k !== undefined),
      ),
    );
  }
  for (const s of t.sequenceColumns) state.nextSequence.set(s, ((await pc.dialect.rows.max(conn, t.table, s)) ?? 0) + 1);
  const needKeys = t.primaryKey && t.foreignKeys.some((f) => f.deferred);
  const before = needKeys ? keySet(await pc.dialect.rows.select(conn, t.table, t.primaryKey!)) : undefined;
  const rows = generateRows(t, faker, state);
  const columns = [...t.columns.map((c) => c.name), ...t.sequenceColumns, ...t.foreignKeys.flatMap((f) => f.fk.columns)].filter(
    (c, i, all) => all.indexOf(c) === i,
  );
  try {
    await pc.dialect.rows.insert(
      conn,
      t.table,
      columns,
      rows.map((r) => columns.map((c) => r[c] ?? null)),
    );
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new FlashError(
      'E_SQL',
      `Inserting generated rows into ${t.table} failed: ${message}`,
      'A constraint flash seed does not understand (see the warnings) rejected them: give this table rows in db/seeds/ and leave it out with --table.',
      { cause: err, data: { table: t.table } },
    );
  }
  if (!before) return [];
  return (await pc.dialect.rows.select(conn, t.table, t.primaryKey!)).filter((k) => !before.has(JSON.stringify(k.map(normalizeKeyPart))));
}

function keySet(rows: unknown[][]): Set<string> {
  return new Set(rows.map((r) => JSON.stringify(r.map(normalizeKeyPart))));
}

/**
 * Second pass for nullable foreign keys inside a cycle (self-references included): every table of
 * the cycle has rows now, so each new row gets a parent (most of them; some stay NULL as roots),
 * never itself, and one-to-one keys use each parent once.
 */
async function linkDeferred(
  pc: ProjectContext,
  conn: Connection,
  tables: TableSeedPlan[],
  inserted: Map<string, unknown[][]>,
  faker: Faker,
): Promise<number> {
  let linked = 0;
  for (const t of tables) {
    const newKeys = inserted.get(t.table) ?? [];
    if (!t.primaryKey || newKeys.length === 0) continue;
    for (const sfk of t.foreignKeys.filter((f) => f.deferred)) {
      let parents = await pc.dialect.rows.select(conn, sfk.fk.referencedTable, sfk.fk.referencedColumns);
      if (sfk.oneToOne) {
        const used = keySet(await pc.dialect.rows.select(conn, t.table, sfk.fk.columns));
        parents = faker.helpers.shuffle(parents.filter((p) => !used.has(JSON.stringify(p.map(normalizeKeyPart)))));
      }
      const updates: unknown[][] = [];
      for (const key of newKeys) {
        if (parents.length === 0 || faker.number.float() < 0.2) continue;
        const self =
          sfk.fk.referencedTable === t.table && sameColumns(t.primaryKey, sfk.fk.referencedColumns)
            ? JSON.stringify(key.map(normalizeKeyPart))
            : undefined;
        const candidates = self ? parents.filter((p) => JSON.stringify(p.map(normalizeKeyPart)) !== self) : parents;
        if (candidates.length === 0) continue;
        const parent = sfk.oneToOne ? candidates[candidates.length - 1] : faker.helpers.arrayElement(candidates);
        if (sfk.oneToOne) parents.splice(parents.indexOf(parent), 1);
        updates.push([...key, ...parent]);
      }
      await pc.dialect.rows.update(conn, t.table, t.primaryKey, sfk.fk.columns, updates);
      linked += updates.length;
    }
  }
  return linked;
}

function sameColumns(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}
