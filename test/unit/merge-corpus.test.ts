import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyOperations } from '../../src/core/diff/apply-operations.js';
import { diffSchemas } from '../../src/core/diff/diff.js';
import { canonicalJson } from '../../src/core/snapshot/canonical.js';
import { mergeSchemas } from '../../src/core/merge/merge-schemas.js';
import type { MergeResult } from '../../src/core/merge/merge-conflict.js';
import type { Column, Schema } from '../../src/core/model/schema.js';
import type { ColumnChange, Operation } from '../../src/core/diff/operations.js';
import { snapshotOf } from '../../src/core/snapshot/hash.js';
import { sqliteDialect } from '../../src/dialects/sqlite/dialect.js';
import { codes, ignoringColumnOrder, warningCodes } from './merge-ir.js';
import { traitsOf } from '../helpers/engine-traits.js';

/**
 * The merge corpus (test/fixtures/merge/NN-name/): each side's SQL is applied to an in-memory SQLite
 * database and introspected, the IRs are merged, and the result is compared with expected.json —
 * the merged schema (merged.sql, compared by snapshot id) or the conflict codes and paths.
 */
interface Expected {
  merged?: string;
  conflicts?: string[];
  paths?: string[];
  warnings?: string[];
}

const root = path.resolve(import.meta.dirname, '../fixtures/merge');
const scenarios = readdirSync(root)
  .filter((name) => statSync(path.join(root, name)).isDirectory())
  .sort();

async function introspectSql(file: string): Promise<Schema> {
  const conn = await sqliteDialect.connect(':memory:');
  try {
    await conn.exec(readFileSync(file, 'utf8'));
    return await sqliteDialect.introspect(conn);
  } finally {
    await conn.close();
  }
}

function conflictPaths(r: MergeResult): string[] {
  return r.ok ? [] : r.conflicts.map((c) => c.path).sort();
}

/**
 * `first`'s operations, then the operations of `second` that `first` has not already done (a database
 * at one head applies what it lacks). An alterColumn of the second side is replayed as the attributes
 * it changes (`ALTER COLUMN … TYPE` / `SET NOT NULL`), not as a restatement of its whole column.
 */
function replay(base: Schema, first: Schema, second: Schema): Schema {
  const firstOps = diffSchemas(base, first, { traits: traitsOf(base.provider) });
  const done = new Set(firstOps.map((op) => canonicalJson(op)));
  const afterFirst = applyOperations(base, firstOps);
  const secondOps = diffSchemas(base, second, { traits: traitsOf(base.provider) })
    .filter((op) => !done.has(canonicalJson(op)))
    .map((op) => (op.kind === 'alterColumn' ? rebaseAlterColumn(afterFirst, op) : op));
  return applyOperations(afterFirst, secondOps);
}

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

function rebaseAlterColumn(state: Schema, op: Extract<Operation, { kind: 'alterColumn' }>): Operation {
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

describe('merge corpus', () => {
  it('has at least 25 scenarios', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(25);
  });

  for (const name of scenarios) {
    it(name, async () => {
      const dir = path.join(root, name);
      const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected;
      const [base, ours, theirs] = await Promise.all(['base.sql', 'ours.sql', 'theirs.sql'].map((f) => introspectSql(path.join(dir, f))));
      const result = mergeSchemas(base, ours, theirs, { traits: traitsOf(base.provider) });
      const swapped = mergeSchemas(base, theirs, ours, { traits: traitsOf(base.provider) });

      expect(codes(result)).toEqual([...(expected.conflicts ?? [])].sort());
      if (expected.paths) expect(conflictPaths(result)).toEqual([...expected.paths].sort());
      expect(warningCodes(result)).toEqual([...(expected.warnings ?? [])].sort());
      expect(codes(swapped)).toEqual(codes(result));
      expect(conflictPaths(swapped)).toEqual(conflictPaths(result));
      expect(warningCodes(swapped)).toEqual(warningCodes(result));

      if (expected.merged === undefined) {
        expect(result.ok).toBe(false);
        return;
      }
      if (!result.ok || !swapped.ok) throw new Error(`expected a clean merge: ${JSON.stringify(result)}`);
      const want = snapshotOf(await introspectSql(path.join(dir, expected.merged)));
      expect(snapshotOf(result.merged).content).toBe(want.content);
      expect(snapshotOf(result.merged).id).toBe(want.id);
      expect(snapshotOf(ignoringColumnOrder(swapped.merged)).id).toBe(snapshotOf(ignoringColumnOrder(result.merged)).id);

      // Commutativity: ours-then-theirs gives the merge exactly; theirs-then-ours up to the column order rule.
      expect(snapshotOf(replay(base, ours, theirs)).content).toBe(want.content);
      expect(snapshotOf(ignoringColumnOrder(replay(base, theirs, ours))).id).toBe(snapshotOf(ignoringColumnOrder(result.merged)).id);
    });
  }
});
