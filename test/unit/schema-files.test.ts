import { describe, expect, it } from 'vitest';
import { objectKeys, objectsDefinedBy, objectSubset, partitionByFile } from '../../src/core/schema-files/object-owners.js';
import { isPulledOutput, renderPulledFile } from '../../src/core/schema-files/pulled-file.js';
import { entity, schema } from './diff-builders.js';

describe('pulled-file tag (how pull knows a file is its own output)', () => {
  it("a file as pull wrote it is its own; any edit makes it the user's", () => {
    const text = renderPulledFile('-- Pulled by flash.\n\nCREATE TABLE users (id integer);\n');
    expect(text.split('\n')[0]).toMatch(/^-- flash:pulled [0-9a-f]{64}$/);
    expect(isPulledOutput(text)).toBe(true);
    expect(isPulledOutput(text + '-- my comment\n')).toBe(false);
    expect(isPulledOutput(text.replace('integer', 'bigint'))).toBe(false);
    expect(isPulledOutput('CREATE TABLE users (id integer);\n')).toBe(false);
    expect(isPulledOutput('')).toBe(false);
  });
});

describe('objectsDefinedBy / partitionByFile', () => {
  it("the comment on schema public goes to the fallback file only, and is no object of a file's subset", () => {
    const s = { ...schema([entity('users'), entity('notes')]), publicComment: 'the app' };
    const parts = partitionByFile(s, new Map([['table:users', 'users.sql']]), 'schema.sql');
    expect([...parts.entries()].map(([f, p]) => [f, p.publicComment])).toEqual([
      ['users.sql', undefined],
      ['schema.sql', 'the app'],
    ]);
    expect(objectSubset(s, ['table:users']).publicComment).toBeUndefined();
  });

  it('reads the objects a file creates, whatever the quoting and modifiers', () => {
    expect(
      objectsDefinedBy([
        '-- notes\nCREATE TABLE IF NOT EXISTS "Notes" (id int)',
        'CREATE UNLOGGED TABLE public.logs (id int)',
        'CREATE TABLE `tags` (id int)',
        "CREATE TYPE mood AS ENUM ('a')",
        'CREATE OR REPLACE VIEW v_users AS SELECT 1',
        'CREATE ALGORITHM=MERGE VIEW `v2` AS SELECT 1',
        'CREATE INDEX notes_idx ON notes (id)',
        'INSERT INTO notes VALUES (1)',
      ]),
    ).toEqual(['table:notes', 'table:logs', 'table:tags', 'enum:mood', 'view:v_users', 'view:v2']);
  });

  it('puts each object back in the file that defines it, new ones in the fallback file', () => {
    const s = schema([entity('users'), entity('notes'), entity('tags')]);
    const parts = partitionByFile(
      s,
      new Map([
        ['table:notes', 'notes.sql'],
        ['table:users', 'users.sql'],
      ]),
      'schema.sql',
    );
    expect([...parts.entries()].map(([f, p]) => [f, p.tables.map((t) => t.name)])).toEqual([
      ['users.sql', ['users']],
      ['notes.sql', ['notes']],
      ['schema.sql', ['tags']],
    ]);
  });

  it('routines go back to the file that defines them; triggers and policies stay with their table', () => {
    expect(
      objectsDefinedBy([
        'CREATE OR REPLACE FUNCTION public.touch() RETURNS trigger AS $$ BEGIN RETURN NEW; END $$ LANGUAGE plpgsql',
        'CREATE PROCEDURE `archive`() BEGIN END',
        'CREATE DEFINER=`root`@`%` EVENT nightly ON SCHEDULE EVERY 1 DAY DO SELECT 1',
        'CREATE TRIGGER t BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch()',
      ]),
    ).toEqual(['routine:touch', 'routine:archive', 'routine:nightly']);
    const s = {
      ...schema([entity('users')]),
      definitions: [
        {
          name: 'function:public.touch()',
          kind: 'function' as const,
          object: 'touch',
          schema: 'public',
          signature: '',
          definition: 'CREATE …',
        },
        { name: 'trigger:users.t', kind: 'trigger' as const, object: 't', table: 'users', definition: 'CREATE TRIGGER …' },
      ],
    };
    const parts = partitionByFile(
      s,
      new Map([
        ['routine:touch', 'functions.sql'],
        ['table:users', 'users.sql'],
      ]),
      'schema.sql',
    );
    expect([...parts.entries()].sort().map(([f, p]) => [f, p.tables.map((t) => t.name), (p.definitions ?? []).map((d) => d.name)])).toEqual(
      [
        ['functions.sql', [], ['function:public.touch()']],
        ['users.sql', ['users'], ['trigger:users.t']],
      ],
    );
  });

  it('objectSubset picks objects by key; objectKeys lists them', () => {
    const s = schema([entity('users'), entity('Notes')]);
    expect(objectKeys(s)).toEqual(['table:users', 'table:notes']);
    expect(objectSubset(s, ['table:notes', 'table:gone']).tables.map((t) => t.name)).toEqual(['Notes']);
  });
});
