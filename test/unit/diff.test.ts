import { describe, expect, it } from 'vitest';
import { applyOperations, SchemaReplay } from '../../src/core/diff/apply-operations.js';
import { dataLossOf, isLossy, lossyOperations } from '../../src/core/diff/data-loss.js';
import { diffSchemas, type DiffOptions } from '../../src/core/diff/diff.js';
import type { Operation } from '../../src/core/diff/operations.js';
import type { Renames } from '../../src/core/diff/renames.js';
import type { Schema } from '../../src/core/model/schema.js';
import { snapshotOf } from '../../src/core/snapshot/hash.js';
import { rng, shuffled } from '../helpers/random-schema.js';
import { col, entity, fk, schema, table } from './diff-builders.js';
import { traitsOf } from '../helpers/engine-traits.js';

const kinds = (ops: Operation[]): string[] => ops.map((o) => o.kind);
const summary = (ops: Operation[]): string[] =>
  ops.map((o) => {
    switch (o.kind) {
      case 'createTable':
      case 'dropTable':
        return `${o.kind} ${o.table.name}`;
      case 'addForeignKey':
      case 'dropForeignKey':
        return `${o.kind} ${o.table}.${o.foreignKey.name}`;
      case 'createView':
      case 'dropView':
        return `${o.kind} ${o.view.name}`;
      default:
        return o.kind;
    }
  });

/** Every diff in this file must also reach its target when simulated. */
function diff(a: Schema, b: Schema, options?: Omit<DiffOptions, 'traits'>): Operation[] {
  const ops = diffSchemas(a, b, { traits: traitsOf(a.provider), ...options });
  expect(snapshotOf(applyOperations(a, ops)).content).toBe(snapshotOf(b).content);
  return ops;
}

describe('diffSchemas: tables and columns', () => {
  it('emits nothing for identical schemas, also when built in a different order', () => {
    const a = schema(
      [
        entity('users', [col('email', 'text')]),
        entity('posts', [col('user_id')], { foreignKeys: [fk('posts_user', ['user_id'], 'users')] }),
      ],
      {
        enums: [{ name: 'mood', values: ['a', 'b'] }],
        views: [{ name: 'v', definition: 'select id from users' }],
      },
    );
    expect(diffSchemas(a, a, { traits: traitsOf(a.provider) })).toEqual([]);
    expect(diffSchemas(a, shuffled(a, rng(7)), { traits: traitsOf(a.provider) })).toEqual([]);
    expect(diffSchemas(shuffled(a, rng(9)), a, { traits: traitsOf(a.provider) })).toEqual([]);
  });

  it('creates a table, adds, drops and alters columns', () => {
    const a = schema([entity('users', [col('name', 'text'), col('age', 'integer')])]);
    const b = schema([
      entity('users', [col('name', 'varchar(50)', { nullable: false, default: "''" }), col('bio', 'text')]),
      entity('tags'),
    ]);
    const ops = diff(a, b);
    expect(kinds(ops)).toEqual(['dropColumn', 'alterColumn', 'addColumn', 'createTable']);
    const alter = ops[1] as Extract<Operation, { kind: 'alterColumn' }>;
    expect(alter.changes).toEqual(['type', 'nullable', 'default']);
    expect(alter.position).toBeUndefined();
    expect((ops[2] as Extract<Operation, { kind: 'addColumn' }>).position).toBeUndefined();
  });

  it('reports each column property change', () => {
    const base = col('c', 'integer');
    const cases: Array<[Partial<typeof base>, string]> = [
      [{ type: 'bigint' }, 'type'],
      [{ nullable: false }, 'nullable'],
      [{ default: '1' }, 'default'],
      [{ identity: 'by-default' }, 'identity'],
      [{ generated: { expression: 'id * 2', stored: true } }, 'generated'],
      [{ collation: 'C' }, 'collation'],
      [{ comment: 'hi' }, 'comment'],
      [{ onUpdate: 'CURRENT_TIMESTAMP' }, 'onUpdate'],
    ];
    for (const [change, name] of cases) {
      const ops = diff(schema([entity('t', [base])]), schema([entity('t', [{ ...base, ...change }])]));
      expect(ops).toHaveLength(1);
      expect(ops[0]).toMatchObject({ kind: 'alterColumn', table: 't', changes: [name] });
    }
  });

  it('places a new column in the middle and moves reordered columns', () => {
    const a = schema([table('t', [col('a'), col('b'), col('c')])]);
    const inserted = diff(a, schema([table('t', [col('a'), col('x'), col('b'), col('c')])]));
    expect(inserted).toEqual([{ kind: 'addColumn', table: 't', column: col('x'), position: { after: 'a' } }]);
    const first = diff(a, schema([table('t', [col('x'), col('a'), col('b'), col('c')])]));
    expect(first[0]).toMatchObject({ position: 'first' });
    const moved = diff(a, schema([table('t', [col('c'), col('a'), col('b')])]));
    expect(moved).toEqual([{ kind: 'alterColumn', table: 't', from: col('c'), to: col('c'), changes: ['position'], position: 'first' }]);
  });

  it('on PostgreSQL, drops and re-adds a generated column around a retype of a column it reads', () => {
    const gen = (type: string) => [col('a', type), col('b', 'bigint', { generated: { expression: '(a * 2)', stored: true } }), col('c')];
    const pg = diff(schema([table('t', gen('integer'))]), schema([table('t', gen('bigint'))]));
    expect(pg.map((o) => `${o.kind} ${'column' in o ? o.column.name : ''}`)).toEqual(['dropColumn b', 'alterColumn ', 'addColumn b']);
    expect(pg[2]).toMatchObject({ position: { after: 'a' } });
    expect(lossyOperations(pg)).toEqual([1]);
    const mysql = diff(schema([table('t', gen('int'))], {}, 'mysql'), schema([table('t', gen('bigint'))], {}, 'mysql'));
    expect(kinds(mysql)).toEqual(['alterColumn']);
  });

  it('ignores column order on request', () => {
    const a = schema([table('t', [col('a'), col('b')])]);
    const b = schema([table('t', [col('x'), col('b'), col('a')])]);
    expect(diffSchemas(a, b, { traits: traitsOf(a.provider), ignoreColumnOrder: true })).toEqual([
      { kind: 'addColumn', table: 't', column: col('x') },
    ]);
  });

  it('changes table comment and options', () => {
    const a = schema([entity('t')]);
    const b = schema([entity('t', [], { comment: 'people', options: { engine: 'InnoDB' } })]);
    expect(kinds(diff(a, b))).toEqual(['setTableComment', 'alterTableOptions']);
    expect(kinds(diff(b, a))).toEqual(['setTableComment', 'alterTableOptions']);
  });
});

