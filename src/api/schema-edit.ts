import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { FlashError } from '../errors.js';
import { editSchemaText, type SchemaEdit } from '../core/schema-files/schema-edit.js';
import { quoteIdent } from '../core/sql-ident.js';
import { atomicWrite } from '../store/atomic-write.js';
import { schemaFiles } from './project/desired-schema.js';
import type { ProjectContext } from './project/project-context.js';
import { migrate, type MigrateResult } from './migrate.js';

export type { ColumnSpec, SchemaEdit } from '../core/schema-files/schema-edit.js';

export interface SchemaEditPreview {
  /** the file, relative to the project directory */
  file: string;
  created: boolean;
  before: string;
  after: string;
  /** unified diff of the file */
  diff: string;
  /** what `applySchemaEdit` must find in the file still (sha-256 of `before`) */
  beforeHash: string;
}

export interface SchemaEditResult extends SchemaEditPreview {
  migration: MigrateResult;
}

/** The studio's schema form, step 1: the change to the `db/schema` SQL file an edit makes. Nothing is written. */
export async function previewSchemaEdit(pc: ProjectContext, edit: SchemaEdit): Promise<SchemaEditPreview> {
  if (pc.dialect.declarativeSchema || !pc.dialect.traits.sql)
    throw new FlashError(
      'E_UNSUPPORTED',
      `The schema form writes SQL; ${pc.dialect.name} schema files are ${pc.dialect.declarativeSchema?.extension ?? 'not SQL'}.`,
      'Edit the db/schema files by hand.',
    );
  const sqlTraits = pc.dialect.traits.sql;
  const dir = pc.project.schemaDir;
  const files = await Promise.all((await schemaFiles(dir)).map(async (file) => ({ file, text: await fs.readFile(file, 'utf8') })));
  const change = editSchemaText(files, edit, {
    ident: (name) => (/^[a-z_][a-z0-9_]*$/.test(name) ? name : quoteIdent(sqlTraits, name)),
    newFile: (table) => path.join(dir, `${table}.sql`),
    schemaQualifiedNames: sqlTraits.schemaQualifiedNames,
  });
  const rel = path.relative(pc.project.dir, change.file);
  return {
    ...change,
    file: rel,
    diff: createTwoFilesPatch(change.created ? '/dev/null' : `a/${rel}`, `b/${rel}`, change.before, change.after, '', '', { context: 3 }),
    beforeHash: hash(change.before),
  };
}

/**
 * Step 2: write the change previewed (refused if the file changed since, E_SCHEMA_FILE_CHANGED), then
 * run `flash migrate` (the same entry point) to generate the migration. If migrate fails (invalid SQL,
 * a merge in progress…) the file is put back as it was and the error is reported.
 */
export async function applySchemaEdit(
  pc: ProjectContext,
  edit: SchemaEdit,
  options: { beforeHash: string; name?: string },
): Promise<SchemaEditResult> {
  const preview = await previewSchemaEdit(pc, edit);
  if (preview.beforeHash !== options.beforeHash)
    throw new FlashError(
      'E_SCHEMA_FILE_CHANGED',
      `${preview.file} changed since its change was shown; nothing was written.`,
      'Preview the change again.',
    );
  const file = path.join(pc.project.dir, preview.file);
  await atomicWrite(file, preview.after);
  try {
    const migration = await migrate(pc, { name: options.name ?? defaultName(edit) });
    return { ...preview, migration };
  } catch (err) {
    if (preview.created) await fs.rm(file, { force: true });
    else await atomicWrite(file, preview.before);
    throw err;
  }
}

function defaultName(edit: SchemaEdit): string {
  if (edit.kind === 'table') return `add table ${edit.table}`;
  if (edit.kind === 'column') return `add ${edit.column.name} to ${edit.table}`;
  return `add index ${edit.name}`;
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex');
