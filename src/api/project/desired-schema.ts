import path from 'node:path';
import { FlashError } from '../../errors.js';
import { readDirIfExists, readText } from '../../store/read-if-exists.js';
import type { Connection } from '../../dialects/dialect.js';
import type { Schema } from '../../core/model/schema.js';
import { displayPath, engineMessage, withShadow } from './shadow.js';
import type { ProjectContext } from './project-context.js';
import { refuseUnmodelledInShadow, refuseUnsupportedStatements, type SchemaStatement } from './unmodelled-check.js';
import { desiredViaKeptShadow } from './incremental-shadow.js';
import { cacheDisabled, desiredCacheKey, readDesiredCache, shadowTarget, writeDesiredCache } from './desired-cache.js';

/** `db/schema/*.sql` (or the dialect's declarative extension) in the order they are applied (file name order). */
export async function schemaFiles(schemaDir: string, extension = '.sql'): Promise<string[]> {
  // An absent folder is an empty schema; one that cannot be read is E_UNREADABLE, never "empty"
  // (an empty desired schema means a migration that drops everything).
  const names = (await readDirIfExists(schemaDir)) ?? [];
  return names
    .filter((n) => n.toLowerCase().endsWith(extension))
    .sort()
    .map((n) => path.join(schemaDir, n));
}

/**
 * The desired state: apply every `db/schema/*.sql` (sorted) to a shadow database and introspect it.
 * A failing statement is reported as E_SQL with file:line and the engine's message. The result is
 * cached by the content of the files (see desired-cache.ts).
 */
export async function desiredSchema(pc: ProjectContext): Promise<Schema> {
  const files = await schemaFiles(pc.project.schemaDir, pc.dialect.declarativeSchema?.extension);
  const scripts = await Promise.all(files.map(async (file) => ({ file, sql: await readText(file, { display: displayPath(pc, file) }) })));
  return desiredSchemaOf(pc, scripts, { keep: true });
}

/**
 * The desired state of the given schema scripts (file name + text, in application order), as if they
 * were db/schema: what `flash pull` checks its planned files with before writing them.
 */
/**
 * `keep`: the scripts are db/schema on disk, so the kept shadow (incremental-shadow.ts) may be used:
 * only the changed files reach it.
 */
export async function desiredSchemaOf(
  pc: ProjectContext,
  scripts: Array<{ file: string; sql: string }>,
  opts: { keep?: boolean } = {},
): Promise<Schema> {
  const declared = pc.dialect.declarativeSchema;
  // Declarative files (MongoDB's JSON) are the schema itself: parsed, no shadow, nothing to cache.
  if (declared) return declared.parse(scripts.map((s) => ({ file: displayPath(pc, s.file), text: s.sql })));
  const key = !cacheDisabled(pc.env) ? desiredCacheKey(pc, scripts, await shadowTarget(pc)) : undefined;
  const cached = key ? await readDesiredCache(pc, key) : undefined;
  if (cached) return cached;
  const target = await shadowTarget(pc);
  const kept = opts.keep ? await desiredViaKeptShadow(pc, scripts, target, (conn, all) => applySchemaStatements(pc, conn, all)) : undefined;
  if (kept) {
    if (key) await writeDesiredCache(pc, key, kept);
    return kept;
  }
  const statements = schemaStatements(pc, scripts);
  refuseUnsupportedStatements(pc, statements);
  const schema = await withShadow(
    pc,
    async (conn) => {
      await applySchemaStatements(pc, conn, statements);
      await refuseUnmodelledInShadow(pc, conn, statements);
      return pc.dialect.introspect(conn);
    },
    scripts.map((s) => s.sql),
  );
  if (key) await writeDesiredCache(pc, key, schema);
  return schema;
}

interface PendingStatement extends SchemaStatement {
  error?: unknown;
}

function schemaStatements(pc: ProjectContext, scripts: Array<{ file: string; sql: string }>): SchemaStatement[] {
  return scripts.flatMap(({ file, sql }) => pc.dialect.splitStatements(sql).map((st) => ({ file, line: st.line, sql: st.sql })));
}

/**
 * Run the statements of all schema files in order. A statement that fails is retried after the
 * others, as long as a pass makes progress: files are sorted by name, and `posts.sql` referencing
 * `users.sql` must not force users to rename their files. What still fails is reported (E_SQL) with
 * the first such statement's file, line and engine message.
 */
export async function applySchemaScripts(
  pc: ProjectContext,
  conn: Connection,
  scripts: Array<{ file: string; sql: string }>,
): Promise<void> {
  await applySchemaStatements(pc, conn, schemaStatements(pc, scripts));
}

async function applySchemaStatements(pc: ProjectContext, conn: Connection, all: SchemaStatement[]): Promise<void> {
  let pending = all.slice(await applyInBatches(pc, conn, all));
  if (pending.length === 0) return;
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
    if (failed.length === pending.length) throw schemaSqlError(pc, failed[0]);
    pending = failed;
  }
}

/** Statements per batch: one transaction's locks must fit max_locks_per_transaction (5,000 tables in one did not). */
const BATCH = 1000;

/**
 * Where a multi-statement string runs as one implicit transaction (PostgreSQL), a schema goes in a few round
 * trips of BATCH statements, and a failing batch rolls back whole. Returns how many statements are
 * applied; the statement-by-statement path, which reports file:line and tolerates file order, takes
 * over from there. Scripts with their own transaction control are never batched (a COMMIT inside
 * would defeat the rollback).
 */
async function applyInBatches(pc: ProjectContext, conn: Connection, statements: PendingStatement[]): Promise<number> {
  if (!pc.dialect.capabilities.batchedScripts || statements.length < 2) return 0;
  if (statements.some((st) => /^\s*(begin|commit|rollback|end|start\s+transaction|savepoint|release|abort)\b/i.test(st.sql))) return 0;
  let done = 0;
  while (done < statements.length) {
    const batch = statements.slice(done, done + BATCH);
    try {
      // `;` on its own line: a statement may end in a `--` comment.
      await conn.exec(batch.map((st) => st.sql.replace(/;\s*$/, '')).join('\n;\n') + '\n;');
    } catch (err) {
      if (err instanceof FlashError && err.code !== 'E_SQL') throw err;
      return done;
    }
    done += batch.length;
  }
  return done;
}

function schemaSqlError(pc: ProjectContext, st: PendingStatement): FlashError {
  const where = `${displayPath(pc, st.file)}:${st.line}`;
  return new FlashError('E_SQL', `${where}: ${engineMessage(st.error)}`, `Fix the statement at ${where} and run the command again.`, {
    data: { file: displayPath(pc, st.file), line: st.line, statement: st.sql.slice(0, 500) },
    cause: st.error,
  });
}