describe('diffSchemas: foreign key order', () => {
  const users = entity('users');
  const posts = entity('posts', [col('user_id')], { foreignKeys: [fk('posts_user', ['user_id'], 'users')] });
  const comments = entity('comments', [col('post_id')], { foreignKeys: [fk('comments_post', ['post_id'], 'posts')] });

  it('creates referenced tables first and drops them last', () => {
    const full = schema([comments, posts, users]);
    expect(summary(diff(schema([]), full))).toEqual(['createTable users', 'createTable posts', 'createTable comments']);
    expect(summary(diff(full, schema([])))).toEqual(['dropTable comments', 'dropTable posts', 'dropTable users']);
  });

  it('breaks a cycle with addForeignKey after all creates, dropForeignKey before all drops', () => {
    const a = entity('a', [col('b_id')], { foreignKeys: [fk('a_b', ['b_id'], 'b')] });
    const b = entity('b', [col('a_id')], { foreignKeys: [fk('b_a', ['a_id'], 'a')] });
    const self = entity('node', [col('parent')], { foreignKeys: [fk('node_parent', ['parent'], 'node')] });
    const full = schema([a, b, self]);
    const up = diff(schema([]), full);
    // a needs b, so b comes first; b's key back to a closes the cycle and waits.
    expect(summary(up)).toEqual(['createTable b', 'createTable a', 'createTable node', 'addForeignKey b.b_a']);
    const createdB = up[0] as Extract<Operation, { kind: 'createTable' }>;
    expect(createdB.table.foreignKeys).toEqual([]);
    const createdNode = up[2] as Extract<Operation, { kind: 'createTable' }>;
    expect(createdNode.table.foreignKeys).toHaveLength(1);
    expect(summary(diff(full, schema([])))).toEqual(['dropForeignKey b.b_a', 'dropTable node', 'dropTable a', 'dropTable b']);
  });

  it('drops a foreign key into a dropped table before the table', () => {
    const a = schema([users, posts]);
    const b = schema([entity('posts', [col('user_id')])]);
    expect(summary(diff(a, b))).toEqual(['dropForeignKey posts.posts_user', 'dropTable users']);
  });

  it('adds a foreign key to an existing table after the referenced table is created', () => {
    const a = schema([entity('posts', [col('user_id')])]);
    expect(summary(diff(a, schema([users, posts])))).toEqual(['createTable users', 'addForeignKey posts.posts_user']);
  });

  it('recreates a foreign key whose column changes type or whose referenced key is rebuilt', () => {
    const a = schema([users, posts]);
    const retyped = schema([users, entity('posts', [col('user_id', 'bigint')], { foreignKeys: posts.foreignKeys })]);
    expect(summary(diff(a, retyped))).toEqual(['dropForeignKey posts.posts_user', 'alterColumn', 'addForeignKey posts.posts_user']);
    const rekeyed = schema([entity('users', [], { primaryKey: { name: 'users_pk', columns: ['id'] } }), posts]);
    expect(summary(diff(a, rekeyed))).toEqual([
      'dropForeignKey posts.posts_user',
      'dropPrimaryKey',
      'addPrimaryKey',
      'addForeignKey posts.posts_user',
    ]);
  });

  it('recreates a MySQL foreign key whose backing index is dropped', () => {
    const idx = { name: 'posts_user_idx', elements: [{ column: 'user_id' }, { column: 'id' }], unique: false };
    const a = schema([users, { ...posts, indexes: [idx] }], {}, 'mysql');
    const b = schema([users, posts], {}, 'mysql');
    expect(summary(diff(a, b))).toEqual(['dropForeignKey posts.posts_user', 'dropIndex', 'addForeignKey posts.posts_user']);
    expect(
      summary(diffSchemas({ ...a, provider: 'postgresql' }, { ...b, provider: 'postgresql' }, { traits: traitsOf('postgresql') })),
    ).toEqual(['dropIndex']);
    // The parent side too: InnoDB lets a foreign key reference a non-unique index.
    const parentIdx = { name: 'users_id_idx', elements: [{ column: 'id' }], unique: false };
    const c = schema([{ ...users, indexes: [parentIdx] }, posts], {}, 'mysql');
    expect(summary(diff(c, schema([users, posts], {}, 'mysql')))).toEqual([
      'dropForeignKey posts.posts_user',
      'dropIndex',
      'addForeignKey posts.posts_user',
    ]);
  });

  it('changed FK definition is a drop before and an add after', () => {
    const a = schema([users, posts]);
    const b = schema([
      users,
      entity('posts', [col('user_id')], { foreignKeys: [fk('posts_user', ['user_id'], 'users', ['id'], { onDelete: 'cascade' })] }),
    ]);
    expect(summary(diff(a, b))).toEqual(['dropForeignKey posts.posts_user', 'addForeignKey posts.posts_user']);
  });
});

