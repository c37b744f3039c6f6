import { describe, expect, it } from 'vitest';
import { highlightSqlLines, tokenizeSql } from '../../ui/sql-highlight.js';
import { buildDiffTree, diffTreeLines } from '../../ui/diff-tree.js';
import { foldUnchanged, lineDiff } from '../../ui/line-diff.js';
import { describeSide } from '../../ui/describe-object.js';
import { conflictsReducer, initialConflictsState } from '../../ui/hooks/conflicts-reducer.js';
import { navigationReducer } from '../../ui/hooks/navigation.js';
import { applyDelta } from '../../ui/hooks/cursor.js';
import type { Operation } from '../../src/core/diff/operations.js';
import type { Column, Table } from '../../src/core/model/schema.js';

const col = (name: string, type = 'text', nullable = true): Column => ({ name, type, family: 'text', nullable });
const table = (name: string, columns: Column[]): Table => ({ name, columns, uniques: [], indexes: [], foreignKeys: [], checks: [] });

describe('SQL highlighting', () => {
  it('finds keywords, strings, comments and numbers, and nothing inside strings or comments', () => {
    const kinds = (sql: string) =>
      tokenizeSql(sql)
        .filter((t) => t.kind !== 'plain')
        .map((t) => `${t.kind}:${t.text}`);
    expect(kinds("ALTER TABLE users ADD COLUMN bio text DEFAULT 'it''s -- not a comment';")).toEqual([
      'keyword:ALTER',
      'keyword:TABLE',
      'keyword:ADD',
      'keyword:COLUMN',
      'keyword:DEFAULT',
      "string:'it''s -- not a comment'",
    ]);
    expect(kinds('-- drop table here\nSELECT 42 /* select from */ FROM "select"')).toEqual([
      'comment:-- drop table here',
      'keyword:SELECT',
      'number:42',
      'comment:/* select from */',
      'keyword:FROM',
    ]);
  });

  it('splits multi-line comments per line and keeps every character', () => {
    const sql = '/* a\nb */ CREATE TABLE t (x int);\n\nDROP TABLE t;';
    const lines = highlightSqlLines(sql);
    expect(lines.map((l) => l.map((t) => t.text).join(''))).toEqual(sql.split('\n'));
    expect(lines[1][0]).toEqual({ kind: 'comment', text: 'b */' });
    expect(lines[2]).toEqual([]);
  });
});

describe('schema diff tree', () => {
  it('groups per table with +/−/~ and folds a drop + create of the same index into ~', () => {
    const ops: Operation[] = [
      { kind: 'dropIndex', table: 'users', index: { name: 'by_email', elements: [{ column: 'email' }], unique: false } },
      { kind: 'dropTable', table: table('legacy', [col('id')]) },
      { kind: 'createTable', table: table('posts', [col('id', 'integer', false), col('title')]) },
      { kind: 'addColumn', table: 'users', column: col('bio') },
      { kind: 'alterColumn', table: 'users', from: col('email'), to: col('email', 'varchar(320)', false), changes: ['type', 'nullable'] },
      { kind: 'createIndex', table: 'users', index: { name: 'by_email', elements: [{ column: 'email' }], unique: true } },
      { kind: 'createEnum', enum: { name: 'mood', values: ['ok', 'sad'] } },
      { kind: 'dropView', view: { name: 'v', definition: 'select 1' } },
      { kind: 'createView', view: { name: 'v', definition: 'select 2' } },
    ];
    expect(diffTreeLines(buildDiffTree(ops))).toEqual([
      '~ table users',
      '    ~ unique index by_email (email)',
      '    + column bio (text)',
      '    ~ column email (type text → varchar(320), set not null)',
      '- table legacy',
      '+ table posts (2 columns)',
      '    + column id (integer not null)',
      '    + column title (text)',
      '+ enum mood (ok, sad)',
      '~ view v',
    ]);
  });

  it('shows every kind of operation, in the words flash diff uses', () => {
    const ops: Operation[] = [
      { kind: 'renameTable', from: 'people', to: 'users' },
      { kind: 'setTableComment', table: 'users', to: 'who' },
      { kind: 'setTriggers', table: 'users', from: [], to: [{ name: 'audit', definition: 'CREATE TRIGGER audit' }] },
      { kind: 'createSequence', sequence: { name: 'seq' } },
      { kind: 'dropCollection', collection: { name: 'events', indexes: [] } },
    ];
    expect(diffTreeLines(buildDiffTree(ops))).toEqual([
      '~ table people → users',
      '    ~ comment',
      '    ~ triggers (audit)',
      '+ sequence seq',
      '- collection events',
    ]);
  });

  it('is empty for no operations', () => {
    expect(buildDiffTree([])).toEqual([]);
  });
});

