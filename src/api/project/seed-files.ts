import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../../errors.js';
import type { Connection } from '../../dialects/dialect.js';
import type { Schema } from '../../core/model/schema.js';
import { insertionOrder } from '../../core/seed/table-order.js';
import type { ProjectContext } from './project-context.js';
import { readDirIfExists } from '../../store/read-if-exists.js';

export interface SeedFileResult {
  file: string;
  /** statements run (.sql) or rows inserted (.json) */
  statements?: number;
  rows?: number;
}

/** `seeds_path` in the config, default `db/seeds`. */
export function seedsDir(pc: ProjectContext): string {
  const configured = pc.project.config.seeds_path;
  return path.resolve(pc.project.dir, typeof configured === 'string' && configured ? configured : 'db/seeds');
}

/** `db/seeds/*.sql` and `*.json` in name order; none (or no folder) is fine. */
export async function listSeedFiles(dir: string): Promise<string[]> {
  const names = (await readDirIfExists(dir)) ?? [];
  return names
    .filter((n) => /\.(sql|json)$/i.test(n))
    .sort()
    .map((n) => path.join(dir, n));
}

/**
 * Run one seed file: SQL through the dialect's statement splitter (errors name file:line), JSON as
 * `{ "table": [ {column: value}, … ] }` inserted parents-first.
 */
export async function applySeedFile(pc: ProjectContext, conn: Connection, schema: Schema, file: string): Promise<SeedFileResult> {
  const rel = path.relative(pc.project.dir, file);
  const text = await fs.readFile(file, 'utf8');
  if (file.toLowerCase().endsWith('.sql')) {
    const statements = pc.dialect.splitStatements(text);
    for (const s of statements) {
      try {
        await conn.exec(s.sql);
      } catch (err) {
        throw new FlashError(
          'E_SEED_FILE',
          `${rel}:${s.line}: ${(err as Error).message}`,
          `Fix the statement at ${rel}:${s.line}; statements before it have run.`,
          { cause: err, data: { file: rel, line: s.line } },
        );
      }
    }
    return { file: rel, statements: statements.length };
  }
  const data = parseJsonSeed(text, rel);
  const byName = new Map(schema.tables.map((t) => [t.name, t]));
  for (const name of Object.keys(data)) {
    if (!byName.has(name))
      throw new FlashError(
        'E_SEED_FILE',
        `${rel}: there is no table "${name}" in the database.`,
        'Each key of a JSON seed file is a table name.',
      );
  }
  const tables = insertionOrder(
    Object.keys(data).map((n) => byName.get(n)!),
    () => true,
  );
  let rows = 0;
  for (const table of tables) {
    const records = data[table.name];
    const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
    const unknown = columns.filter((c) => !table.columns.some((col) => col.name === c));
    if (unknown.length)
      throw new FlashError(
        'E_SEED_FILE',
        `${rel}: table ${table.name} has no column ${unknown.join(', ')}.`,
        `Columns: ${table.columns.map((c) => c.name).join(', ')}.`,
      );
    const jsonColumns = new Set(table.columns.filter((c) => c.family === 'json').map((c) => c.name));
    const values = records.map((r) => columns.map((c) => toBindable(r[c], jsonColumns.has(c))));
    try {
      await pc.dialect.rows.insert(conn, table.name, columns, values);
    } catch (err) {
      throw new FlashError(
        'E_SEED_FILE',
        `${rel}: inserting into ${table.name} failed: ${(err as Error).message}`,
        `Fix the rows for ${table.name} in ${rel}.`,
        { cause: err, data: { file: rel, table: table.name } },
      );
    }
    rows += records.length;
  }
  return { file: rel, rows };
}

function parseJsonSeed(text: string, rel: string): Record<string, Array<Record<string, unknown>>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new FlashError(
      'E_SEED_FILE',
      `${rel} is not valid JSON: ${(err as Error).message}`,
      'A JSON seed file is { "table": [ { "column": value }, … ] }.',
    );
  }
  const ok =
    parsed &&
    typeof parsed === 'object' &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((v) => Array.isArray(v) && v.every((r) => r && typeof r === 'object' && !Array.isArray(r)));
  if (!ok)
    throw new FlashError(
      'E_SEED_FILE',
      `${rel} must be an object mapping table names to arrays of row objects.`,
      'For example { "users": [ { "email": "a@example.com" } ] }.',
    );
  return parsed as Record<string, Array<Record<string, unknown>>>;
}

/** JSON values as drivers bind them: objects (and arrays for JSON columns) as JSON text, missing keys as NULL. */
function toBindable(v: unknown, json: boolean): unknown {
  if (v === undefined) return null;
  if (v !== null && typeof v === 'object' && (json || !Array.isArray(v))) return JSON.stringify(v);
  return v;
}
