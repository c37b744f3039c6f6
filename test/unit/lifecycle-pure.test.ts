import { describe, expect, it } from 'vitest';
import { invertRenames, parseRenames } from '../../src/api/project/renames.js';
import { parseMigrationFile } from '../../src/core/plan/migration-file.js';
import { databaseKey } from '../../src/api/project/local-state.js';
import { attemptState, appliedByName, type TrackingRow } from '../../src/api/project/tracking.js';

const row = (id: number, name: string, finished: unknown, rolledBack: unknown): TrackingRow => ({
  id,
  migration_name: name,
  checksum: 'c',
  from_hash: null,
  to_hash: null,
  started_at: 'now',
  finished_at: finished,
  rolled_back_at: rolledBack,
  applied_steps_count: 0,
  logs: null,
});

describe('lifecycle helpers', () => {
  it('parses --rename into table and column renames and inverts them for the Down section', () => {
    const r = parseRenames(['users.name=full_name', 'people=users', 'people.nick=alias']);
    expect(r).toEqual({ tables: { people: 'users' }, columns: { 'users.name': 'full_name', 'people.nick': 'alias' } });
    expect(invertRenames(r)).toEqual({ tables: { users: 'people' }, columns: { 'users.full_name': 'name', 'users.alias': 'nick' } });
    expect(() => parseRenames(['nonsense'])).toThrow(/--rename/);
  });

  it('finds the first line of the Up and Down sections', () => {
    const text = '-- Migration: x\n-- flash:from a\n\n-- +migrate Up\n\nCREATE TABLE a (id int);\n-- +migrate Down\nDROP TABLE a;\n';
    expect(parseMigrationFile('x', text)).toMatchObject({ upLine: 6, downLine: 8 });
    expect(parseMigrationFile('x', 'CREATE TABLE a (id int);')).toMatchObject({ upLine: 1, downLine: undefined });
  });

  it('keys local state by URL without the password', () => {
    expect(databaseKey('postgres://bob:secret@db:5432/app')).toBe('postgres://bob@db:5432/app');
    expect(databaseKey('/tmp/dev.db')).toBe('/tmp/dev.db');
  });

  it('derives attempt states and the applied set from tracking rows', () => {
    const rows = [row(1, 'a', 't', null), row(2, 'b', null, 't'), row(3, 'b', 't', 't'), row(4, 'c', null, null), row(5, 'b', 't', null)];
    expect(rows.map(attemptState)).toEqual(['applied', 'failed', 'reverted', 'partial', 'applied']);
    expect([...appliedByName(rows).keys()].sort()).toEqual(['a', 'b']);
    expect(appliedByName(rows.slice(0, 4)).has('b')).toBe(false);
  });
});