describe('line diff', () => {
  it('marks added and removed lines and folds long unchanged runs', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].join('\n');
    const after = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'H'].join('\n');
    const lines = lineDiff(before, after);
    expect(lines.filter((l) => l.sign !== ' ')).toEqual([
      { sign: '-', text: 'h' },
      { sign: '+', text: 'H' },
    ]);
    expect(foldUnchanged(lines, 2)).toEqual([
      { fold: 5 },
      { sign: ' ', text: 'f' },
      { sign: ' ', text: 'g' },
      { sign: '-', text: 'h' },
      { sign: '+', text: 'H' },
    ]);
    const middle = foldUnchanged(lineDiff('x\n1\n2\n3\n4\n5\n6\ny', 'X\n1\n2\n3\n4\n5\n6\nY'), 1);
    expect(middle).toEqual([
      { sign: '-', text: 'x' },
      { sign: '+', text: 'X' },
      { sign: ' ', text: '1' },
      { fold: 4 },
      { sign: ' ', text: '6' },
      { sign: '-', text: 'y' },
      { sign: '+', text: 'Y' },
    ]);
  });
});

describe('conflict sides', () => {
  it('describes columns, tables, absent objects and descriptions', () => {
    expect(describeSide(null)).toEqual(['(absent)']);
    expect(describeSide(undefined)).toEqual(['(absent)']);
    expect(describeSide('dropped users.email')).toEqual(['dropped users.email']);
    expect(describeSide({ ...col('email', 'varchar(255)', false), default: "''" })).toEqual(["email varchar(255) not null default ''"]);
    expect(describeSide(table('t', [col('a')]))).toEqual(['table t', '  a text']);
    expect(describeSide({ name: 'by_x', elements: [] })).toEqual(JSON.stringify({ name: 'by_x', elements: [] }, null, 2).split('\n'));
  });
});

describe('reducers', () => {
  it('conflicts: a resolution advances; the last one opens the summary; a failure stays', () => {
    let s = conflictsReducer(initialConflictsState, { type: 'writing' });
    s = conflictsReducer(s, { type: 'resolved', path: 'a', choice: 'ours', notes: [], count: 2 });
    expect(s).toMatchObject({ index: 1, phase: 'walk' });
    s = conflictsReducer(s, { type: 'failed', path: 'b', error: 'no' });
    expect(s).toMatchObject({ index: 1, phase: 'walk', outcomes: { b: { error: 'no' } } });
    s = conflictsReducer(s, { type: 'resolved', path: 'b', choice: 'theirs', notes: [], count: 2 });
    expect(s.phase).toBe('summary');
    expect(s.outcomes).toEqual({ a: { choice: 'ours', notes: [] }, b: { choice: 'theirs', notes: [] } });
  });

  it('navigation: back from the first screen empties the stack (the app quits)', () => {
    let s = navigationReducer({ stack: ['dashboard'] }, { type: 'open', screen: 'branches' });
    expect(s.stack).toEqual(['dashboard', 'branches']);
    s = navigationReducer(s, { type: 'back' });
    s = navigationReducer(s, { type: 'back' });
    expect(s.stack).toEqual([]);
  });

  it('cursor: clamps at both ends and jumps with Home/End', () => {
    expect(applyDelta(0, -1, 3)).toBe(0);
    expect(applyDelta(2, 1, 3)).toBe(2);
    expect(applyDelta(1, Infinity, 3)).toBe(2);
    expect(applyDelta(2, -Infinity, 3)).toBe(0);
    expect(applyDelta(0, 1, 0)).toBe(0);
  });
});

describe('conflicts reducer: loading', () => {
  it('counts earlier resolutions and starts at the first open conflict', () => {
    const c = (path: string, resolved?: 'ours') => ({
      code: 'C002',
      kind: 'k',
      path,
      message: '',
      resolutions: ['ours' as const, 'theirs' as const],
      ...(resolved ? { resolved } : {}),
    });
    const s = conflictsReducer(initialConflictsState, { type: 'loaded', items: [c('a', 'ours'), c('b'), c('c')] });
    expect(s).toEqual({ index: 1, outcomes: { a: { choice: 'ours' } }, phase: 'walk' });
  });
});
