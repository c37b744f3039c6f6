import { describe, expect, it } from 'vitest';
import { editSchemaText, type SchemaEdit } from '../../src/core/schema-files/schema-edit.js';

const ident = (n: string) => (/^[a-z_][a-z0-9_]*$/.test(n) ? n : `"${n}"`);
const newFile = (t: string) => `db/schema/${t}.sql`;
const edit = (text: string, e: SchemaEdit) => editSchemaText([{ file: 'db/schema/app.sql', text }], e, { ident, newFile });

const APP = `-- the app
CREATE TABLE users (
  id integer PRIMARY KEY,
  email varchar(100) NOT NULL, -- login
  bio text DEFAULT 'a, (b);',
  CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users (id));
`;

/** The studio's schema form: text edits of db/schema that keep the user's file as written. */
describe('editSchemaText', () => {
  it('adds a column after the last column, before the table constraints, in the file’s own layout', () => {
    const r = edit(APP, {
      kind: 'column',
      table: 'users',
      column: { name: 'nickname', type: 'varchar(40)', nullable: false, default: "'x'" },
    });
    expect(r.after).toContain(`  bio text DEFAULT 'a, (b);',\n  nickname varchar(40) NOT NULL DEFAULT 'x',\n  CONSTRAINT users_email_key`);
    expect(r.before).toBe(APP);
    const oneLine = edit(APP, { kind: 'column', table: 'posts', column: { name: 'title', type: 'text' } });
    expect(oneLine.after).toContain('CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users (id), title text);');
  });

  it('adds an index right after the table’s statement', () => {
    const r = edit(APP, { kind: 'index', table: 'users', name: 'users_bio_idx', columns: ['bio', 'email'], unique: true });
    expect(r.after).toContain(`);\nCREATE UNIQUE INDEX users_bio_idx ON users (bio, email);\n\nCREATE TABLE posts`);
  });

  it('writes a new table to its own file, with a composite key as a constraint', () => {
    const r = edit(APP, {
      kind: 'table',
      table: 'tags',
      columns: [
        { name: 'post_id', type: 'integer', primaryKey: true },
        { name: 'tag', type: 'varchar(20)', primaryKey: true, nullable: false },
      ],
    });
    expect(r).toEqual({
      file: 'db/schema/tags.sql',
      created: true,
      before: '',
      after: 'CREATE TABLE tags (\n  post_id integer,\n  tag varchar(20) NOT NULL,\n  PRIMARY KEY (post_id, tag)\n);\n',
    });
  });

  it('refuses by name what it cannot place or write', () => {
    const code = (e: SchemaEdit) => {
      try {
        edit(APP, e);
        return 'ok';
      } catch (err) {
        return (err as { code: string }).code;
      }
    };
    expect(code({ kind: 'column', table: 'nope', column: { name: 'x', type: 'text' } })).toBe('E_UNKNOWN_TABLE');
    expect(code({ kind: 'column', table: 'users', column: { name: 'email', type: 'text' } })).toBe('E_USAGE');
    expect(code({ kind: 'column', table: 'users', column: { name: 'x', type: 'text; DROP TABLE users' } })).toBe('E_USAGE');
    expect(code({ kind: 'column', table: 'users', column: { name: 'x', type: 'text', default: '1; DROP TABLE users' } })).toBe('E_USAGE');
    expect(code({ kind: 'table', table: 'users', columns: [{ name: 'id', type: 'integer' }] })).toBe('E_USAGE');
    expect(code({ kind: 'index', table: 'users', name: 'bad name', columns: ['id'] })).toBe('E_USAGE');
  });

  it('with schema-qualified names (PostgreSQL), edits billing.invoices by its schema and never a public namesake', () => {
    const text = `CREATE SCHEMA billing;
CREATE TABLE "billing".invoices (id integer PRIMARY KEY);
CREATE TABLE invoices (id integer PRIMARY KEY);
CREATE TABLE public.users (id integer PRIMARY KEY);
`;
    const pg = (e: SchemaEdit) => editSchemaText([{ file: 'db/schema/app.sql', text }], e, { ident, newFile, schemaQualifiedNames: true });
    const note = { name: 'note', type: 'text' };
    const pub = pg({ kind: 'column', table: 'invoices', column: note });
    expect(pub.after).toContain(
      'CREATE TABLE "billing".invoices (id integer PRIMARY KEY);\nCREATE TABLE invoices (id integer PRIMARY KEY, note text);',
    );
    const billing = pg({ kind: 'column', table: 'billing.invoices', column: note });
    expect(billing.after).toContain(
      'CREATE TABLE "billing".invoices (id integer PRIMARY KEY, note text);\nCREATE TABLE invoices (id integer PRIMARY KEY);',
    );
    expect(pg({ kind: 'column', table: 'users', column: note }).after).toContain(
      'CREATE TABLE public.users (id integer PRIMARY KEY, note text);',
    );
    const index = pg({ kind: 'index', table: 'billing.invoices', name: 'invoices_id', columns: ['id'] });
    expect(index.after).toContain(
      'CREATE TABLE "billing".invoices (id integer PRIMARY KEY);\nCREATE INDEX invoices_id ON billing.invoices (id);',
    );
    const created = pg({ kind: 'table', table: 'billing.Refunds', columns: [{ name: 'id', type: 'integer', primaryKey: true }] });
    expect(created.file).toBe('db/schema/billing.Refunds.sql');
    expect(created.after).toBe('CREATE TABLE billing."Refunds" (\n  id integer PRIMARY KEY\n);\n');
    expect(() => pg({ kind: 'column', table: 'billing.', column: note })).toThrow(/not a table name/);
    // where names are one identifier (MySQL, SQLite) a dotted name is not one the form writes
    expect(() => edit(text, { kind: 'column', table: 'billing.invoices', column: note })).toThrow(/not a table name/);
  });
});
