import { describe, expect, it } from 'vitest';
import { emptySchema, type Column, type Schema } from '../../src/core/model/schema.js';
import { snapshotId } from '../../src/core/snapshot/hash.js';
import { alignRecordedSpellingSqlite } from '../../src/dialects/sqlite/recorded-spelling.js';

const id = (extra: Partial<Column> = {}): Column => ({ name: 'id', type: 'integer', family: 'integer', nullable: false, ...extra });
const name: Column = { name: 'name', type: 'text', family: 'text', nullable: true };
const schemaWith = (...tables: Array<[string, Column[]]>): Schema => ({
  ...emptySchema('sqlite'),
  tables: tables.map(([t, columns]) => ({
    name: t,
    columns,
    primaryKey: { columns: ['id'] },
    uniques: [],
    indexes: [],
    foreignKeys: [],
    checks: [],
  })),
});

describe('SQLite: a live rowid alias with a written NOT NULL against a snapshot that recorded it implicit', () => {
  it('drops the flag where the recorded column is the same never-NULL column without it, and only there', () => {
    const recorded = schemaWith(['a', [id(), name]], ['b', [id({ explicitNotNull: true }), name]]);
    const live = schemaWith(
      ['a', [id({ explicitNotNull: true }), name]],
      ['b', [id({ explicitNotNull: true }), name]],
      ['c', [id({ explicitNotNull: true })]],
    );
    const aligned = alignRecordedSpellingSqlite(recorded, live);
    expect(aligned.tables.map((t) => t.columns[0].explicitNotNull)).toEqual([undefined, true, true]);
    expect('explicitNotNull' in aligned.tables[0].columns[0]).toBe(false); // omitted, so the hash is the recorded one
    expect(snapshotId({ ...aligned, tables: aligned.tables.slice(0, 2) })).toBe(snapshotId(recorded));
    expect(live.tables[0].columns[0].explicitNotNull).toBe(true); // not mutated
  });

  it('never forgives the other direction, and returns the live schema itself when nothing differs', () => {
    const recorded = schemaWith(['a', [id({ explicitNotNull: true }), name]]);
    const live = schemaWith(['a', [id(), name]]);
    expect(alignRecordedSpellingSqlite(recorded, live)).toBe(live);
    // a recorded column that could hold NULL is a real difference, not a spelling
    const nullable = schemaWith(['a', [id({ nullable: true }), name]]);
    const spelled = schemaWith(['a', [id({ explicitNotNull: true }), name]]);
    expect(alignRecordedSpellingSqlite(nullable, spelled)).toBe(spelled);
    expect(alignRecordedSpellingSqlite(live, live)).toBe(live);
  });
});