describe('diffSchemas: keys, indexes, checks', () => {
  it('drops changed objects before and creates them after the column changes', () => {
    const a = schema([
      entity('t', [col('a', 'text'), col('b')], {
        uniques: [{ name: 't_a_key', columns: ['a'] }],
        indexes: [{ name: 't_b_idx', elements: [{ column: 'b' }], unique: false }],
        checks: [{ name: 't_b_check', expression: '(b > 0)' }],
      }),
    ]);
    const b = schema([
      table('t', [col('id', 'integer', { nullable: false }), col('a', 'text'), col('c')], {
        primaryKey: { columns: ['id', 'a'] },
        uniques: [{ name: 't_a_key', columns: ['a', 'c'] }],
        indexes: [{ name: 't_c_idx', elements: [{ column: 'c', descending: true }], unique: true, where: '(c > 0)' }],
        checks: [{ name: 't_b_check', expression: '(c > 0)' }],
      }),
    ]);
    expect(kinds(diff(a, b))).toEqual([
      'dropCheck',
      'dropIndex',
      'dropUnique',
      'dropPrimaryKey',
      'dropColumn',
      'addColumn',
      'addPrimaryKey',
      'addUnique',
      'createIndex',
      'addCheck',
    ]);
  });

  it('creates the indexes of a new table as separate operations after the table', () => {
    const t = entity('t', [col('a')], { indexes: [{ name: 't_a', elements: [{ column: 'a' }], unique: false }] });
    const ops = diff(schema([]), schema([t]));
    expect(kinds(ops)).toEqual(['createTable', 'createIndex']);
    expect((ops[0] as Extract<Operation, { kind: 'createTable' }>).table.indexes).toEqual([]);
  });
});

