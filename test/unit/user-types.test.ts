import { describe, expect, it } from 'vitest';
import { applyOperations } from '../../src/core/diff/apply-operations.js';
import { diffSchemas } from '../../src/core/diff/diff.js';
import { mergeSchemas } from '../../src/core/merge/merge-schemas.js';
import { emptySchema, emptyTable, type CompositeType, type Domain, type Schema } from '../../src/core/model/schema.js';
import { snapshotOf } from '../../src/core/snapshot/hash.js';
import { renderPostgres, renderPostgresSchema } from '../../src/dialects/postgres/render.js';
import { unsupportedStatementPostgres } from '../../src/dialects/postgres/unmodelled.js';
import { traitsOf } from '../helpers/engine-traits.js';

const positive: Domain = {
  name: 'positive_int',
  type: 'integer',
  notNull: true,
  default: '1',
  checks: [{ name: 'positive', expression: 'VALUE > 0' }],
};
const email: Domain = { name: 'email', type: 'text', checks: [{ name: 'email_check', expression: "VALUE ~ '@'::text" }] };
const address: CompositeType = {
  name: 'address',
  attributes: [
    { name: 'street', type: 'text' },
    { name: 'zip', type: 'email' },
  ],
};
const shipment: CompositeType = { name: 'shipment', attributes: [{ name: 'dest', type: 'address' }] };

function pg(parts: { domains?: Domain[]; composites?: CompositeType[]; columns?: Array<[string, string]> } = {}): Schema {
  const s = emptySchema('postgresql');
  if (parts.domains) s.domains = parts.domains;
  if (parts.composites) s.compositeTypes = parts.composites;
  if (parts.columns)
    s.tables.push({
      ...emptyTable('orders'),
      columns: parts.columns.map(([name, type]) => ({ name, type, family: 'other', nullable: true })),
    });
  return s;
}

const sqlOf = (from: Schema, to: Schema) =>
  renderPostgres(diffSchemas(from, to, { traits: traitsOf('postgresql') }), { from, to }).map((s) => s.sql);

