import { describe, expect, it } from 'vitest';
import { mergeSchemas } from '../../src/core/merge/merge-schemas.js';
import type { Schema } from '../../src/core/model/schema.js';
import { snapshotOf } from '../../src/core/snapshot/hash.js';
import { rng } from '../helpers/random-schema.js';
import { invalidities, mutateSchema, randomValidSchema } from './diff-random.js';
import { codes, ignoringColumnOrder, warningCodes } from './merge-ir.js';
import { traitsOf } from '../helpers/engine-traits.js';

/**
 * Random three-way merges: base is a random valid schema, ours and theirs are independent random
 * edits of it. Whatever the edits, the merge must be symmetric, a clean merge must be a schema a
 * database accepts (no dangling reference slipped past C004/C005), and merging with an unchanged
 * side or with an identical change must give that change back. (Replaying one side's operations on
 * the other's head is checked on the corpus, merge-corpus.test.ts: on random edits the diff drops and
 * recreates dependent objects, so raw operation lists of two branches do not replay onto each other.)
 */
const runs = 400;

/**
 * diff-random's invalidities, except that a foreign key may also reference a non-partial unique
 * index (PostgreSQL, MySQL and SQLite all accept that; the generator's model only counts PK/UNIQUE).
 */
function problems(s: Schema): string[] {
  const tables = new Map(s.tables.map((t) => [t.name, t]));
  return invalidities(s).filter((p) => {
    const m = /^(\S+)\.(\S+) references a non-key of (\S+)$/.exec(p);
    if (!m) return true;
    const fk = tables.get(m[1])!.foreignKeys.find((f) => f.name === m[2])!;
    const same = (k: string[]) => k.length === fk.referencedColumns.length && k.every((c) => fk.referencedColumns.includes(c));
    return !tables
      .get(m[3])!
      .indexes.some((i) => i.unique && !i.where && i.elements.every((e) => e.column) && same(i.elements.map((e) => e.column!)));
  });
}

describe('merge property (random schemas)', () => {
  it(`gives back the only change, or the shared one (${runs} runs)`, () => {
    for (let seed = 1; seed <= runs; seed++) {
      const rand = rng(seed);
      const base = randomValidSchema(rand);
      const changed = mutateSchema(rand, base);
      const want = snapshotOf(changed).id;
      for (const [ours, theirs] of [
        [changed, base],
        [base, changed],
        [changed, changed],
      ]) {
        const result = mergeSchemas(base, ours, theirs, { traits: traitsOf(base.provider) });
        if (!result.ok) throw new Error(`seed ${seed}: ${JSON.stringify(result.conflicts)}`);
        expect(snapshotOf(result.merged).id, `seed ${seed}`).toBe(want);
        expect(result.warnings, `seed ${seed}`).toEqual([]);
      }
    }
  });

  it(`is symmetric and, when clean, valid (${runs} runs)`, () => {
    let clean = 0;
    for (let seed = 1; seed <= runs; seed++) {
      const rand = rng(seed);
      const base = randomValidSchema(rand);
      const ours = mutateSchema(rand, base);
      const theirs = mutateSchema(rand, base);
      const result = mergeSchemas(base, ours, theirs, { traits: traitsOf(base.provider) });
      const swapped = mergeSchemas(base, theirs, ours, { traits: traitsOf(base.provider) });
      expect(codes(swapped), `seed ${seed}`).toEqual(codes(result));
      expect(warningCodes(swapped), `seed ${seed}`).toEqual(warningCodes(result));
      if (!result.ok || !swapped.ok) continue;
      clean++;
      expect(problems(result.merged), `seed ${seed}`).toEqual([]);
      expect(snapshotOf(ignoringColumnOrder(swapped.merged)).id, `seed ${seed}`).toBe(snapshotOf(ignoringColumnOrder(result.merged)).id);
    }
    // the generator must produce both outcomes, or the property says little
    expect(clean).toBeGreaterThan(runs / 10);
    expect(clean).toBeLessThan(runs);
  });
});
