import path from 'node:path';
import { readDirEntriesIfExists, readTextIfExists } from '../../store/read-if-exists.js';
import { FlashError } from '../../errors.js';
import type { Connection } from '../../dialects/dialect.js';
import { emptySchema, type Schema } from '../../core/model/schema.js';
import { diffSchemas } from '../../core/diff/diff.js';
import { optionalLiveUrl, type ProjectContext } from './project-context.js';

/**
 * Run `fn` against a throwaway database; the shadow is disposed whatever happens. `extraSql`: scripts
 * the shadow will run that are not on disk yet (what `flash pull` verifies before writing), so an
 * embedded engine prepares for them too (PGlite loads the extensions they create).
 */
export async function withShadow<T>(pc: ProjectContext, fn: (conn: Connection) => Promise<T>, extraSql: string[] = []): Promise<T> {
  const shadowUrl = typeof pc.project.config.database.shadow_url === 'string' ? pc.project.config.database.shadow_url : undefined;
  const sql = async () => [...(await projectSql(pc)), ...extraSql];
  const shadow = await pc.dialect.createShadow({ url: await optionalLiveUrl(pc), shadowUrl, sql });
  try {
    return await fn(shadow.connection);
  } finally {
    await shadow.dispose();
  }
}

/**
 * Every SQL file of the project (db/schema and db/migrations): what any shadow may be asked to run,
 * directly or as a snapshot those files produced. Read only by an embedded engine that must prepare
 * (PGlite loads the extensions they create); cheap next to starting it.
 */
async function projectSql(pc: ProjectContext): Promise<string[]> {
  const out: string[] = [];
  for (const dir of [pc.project.schemaDir, pc.project.migrationsDir]) {
    for (const entry of (await readDirEntriesIfExists(dir)) ?? []) {
      if (entry.isFile() && entry.name.toLowerCase().endsWith('.sql')) out.push((await readTextIfExists(path.join(dir, entry.name))) ?? '');
    }
  }
  return out;
}

/**
 * Execute a user's SQL script statement by statement, so an error names the file and the line of
 * the statement that failed together with the engine's own message (E_SQL).
 */
export async function runScript(pc: ProjectContext, conn: Connection, sql: string, file: string, firstLine = 1): Promise<void> {
  for (const stmt of pc.dialect.splitStatements(sql)) {
    try {
      await conn.exec(stmt.sql);
    } catch (err) {
      if (err instanceof FlashError && err.code !== 'E_SQL') throw err;
      const line = stmt.line + firstLine - 1;
      const where = `${displayPath(pc, file)}:${line}`;
      throw new FlashError('E_SQL', `${where}: ${engineMessage(err)}`, `Fix the statement at ${where} and run the command again.`, {
        data: { file: displayPath(pc, file), line, statement: stmt.sql.slice(0, 500) },
        cause: err,
      });
    }
  }
}

/** Bring an empty shadow to `schema` by rendering the diff from the empty schema. */
export async function materialize(pc: ProjectContext, conn: Connection, schema: Schema): Promise<void> {
  const empty = emptySchema(pc.provider);
  const ops = diffSchemas(empty, schema, { traits: pc.dialect.traits });
  for (const stmt of pc.dialect.render(ops, { from: empty, to: schema })) await conn.exec(stmt.sql);
}

export function displayPath(pc: ProjectContext, file: string): string {
  const rel = path.relative(pc.project.dir, file);
  return rel && !rel.startsWith('..') ? rel.split(path.sep).join('/') : file;
}

/** The engine's message without driver prefixes we add nothing to. */
export function engineMessage(err: unknown): string {
  const e = err as { message?: string; sqlMessage?: string };
  return (e?.sqlMessage ?? e?.message ?? String(err)).split('\n')[0].trim();
}