describe('PostgreSQL domains and composite types in the IR', () => {
  it('a schema without them hashes as before (keys omitted, not empty)', () => {
    expect(snapshotOf(pg()).id).toBe(snapshotOf(pg({ domains: [], composites: [] })).id);
    expect(snapshotOf(pg()).content).not.toMatch(/domains|compositeTypes/);
  });

  it('creates domains, then composite types in dependency order, before the tables; drops in reverse after them', () => {
    const to = pg({
      domains: [positive, email],
      composites: [shipment, address],
      columns: [
        ['qty', 'positive_int'],
        ['ship', 'shipment'],
      ],
    });
    const up = sqlOf(pg(), to);
    expect(up).toEqual([
      "CREATE DOMAIN email AS text CONSTRAINT email_check CHECK (VALUE ~ '@'::text)",
      'CREATE DOMAIN positive_int AS integer DEFAULT 1 NOT NULL CONSTRAINT positive CHECK (VALUE > 0)',
      'CREATE TYPE address AS (street text, zip email)',
      'CREATE TYPE shipment AS (dest address)',
      'CREATE TABLE orders (\n  qty positive_int,\n  ship shipment\n)',
    ]);
    expect(sqlOf(to, pg())).toEqual([
      'DROP TABLE orders',
      'DROP TYPE shipment',
      'DROP TYPE address',
      'DROP DOMAIN email',
      'DROP DOMAIN positive_int',
    ]);
    expect(renderPostgresSchema(to).indexOf('CREATE TYPE shipment')).toBeLessThan(renderPostgresSchema(to).indexOf('CREATE TABLE'));
    const ops = diffSchemas(pg(), to, { traits: traitsOf('postgresql') });
    expect(snapshotOf(applyOperations(pg(), ops)).id).toBe(snapshotOf(to).id);
  });

  it('changes a domain in place: constraints, default, NOT NULL', () => {
    const changed: Domain = {
      name: 'positive_int',
      type: 'integer',
      default: '2',
      checks: [
        { name: 'positive', expression: 'VALUE >= 1' },
        { name: 'small', expression: 'VALUE < 1000' },
      ],
    };
    const from = pg({ domains: [positive], columns: [['qty', 'positive_int']] });
    const to = pg({ domains: [changed], columns: [['qty', 'positive_int']] });
    expect(sqlOf(from, to)).toEqual([
      'ALTER DOMAIN positive_int DROP CONSTRAINT positive',
      'ALTER DOMAIN positive_int SET DEFAULT 2',
      'ALTER DOMAIN positive_int DROP NOT NULL',
      'ALTER DOMAIN positive_int ADD CONSTRAINT positive CHECK (VALUE >= 1)',
      'ALTER DOMAIN positive_int ADD CONSTRAINT small CHECK (VALUE < 1000)',
    ]);
    expect(snapshotOf(applyOperations(from, diffSchemas(from, to, { traits: traitsOf('postgresql') }))).id).toBe(snapshotOf(to).id);
  });

  it('refuses by name what ALTER cannot do: a base type change, an attribute retype or reorder, a check on a domain stored inside composites', () => {
    const from = pg({ domains: [email], composites: [address], columns: [['a', 'address']] });
    expect(() =>
      sqlOf(from, pg({ domains: [{ ...email, type: 'varchar(100)' }], composites: [address], columns: [['a', 'address']] })),
    ).toThrow(/base type/);
    const retyped = { ...address, attributes: [{ name: 'street', type: 'varchar(10)' }, address.attributes[1]] };
    expect(() => sqlOf(from, pg({ domains: [email], composites: [retyped], columns: [['a', 'address']] }))).toThrow(/orders\.a/);
    expect(sqlOf(pg({ domains: [email], composites: [address] }), pg({ domains: [email], composites: [retyped] }))).toEqual([
      'ALTER TYPE address ALTER ATTRIBUTE street TYPE varchar(10)',
    ]);
    const reordered = { ...address, attributes: [...address.attributes].reverse() };
    expect(() => sqlOf(from, pg({ domains: [email], composites: [reordered], columns: [['a', 'address']] }))).toThrow(/reorders/);
    const stricter = { ...email, checks: [{ name: 'email_check', expression: "VALUE ~ '@.'::text" }] };
    expect(() => sqlOf(from, pg({ domains: [stricter], composites: [address], columns: [['a', 'address']] }))).toThrow(/orders\.a/);
    const added = { ...address, attributes: [...address.attributes, { name: 'country', type: 'text' }] };
    expect(sqlOf(from, pg({ domains: [email], composites: [added], columns: [['a', 'address']] }))).toEqual([
      'ALTER TYPE address ADD ATTRIBUTE country text',
    ]);
  });

  it('merge: each domain and composite type is a leaf; different ones merge, the same one changed differently conflicts', () => {
    const base = pg({ domains: [positive, email], composites: [address] });
    const ours = pg({ domains: [{ ...positive, default: '5' }, email], composites: [address] });
    const theirs = pg({
      domains: [positive, { ...email, notNull: true }],
      composites: [{ ...address, attributes: [...address.attributes, { name: 'c', type: 'text' }] }],
    });
    const clean = mergeSchemas(base, ours, theirs, { traits: traitsOf(base.provider) });
    expect(clean.ok && clean.merged.domains).toEqual([
      { ...email, notNull: true },
      { ...positive, default: '5' },
    ]);
    expect(clean.ok && clean.merged.compositeTypes?.[0].attributes.map((a) => a.name)).toEqual(['street', 'zip', 'c']);
    const clash = mergeSchemas(base, ours, pg({ domains: [{ ...positive, default: '7' }, email], composites: [address] }), {
      traits: traitsOf(base.provider),
    });
    expect(!clash.ok && clash.conflicts.map((c) => [c.code, c.path])).toEqual([['C002', 'domain:positive_int']]);
    const typeClash = mergeSchemas(base, pg({ domains: [positive, email], composites: [] }), theirs, { traits: traitsOf(base.provider) });
    expect(!typeClash.ok && typeClash.conflicts.map((c) => c.path)).toContain('type:address');
  });

  it('db/schema statements: domains and composite types are modelled, in public and in other schemas', () => {
    expect(unsupportedStatementPostgres('CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0)')).toBeUndefined();
    expect(unsupportedStatementPostgres('CREATE TYPE address AS (street text)')).toBeUndefined();
    expect(unsupportedStatementPostgres('CREATE DOMAIN lookup.code AS text')).toBeUndefined();
    expect(unsupportedStatementPostgres('CREATE TYPE lookup.pair AS (a int)')).toBeUndefined();
  });
});
