import { describe, expect, it } from 'vitest';
import { diffSchemas } from '../../src/core/diff/diff.js';
import { lossCandidates } from '../../src/core/lint/down-data-loss.js';
import { renamesInSql } from '../../src/core/plan/sql-renames.js';
import { col, entity, schema } from './diff-builders.js';
import { traitsOf } from '../helpers/engine-traits.js';

describe('lossCandidates (what a Down may destroy)', () => {
  const from = schema([
    entity('users', [col('email', 'varchar(200)'), col('age', 'bigint'), col('bio', 'text'), col('score', 'integer')]),
    entity('notes'),
  ]);
  const to = schema([entity('users', [col('email', 'varchar(20)'), col('age', 'integer'), col('score', 'bigint')])]);
  const ops = diffSchemas(from, to, { traits: traitsOf('postgresql') });
  const candidates = lossCandidates(ops, { traits: traitsOf('postgresql'), from, to, direction: 'down' });
  const by = (d: string) => candidates.find((c) => c.description.includes(d));

  it('a dropped table counts its rows, a dropped column its non-NULL values', () => {
    expect(by('drops table notes')!.checks[0].sql).toBe('SELECT COUNT(*) AS n FROM "notes"');
    expect(by('drops column users.bio')!.checks[0].sql).toContain('"bio" IS NOT NULL');
  });

  it('narrowing type changes count the values that do not fit; widening is no loss', () => {
    expect(by('users.email')!.checks[0].sql).toContain('LENGTH("email") > 20');
    expect(by('users.age')!.checks[0].sql).toContain('"age" < -2147483648');
    expect(by('users.score')).toBeUndefined();
  });
});

describe('renamesInSql', () => {
  it('reads column and table renames in each engine quoting', () => {
    expect(
      renamesInSql(
        'ALTER TABLE "users" RENAME COLUMN "full_name" TO "name";\nALTER TABLE people RENAME TO users;\nRENAME TABLE `a` TO `b`;\nALTER TABLE public.x RENAME c TO d;',
      ),
    ).toEqual({
      tables: { a: 'b', people: 'users' },
      columns: { 'users.full_name': 'name', 'x.c': 'd' },
    });
    expect(renamesInSql('DROP TABLE users;')).toEqual({ tables: {}, columns: {} });
  });
});