describe('diffSchemas: renames', () => {
  it('renames a table and a column only when asked, then diffs the renamed objects', () => {
    const a = schema([
      entity('people', [col('name', 'text')], { indexes: [{ name: 'people_name', elements: [{ column: 'name' }], unique: false }] }),
    ]);
    const b = schema([
      entity('users', [col('full_name', 'varchar(80)')], {
        indexes: [{ name: 'people_name', elements: [{ column: 'full_name' }], unique: false }],
      }),
    ]);
    expect(kinds(diff(a, b))).toEqual(['dropTable', 'createTable', 'createIndex']);
    const ops = diff(a, b, { renames: { tables: { people: 'users' }, columns: { 'people.name': 'full_name' } } });
    expect(ops.slice(0, 2)).toEqual([
      { kind: 'renameTable', from: 'people', to: 'users' },
      { kind: 'renameColumn', table: 'users', from: 'name', to: 'full_name' },
    ]);
    expect(ops[2]).toMatchObject({ kind: 'alterColumn', table: 'users', changes: ['type'] });
    expect(ops).toHaveLength(3);
    // The table part of a column rename may also be the new name.
    expect(
      diffSchemas(a, b, { traits: traitsOf(a.provider), renames: { tables: { people: 'users' }, columns: { 'users.name': 'full_name' } } }),
    ).toEqual(ops);
  });

  it('keeps foreign keys pointing at a renamed table', () => {
    const a = schema([entity('people'), entity('posts', [col('pid')], { foreignKeys: [fk('f', ['pid'], 'people')] })]);
    const b = schema([entity('users'), entity('posts', [col('pid')], { foreignKeys: [fk('f', ['pid'], 'users')] })]);
    expect(kinds(diff(a, b, { renames: { tables: { people: 'users' } } }))).toEqual(['renameTable']);
  });

  it('orders chained renames so the target name is free', () => {
    const a = schema([table('t', [col('a'), col('b')])]);
    const b = schema([table('t', [col('b'), col('c')])]);
    const ops = diff(a, b, { renames: { columns: { 't.a': 'b', 't.b': 'c' } } });
    expect(ops).toEqual([
      { kind: 'renameColumn', table: 't', from: 'b', to: 'c' },
      { kind: 'renameColumn', table: 't', from: 'a', to: 'b' },
    ]);
  });

  it('rejects impossible renames with E_USAGE', () => {
    const a = schema([table('t', [col('a'), col('b')]), table('u', [col('a')])]);
    const b = schema([table('t', [col('b'), col('a')]), table('v', [col('a')])]);
    const bad: Renames[] = [
      { tables: { missing: 'v' } },
      { tables: { u: 'nope' } },
      { tables: { u: 't' } },
      { columns: { 't.a': 'b', 't.b': 'a' } },
      { columns: { 't.zz': 'b' } },
      { columns: { noDot: 'b' } },
    ];
    for (const renames of bad)
      expect(() => diffSchemas(a, b, { traits: traitsOf(a.provider), renames }), JSON.stringify(renames)).toThrow(
        expect.objectContaining({ code: 'E_USAGE' }),
      );
  });
});

