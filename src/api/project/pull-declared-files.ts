import path from 'node:path';
import { promises as fs } from 'node:fs';
import { FlashError } from '../../errors.js';
import type { Schema } from '../../core/model/schema.js';
import type { DeclarativeSchema } from '../../dialects/dialect.js';
import { schemaFiles } from './desired-schema.js';
import type { SchemaFilesPlan } from './pull-files.js';
import type { ProjectContext } from './project-context.js';

/**
 * `flash pull` for a dialect with declarative schema files (MongoDB's JSON): the dialect lays the
 * schema out over the existing files. JSON has no comments, so no file carries a "written by Flash"
 * tag: every existing file that would change or go is the user's and asks for consent (--yes).
 * What pull leaves out (--skip-unsupported) is only listed in its result: a JSON file has no comment to note it in.
 */
export async function planDeclaredSchemaFiles(
  pc: ProjectContext,
  declared: DeclarativeSchema,
  live: Schema,
  into: string | undefined,
): Promise<SchemaFilesPlan> {
  if (into !== undefined) {
    throw new FlashError(
      'E_USAGE',
      `--into is not available for ${pc.provider}: each collection goes to its own ${declared.extension} file.`,
      'Run `flash pull` without --into.',
    );
  }
  const existing = new Map<string, string>();
  for (const file of await schemaFiles(pc.project.schemaDir, declared.extension)) existing.set(file, await fs.readFile(file, 'utf8'));
  const layout = declared.layout(existing, live, pc.project.schemaDir);
  return {
    target: pc.project.schemaDir + path.sep,
    writes: layout.writes,
    removes: layout.removes,
    foreign: [
      ...layout.writes.filter((w) => existing.has(w.file)).map((w) => ({ file: w.file, action: 'overwrite' as const })),
      ...layout.removes.map((file) => ({ file, action: 'remove' as const })),
    ],
  };
}
