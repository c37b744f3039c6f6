import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../errors.js';
import type { Connection } from '../dialects/dialect.js';
import type { Schema } from '../core/model/schema.js';
import { displayPath, engineMessage, withShadow } from './shadow.js';
import { optionalLiveUrl, type ProjectContext } from './project-context.js';
import { cacheDisabled, desiredCacheKey, readDesiredCache, shadowTarget, writeDesiredCache } from './desired-cache.js';

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
 * A failing statement is reported as E_SQL with file:line and the engine's message. The result is
 * cached by the content of the files (see desired-cache.ts).
 */
export async function desiredSchema(pc: ProjectContext, options: { cache?: boolean } = {}): Promise<Schema> {
  const files = await schemaFiles(pc.project.schemaDir);
  const scripts = await Promise.all(files.map(async (file) => ({ file, sql: await fs.readFile(file, 'utf8') })));
  const useCache = options.cache !== false && !cacheDisabled(pc.env);
  const key = useCache ? desiredCacheKey(pc, scripts, shadowTarget(pc, await optionalLiveUrl(pc))) : undefined;
  const cached = key ? await readDesiredCache(pc, key) : undefined;
  if (cached) return cached;
  const schema = await withShadow(pc, async (conn) => {
    await applySchemaScripts(pc, conn, scripts);
    return pc.dialect.introspect(conn);
  });
  if (key) await writeDesiredCache(pc, key, schema);
  return schema;
}

interface PendingStatement {
  file: string;
  line: number;
  sql: string;
  error?: unknown;
}

/**
 * Run the statements of all schema files in order. A statement that fails is retried after the
 * others, as long as a pass makes progress: files are sorted by name, and `posts.sql` referencing
 * `users.sql` must not force users to rename their files. What still fails is reported (E_SQL) with
 * the first such statement's file, line and engine message.
 */
export async function applySchemaScripts(pc: ProjectContext, conn: Connection, scripts: Array<{ file: string; sql: string }>): Promise<void> {
  let pending: PendingStatement[] = scripts.flatMap(({ file, sql }) => pc.dialect.splitStatements(sql).map((st) => ({ file, line: st.line, sql: st.sql })));
  if (await applyAsOneBatch(pc, conn, pending)) return;
  for (;;) {
    const failed: PendingStatement[] = [];
    for (const st of pending) {
      try {
        await conn.exec(st.sql);
      } catch (err) {
        if (err instanceof FlashError && err.code !== 'E_SQL') throw err;
        failed.push({ ...st, error: err });
      }
    }
    if (failed.length === 0) return;
    if (failed.length === pending.length) throw schemaSqlError(pc, failed[0]!);
    pending = failed;
  }
}

/**
 * PostgreSQL runs a multi-statement string as one implicit transaction: a schema of thousands of
 * statements goes in one round trip, and any failure rolls all of it back, leaving the shadow empty
 * for the statement-by-statement path that reports file:line and tolerates file order. Scripts
 * with their own transaction control are never batched (a COMMIT inside would defeat the rollback).
 */
async function applyAsOneBatch(pc: ProjectContext, conn: Connection, statements: PendingStatement[]): Promise<boolean> {
  if (pc.provider !== 'postgresql' || statements.length < 2) return false;
  if (statements.some((st) => /^\s*(begin|commit|rollback|end|start\s+transaction|savepoint|release|abort)\b/i.test(st.sql))) return false;
  try {
    // `;` on its own line: a statement may end in a `--` comment.
    await conn.exec(statements.map((st) => st.sql.replace(/;\s*$/, '')).join('\n;\n') + '\n;');
    return true;
  } catch (err) {
    if (err instanceof FlashError && err.code !== 'E_SQL') throw err;
    return false;
  }
}

function schemaSqlError(pc: ProjectContext, st: PendingStatement): FlashError {
  const where = `${displayPath(pc, st.file)}:${st.line}`;
  return new FlashError('E_SQL', `${where}: ${engineMessage(st.error)}`, `Fix the statement at ${where} and run the command again.`, {
    data: { file: displayPath(pc, st.file), line: st.line, statement: st.sql.slice(0, 500) },
    cause: st.error,
  });
}
