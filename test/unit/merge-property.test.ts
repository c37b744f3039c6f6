import { describe, expect, it } from 'vitest';
import { applyOperations } from '../../src/core/diff/apply-operations.js';
import { diffSchemas } from '../../src/core/diff/diff.js';
import type { ColumnChange, Operation } from '../../src/core/diff/operations.js';
import { mergeSchemas } from '../../src/core/merge/merge-schemas.js';
import type { Column, Schema } from '../../src/core/model/schema.js';
import { canonicalJson } from '../../src/core/snapshot/canonical.js';
import { snapshotOf } from '../../src/core/snapshot/hash.js';
import { rng } from '../helpers/random-schema.js';
import { invalidities, mutateSchema, randomValidSchema } from './diff-random.js';
import { codes, ignoringColumnOrder, warningCodes } from './merge-ir.js';

/**
 * Random three-way merges: base is a random valid schema, ours and theirs are independent random
 * edits of it. Whatever the edits, the merge must be symmetric, and a clean merge must be a schema a
 * database accepts (no dangling reference slipped past C004/C005) that both histories reach.
 */
const runs = 400;

const changeKeys: Record<ColumnChange, Array<keyof Column>> = {
  type: ['type', 'family'],
  nullable: ['nullable'],
  default: ['default'],
  identity: ['identity'],
  generated: ['generated'],
  collation: ['collation'],
  comment: ['comment'],
  onUpdate: ['onUpdate'],
  position: [],
};

/** `first`'s ops, then the ops of `second` that `first` has not done, alterColumn replayed attribute by attribute. */
function replay(base: Schema, first: Schema, second: Schema): Schema {
  const firstOps = diffSchemas(base, first);
  const done = new Set(firstOps.map((op) => canonicalJson(op)));
  let state = applyOperations(base, firstOps);
  for (const op of diffSchemas(base, second)) {
    if (done.has(canonicalJson(op))) continue;
    state = applyOperations(state, [op.kind === 'alterColumn' ? rebase(state, op) : op]);
  }
  return state;
}

function rebase(state: Schema, op: Extract<Operation, { kind: 'alterColumn' }>): Operation {
  const current = state.tables.find((t) => t.name === op.table)?.columns.find((c) => c.name === op.from.name);
  if (!current) return op;
  const to: Record<string, unknown> = { ...current };
  for (const change of op.changes) {
    for (const key of changeKeys[change]) {
      if (op.to[key] === undefined) delete to[key];
      else to[key] = op.to[key];
    }
  }
  return { ...op, from: current, to: to as unknown as Column };
}

describe('merge property (random schemas)', () => {
  it(`is symmetric and, when clean, valid and reached by both histories (${runs} runs)`, () => {
    let clean = 0;
    for (let seed = 1; seed <= runs; seed++) {
      const rand = rng(seed);
      const base = randomValidSchema(rand);
      const ours = mutateSchema(rand, base);
      const theirs = mutateSchema(rand, base);
      const result = mergeSchemas(base, ours, theirs);
      const swapped = mergeSchemas(base, theirs, ours);
      expect(codes(swapped), `seed ${seed}`).toEqual(codes(result));
      expect(warningCodes(swapped), `seed ${seed}`).toEqual(warningCodes(result));
      if (!result.ok || !swapped.ok) continue;
      clean++;
      expect(invalidities(result.merged), `seed ${seed}`).toEqual([]);
      expect(snapshotOf(ignoringColumnOrder(swapped.merged)).id, `seed ${seed}`).toBe(snapshotOf(ignoringColumnOrder(result.merged)).id);
      const oursThenTheirs = replay(base, ours, theirs);
      expect(snapshotOf(ignoringColumnOrder(oursThenTheirs)).content, `seed ${seed}`).toBe(snapshotOf(ignoringColumnOrder(result.merged)).content);
    }
    // the generator must produce both outcomes, or the property says little
    expect(clean).toBeGreaterThan(runs / 10);
    expect(clean).toBeLessThan(runs);
  });
});
