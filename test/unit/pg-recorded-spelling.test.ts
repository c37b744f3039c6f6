import { describe, expect, it } from 'vitest';
import { emptySchema, type Column, type Schema } from '../../src/core/model/schema.js';
import { alignRecordedSpellingPostgres } from '../../src/dialects/postgres/recorded-spelling.js';

const col = (name: string, def?: string): Column => ({
  name,
  type: 'timestamptz',
  family: 'timestamp',
  nullable: true,
  ...(def ? { default: def } : {}),
});
const schemaWith = (...columns: Column[]): Schema => ({
  ...emptySchema('postgresql'),
  tables: [{ name: 'posts', columns, uniques: [], indexes: [], foreignKeys: [], checks: [] }],
});

describe('PostgreSQL: a live CURRENT_TIMESTAMP default against a snapshot that recorded it as now()', () => {
  it('is spelled now() where the recorded snapshot has now(), and only there', () => {
    const recorded = schemaWith(col('a', 'now()'), col('b', 'now()'), col('c', "'x'"), col('d'));
    const live = schemaWith(col('a', 'CURRENT_TIMESTAMP'), col('b', 'now()'), col('c', 'CURRENT_TIMESTAMP'), col('d', 'CURRENT_TIMESTAMP'));
    const aligned = alignRecordedSpellingPostgres(recorded, live);
    expect(aligned.tables[0].columns.map((c) => c.default)).toEqual(['now()', 'now()', 'CURRENT_TIMESTAMP', 'CURRENT_TIMESTAMP']);
    expect(live.tables[0].columns[0].default).toBe('CURRENT_TIMESTAMP'); // not mutated
  });

  it('never forgives the other direction, and returns the live schema itself when nothing differs', () => {
    const recorded = schemaWith(col('a', 'CURRENT_TIMESTAMP'));
    const live = schemaWith(col('a', 'now()'));
    expect(alignRecordedSpellingPostgres(recorded, live)).toBe(live);
    const same = schemaWith(col('a', 'now()'));
    expect(alignRecordedSpellingPostgres(same, same)).toBe(same);
  });
});
