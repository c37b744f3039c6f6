import { describe, expect, it } from 'vitest';
import { applyOperations } from '../../src/core/diff/apply-operations.js';
import { diffSchemas, type DiffOptions } from '../../src/core/diff/diff.js';
import type { Operation } from '../../src/core/diff/operations.js';
import type { Schema } from '../../src/core/model/schema.js';
import { snapshotOf } from '../../src/core/snapshot/hash.js';
import { rng, shuffled } from '../helpers/random-schema.js';
import { invalidities, mutateSchema, randomValidSchema, viewSources } from './diff-random.js';
import { traitsOf } from '../helpers/engine-traits.js';

/** Tables an operation changes in a way a view over them would block or go stale on. */
function tablesChanged(op: Operation): string[] {
  switch (op.kind) {
    case 'dropTable':
      return [op.table.name];
    case 'renameTable':
      return [op.from, op.to];
    case 'addColumn':
    case 'dropColumn':
    case 'renameColumn':
    case 'alterColumn':
    case 'dropPrimaryKey':
    case 'addPrimaryKey':
      return [op.table];
    case 'recreateEnum':
      return op.usages.map((u) => u.table);
    default:
      return [];
  }
}

/** Applies ops one by one, asserting that every intermediate state is one a database would accept. */
function applyChecked(a: Schema, ops: Operation[], seed: number): Schema {
  let state = a;
  ops.forEach((op, i) => {
    for (const table of tablesChanged(op)) {
      const blocking = state.views.filter((v) => viewSources(v).includes(table));
      expect(
        blocking.map((v) => v.name),
        `seed ${seed} op ${i} ${op.kind} on ${table} under a view`,
      ).toEqual([]);
    }
    if (op.kind === 'recreateEnum') {
      // The dialect retypes exactly the usages; any other column still on the old type blocks its drop.
      const users = state.tables.flatMap((t) =>
        t.columns.filter((c) => c.family === 'enum' && c.type === op.from.name).map((c) => `${t.name}.${c.name}`),
      );
      expect(users.sort(), `seed ${seed} op ${i} recreateEnum usages`).toEqual(op.usages.map((u) => `${u.table}.${u.column}`).sort());
    }
    state = applyOperations(state, [op]);
    expect(invalidities(state), `seed ${seed} after op ${i} ${op.kind}`).toEqual([]);
  });
  return state;
}

/** A rename of one shared table and one shared column, applied to `b` so that `options` must be used to reach it. */
function withRenames(rand: () => number, a: Schema, b: Schema): { b: Schema; options: Omit<DiffOptions, 'traits'> } {
  const shared = b.tables.filter((t) => a.tables.some((x) => x.name === t.name));
  if (shared.length === 0) return { b, options: {} };
  const table = shared[Math.floor(rand() * shared.length)];
  const oldTable = table.name;
  const ops: Operation[] = [];
  const options: Omit<DiffOptions, 'traits'> = { renames: { tables: {}, columns: {} } };
  if (rand() < 0.6) {
    ops.push({ kind: 'renameTable', from: oldTable, to: `${oldTable}_renamed` });
    options.renames!.tables![oldTable] = `${oldTable}_renamed`;
  }
  const inA = a.tables.find((t) => t.name === oldTable)!;
  const column = table.columns.find((c) => inA.columns.some((x) => x.name === c.name));
  if (column && rand() < 0.7) {
    ops.push({ kind: 'renameColumn', table: ops.length ? `${oldTable}_renamed` : oldTable, from: column.name, to: `${column.name}_r` });
    options.renames!.columns![`${oldTable}.${column.name}`] = `${column.name}_r`;
  }
  const renamed = applyOperations(b, ops);
  if (ops[0]?.kind === 'renameTable') {
    for (const v of renamed.views) v.definition = v.definition.replace(new RegExp(`\\b${oldTable}\\b`, 'g'), `${oldTable}_renamed`);
  }
  return { b: renamed, options };
}

