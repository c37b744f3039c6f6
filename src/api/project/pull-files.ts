import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../../errors.js';
import type { Schema } from '../../core/model/schema.js';
import { objectKeys, objectsDefinedBy, objectSubset, partitionByFile, type ObjectKey } from '../../core/schema-files/object-owners.js';
import { columnOrderInsensitiveId, snapshotId } from '../../core/snapshot/hash.js';
import { isPulledOutput, renderPulledFile } from '../../core/schema-files/pulled-file.js';
import { atomicWrite } from '../../store/atomic-write.js';
import { desiredSchema, schemaFiles } from './desired-schema.js';
import type { ProjectContext } from './project-context.js';

export const PULLED_SCHEMA_FILE = 'schema.sql';

/** What `flash pull` will do to `db/schema`, decided before anything is written. */
export interface SchemaFilesPlan {
  /** the file new objects go to (`db/schema/schema.sql`, or the `--into` target) */
  target: string;
  writes: Array<{ file: string; text: string; objects: string[] }>;
  /** files left with none of the database's objects */
  removes: string[];
  /** files among writes/removes that are not Flash's own output: changing them needs the user's consent */
  foreign: Array<{ file: string; action: 'overwrite' | 'remove' }>;
}

/**
 * Lay the live schema out over `db/schema`: every object goes back to the file that defines it now,
 * new objects go to a file Flash owns, `schema.sql` by default (with `into`: everything goes to that
 * one file). A file whose content stays the same is not touched, nor is a file of the user's whose
 * objects the database still has exactly as the file describes them. Each file written carries the `flash:pulled` tag (pulled-file.ts);
 * a file without a valid tag is the user's, and is listed in `foreign` when it would change.
 */
/** `note`: comment lines for the target file's header (what pull left out). */
export async function planSchemaFiles(pc: ProjectContext, live: Schema, into?: string, note = ''): Promise<SchemaFilesPlan> {
  const existing = new Map<string, string>();
  for (const file of await schemaFiles(pc.project.schemaDir)) existing.set(file, await fs.readFile(file, 'utf8'));
  const target = into ? intoTarget(pc, into) : ownTarget(pc, existing);
  const owners = new Map<ObjectKey, string>();
  const defines = new Map<string, ObjectKey[]>();
  if (!into) {
    for (const [file, text] of existing) {
      const keys = objectsDefinedBy(
        pc.dialect.splitStatements(text).map((s) => s.sql),
        pc.dialect.traits.sql?.schemaQualifiedNames,
      );
      defines.set(file, keys);
      for (const key of keys) if (!owners.has(key)) owners.set(key, file);
    }
  }
  const parts = partitionByFile(live, owners, target);
  const own = (file: string) => (into !== undefined && file === target) || isPulledOutput(existing.get(file)!);
  // A file of the user's is left as written when its objects did not change. Knowing that takes the
  // schema the files describe now (a shadow, usually answered by the desired-schema cache), so it is
  // only asked when such a file would otherwise be rewritten.
  const untouched = new Set<string>();
  const userFiles = [...parts.keys()].filter((f) => existing.has(f) && !own(f));
  const described = userFiles.length ? await describedSchema(pc) : undefined;
  if (described) {
    const sameId = pc.dialect.capabilities.placeColumns === false ? columnOrderInsensitiveId : snapshotId;
    for (const file of userFiles) {
      const keys = defines.get(file) ?? [];
      const assigned = objectKeys(parts.get(file)!);
      if (assigned.every((k) => keys.includes(k)) && sameId(objectSubset(live, keys)) === sameId(objectSubset(described, keys)))
        untouched.add(file);
    }
  }
  const plan: SchemaFilesPlan = { target, writes: [], removes: [], foreign: [] };
  for (const file of [...new Set([...existing.keys(), ...parts.keys()])].sort()) {
    const part = parts.get(file);
    const old = existing.get(file);
    if (untouched.has(file)) continue;
    if (!part) {
      if (old === undefined) continue;
      plan.removes.push(file);
      if (!own(file)) plan.foreign.push({ file, action: 'remove' });
      continue;
    }
    // No database name or date in the header: pulling the same schema again must give the same bytes.
    const header =
      '-- Pulled by flash. Part of the desired schema: edit it, then run `flash migrate`.\n-- The next `flash pull` rewrites this file freely only while the line above the first is intact and the file unedited.\n\n';
    const text = renderPulledFile(
      (file === target && note ? header.replace(/\n\n$/, `\n${note}\n`) : header) + pc.dialect.renderSchema(part).trim() + '\n',
    );
    if (text === old) continue;
    plan.writes.push({
      file,
      text,
      objects: [
        ...(part.extensions ?? []),
        ...(part.domains ?? []),
        ...(part.compositeTypes ?? []),
        ...(part.sequences ?? []),
        ...part.tables,
        ...part.enums,
        ...part.views,
        ...part.collections,
        ...(part.definitions ?? []),
      ].map((o) => o.name),
    });
    if (old !== undefined && !own(file)) plan.foreign.push({ file, action: 'overwrite' });
  }
  return plan;
}

export async function writeSchemaFiles(plan: SchemaFilesPlan): Promise<void> {
  for (const w of plan.writes) await atomicWrite(w.file, w.text);
  for (const file of plan.removes) await fs.rm(file);
}

/** Where new objects go: `schema.sql`, or when that file is the user's, the first free or Flash-owned `pulled[-N].sql`. */
function ownTarget(pc: ProjectContext, existing: Map<string, string>): string {
  const names = [PULLED_SCHEMA_FILE, 'pulled.sql', ...Array.from({ length: 98 }, (_, i) => `pulled-${i + 2}.sql`)];
  for (const name of names) {
    const file = path.join(pc.project.schemaDir, name);
    const text = existing.get(file);
    if (text === undefined || isPulledOutput(text)) return file;
  }
  throw new FlashError(
    'E_USAGE',
    'db/schema has no file name left that Flash owns (schema.sql, pulled.sql … pulled-99.sql are all yours).',
    'Use `flash pull --into <file>` to name the file to write.',
  );
}

/**
 * The schema db/schema describes now, or undefined when its files do not apply (E_SQL): then every
 * file of the user's that pull would change is treated as changed, which only asks more.
 */
async function describedSchema(pc: ProjectContext): Promise<Schema | undefined> {
  try {
    return await desiredSchema(pc);
  } catch (err) {
    if (err instanceof FlashError && err.code === 'E_SQL') return undefined;
    throw err;
  }
}

function intoTarget(pc: ProjectContext, into: string): string {
  const file = path.resolve(pc.project.dir, into);
  const rel = path.relative(pc.project.schemaDir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel) || rel.includes(path.sep) || !file.toLowerCase().endsWith('.sql')) {
    throw new FlashError(
      'E_USAGE',
      `--into ${into} must name a .sql file directly in ${path.relative(pc.project.dir, pc.project.schemaDir) || '.'}.`,
      'For example `flash pull --into db/schema/all.sql`.',
    );
  }
  return file;
}
