import { describe, expect, it } from 'vitest';
import { migrationChecksum, parseMigrationFile, renderMigrationFile, setChainHashes } from '../../src/core/plan/migration-file.js';
import { expectedHash, parseLock, serializeLock, verifyChain } from '../../src/core/plan/lock-file.js';
import { mergeHistories } from '../../src/core/merge/merge-history.js';
import { mergeSchemas } from '../../src/core/merge/merge-schemas.js';
import { emptySchema, emptyTable, type Schema } from '../../src/core/model/schema.js';
import { snapshotOf } from '../../src/core/snapshot/hash.js';
import { FlashError } from '../../src/errors.js';
import { traitsOf } from '../helpers/engine-traits.js';

const h = (c: string) => c.repeat(64);

describe('migration files', () => {
  const file = renderMigrationFile({
    name: '20261125100000_add_bio',
    title: 'add_bio',
    created: '2026-11-25T10:00:00Z',
    from: h('a'),
    to: h('b'),
    up: 'ALTER TABLE users ADD COLUMN bio text;',
    down: 'ALTER TABLE users DROP COLUMN bio;',
  });

  it('render → parse round-trips every field (SPEC format)', () => {
    expect(file).toContain('-- flash:from ' + h('a'));
    expect(file).toContain('-- +migrate Up\nALTER TABLE users ADD COLUMN bio text;');
    const parsed = parseMigrationFile('20261125100000_add_bio', file);
    expect(parsed).toMatchObject({
      title: 'add_bio',
      created: '2026-11-25T10:00:00Z',
      from: h('a'),
      to: h('b'),
      up: 'ALTER TABLE users ADD COLUMN bio text;',
      down: 'ALTER TABLE users DROP COLUMN bio;',
    });
  });

  it('accepts Flash ORM files without chain lines', () => {
    const parsed = parseMigrationFile('1_x', '-- +migrate Up\nCREATE TABLE a (id int);\n\n-- +migrate Down\nDROP TABLE a;\n');
    expect(parsed.from).toBeUndefined();
    expect(parsed.up).toBe('CREATE TABLE a (id int);');
    expect(parsed.down).toBe('DROP TABLE a;');
  });

  it('checksum ignores the chain lines and CRLF, and sees any SQL change', () => {
    const repointed = setChainHashes(file, h('c'), h('d'));
    expect(parseMigrationFile('x', repointed)).toMatchObject({ from: h('c'), to: h('d') });
    expect(migrationChecksum(repointed)).toBe(migrationChecksum(file));
    expect(migrationChecksum(file.replace(/\n/g, '\r\n'))).toBe(migrationChecksum(file));
    expect(migrationChecksum(file.replace('bio text', 'bio varchar'))).not.toBe(migrationChecksum(file));
  });
});

describe('flash.lock', () => {
  const entries = [
    { name: '1_a', checksum: h('1'), from: h('0'), to: h('a') },
    { name: '2_b', checksum: h('2'), from: h('a'), to: h('b') },
  ];

  it('round-trips and gives the expected hash of the commit', () => {
    const parsed = parseLock(serializeLock(entries));
    expect(parsed).toEqual(entries);
    expect(expectedHash(parsed)).toBe(h('b'));
    expect(verifyChain(parsed, h('0'))).toEqual([]);
    expect(verifyChain(parsed, h('f'))[0]).toMatchObject({ name: '1_a' });
  });

  it('rejects a hand-edited line (header hash) and malformed lines with E_LOCK_FILE', () => {
    const text = serializeLock(entries);
    const code = (t: string) => {
      try {
        parseLock(t);
      } catch (e) {
        return (e as FlashError).code;
      }
      return 'ok';
    };
    expect(code(text.replace(h('2'), h('3')))).toBe('E_LOCK_FILE');
    expect(code(text + 'garbage line\n')).toBe('E_LOCK_FILE');
    expect(code('<<<<<<< HEAD\n')).toBe('E_LOCK_FILE');
  });
});

describe('history merge', () => {
  const table = (name: string, cols: string[]): Schema['tables'][0] => ({
    ...emptyTable(name),
    columns: cols.map((c) => ({ name: c, type: 'text', family: 'text' as const, nullable: true })),
  });
  const schema = (...tables: Schema['tables']) => ({ ...emptySchema('sqlite'), tables });
  const empty = emptySchema('sqlite');
  const base = schema(table('users', ['id']));
  const ours1 = schema(table('users', ['id']), table('posts', ['id']));
  const theirs1 = schema(table('users', ['id', 'bio']));
  const all = new Map([empty, base, ours1, theirs1].map((s) => [snapshotOf(s).id, snapshotOf(s).schema]));
  const id = (s: Schema) => snapshotOf(s).id;
  const e = (name: string, from: Schema, to: Schema) => ({ name, checksum: h('c'), from: id(from), to: id(to) });
  const merge = (b: Schema, o: Schema, t: Schema) => {
    const r = mergeSchemas(b, o, t, { traits: traitsOf(b.provider) });
    return r.ok ? ({ ok: true, merged: r.merged } as const) : ({ ok: false, conflicts: r.conflicts } as const);
  };

  it('orders ours then theirs and re-points theirs after ours head', () => {
    const baseLock = [e('1_init', empty, base)];
    const result = mergeHistories(
      {
        base: baseLock,
        ours: [...baseLock, e('2_posts', base, ours1)],
        theirs: [...baseLock, e('3_bio', base, theirs1)],
        schemaOf: (x) => all.get(x)!,
        emptyHash: id(empty),
      },
      merge,
    );
    if (!result.ok) throw new Error('expected a clean merge');
    expect(result.entries.map((x) => x.name)).toEqual(['1_init', '2_posts', '3_bio']);
    expect(result.entries[2].from).toBe(id(ours1));
    expect(result.mergedId).toBe(id(schema(table('users', ['id', 'bio']), table('posts', ['id']))));
    expect(result.repointed).toEqual([{ name: '3_bio', from: id(ours1), to: result.mergedId }]);
    expect(result.entries[2].checksum).toBe(h('c'));
  });

  it('reports conflicts of non-commuting changes and refuses rewritten shared history', () => {
    const theirsBad = schema(table('users', ['id']), { ...table('posts', ['id', 'x']) });
    all.set(id(theirsBad), snapshotOf(theirsBad).schema);
    const baseLock = [e('1_init', empty, base)];
    const conflict = mergeHistories(
      {
        base: baseLock,
        ours: [...baseLock, e('2_posts', base, ours1)],
        theirs: [...baseLock, e('3_posts', base, theirsBad)],
        schemaOf: (x) => all.get(x)!,
        emptyHash: id(empty),
      },
      merge,
    );
    expect(conflict.ok).toBe(false);
    expect(() =>
      mergeHistories({ base: baseLock, ours: [], theirs: baseLock, schemaOf: (x) => all.get(x)!, emptyHash: id(empty) }, merge),
    ).toThrow(FlashError);
  });
});
