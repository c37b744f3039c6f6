import { promises as fs } from 'node:fs';
import path from 'node:path';
import { joinChunks, mergeSchemaText, splitSchemaFile, type Chunk } from '../core/merge/schema-text-merge.js';
import { findRepo } from '../git/repo.js';
import { openProjectOf } from './merge-driver.js';

export interface SchemaMergeOutcome {
  ok: boolean;
  messages: string[];
}

/**
 * git merge driver for `db/schema/*.sql` (`merge.flash-schema.driver = flash merge-schema %O %A %B %P`):
 * the statement-level three-way merge of schema-text-merge.ts, written to %A. Statements only one
 * side changed, or both the same way, merge; both sides appending is clean. A statement both sides
 * changed differently is written between conflict markers and the driver fails, so git reports the
 * file; `flash merge` then rewrites it from the merged schema when the schemas merge cleanly.
 * Opens the project itself: its entry is git's invocation, which names files, not a project.
 */
export async function mergeSchemaFiles(
  files: { base: string; ours: string; theirs: string; pathInRepo: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<SchemaMergeOutcome> {
  const repo = await findRepo(process.cwd());
  const pc = await openProjectOf(repo.root, path.join(repo.root, files.pathInRepo), 'schemaDir', env);
  const split = async (f: string) => splitSchemaFile(await fs.readFile(f, 'utf8'), (sql) => pc.dialect.splitStatements(sql));
  const result = mergeSchemaText(await split(files.base), await split(files.ours), await split(files.theirs));
  if (!result.bothChanged.length) {
    await fs.writeFile(files.ours, joinChunks(result.chunks, result.tail));
    return { ok: true, messages: [] };
  }
  const conflicted = new Map(result.bothChanged.map((b) => [b.key, b]));
  const chunks: Chunk[] = result.chunks.map((c) => {
    const both = conflicted.get(c.key);
    if (!both) return c;
    const side = (x: Chunk | undefined) => (x ? x.text.slice(x.lead.length).replace(/\n?$/, '\n') : '');
    const text = `${c.lead}<<<<<<< ours  flash: both branches changed ${c.key}\n${side(both.ours)}=======\n${side(both.theirs)}>>>>>>> theirs\n`;
    return { ...c, text };
  });
  await fs.writeFile(files.ours, joinChunks(chunks, result.tail));
  return {
    ok: false,
    messages: [
      `flash: ${files.pathInRepo}: both branches changed ${result.bothChanged.map((b) => b.key).join(', ')}; \`flash merge\` rewrites such files from the merged schema when the schemas merge cleanly.`,
    ],
  };
}
