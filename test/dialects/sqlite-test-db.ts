import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Schema } from '../../src/core/model/schema.js';
import { canonicalizeSchema, canonicalJson } from '../../src/core/snapshot/canonical.js';
import type { Connection } from '../../src/dialects/dialect.js';
import { sqliteDialect } from '../../src/dialects/sqlite/dialect.js';

/** A private temp directory for SQLite files, removed by `cleanup`. */
export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flash-sqlite-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function runScript(conn: Connection, sql: string): Promise<void> {
  for (const s of sqliteDialect.splitStatements(sql)) await conn.exec(s.sql);
}

/** The schema as the snapshot store would hash it; equal strings = equal schemas. */
export function canonical(schema: Schema): string {
  return canonicalJson(canonicalizeSchema(schema));
}

export async function irOf(sql: string): Promise<Schema> {
  const conn = await sqliteDialect.connect(':memory:');
  try {
    await runScript(conn, sql);
    return await sqliteDialect.introspect(conn);
  } finally {
    await conn.close();
  }
}