describe('diffSchemas: enums', () => {
  const withEnum = (values: string[], columns = [col('mood', 'mood')]) =>
    schema([entity('t', columns)], { enums: [{ name: 'mood', values }] });

  it('creates enums before the tables that use them and drops them after', () => {
    const ops = diff(schema([]), withEnum(['a']));
    expect(kinds(ops)).toEqual(['createEnum', 'createTable']);
    expect(kinds(diff(withEnum(['a']), schema([])))).toEqual(['dropTable', 'dropEnum']);
  });

  it('adds values with before/after when the existing order is kept', () => {
    const ops = diff(withEnum(['b', 'd']), withEnum(['a', 'b', 'c', 'd', 'e', 'f']));
    expect(ops).toEqual([
      { kind: 'addEnumValue', enum: 'mood', value: 'a', before: 'b' },
      { kind: 'addEnumValue', enum: 'mood', value: 'c', after: 'b' },
      { kind: 'addEnumValue', enum: 'mood', value: 'e' },
      { kind: 'addEnumValue', enum: 'mood', value: 'f' },
    ]);
  });

  it('recreates the enum with its usages when a value is removed or reordered', () => {
    const ops = diff(withEnum(['a', 'b', 'c']), withEnum(['a', 'c']));
    expect(ops).toEqual([
      {
        kind: 'recreateEnum',
        from: { name: 'mood', values: ['a', 'b', 'c'] },
        to: { name: 'mood', values: ['a', 'c'] },
        usages: [{ table: 't', column: 'mood' }],
      },
    ]);
    expect(kinds(diff(withEnum(['a', 'b']), withEnum(['b', 'a'])))).toEqual(['recreateEnum']);
  });

  it('recreates views over tables whose enum columns are retyped', () => {
    const a = { ...withEnum(['a', 'b']), views: [{ name: 'v', definition: 'SELECT mood FROM t' }] };
    const b = { ...withEnum(['b']), views: a.views };
    expect(summary(diff(a, b))).toEqual(['dropView v', 'recreateEnum', 'createView v']);
  });
});

describe('diffSchemas: views', () => {
  const users = entity('users', [col('name', 'text')]);
  const v1 = { name: 'active', definition: 'SELECT id, name FROM users' };
  const v2 = { name: 'active_names', definition: 'SELECT name FROM active' };
  const other = { name: 'other', definition: 'SELECT 1 AS x' };

  it('creates views last in dependency order and drops them first, dependents first', () => {
    const full = schema([users], { views: [v2, v1, other] });
    expect(summary(diff(schema([]), full))).toEqual([
      'createTable users',
      'createView active',
      'createView active_names',
      'createView other',
    ]);
    expect(summary(diff(full, schema([])))).toEqual(['dropView other', 'dropView active_names', 'dropView active', 'dropTable users']);
  });

  it('recreates a view whose definition changed and views that use it', () => {
    const a = schema([users], { views: [v1, v2, other] });
    const b = schema([users], { views: [{ ...v1, definition: 'SELECT id, name FROM users WHERE id > 0' }, v2, other] });
    expect(summary(diff(a, b))).toEqual(['dropView active_names', 'dropView active', 'createView active', 'createView active_names']);
  });

  it('recreates views that mention a changed table, not the others', () => {
    const a = schema([users], { views: [v1, v2, other] });
    const b = schema([entity('users', [col('name', 'varchar(20)')])], { views: [v1, v2, other] });
    expect(summary(diff(a, b))).toEqual([
      'dropView active_names',
      'dropView active',
      'alterColumn',
      'createView active',
      'createView active_names',
    ]);
    const indexed = schema(
      [entity('users', [col('name', 'text')], { indexes: [{ name: 'i', elements: [{ column: 'name' }], unique: false }] })],
      { views: [v1, v2, other] },
    );
    expect(kinds(diff(a, indexed))).toEqual(['createIndex']);
  });
});

describe('data loss', () => {
  it('classifies operations', () => {
    const t = entity('t', [col('a')]);
    const down = diffSchemas(schema([t]), schema([]), { traits: traitsOf('postgresql') });
    expect(isLossy(down)).toBe(true);
    expect(lossyOperations(down)).toEqual([0]);
    expect(isLossy(diffSchemas(schema([]), schema([t]), { traits: traitsOf('postgresql') }))).toBe(false);
    expect(dataLossOf({ kind: 'alterColumn', table: 't', from: col('a'), to: col('a', 'text'), changes: ['type'] })).toBe('possible');
    expect(
      dataLossOf({ kind: 'alterColumn', table: 't', from: col('a'), to: col('a', 'integer', { nullable: false }), changes: ['nullable'] }),
    ).toBe('none');
    expect(dataLossOf({ kind: 'dropColumn', table: 't', column: col('a') })).toBe('certain');
  });
});

