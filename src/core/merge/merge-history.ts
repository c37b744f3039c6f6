import { FlashError } from '../../errors.js';
import type { Schema } from '../model/schema.js';
import type { LockEntry } from '../plan/lock-file.js';
import { snapshotOf } from '../snapshot/hash.js';
import type { MergeConflict, MergeTraits } from './merge-conflict.js';
import { mergeSchemas } from './merge-schemas.js';
import { markConvergence } from './convergence.js';

/** A three-way schema merge (mergeSchemas), injected so this module stays independent of its details. */
export type SchemaMerge<C> = (base: Schema, ours: Schema, theirs: Schema) => { ok: true; merged: Schema } | { ok: false; conflicts: C[] };

export interface HistoryMergeInput {
  /** the merge-base commit's lock */
  base: LockEntry[];
  ours: LockEntry[];
  theirs: LockEntry[];
  /** snapshot by id (all ids named by the three locks must be available) */
  schemaOf: (id: string) => Schema;
  emptyHash: string;
}

export type HistoryMergeResult<C> =
  | {
      ok: true;
      entries: LockEntry[];
      /** migrations of theirs whose from/to hashes change (their files get new `flash:from`/`flash:to` lines) */
      repointed: Array<{ name: string; from: string; to: string }>;
      /** snapshots created by re-pointing (to store) */
      snapshots: Schema[];
      merged: Schema;
      mergedId: string;
    }
  | { ok: false; conflicts: C[]; migration?: string };

/** The usual SchemaMerge: the three-way merge of merge-schemas.ts under the engine's rules, reduced to what history merging needs. */
export function schemaMergeWith(traits: MergeTraits): SchemaMerge<MergeConflict> {
  return (base, ours, theirs) => {
    const r = mergeSchemas(base, ours, theirs, { traits });
    return r.ok ? { ok: true, merged: r.merged } : { ok: false, conflicts: r.conflicts };
  };
}

/**
 * Merge two migration histories that share `base`: ours' new migrations first, then theirs', with
 * theirs' from/to recomputed along the new chain. Theirs' i-th intermediate schema becomes
 * merge(base, ours' head, theirs_i): the same changes applied after ours'. Checksums do not change
 * (they exclude the chain lines), so databases that already applied theirs' files stay valid.
 * The second argument is the engine's traits (the usual schema merge) or another SchemaMerge.
 */
export function mergeHistories(input: HistoryMergeInput, traits: MergeTraits): HistoryMergeResult<MergeConflict>;
export function mergeHistories<C>(input: HistoryMergeInput, merge: SchemaMerge<C>): HistoryMergeResult<C>;
export function mergeHistories(input: HistoryMergeInput, how: MergeTraits | SchemaMerge<unknown>): HistoryMergeResult<unknown> {
  const merge = typeof how === 'function' ? how : schemaMergeWith(how);
  const { base, ours, theirs } = input;
  assertPrefix(base, ours, 'ours');
  assertPrefix(base, theirs, 'theirs');
  const oursNew = ours.slice(base.length);
  const oursNames = new Set(oursNew.map((e) => e.name));
  // A migration theirs already shares with ours (e.g. theirs merged ours earlier) is not repeated.
  const theirsNew = theirs.slice(base.length).filter((e) => !oursNames.has(e.name));
  const baseHash = base.at(-1)?.to ?? input.emptyHash;
  const oursHash = ours.at(-1)?.to ?? input.emptyHash;
  const baseSchema = input.schemaOf(baseHash);
  const oursSchema = input.schemaOf(oursHash);

  const marks = markConvergence({ base: baseSchema, oursNew, theirsNew, schemaOf: input.schemaOf, merge });
  const mark = (e: LockEntry, by: string | undefined): LockEntry => (by ? { ...e, satisfiedBy: by } : e);
  // Shared lines come from ours, so convergence marks an earlier merge wrote on ours' side survive.
  const entries: LockEntry[] = [...ours.slice(0, base.length), ...oursNew.map((e, i) => mark(e, marks.ours[i]))];
  const repointed: Array<{ name: string; from: string; to: string }> = [];
  const snapshots: Schema[] = [];
  let prev = oursHash;
  let merged = oursSchema;
  for (const [j, entry] of theirsNew.entries()) {
    const result = merge(baseSchema, oursSchema, input.schemaOf(entry.to));
    if (!result.ok) return { ok: false, conflicts: result.conflicts, migration: entry.name };
    const snap = snapshotOf(result.merged);
    if (entry.from !== prev || entry.to !== snap.id) {
      repointed.push({ name: entry.name, from: prev, to: snap.id });
      snapshots.push(snap.schema);
    }
    // Theirs' migration is skipped only where its re-chained edge is a no-op: nothing of it is left to do.
    // A mark theirs' line already carries (from an earlier convergent merge on theirs' side) stays.
    const by = (prev === snap.id ? marks.theirs[j] : undefined) ?? entry.satisfiedBy;
    entries.push(mark({ ...entry, from: prev, to: snap.id }, by));
    prev = snap.id;
    merged = snap.schema;
  }
  return { ok: true, entries, repointed, snapshots, merged, mergedId: prev };
}

/**
 * The snapshots a history merge reads: the three heads and theirs' new states. Never the whole
 * history: a 500-migration repository must not load 500 full-schema objects to merge one migration.
 */
export function snapshotsForHistoryMerge(input: Omit<HistoryMergeInput, 'schemaOf'>): string[] {
  const head = (lock: LockEntry[]) => lock.at(-1)?.to ?? input.emptyHash;
  const fresh = (lock: LockEntry[]) => lock.slice(input.base.length).flatMap((e) => [e.from, e.to]);
  return [...new Set([head(input.base), head(input.ours), head(input.theirs), ...fresh(input.ours), ...fresh(input.theirs)])];
}

function assertPrefix(base: LockEntry[], side: LockEntry[], label: string): void {
  for (const [i, entry] of base.entries()) {
    const other = side[i];
    if (!other || other.name !== entry.name || other.to !== entry.to) {
      throw new FlashError(
        'E_CHAIN',
        `The ${label} branch rewrote the shared migration history at ${entry.name} (position ${i + 1}).`,
        'Migrations that were merged before must not be edited, removed or reordered; restore them from the merge base.',
      );
    }
  }
}
