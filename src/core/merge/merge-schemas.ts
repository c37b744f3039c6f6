import { FlashError } from '../../errors.js';
import type { Schema } from '../model/schema.js';
import { canonicalizeSchema } from '../snapshot/canonical.js';
import type { CrossConflict, MergeSides } from './cross-conflict.js';
import { dependencyConflicts } from './dependency-conflicts.js';
import { MergeContext } from './merge-context.js';
import type { MergeConflict, MergeOptions, MergeResult, Resolution, Side } from './merge-conflict.js';
import { mergeEnums } from './merge-enums.js';
import { mergeLeaf, mergeNamed } from './merge-leaf.js';
import { mergeTables } from './merge-table.js';
import { nameCollisionConflicts } from './name-collisions.js';
import { privilegeConflicts } from './privilege-conflicts.js';
import { objectPath } from './object-path.js';
import { SchemaIndex } from './schema-index.js';

/** Resolutions of cross-object conflicts can expose others; a handful of reruns always settles. */
const maxRounds = 8;

/**
 * Three-way merge of schema IRs (pure). Each object is merged on its own (see three-way.ts), columns
 * attribute by attribute, then the merged schema is checked for what no single object shows: dangling
 * dependencies (C004/C006) and shared names (C005). With `options.resolutions`, the named conflicts
 * are settled instead of reported; cross-object resolutions are applied by rerunning the merge with
 * the decisions they imply.
 */
export function mergeSchemas(base: Schema, ours: Schema, theirs: Schema, options: MergeOptions): MergeResult {
  assertSameProvider(base, ours, theirs);
  const inputs = { base: canonicalOrder(base), ours: canonicalOrder(ours), theirs: canonicalOrder(theirs) };
  const resolutions = options.resolutions ?? {};
  const chosen = new Map<string, Resolution>(Object.entries(resolutions));
  const wholes = new Map<string, Side>();
  for (let round = 1; ; round++) {
    const ctx = new MergeContext(options.traits, chosen, wholes);
    const merged = mergeOnce(ctx, inputs);
    const sides: MergeSides = {
      base: new SchemaIndex(inputs.base),
      ours: new SchemaIndex(inputs.ours),
      theirs: new SchemaIndex(inputs.theirs),
      merged: new SchemaIndex(merged),
    };
    const cross = [...dependencyConflicts(ctx, sides), ...nameCollisionConflicts(ctx, sides), ...privilegeConflicts(ctx, sides)];
    const { unresolved, changed } = applyCrossResolutions(cross, resolutions, wholes);
    if (changed && round < maxRounds) continue;
    const conflicts = sortConflicts([...ctx.conflicts, ...unresolved]);
    const warnings = sortConflicts(ctx.warnings);
    const schema = canonicalizeSchema(merged);
    return conflicts.length === 0 ? { ok: true, merged: schema, warnings } : { ok: false, conflicts, warnings, partial: schema };
  }
}

