import type { Column, Schema, Table, TypeFamily } from '../../src/core/model/schema.js';
import { emptySchema, emptyTable } from '../../src/core/model/schema.js';

/** Small seeded PRNG (mulberry32) so property tests are reproducible from the seed they print. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES: Array<[string, TypeFamily]> = [
  ['integer', 'integer'],
  ['bigint', 'integer'],
  ['text', 'text'],
  ['varchar(40)', 'text'],
  ['boolean', 'boolean'],
  ['timestamp', 'timestamp'],
  ['numeric(10,2)', 'decimal'],
];

export function randomSchema(rand: () => number, tables = 1 + Math.floor(rand() * 6)): Schema {
  const schema = emptySchema('postgresql');
  for (let t = 0; t < tables; t++) {
    const table: Table = emptyTable(`t${t}_${Math.floor(rand() * 1000)}`);
    const ncols = 1 + Math.floor(rand() * 6);
    for (let c = 0; c < ncols; c++) {
      const [type, family] = TYPES[Math.floor(rand() * TYPES.length)];
      const col: Column = { name: `c${c}`, type, family, nullable: rand() < 0.5 };
      if (rand() < 0.3) col.default = family === 'integer' ? String(Math.floor(rand() * 10)) : `'d${c}'`;
      table.columns.push(col);
    }
    table.primaryKey = { columns: ['c0'] };
    if (ncols > 1 && rand() < 0.6) table.indexes.push({ name: `${table.name}_i1`, elements: [{ column: 'c1' }], unique: rand() < 0.5 });
    if (ncols > 2 && rand() < 0.4) table.uniques.push({ name: `${table.name}_u`, columns: ['c2'] });
    if (rand() < 0.3) table.checks.push({ name: `${table.name}_chk`, expression: '(c0 > 0)' });
    if (t > 0 && rand() < 0.5) {
      table.foreignKeys.push({
        name: `${table.name}_fk`,
        columns: ['c0'],
        referencedTable: schema.tables[0].name,
        referencedColumns: ['c0'],
        onDelete: 'cascade',
        onUpdate: 'no action',
      });
    }
    schema.tables.push(table);
  }
  if (rand() < 0.5) schema.enums.push({ name: 'mood', values: ['sad', 'ok', 'happy'] });
  if (rand() < 0.5) schema.views.push({ name: 'v_all', definition: `SELECT c0 FROM ${schema.tables[0].name}` });
  return schema;
}

/** Same schema with every unordered collection shuffled (and keys inserted in another order). */
export function shuffled(schema: Schema, rand: () => number): Schema {
  const shuffle = <T>(xs: T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  const reKey = <T extends object>(o: T): T => Object.fromEntries(shuffle(Object.entries(o))) as T;
  return reKey({
    ...schema,
    tables: shuffle(schema.tables).map((t) =>
      reKey({
        ...t,
        columns: t.columns.map(reKey),
        indexes: shuffle(t.indexes).map(reKey),
        uniques: shuffle(t.uniques),
        checks: shuffle(t.checks),
        foreignKeys: shuffle(t.foreignKeys).map(reKey),
      }),
    ),
    enums: shuffle(schema.enums),
    views: shuffle(schema.views),
  });
}
