import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Schema } from '../core/model/schema.js';
import { runScript, withShadow } from './shadow.js';
import type { ProjectContext } from './project-context.js';

/** `db/schema/*.sql` in the order they are applied (file name order). */
export async function schemaFiles(schemaDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(schemaDir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.toLowerCase().endsWith('.sql'))
    .sort()
    .map((n) => path.join(schemaDir, n));
}

/**
 * The desired state: apply every `db/schema/*.sql` (sorted) to a shadow database and introspect it.
 * A failing statement is reported as E_SQL with file:line and the engine's message.
 */
export async function desiredSchema(pc: ProjectContext): Promise<Schema> {
  const files = await schemaFiles(pc.project.schemaDir);
  const scripts = await Promise.all(files.map(async (file) => ({ file, sql: await fs.readFile(file, 'utf8') })));
  return withShadow(pc, async (conn) => {
    for (const { file, sql } of scripts) await runScript(pc, conn, sql, file);
    return pc.dialect.introspect(conn);
  });
}
