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

  it('objectSubset picks objects by key; objectKeys lists them', () => {
    const s = schema([entity('users'), entity('Notes')]);
    expect(objectKeys(s)).toEqual(['table:users', 'table:notes']);
    expect(objectSubset(s, ['table:notes', 'table:gone']).tables.map((t) => t.name)).toEqual(['Notes']);
  });
});
