import { describe, expect, it } from 'vitest';
import { describeConflict, type MergeConflict } from '../../src/core/merge/merge-conflict.js';
import { mergeSchemas } from '../../src/core/merge/merge-schemas.js';
import { resolveConflicts } from '../../src/core/merge/resolve-conflicts.js';
import type { Schema } from '../../src/core/model/schema.js';
import { FlashError } from '../../src/errors.js';
import {
  blogBase,
  codes,
  col,
  column,
  dropColumn,
  dropTable,
  edit,
  ignoringColumnOrder,
  merge,
  mergedOf,
  sameSchema,
  schema,
  table,
  tbl,
  warningCodes,
} from './merge-ir.js';
import { traitsOf } from '../helpers/engine-traits.js';

const base = blogBase();

function conflictAt(r: ReturnType<typeof merge>, path: string): MergeConflict {
  if (r.ok) throw new Error('expected conflicts');
  const c = r.conflicts.find((x) => x.path === path);
  if (!c) throw new Error(`no conflict at ${path}; got ${r.conflicts.map((x) => x.path).join(', ')}`);
  return c;
}

describe('clean merges', () => {
  it('keeps the base when nothing changed', () => {
    expect(sameSchema(mergedOf(merge(base, base, base)), base)).toBe(true);
  });

  it('takes the one changed side', () => {
    const ours = edit(base, (s) => tbl(s, 'users').columns.push(col('bio', 'text')));
    expect(sameSchema(mergedOf(merge(base, ours, base)), ours)).toBe(true);
    expect(sameSchema(mergedOf(merge(base, base, ours)), ours)).toBe(true);
  });

  it('treats identical changes on both sides as one change', () => {
    const change = (s: Schema) => {
      tbl(s, 'users').columns.push(col('bio', 'text'));
      column(s, 'posts', 'title').nullable = false;
      s.tables.push(table('tags', [col('id'), col('label', 'text')]));
    };
    const r = merge(base, edit(base, change), edit(base, change));
    expect(sameSchema(mergedOf(r), edit(base, change))).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  it('combines disjoint tables', () => {
    const ours = edit(base, (s) => s.tables.push(table('tags', [col('id')])));
    const theirs = edit(base, (s) => s.tables.push(table('likes', [col('id'), col('post_id')])));
    const merged = mergedOf(merge(base, ours, theirs));
    expect(merged.tables.map((t) => t.name)).toEqual(['likes', 'posts', 'tags', 'users']);
  });

  it('puts ours-added columns before theirs-added columns (the column order rule)', () => {
    const ours = edit(base, (s) => tbl(s, 'users').columns.push(col('bio', 'text'), col('age')));
    const theirs = edit(base, (s) => tbl(s, 'users').columns.push(col('avatar', 'text')));
    const names = (r: ReturnType<typeof merge>) => tbl(mergedOf(r), 'users').columns.map((c) => c.name);
    expect(names(merge(base, ours, theirs))).toEqual(['id', 'email', 'name', 'bio', 'age', 'avatar']);
    expect(names(merge(base, theirs, ours))).toEqual(['id', 'email', 'name', 'avatar', 'bio', 'age']);
  });

  it('merges different attributes of the same column (type on one side, nullability on the other)', () => {
    const ours = edit(base, (s) => {
      column(s, 'posts', 'score').type = 'bigint';
    });
    const theirs = edit(base, (s) => {
      column(s, 'posts', 'score').nullable = false;
    });
    const c = column(mergedOf(merge(base, ours, theirs)), 'posts', 'score');
    expect(c).toEqual({ name: 'score', type: 'bigint', family: 'integer', nullable: false, default: '0' });
  });

  it('drops a column both sides drop, and combines a drop with unrelated changes', () => {
    const ours = edit(base, (s) => dropColumn(s, 'users', 'name'));
    const theirs = edit(base, (s) => {
      dropColumn(s, 'users', 'name');
      tbl(s, 'posts').columns.push(col('body', 'text'));
    });
    const merged = mergedOf(merge(base, ours, theirs));
    expect(tbl(merged, 'users').columns.map((c) => c.name)).toEqual(['id', 'email']);
    expect(tbl(merged, 'posts').columns.map((c) => c.name)).toContain('body');
  });

  it('keeps a removed default on one side with a type change on the other', () => {
    const ours = edit(base, (s) => {
      delete column(s, 'posts', 'score').default;
    });
    const theirs = edit(base, (s) => {
      column(s, 'posts', 'score').type = 'bigint';
    });
    expect(column(mergedOf(merge(base, ours, theirs)), 'posts', 'score')).toEqual({
      name: 'score',
      type: 'bigint',
      family: 'integer',
      nullable: true,
    });
  });

  it('combines independent index, FK and check changes on the same table', () => {
    const ours = edit(base, (s) =>
      tbl(s, 'posts').indexes.push({ name: 'posts_title_idx', elements: [{ column: 'title' }], unique: false }),
    );
    const theirs = edit(base, (s) => {
      tbl(s, 'posts').foreignKeys[0].onDelete = 'restrict';
      tbl(s, 'posts').checks[0].expression = '(score >= -1)';
    });
    const posts = tbl(mergedOf(merge(base, ours, theirs)), 'posts');
    expect(posts.indexes.map((i) => i.name)).toEqual(['posts_title_idx', 'posts_user_idx']);
    expect(posts.foreignKeys[0].onDelete).toBe('restrict');
    expect(posts.checks[0].expression).toBe('(score >= -1)');
  });

  it('is clean when one side drops a table nothing else touches', () => {
    const ours = edit(base, (s) => s.tables.push(table('tags', [col('id')])));
    const theirs = edit(ours, (s) => dropTable(s, 'tags'));
    // base has no tags: ours adds it, theirs (derived from ours here) cannot drop what base lacks, so use tags as base
    expect(sameSchema(mergedOf(merge(ours, ours, theirs)), theirs)).toBe(true);
  });
});

describe('C001 both-added-different', () => {
  it('reports a table both sides add differently, and "both" merges their columns', () => {
    const ours = edit(base, (s) => s.tables.push(table('tags', [col('id'), col('label', 'text')])));
    const theirs = edit(base, (s) => s.tables.push(table('tags', [col('id'), col('color', 'text')])));
    const r = merge(base, ours, theirs);
    expect(codes(r)).toEqual(['C001']);
    const c = conflictAt(r, 'tags');
    expect(c.resolutions).toEqual(['ours', 'theirs', 'both']);
    expect(c.objectKind).toBe('table');
    const both = resolveConflicts({ base, ours, theirs, traits: traitsOf(ours.provider) }, { tags: 'both' });
    expect(tbl(both, 'tags').columns.map((x) => x.name)).toEqual(['id', 'label', 'color']);
    expect(
      tbl(resolveConflicts({ base, ours, theirs, traits: traitsOf(ours.provider) }, { tags: 'theirs' }), 'tags').columns.map((x) => x.name),
    ).toEqual(['id', 'color']);
  });

  it('reports a column both sides add with different types', () => {
    const ours = edit(base, (s) => tbl(s, 'users').columns.push(col('bio', 'text')));
    const theirs = edit(base, (s) => tbl(s, 'users').columns.push(col('bio', 'varchar(100)')));
    const c = conflictAt(merge(base, ours, theirs), 'users.bio');
    expect(c.code).toBe('C001');
    expect(c.base).toBeNull();
    expect((c.ours as { type: string }).type).toBe('text');
  });

  it('reports an index both sides add under one name with different columns', () => {
    const ours = edit(base, (s) => tbl(s, 'posts').indexes.push({ name: 'posts_x', elements: [{ column: 'title' }], unique: false }));
    const theirs = edit(base, (s) => tbl(s, 'posts').indexes.push({ name: 'posts_x', elements: [{ column: 'score' }], unique: false }));
    expect(conflictAt(merge(base, ours, theirs), 'posts#index:posts_x').code).toBe('C001');
  });

  it('reports a foreign key both sides add on the same column with different actions', () => {
    const b2 = edit(base, (s: Schema) => {
      s.tables.push(table('comments', [col('id'), col('post_id')]));
    });
    const fk = (onDelete: 'cascade' | 'set null') => (s: Schema) =>
      tbl(s, 'comments').foreignKeys.push({
        name: 'comments_post_fk',
        columns: ['post_id'],
        referencedTable: 'posts',
        referencedColumns: ['id'],
        onDelete,
        onUpdate: 'no action',
      });
    const r = merge(b2, edit(b2, fk('cascade')), edit(b2, fk('set null')));
    expect(codes(r)).toEqual(['C001']);
    expect(conflictAt(r, 'comments#fk:comments_post_fk').message).toContain('on delete cascade');
  });
});

describe('C002 both-modified-different', () => {
  it('reports a column type changed differently, listing the attribute', () => {
    const ours = edit(base, (s) => {
      column(s, 'posts', 'score').type = 'bigint';
    });
    const theirs = edit(base, (s) => {
      column(s, 'posts', 'score').type = 'numeric(10,2)';
      column(s, 'posts', 'score').family = 'decimal';
    });
    const c = conflictAt(merge(base, ours, theirs), 'posts.score');
    expect(c.code).toBe('C002');
    expect(c.attributes).toEqual(['type']);
    expect(c.message).toContain('bigint');
    expect(c.message).toContain('numeric(10,2)');
  });

  it('reports a default changed differently but merges the other attribute changes', () => {
    const ours = edit(base, (s) => {
      column(s, 'posts', 'score').default = '1';
      column(s, 'posts', 'score').type = 'bigint';
    });
    const theirs = edit(base, (s) => {
      column(s, 'posts', 'score').default = '2';
      column(s, 'posts', 'score').nullable = false;
    });
    const r = merge(base, ours, theirs);
    expect(conflictAt(r, 'posts.score').attributes).toEqual(['default']);
    const resolved = resolveConflicts({ base, ours, theirs, traits: traitsOf(ours.provider) }, { 'posts.score': 'theirs' });
    expect(column(resolved, 'posts', 'score')).toEqual({ name: 'score', type: 'bigint', family: 'integer', nullable: false, default: '2' });
    // the partial takes ours' side of the conflicting attribute
    if (r.ok) throw new Error('expected conflict');
    expect(column(r.partial, 'posts', 'score').default).toBe('1');
  });

  it('reports a foreign key action, a check expression and a view definition changed differently', () => {
    const withView = edit(base, (s) => s.views.push({ name: 'titles', definition: 'SELECT title FROM posts' }));
    const ours = edit(withView, (s) => {
      tbl(s, 'posts').foreignKeys[0].onDelete = 'restrict';
      tbl(s, 'posts').checks[0].expression = '(score > 0)';
      s.views[0].definition = 'SELECT id, title FROM posts';
    });
    const theirs = edit(withView, (s) => {
      tbl(s, 'posts').foreignKeys[0].onDelete = 'set null';
      tbl(s, 'posts').checks[0].expression = '(score < 100)';
      s.views[0].definition = 'SELECT title, score FROM posts';
    });
    const r = merge(withView, ours, theirs);
    expect(codes(r)).toEqual(['C002', 'C002', 'C002']);
    if (r.ok) throw new Error('expected conflicts');
    expect(r.conflicts.map((c) => c.path)).toEqual(['posts#check:posts_score_check', 'posts#fk:posts_user_fk', 'view:titles']);
  });

  it('reports table options changed differently at the table path', () => {
    const ours = edit(base, (s) => {
      tbl(s, 'users').comment = 'people';
    });
    const theirs = edit(base, (s) => {
      tbl(s, 'users').comment = 'accounts';
    });
    const c = conflictAt(merge(base, ours, theirs), 'users');
    expect(c.code).toBe('C002');
    expect(c.attributes).toEqual(['comment']);
  });
});

describe('C003 modify-delete', () => {
  it('reports a column one side drops and the other modifies', () => {
    const ours = edit(base, (s) => dropColumn(s, 'users', 'name'));
    const theirs = edit(base, (s) => {
      column(s, 'users', 'name').type = 'varchar(80)';
    });
    const c = conflictAt(merge(base, ours, theirs), 'users.name');
    expect(c.code).toBe('C003');
    expect(c.ours).toBeNull();
    expect(c.message).toMatch(/^ours drops/);
    expect(
      resolveConflicts({ base, ours, theirs, traits: traitsOf(ours.provider) }, { 'users.name': 'ours' })
        .tables.find((t) => t.name === 'users')!
        .columns.map((x) => x.name),
    ).toEqual(['id', 'email']);
    expect(
      column(resolveConflicts({ base, ours, theirs, traits: traitsOf(ours.provider) }, { 'users.name': 'theirs' }), 'users', 'name').type,
    ).toBe('varchar(80)');
  });

  it('reports a table one side drops and the other modifies', () => {
    const ours = edit(base, (s) => {
      dropTable(s, 'posts');
    });
    const theirs = edit(base, (s) => tbl(s, 'posts').columns.push(col('body', 'text')));
    const r = merge(base, ours, theirs);
    expect(codes(r)).toEqual(['C003']);
    expect(conflictAt(r, 'posts').objectKind).toBe('table');
  });

  it('treats a rename on one side (drop + add) and a modification on the other as modify-delete', () => {
    const ours = edit(base, (s) => {
      const c = column(s, 'users', 'name');
      c.name = 'full_name';
    });
    const theirs = edit(base, (s) => {
      column(s, 'users', 'name').nullable = false;
    });
    const r = merge(base, ours, theirs);
    expect(codes(r)).toEqual(['C003']);
    expect(conflictAt(r, 'users.name').message).toContain('renames');
  });
});

describe('C004 dependency-on-dropped', () => {
  it('reports a foreign key to a table the other side drops; resolutions keep the table or drop the key', () => {
    const ours = edit(base, (s) => {
      tbl(s, 'posts').foreignKeys = [];
      tbl(s, 'posts').indexes = [];
      dropTable(s, 'users');
    });
    const theirs = edit(base, (s) =>
      s.tables.push(
        table('sessions', [col('id'), col('user_id')], {
          foreignKeys: [
            {
              name: 'sessions_user_fk',
              columns: ['user_id'],
              referencedTable: 'users',
              referencedColumns: ['id'],
              onDelete: 'cascade',
              onUpdate: 'no action',
            },
          ],
        }),
      ),
    );
    const r = merge(base, ours, theirs);
    expect(codes(r)).toEqual(['C004']);
    const c = conflictAt(r, 'sessions#fk:sessions_user_fk');
    expect(c.related).toEqual(['users']);
    expect(c.ours).toBe('drops (or renames) table users');
    const keepUsers = resolveConflicts(
      { base, ours, theirs, traits: traitsOf(ours.provider) },
      { 'sessions#fk:sessions_user_fk': 'theirs' },
    );
    expect(keepUsers.tables.map((t) => t.name)).toEqual(['posts', 'sessions', 'users']);
    expect(tbl(keepUsers, 'sessions').foreignKeys).toHaveLength(1);
    const dropKey = resolveConflicts({ base, ours, theirs, traits: traitsOf(ours.provider) }, { 'sessions#fk:sessions_user_fk': 'ours' });
    expect(dropKey.tables.map((t) => t.name)).toEqual(['posts', 'sessions']);
    expect(tbl(dropKey, 'sessions').foreignKeys).toEqual([]);
    expect(tbl(dropKey, 'sessions').columns.map((x) => x.name)).toEqual(['id', 'user_id']);
  });

  it('reports an index on a column the other side drops', () => {
    const ours = edit(base, (s) =>
      tbl(s, 'posts').indexes.push({ name: 'posts_title_idx', elements: [{ column: 'title' }], unique: false }),
    );
    const theirs = edit(base, (s) => dropColumn(s, 'posts', 'title'));
    const r = merge(base, ours, theirs);
    expect(codes(r)).toEqual(['C004']);
    expect(conflictAt(r, 'posts#index:posts_title_idx').related).toEqual(['posts.title']);
    const kept = resolveConflicts({ base, ours, theirs, traits: traitsOf(ours.provider) }, { 'posts#index:posts_title_idx': 'ours' });
    expect(column(kept, 'posts', 'title').type).toBe('text');
  });

  it('reports a view reading a table the other side drops, and one reading a dropped column', () => {
    const ours = edit(base, (s) => {
      s.views.push({ name: 'post_titles', definition: 'SELECT p.id, p.title FROM posts p' });
      s.views.push({ name: 'user_names', definition: 'SELECT id, name FROM users' });
    });
    const theirs = edit(base, (s) => {
      dropTable(s, 'posts');
      dropColumn(s, 'users', 'name');
    });
    const r = merge(base, ours, theirs);
    expect(codes(r)).toEqual(['C004', 'C004']);
    expect(conflictAt(r, 'view:post_titles').related).toEqual(['posts']);
    expect(conflictAt(r, 'view:user_names').related).toEqual(['users.name']);
  });

  it('reports a check that mentions a column the other side drops', () => {
    const ours = edit(base, (s) => tbl(s, 'users').checks.push({ name: 'users_name_check', expression: '(length(name) > 0)' }));
    const theirs = edit(base, (s) => dropColumn(s, 'users', 'name'));
    expect(conflictAt(merge(base, ours, theirs), 'users#check:users_name_check').code).toBe('C004');
  });

  it('reports a foreign key to a column the other side renames', () => {
    const ours = edit(base, (s) =>
      s.tables.push(
        table('profiles', [col('email', 'varchar(255)')], {
          foreignKeys: [
            {
              name: 'profiles_email_fk',
              columns: ['email'],
              referencedTable: 'users',
              referencedColumns: ['email'],
              onDelete: 'no action',
              onUpdate: 'no action',
            },
          ],
        }),
      ),
    );
    const theirs = edit(base, (s) => {
      column(s, 'users', 'email').name = 'mail';
      tbl(s, 'users').uniques[0].columns = ['mail'];
    });
    const r = merge(base, ours, theirs);
    expect(codes(r)).toEqual(['C004']);
    expect(conflictAt(r, 'profiles#fk:profiles_email_fk').related).toEqual(['users.email']);
  });

  it('reports a generated column whose expression reads a column the other side drops', () => {
    const ours = edit(base, (s) =>
      tbl(s, 'users').columns.push(col('label', 'text', { generated: { expression: "(name || '!')", stored: true } })),
    );
    const theirs = edit(base, (s) => dropColumn(s, 'users', 'name'));
    const r = merge(base, ours, theirs);
    expect(codes(r)).toEqual(['C004']);
    expect(conflictAt(r, 'users.label').related).toEqual(['users.name']);
  });

  it('reports a foreign key to columns whose unique key the other side drops', () => {
    const ours = edit(base, (s) => {
      tbl(s, 'users').uniques = [];
    });
    const theirs = edit(base, (s) =>
      s.tables.push(
        table('invites', [col('email', 'varchar(255)')], {
          foreignKeys: [
            {
              name: 'invites_email_fk',
              columns: ['email'],
              referencedTable: 'users',
              referencedColumns: ['email'],
              onDelete: 'cascade',
              onUpdate: 'no action',
            },
          ],
        }),
      ),
    );
    const r = merge(base, ours, theirs);
    expect(codes(r)).toEqual(['C004']);
    expect(conflictAt(r, 'invites#fk:invites_email_fk').related).toEqual(['users#unique:users_email_key']);
    expect(
      tbl(resolveConflicts({ base, ours, theirs, traits: traitsOf(ours.provider) }, { 'invites#fk:invites_email_fk': 'theirs' }), 'users')
        .uniques,
    ).toHaveLength(1);
  });

  it('reports two redundant keys each side dropped a different one of, under a #key path', () => {
    const twoKeys = edit(base, (s) => {
      tbl(s, 'users').primaryKey = { columns: ['email'] };
      tbl(s, 'posts').columns.push(col('author_email', 'varchar(255)'));
      tbl(s, 'posts').foreignKeys.push({
        name: 'posts_author_fk',
        columns: ['author_email'],
        referencedTable: 'users',
        referencedColumns: ['email'],
        onDelete: 'cascade',
        onUpdate: 'no action',
      });
    });
    const ours = edit(twoKeys, (s) => {
      delete tbl(s, 'users').primaryKey;
    });
    const theirs = edit(twoKeys, (s) => {
      tbl(s, 'users').uniques = [];
    });
    const r = merge(twoKeys, ours, theirs);
    expect(codes(r)).toEqual(['C004']);
    const c = conflictAt(r, 'users#key:email');
    expect(c.related).toEqual(['posts#fk:posts_author_fk']);
    const keepPk = resolveConflicts({ base: twoKeys, ours, theirs, traits: traitsOf(ours.provider) }, { 'users#key:email': 'theirs' });
    expect(tbl(keepPk, 'users').primaryKey).toEqual({ columns: ['email'] });
    expect(tbl(keepPk, 'users').uniques).toEqual([]);
  });

  it('does not blame a dependency both sides already had', () => {
    const withView = edit(base, (s) => s.views.push({ name: 'v', definition: 'SELECT title FROM posts' }));
    const ours = edit(withView, (s) => tbl(s, 'users').columns.push(col('bio', 'text')));
    expect(mergedOf(merge(withView, ours, withView)).views).toHaveLength(1);
  });
});

describe('C005 name-collision', () => {
  it('reports an index and a table given the same name on different sides', () => {
    const ours = edit(base, (s) => tbl(s, 'posts').indexes.push({ name: 'archive', elements: [{ column: 'title' }], unique: false }));
    const theirs = edit(base, (s) => s.tables.push(table('archive', [col('id')])));
    const r = merge(base, ours, theirs);
    expect(codes(r)).toEqual(['C005']);
    const c = conflictAt(r, 'name:archive');
    expect(c.related).toEqual(['posts#index:archive', 'archive']);
    const oursWins = resolveConflicts({ base, ours, theirs, traits: traitsOf(ours.provider) }, { 'name:archive': 'ours' });
    expect(oursWins.tables.map((t) => t.name)).toEqual(['posts', 'users']);
    expect(tbl(oursWins, 'posts').indexes.map((i) => i.name)).toContain('archive');
    const theirsWins = resolveConflicts({ base, ours, theirs, traits: traitsOf(ours.provider) }, { 'name:archive': 'theirs' });
    expect(theirsWins.tables.map((t) => t.name)).toEqual(['archive', 'posts', 'users']);
    expect(tbl(theirsWins, 'posts').indexes.map((i) => i.name)).not.toContain('archive');
  });

  it('reports same-named indexes on two tables in PostgreSQL but not in MySQL', () => {
    const idx = (t: string) => (s: Schema) => tbl(s, t).indexes.push({ name: 'by_id', elements: [{ column: 'id' }], unique: false });
    expect(codes(merge(base, edit(base, idx('users')), edit(base, idx('posts'))))).toEqual(['C005']);
    const my = edit(base, (s) => {
      s.provider = 'mysql';
    });
    expect(codes(merge(my, edit(my, idx('users')), edit(my, idx('posts'))))).toEqual([]);
  });

  it('reports a unique constraint and a check sharing a name in one table', () => {
    const ours = edit(base, (s) => tbl(s, 'users').uniques.push({ name: 'users_x', columns: ['name'] }));
    const theirs = edit(base, (s) => tbl(s, 'users').checks.push({ name: 'users_x', expression: '(id > 0)' }));
    const r = merge(base, ours, theirs);
    expect(codes(r)).toEqual(['C005']);
    expect(conflictAt(r, 'users#name:users_x').related).toEqual(['users#unique:users_x', 'users#check:users_x']);
  });
});

describe('C006 enum values', () => {
  const eb = schema([table('people', [col('id'), col('mood', 'mood', { default: "'ok'" })])], {
    enums: [{ name: 'mood', values: ['sad', 'ok', 'happy'] }],
  });
  const withValues = (values: string[]) =>
    edit(eb, (s) => {
      s.enums[0].values = values;
    });

  it('merges additions in different gaps and removals elsewhere', () => {
    const r = merge(eb, withValues(['sad', 'meh', 'ok', 'happy']), withValues(['sad', 'ok', 'happy', 'ecstatic']));
    expect(mergedOf(r).enums[0].values).toEqual(['sad', 'meh', 'ok', 'happy', 'ecstatic']);
    const r2 = merge(eb, withValues(['ok', 'happy']), withValues(['sad', 'ok', 'happy', 'ecstatic']));
    expect(mergedOf(r2).enums[0].values).toEqual(['ok', 'happy', 'ecstatic']);
  });

  it('reports both sides adding different values at the same position; "both" keeps ours first', () => {
    const ours = withValues(['sad', 'ok', 'happy', 'elated']);
    const theirs = withValues(['sad', 'ok', 'happy', 'joyful']);
    const r = merge(eb, ours, theirs);
    expect(codes(r)).toEqual(['C006']);
    expect(conflictAt(r, 'enum:mood').resolutions).toEqual(['ours', 'theirs', 'both']);
    expect(resolveConflicts({ base: eb, ours, theirs, traits: traitsOf(ours.provider) }, { 'enum:mood': 'both' }).enums[0].values).toEqual([
      'sad',
      'ok',
      'happy',
      'elated',
      'joyful',
    ]);
    expect(
      resolveConflicts({ base: eb, ours, theirs, traits: traitsOf(ours.provider) }, { 'enum:mood': 'theirs' }).enums[0].values,
    ).toEqual(['sad', 'ok', 'happy', 'joyful']);
  });

  it('reports a removal next to the other side addition, and reordering', () => {
    expect(codes(merge(eb, withValues(['sad', 'happy']), withValues(['sad', 'ok', 'fine', 'happy'])))).toEqual(['C006']);
    expect(codes(merge(eb, withValues(['ok', 'sad', 'happy']), withValues(['sad', 'ok', 'happy', 'x'])))).toEqual(['C006']);
  });

  it('reports a value one side removes while the other side starts using it as a default', () => {
    const ours = withValues(['ok', 'happy']);
    const theirs = edit(eb, (s) => {
      column(s, 'people', 'mood').default = "'sad'";
    });
    const r = merge(eb, ours, theirs);
    expect(codes(r)).toEqual(['C006']);
    expect(conflictAt(r, 'people.mood').related).toEqual(['enum:mood']);
  });

  it('settles a removed-but-used value either way', () => {
    const ours = withValues(['ok', 'happy']);
    const theirs = edit(eb, (s) => {
      column(s, 'people', 'mood').default = "'sad'";
    });
    const remover = resolveConflicts({ base: eb, ours, theirs, traits: traitsOf(ours.provider) }, { 'people.mood': 'ours' });
    expect(remover.enums[0].values).toEqual(['ok', 'happy']);
    expect(column(remover, 'people', 'mood').default).toBe("'ok'");
    const user = resolveConflicts({ base: eb, ours, theirs, traits: traitsOf(ours.provider) }, { 'people.mood': 'theirs' });
    expect(user.enums[0].values).toEqual(['sad', 'ok', 'happy']);
    expect(column(user, 'people', 'mood').default).toBe("'sad'");
  });

  it('reports a column typed with an enum the other side drops', () => {
    const ours = edit(eb, (s) => tbl(s, 'people').columns.push(col('mood2', 'mood')));
    const theirs = edit(eb, (s) => {
      s.enums = [];
      column(s, 'people', 'mood').type = 'text';
      column(s, 'people', 'mood').family = 'text';
    });
    const r = merge(eb, ours, theirs);
    expect(codes(r)).toEqual(['C004']);
    expect(conflictAt(r, 'people.mood2').related).toEqual(['enum:mood']);
  });
});

describe('warnings', () => {
  it('W001: NOT NULL on one side while the other changes the column type', () => {
    const ours = edit(base, (s) => {
      column(s, 'users', 'name').nullable = false;
    });
    const theirs = edit(base, (s) => {
      column(s, 'users', 'name').type = 'varchar(50)';
    });
    const r = merge(base, ours, theirs);
    expect(r.ok).toBe(true);
    expect(warningCodes(r)).toEqual(['W001']);
    expect(r.warnings[0].path).toBe('users.name');
    expect(r.warnings[0].resolutions).toEqual([]);
    expect(column(mergedOf(r), 'users', 'name')).toEqual({ name: 'name', type: 'varchar(50)', family: 'text', nullable: false });
  });

  it('W001: a UNIQUE or CHECK added on a column the other side changes', () => {
    const theirs = edit(base, (s) => {
      column(s, 'posts', 'title').type = 'varchar(20)';
    });
    const unique = edit(base, (s) => tbl(s, 'posts').uniques.push({ name: 'posts_title_key', columns: ['title'] }));
    const check = edit(base, (s) => tbl(s, 'posts').checks.push({ name: 'posts_title_check', expression: "(title <> '')" }));
    expect(warningCodes(merge(base, unique, theirs))).toEqual(['W001']);
    expect(warningCodes(merge(base, theirs, check))).toEqual(['W001']);
  });

  it('W002: both sides add the same unique constraint under different names', () => {
    const ours = edit(base, (s) => tbl(s, 'users').uniques.push({ name: 'users_name_key', columns: ['name'] }));
    const theirs = edit(base, (s) => tbl(s, 'users').uniques.push({ name: 'users_name_uq', columns: ['name'] }));
    const r = merge(base, ours, theirs);
    expect(warningCodes(r)).toEqual(['W002']);
    expect(tbl(mergedOf(r), 'users').uniques.map((u) => u.name)).toEqual(['users_email_key', 'users_name_key', 'users_name_uq']);
  });
});

describe('conflict records', () => {
  it('are JSON-serializable and describe themselves in one line', () => {
    const ours = edit(base, (s) => dropColumn(s, 'users', 'name'));
    const theirs = edit(base, (s) => {
      column(s, 'users', 'name').type = 'varchar(80)';
    });
    const r = merge(base, ours, theirs);
    if (r.ok) throw new Error('expected conflict');
    const json = JSON.parse(JSON.stringify(r.conflicts)) as MergeConflict[];
    expect(json).toEqual(r.conflicts);
    const line = describeConflict(json[0]);
    expect(line).not.toContain('\n');
    expect(line).toBe(
      'C003 modify-delete at users.name: ours drops (or renames) column users.name, which theirs changes to name varchar(80) [resolve: --ours | --theirs]',
    );
  });

  it('resolveConflicts rejects unknown paths, unsupported choices and open conflicts', () => {
    const ours = edit(base, (s) => dropColumn(s, 'users', 'name'));
    const theirs = edit(base, (s) => {
      column(s, 'users', 'name').type = 'varchar(80)';
    });
    const attempt = (res: Record<string, 'ours' | 'theirs' | 'both'>) => {
      try {
        resolveConflicts({ base, ours, theirs, traits: traitsOf(ours.provider) }, res);
        return 'ok';
      } catch (err) {
        return (err as FlashError).code;
      }
    };
    expect(attempt({ 'users.nope': 'ours' })).toBe('E_USAGE');
    expect(attempt({ 'users.name': 'both' })).toBe('E_USAGE');
    expect(attempt({})).toBe('E_CONFLICT');
    expect(attempt({ 'users.name': 'ours' })).toBe('ok');
  });

  it('refuses to merge schemas of different providers', () => {
    expect(() => mergeSchemas(base, { ...base, provider: 'mysql' }, base, { traits: traitsOf(base.provider) })).toThrow(FlashError);
  });
});

describe('symmetry', () => {
  const scenarios: Array<[string, Schema, Schema]> = [
    [
      'disjoint columns',
      edit(base, (s) => tbl(s, 'users').columns.push(col('bio', 'text'))),
      edit(base, (s) => tbl(s, 'users').columns.push(col('age'))),
    ],
    [
      'type vs nullability',
      edit(base, (s) => {
        column(s, 'posts', 'score').type = 'bigint';
      }),
      edit(base, (s) => {
        column(s, 'posts', 'score').nullable = false;
      }),
    ],
    [
      'modify vs delete',
      edit(base, (s) => dropColumn(s, 'users', 'name')),
      edit(base, (s) => {
        column(s, 'users', 'name').type = 'varchar(80)';
      }),
    ],
    ['both added', edit(base, (s) => s.tables.push(table('t', [col('a')]))), edit(base, (s) => s.tables.push(table('t', [col('b')])))],
    [
      'dependency',
      edit(base, (s) => tbl(s, 'posts').indexes.push({ name: 'i', elements: [{ column: 'title' }], unique: false })),
      edit(base, (s) => dropColumn(s, 'posts', 'title')),
    ],
    [
      'collision',
      edit(base, (s) => tbl(s, 'posts').indexes.push({ name: 'x', elements: [{ column: 'title' }], unique: false })),
      edit(base, (s) => s.views.push({ name: 'x', definition: 'SELECT 1' })),
    ],
    [
      'not null vs type',
      edit(base, (s) => {
        column(s, 'users', 'name').nullable = false;
      }),
      edit(base, (s) => {
        column(s, 'users', 'name').type = 'varchar(9)';
      }),
    ],
  ];
  for (const [name, ours, theirs] of scenarios) {
    it(`swapping ours and theirs gives the same codes and merge: ${name}`, () => {
      const a = merge(base, ours, theirs);
      const b = merge(base, theirs, ours);
      expect(codes(b)).toEqual(codes(a));
      expect(warningCodes(b)).toEqual(warningCodes(a));
      if (a.ok && b.ok) expect(sameSchema(ignoringColumnOrder(a.merged), ignoringColumnOrder(b.merged))).toBe(true);
      if (!a.ok && !b.ok) expect(b.conflicts.map((c) => c.path)).toEqual(a.conflicts.map((c) => c.path));
    });
  }
});
