import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/snapshot/canonical.js';
import { snapshotOf } from '../../src/core/snapshot/hash.js';
import type { Schema } from '../../src/core/model/schema.js';
import { randomSchema, rng, shuffled } from '../helpers/random-schema.js';

/** Every way to change a schema's meaning; each must change the hash. */
const mutations: Array<[string, (s: Schema) => boolean]> = [
  ['column type', (s) => mutateCol(s, (c) => (c.type = c.type + '_x'))],
  ['nullability', (s) => mutateCol(s, (c) => (c.nullable = !c.nullable))],
  ['default', (s) => mutateCol(s, (c) => (c.default = c.default === '1' ? '2' : '1'))],
  [
    'column order',
    (s) => {
      const t = s.tables.find((x) => x.columns.length > 1);
      if (!t) return false;
      t.columns.reverse();
      return t.columns[0].name !== t.columns.at(-1)!.name;
    },
  ],
  ['table name', (s) => ((s.tables[0].name += '_r'), true)],
  [
    'index uniqueness',
    (s) => {
      const i = s.tables.flatMap((t) => t.indexes)[0];
      if (!i) return false;
      i.unique = !i.unique;
      return true;
    },
  ],
  [
    'enum value order',
    (s) => {
      const e = s.enums[0];
      if (!e) return false;
      e.values.reverse();
      return true;
    },
  ],
  [
    'fk action',
    (s) => {
      const fk = s.tables.flatMap((t) => t.foreignKeys)[0];
      if (!fk) return false;
      fk.onDelete = fk.onDelete === 'cascade' ? 'restrict' : 'cascade';
      return true;
    },
  ],
  ['new check', (s) => (s.tables[0].checks.push({ name: 'zz_new', expression: '(true)' }), true)],
  [
    'view definition',
    (s) => {
      const v = s.views[0];
      if (!v) return false;
      v.definition += ' WHERE false';
      return true;
    },
  ],
];

function mutateCol(s: Schema, f: (c: Schema['tables'][0]['columns'][0]) => void): boolean {
  const c = s.tables[0]?.columns[0];
  if (!c) return false;
  f(c);
  return true;
}

describe('canonical snapshot', () => {
  it('hashes the same schema built in different orders identically (200 generated schemas)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rand = rng(seed);
      const schema = randomSchema(rand);
      const a = snapshotOf(schema);
      const b = snapshotOf(shuffled(structuredClone(schema), rand));
      expect(b.id, `seed ${seed}`).toBe(a.id);
      expect(b.content).toBe(a.content);
    }
  });

  it('changes the hash for every semantic change', () => {
    let applied = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const base = randomSchema(rng(seed));
      const id = snapshotOf(base).id;
      for (const [name, mutate] of mutations) {
        const copy = structuredClone(base);
        if (!mutate(copy)) continue;
        applied++;
        expect(snapshotOf(copy).id, `seed ${seed}: ${name}`).not.toBe(id);
      }
    }
    expect(applied).toBeGreaterThan(400);
  });

  it('sorts object keys, drops undefined members and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: undefined } })).toBe('{"a":{"d":[3,1]},"b":1}');
  });

  it('does not mutate its input', () => {
    const schema = randomSchema(rng(7));
    const before = JSON.stringify(schema);
    snapshotOf(shuffled(schema, rng(8)));
    snapshotOf(schema);
    expect(JSON.stringify(schema)).toBe(before);
  });
});