describe('diffSchemas property: apply(A, diff(A, B)) == B', () => {
  it('holds for 300 random pairs, through valid intermediate states', () => {
    const counts = new Map<string, number>();
    for (let seed = 1; seed <= 300; seed++) {
      const rand = rng(seed);
      const a = randomValidSchema(rand);
      a.provider = (['postgresql', 'mysql', 'sqlite'] as const)[seed % 3]!;
      let b = rand() < 0.3 ? { ...randomValidSchema(rand), provider: a.provider } : mutateSchema(rand, a);
      let options: Omit<DiffOptions, 'traits'> = {};
      if (rand() < 0.3) ({ b, options } = withRenames(rand, a, b));
      expect(invalidities(a), `seed ${seed} A`).toEqual([]);
      expect(invalidities(b), `seed ${seed} B`).toEqual([]);

      const ops = diffSchemas(shuffled(a, rand), shuffled(b, rand), { traits: traitsOf(a.provider), ...options });
      for (const op of ops) counts.set(op.kind, (counts.get(op.kind) ?? 0) + 1);
      const reached = applyChecked(a, ops, seed);
      expect(snapshotOf(reached).content, `seed ${seed}`).toBe(snapshotOf(b).content);
      // Once there, nothing is left to do.
      expect(diffSchemas(reached, b, { traits: traitsOf(reached.provider) }), `seed ${seed} second diff`).toEqual([]);
    }
    // The generator must actually exercise every operation kind.
    const every: Operation['kind'][] = [
      'createTable',
      'dropTable',
      'renameTable',
      'addColumn',
      'dropColumn',
      'renameColumn',
      'alterColumn',
      'addPrimaryKey',
      'dropPrimaryKey',
      'addUnique',
      'dropUnique',
      'createIndex',
      'dropIndex',
      'addForeignKey',
      'dropForeignKey',
      'addCheck',
      'dropCheck',
      'setTableComment',
      'alterTableOptions',
      'createEnum',
      'dropEnum',
      'addEnumValue',
      'recreateEnum',
      'createView',
      'dropView',
    ];
    expect(every.filter((k) => !counts.has(k))).toEqual([]);
  });

  it('with ignoreColumnOrder reaches B up to column order, and never moves a column', () => {
    const sortColumns = (s: Schema): Schema => ({
      ...s,
      tables: s.tables.map((t) => ({ ...t, columns: [...t.columns].sort((x, y) => (x.name < y.name ? -1 : 1)) })),
    });
    for (let seed = 1000; seed < 1100; seed++) {
      const rand = rng(seed);
      const a = randomValidSchema(rand);
      const b = mutateSchema(rand, a);
      const ops = diffSchemas(a, b, { traits: traitsOf(a.provider), ignoreColumnOrder: true });
      expect(
        ops.some((o) => (o.kind === 'addColumn' || o.kind === 'alterColumn') && o.position !== undefined),
        `seed ${seed}`,
      ).toBe(false);
      const reached = applyChecked(a, ops, seed);
      expect(snapshotOf(sortColumns(reached)).content, `seed ${seed}`).toBe(snapshotOf(sortColumns(b)).content);
      expect(diffSchemas(reached, b, { traits: traitsOf(reached.provider), ignoreColumnOrder: true }), `seed ${seed} second diff`).toEqual(
        [],
      );
    }
  });

  // Timing is measured in bench/, never asserted here (shared CI machines); this pins the result at scale.
  it('diffs 1,000-table schemas', () => {
    const make = (variant: number): Schema => {
      const tables = Array.from({ length: 1000 }, (_, i) => ({
        name: `t${i}`,
        columns: Array.from({ length: 8 }, (_, c) => ({
          name: `c${c}`,
          type: c === 3 && i % 10 === variant ? 'bigint' : 'integer',
          family: 'integer' as const,
          nullable: c > 0,
        })),
        primaryKey: { columns: ['c0'] },
        uniques: [],
        indexes: [{ name: `t${i}_c1`, elements: [{ column: 'c1' }], unique: false }],
        foreignKeys:
          i > 0 && i % 2 === 0
            ? [
                {
                  name: `t${i}_fk`,
                  columns: ['c2'],
                  referencedTable: `t${i - 1}`,
                  referencedColumns: ['c0'],
                  onDelete: 'no action' as const,
                  onUpdate: 'no action' as const,
                },
              ]
            : [],
        checks: [{ name: `t${i}_ck`, expression: '(c1 > 0)' }],
      }));
      const views = Array.from({ length: 100 }, (_, i) => ({ name: `v${i}`, definition: `SELECT c0 FROM t${i * 10}` }));
      return { formatVersion: 1, provider: 'postgresql', tables, enums: [], views, collections: [] };
    };
    const a = make(0);
    const b = make(1);
    const ops = diffSchemas(a, b, { traits: traitsOf(a.provider) });
    expect(ops.filter((o) => o.kind === 'alterColumn')).toHaveLength(200);
    expect(ops.filter((o) => o.kind === 'createView')).toHaveLength(100);
    expect(diffSchemas(a, a, { traits: traitsOf(a.provider) })).toEqual([]);
  });
});
