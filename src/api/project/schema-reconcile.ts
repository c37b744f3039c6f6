import { promises as fs } from 'node:fs';
import path from 'node:path';
import { emptySchema, type Schema } from '../../core/model/schema.js';
import type { Operation } from '../../core/diff/operations.js';
import { joinChunks, mergeSchemaText, splitSchemaFile, type Chunk, type TextMergeResult } from '../../core/merge/schema-text-merge.js';
import { snapshotId } from '../../core/snapshot/hash.js';
import { diffSchemas } from '../../core/diff/diff.js';
import type { GitRepo } from '../../git/repo.js';
import { git, runGit } from '../../git/run-git.js';
import { FlashError } from '../../errors.js';
import { desiredSchema } from './desired-schema.js';
import type { ProjectContext } from './project-context.js';
import { describeOperation, formatChangeLine } from '../../core/diff/describe-operation.js';

export type ReconcileOutcome = { ok: true; rewritten: string[] } | { ok: false; reason: string };

/**
 * A clean schema merge whose `db/schema` files git left in text conflict: write each conflicted file
 * from a statement-level three-way merge of its base/ours/theirs versions (git's index stages),
 * regenerating from the merged schema a table or index both sides edited, then check that the
 * desired schema of the result is exactly the merged snapshot. Only then are the files staged; on
 * any miss the files are put back as git left them (with conflict markers) and the reason returned.
 */
export async function reconcileSchemaFiles(
  pc: ProjectContext,
  repo: GitRepo,
  files: string[],
  merged: Schema,
  mergedHash: string,
): Promise<ReconcileOutcome> {
  const originals = new Map<string, string>();
  const results = new Map<string, string>();
  for (const rel of files) {
    const abs = path.join(repo.root, rel);
    originals.set(rel, await fs.readFile(abs, 'utf8'));
    const [base, ours, theirs] = await Promise.all([1, 2, 3].map((stage) => stageText(repo, stage, rel)));
    const split = (text: string) => splitSchemaFile(text, (sql) => pc.dialect.splitStatements(sql));
    const result = mergeSchemaText(split(base), split(ours), split(theirs));
    const regenerated = regenerate(pc, result, merged);
    if (typeof regenerated === 'string') return { ok: false, reason: `${rel}: ${regenerated}` };
    results.set(rel, joinChunks(regenerated, result.tail));
  }
  for (const [rel, text] of results) await fs.writeFile(path.join(repo.root, rel), text);
  let reason: string | undefined;
  try {
    const desired = await desiredSchema(pc);
    if (snapshotId(desired) !== mergedHash) {
      const changes = diffSchemas(merged, desired, { traits: pc.dialect.traits }).map((op) => formatChangeLine(describeOperation(op)));
      reason = `the merged files describe a different schema than the merge (${changes.slice(0, 3).join('; ') || 'column order'})`;
    }
  } catch (err) {
    if (!(err instanceof FlashError)) throw err;
    reason = `the merged files do not apply: ${err.message}`;
  }
  if (reason) {
    for (const [rel, text] of originals) await fs.writeFile(path.join(repo.root, rel), text);
    return { ok: false, reason };
  }
  await git(repo.root, ['add', '--', ...files]);
  return { ok: true, rewritten: files };
}

/** git's index stage of a conflicted file: 1 base, 2 ours, 3 theirs; '' when that side has no such file. */
async function stageText(repo: GitRepo, stage: number, rel: string): Promise<string> {
  const r = await runGit(repo.root, ['show', `:${stage}:${rel}`]);
  return r.code === 0 ? r.stdout : '';
}

/** Chunks both sides changed, rewritten from the merged schema: a table's CREATE TABLE, an index's CREATE INDEX. */
function regenerate(pc: ProjectContext, result: TextMergeResult, merged: Schema): Chunk[] | string {
  const replaced = new Map<string, Chunk | null>();
  for (const both of result.bothChanged) {
    const [kind, name] = both.key.split(':', 2) as [string, string];
    const table = kind === 'table' ? merged.tables.find((t) => t.name.toLowerCase() === name) : undefined;
    const indexOwner = kind === 'index' ? merged.tables.find((t) => t.indexes.some((i) => i.name.toLowerCase() === name)) : undefined;
    let op: Operation | undefined;
    if (table) op = { kind: 'createTable', table: { ...table, indexes: [] } };
    else if (indexOwner)
      op = { kind: 'createIndex', table: indexOwner.name, index: indexOwner.indexes.find((i) => i.name.toLowerCase() === name)! };
    else if ((kind === 'table' && !merged.tables.some((t) => t.name.toLowerCase() === name)) || kind === 'index') {
      replaced.set(both.key, null); // gone from the merged schema
      continue;
    } else {
      return `both branches changed the statement \`${(both.ours ?? both.theirs)!.code.slice(0, 60)}\` differently`;
    }
    // A table is written without its indexes (they are statements of their own in the file); some
    // renderers (SQLite) add a new table's indexes from `to`, so `to` must not have them either.
    const to = table ? { ...merged, tables: merged.tables.map((t) => (t === table ? { ...t, indexes: [] } : t)) } : merged;
    const sql = pc.dialect
      .render([op], { from: emptySchema(pc.provider), to })
      .map((s) => `${s.sql.trim().replace(/;$/, '')};`)
      .join('\n');
    const lead = both.ours?.lead ?? both.theirs?.lead ?? '';
    replaced.set(both.key, { key: both.key, code: sql, lead, text: `${lead}${sql}\n` });
  }
  const out: Chunk[] = [];
  for (const c of result.chunks) {
    const r = replaced.get(c.key);
    if (r === null) continue;
    out.push(r ?? c);
  }
  return out;
}