describe('diffSchemas: MongoDB collections', () => {
  it('diffs collections, validators and indexes and the simulator follows', () => {
    const base = { ...schema([], {}, 'mongodb') };
    const a = {
      ...base,
      collections: [
        {
          name: 'users',
          validator: { $jsonSchema: { required: ['email'] } },
          indexes: [{ name: 'email_1', keys: [['email', 1]] as Array<[string, number]>, unique: true }],
        },
        { name: 'logs', indexes: [] },
      ],
    };
    const b = {
      ...base,
      collections: [
        {
          name: 'users',
          validationLevel: 'moderate' as const,
          indexes: [{ name: 'email_1', keys: [['email', 1]] as Array<[string, number]> }],
        },
        { name: 'events', indexes: [{ name: 'at_1', keys: [['at', 1]] as Array<[string, number]>, expireAfterSeconds: 60 }] },
      ],
    };
    const ops = diff(a, b);
    expect(kinds(ops)).toEqual([
      'dropCollection',
      'createCollection',
      'createCollectionIndex',
      'dropCollectionIndex',
      'setValidator',
      'createCollectionIndex',
    ]);
    expect(diff(b, a).length).toBeGreaterThan(0);
    expect(lossyOperations(ops)).toEqual([0]);
  });
});

describe('applyOperations', () => {
  it('refuses operations that do not fit the schema, naming the operation', () => {
    const s = schema([entity('t', [col('a')])]);
    const bad: Operation[] = [
      { kind: 'createTable', table: entity('t') },
      { kind: 'dropTable', table: entity('nope') },
      { kind: 'addColumn', table: 't', column: col('a') },
      { kind: 'dropColumn', table: 't', column: col('zz') },
      { kind: 'addPrimaryKey', table: 't', primaryKey: { columns: ['a'] } },
      { kind: 'dropIndex', table: 't', index: { name: 'i', elements: [], unique: false } },
      { kind: 'addEnumValue', enum: 'mood', value: 'x' },
      { kind: 'renameColumn', table: 't', from: 'a', to: 'id' },
    ];
    for (const op of bad) {
      expect(() => applyOperations(s, [{ kind: 'setTableComment', table: 't', to: 'x' }, op]), op.kind).toThrow(
        expect.objectContaining({ code: 'E_CONFLICT', data: { op: 1 } }),
      );
    }
  });

  it('does not modify its input and follows renames into keys, indexes and foreign keys', () => {
    const a = schema([
      entity('p', [col('code')], { uniques: [{ name: 'p_code', columns: ['code'] }] }),
      entity('c', [col('pc')], {
        indexes: [{ name: 'c_pc', elements: [{ column: 'pc' }], unique: false }],
        foreignKeys: [fk('c_p', ['pc'], 'p', ['code'])],
      }),
    ]);
    const before = JSON.stringify(a);
    const out = applyOperations(a, [
      { kind: 'renameTable', from: 'p', to: 'parent' },
      { kind: 'renameColumn', table: 'parent', from: 'code', to: 'key' },
      { kind: 'renameColumn', table: 'c', from: 'pc', to: 'parent_key' },
    ]);
    expect(JSON.stringify(a)).toBe(before);
    const c = out.tables.find((t) => t.name === 'c')!;
    expect(c.foreignKeys[0]).toMatchObject({ columns: ['parent_key'], referencedTable: 'parent', referencedColumns: ['key'] });
    expect(c.indexes[0].elements).toEqual([{ column: 'parent_key' }]);
    expect(out.tables.find((t) => t.name === 'parent')!.uniques[0].columns).toEqual(['key']);
  });

  it('SchemaReplay shows the schema between operations, on its own copy', () => {
    const a = schema([entity('t', [col('a'), col('b')])]);
    const before = JSON.stringify(a);
    const replay = new SchemaReplay(a);
    replay.apply({ kind: 'addColumn', table: 't', column: col('c'), position: { after: 'a' } }, 0);
    expect(replay.findTable('t')!.columns.map((c) => c.name)).toEqual(['id', 'a', 'c', 'b']);
    replay.apply({ kind: 'renameTable', from: 't', to: 'u' }, 1);
    expect(replay.findTable('t')).toBeUndefined();
    expect(replay.findTable('u')!.columns).toHaveLength(4);
    expect(() => replay.apply({ kind: 'dropTable', table: entity('t') }, 2)).toThrow(
      expect.objectContaining({ code: 'E_CONFLICT', data: { op: 2 } }),
    );
    expect(JSON.stringify(a)).toBe(before);
  });
});
