import type { Schema, Sequence } from '../model/schema.js';
import { canonicalJson } from '../snapshot/canonical.js';
import type { Operation } from './operations.js';

export interface SequenceDiff {
  /** Before any table: a column default may call nextval() on it. Created without an owner. */
  creates: Operation[];
  /** Options changed in place (ALTER SEQUENCE keeps the current value). */
  alters: Operation[];
  /** OWNED BY released or moved away: before tables and columns are dropped, which would take an owned sequence along. */
  releases: Operation[];
  /** OWNED BY set: after the tables are created. */
  owns: Operation[];
  /** After the tables and columns whose defaults used them (IF EXISTS: dropping its owner may have dropped it already). */
  drops: Operation[];
}

const sameOwner = (a: Sequence['ownedBy'], b: Sequence['ownedBy']) => canonicalJson(a ?? null) === canonicalJson(b ?? null);
const withoutOwner = (s: Sequence): Sequence => {
  const { ownedBy: _owner, ...rest } = s;
  return rest;
};

export function diffSequences(from: Schema, to: Schema): SequenceDiff {
  const before = new Map((from.sequences ?? []).map((s) => [s.name, s]));
  const after = new Map((to.sequences ?? []).map((s) => [s.name, s]));
  const out: SequenceDiff = { creates: [], alters: [], releases: [], owns: [], drops: [] };
  const byName = (a: Sequence, b: Sequence) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const next of [...after.values()].sort(byName)) {
    const old = before.get(next.name);
    if (!old) {
      out.creates.push({ kind: 'createSequence', sequence: withoutOwner(next) });
      if (next.ownedBy) out.owns.push({ kind: 'setSequenceOwner', sequence: next.name, to: next.ownedBy });
      continue;
    }
    if (canonicalJson(withoutOwner(old)) !== canonicalJson(withoutOwner(next))) {
      out.alters.push({ kind: 'alterSequence', from: withoutOwner(old), to: withoutOwner(next) });
    }
    if (sameOwner(old.ownedBy, next.ownedBy)) continue;
    if (old.ownedBy) out.releases.push({ kind: 'setSequenceOwner', sequence: next.name, from: old.ownedBy });
    if (next.ownedBy) out.owns.push({ kind: 'setSequenceOwner', sequence: next.name, to: next.ownedBy });
  }
  for (const old of [...before.values()].sort(byName)) {
    if (after.has(old.name)) continue;
    if (old.ownedBy) out.releases.push({ kind: 'setSequenceOwner', sequence: old.name, from: old.ownedBy });
    out.drops.push({ kind: 'dropSequence', sequence: withoutOwner(old) });
  }
  return out;
}