function mergeOnce(ctx: MergeContext, inputs: { base: Schema; ours: Schema; theirs: Schema }): Schema {
  const { base, ours, theirs } = inputs;
  const extensions = mergeNamed(
    ctx,
    'extension',
    objectPath.extension,
    base.extensions ?? [],
    ours.extensions ?? [],
    theirs.extensions ?? [],
  );
  const namespaces = mergeNamed(
    ctx,
    'namespace',
    objectPath.namespace,
    base.namespaces ?? [],
    ours.namespaces ?? [],
    theirs.namespaces ?? [],
  );
  const definitions = mergeNamed(
    ctx,
    'definition',
    objectPath.definition,
    base.definitions ?? [],
    ours.definitions ?? [],
    theirs.definitions ?? [],
  );
  const domains = mergeNamed(ctx, 'domain', objectPath.domain, base.domains ?? [], ours.domains ?? [], theirs.domains ?? []);
  const composites = mergeNamed(
    ctx,
    'compositeType',
    objectPath.compositeType,
    base.compositeTypes ?? [],
    ours.compositeTypes ?? [],
    theirs.compositeTypes ?? [],
  );
  const sequences = mergeNamed(ctx, 'sequence', objectPath.sequence, base.sequences ?? [], ours.sequences ?? [], theirs.sequences ?? []);
  const publicComment = mergeLeaf(
    ctx,
    objectPath.schemaComment,
    'schemaComment',
    base.publicComment,
    ours.publicComment,
    theirs.publicComment,
  );
  return {
    formatVersion: ours.formatVersion,
    provider: ours.provider,
    tables: mergeTables(ctx, base.tables, ours.tables, theirs.tables),
    enums: mergeEnums(ctx, base.enums, ours.enums, theirs.enums),
    views: mergeNamed(ctx, 'view', objectPath.view, base.views, ours.views, theirs.views),
    collections: mergeNamed(ctx, 'collection', objectPath.collection, base.collections, ours.collections, theirs.collections),
    ...(extensions.length ? { extensions } : {}),
    ...(definitions.length ? { definitions } : {}),
    ...(domains.length ? { domains } : {}),
    ...(composites.length ? { compositeTypes: composites } : {}),
    ...(sequences.length ? { sequences } : {}),
    ...(publicComment !== undefined ? { publicComment } : {}),
    ...(namespaces.length ? { namespaces } : {}),
  };
}

function applyCrossResolutions(
  cross: CrossConflict[],
  resolutions: Record<string, Resolution>,
  wholes: Map<string, Side>,
): { unresolved: MergeConflict[]; changed: boolean } {
  const unresolved: MergeConflict[] = [];
  let changed = false;
  for (const c of cross) {
    const chosen = resolutions[c.conflict.path];
    const forces = chosen === undefined ? undefined : c.forces[chosen];
    let applied = false;
    for (const f of forces ?? []) {
      if (wholes.get(f.path) === f.side) continue;
      wholes.set(f.path, f.side);
      applied = true;
    }
    // Still present although its forces were already in place: the resolution cannot settle it.
    if (!applied) unresolved.push(c.conflict);
    changed ||= applied;
  }
  return { unresolved, changed };
}

/**
 * Inputs whose named collections are already sorted (every snapshot from the store) are used as they
 * are: the merge never mutates them and copies its result. Others are canonicalized first, so that
 * comparing two tables never depends on the order of their indexes or constraints.
 */
function canonicalOrder(schema: Schema): Schema {
  const sorted = <T extends { name: string }>(items: readonly T[]) => {
    for (let i = 1; i < items.length; i++) if (!(items[i - 1].name < items[i].name)) return false;
    return true;
  };
  const canonical =
    sorted(schema.tables) &&
    sorted(schema.enums) &&
    sorted(schema.views) &&
    sorted(schema.collections) &&
    sorted(schema.extensions ?? []) &&
    sorted(schema.definitions ?? []) &&
    sorted(schema.domains ?? []) &&
    sorted(schema.compositeTypes ?? []) &&
    sorted(schema.sequences ?? []) &&
    (schema.domains ?? []).every((d) => sorted(d.checks ?? [])) &&
    schema.tables.every((t) => sorted(t.uniques) && sorted(t.indexes) && sorted(t.foreignKeys) && sorted(t.checks)) &&
    schema.collections.every((c) => sorted(c.indexes));
  return canonical ? schema : canonicalizeSchema(schema);
}

function sortConflicts(list: MergeConflict[]): MergeConflict[] {
  return [...list].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

function assertSameProvider(base: Schema, ours: Schema, theirs: Schema): void {
  if (base.provider === ours.provider && ours.provider === theirs.provider) return;
  throw new FlashError(
    'E_UNSUPPORTED',
    `Cannot merge schemas of different providers (base ${base.provider}, ours ${ours.provider}, theirs ${theirs.provider}).`,
    'Merge branches that use the same database provider.',
  );
}
