import { describe, expect, it } from 'vitest';
import { diffSchemas } from '../../src/core/diff/diff.js';
import { applyOperations } from '../../src/core/diff/apply-operations.js';
import { mergeSchemas } from '../../src/core/merge/merge-schemas.js';
import { emptySchema, emptyTable, type Schema } from '../../src/core/model/schema.js';
import { snapshotOf } from '../../src/core/snapshot/hash.js';
import { extensionsCreatedBy } from '../../src/dialects/postgres/pglite-extensions.js';
import { renderPostgres } from '../../src/dialects/postgres/render.js';
import { traitsOf } from '../helpers/engine-traits.js';

const pg = (extensions?: Schema['extensions'], withTable = false): Schema => {
  const s = emptySchema('postgresql');
  if (extensions) s.extensions = extensions;
  if (withTable) s.tables.push({ ...emptyTable('users'), columns: [{ name: 'email', type: 'citext', family: 'other', nullable: true }] });
  return s;
};

describe('PostgreSQL extensions in the IR', () => {
  it('a schema without extensions hashes as before (the key is omitted, not empty)', () => {
    expect(snapshotOf(pg()).id).toBe(snapshotOf(pg([])).id);
    expect(snapshotOf(pg()).content).not.toContain('extensions');
  });

  it('are created before the objects that use them and dropped after', () => {
    const ops = diffSchemas(pg(), pg([{ name: 'citext' }], true), { traits: traitsOf('postgresql') });
    expect(ops.map((o) => o.kind)).toEqual(['createExtension', 'createTable']);
    const sql = renderPostgres(ops, { from: pg(), to: pg([{ name: 'citext' }], true) }).map((s) => s.sql);
    expect(sql[0]).toBe('CREATE EXTENSION IF NOT EXISTS citext');
    const down = diffSchemas(pg([{ name: 'citext' }], true), pg(), { traits: traitsOf('postgresql') });
    expect(down.map((o) => o.kind)).toEqual(['dropTable', 'dropExtension']);
    expect(
      renderPostgres(down, { from: pg([{ name: 'citext' }], true), to: pg() })
        .map((s) => s.sql)
        .at(-1),
    ).toBe('DROP EXTENSION IF EXISTS citext');
  });

  it('moving to another schema is a drop and a create; replay reaches the target', () => {
    const from = pg([{ name: 'hstore' }]);
    const to = pg([{ name: 'hstore', schema: 'ext' }]);
    const ops = diffSchemas(from, to, { traits: traitsOf('postgresql') });
    expect(ops.map((o) => o.kind)).toEqual(['dropExtension', 'createExtension']);
    expect(snapshotOf(applyOperations(from, ops)).id).toBe(snapshotOf(to).id);
  });

  it('merge: the same extension added on both sides is clean; a different schema for it is a conflict', () => {
    const base = pg();
    const both = mergeSchemas(base, pg([{ name: 'citext' }]), pg([{ name: 'citext' }, { name: 'pg_trgm' }]), {
      traits: traitsOf(base.provider),
    });
    expect(both.ok && both.merged.extensions).toEqual([{ name: 'citext' }, { name: 'pg_trgm' }]);
    const clash = mergeSchemas(base, pg([{ name: 'citext' }]), pg([{ name: 'citext', schema: 'ext' }]), {
      traits: traitsOf(base.provider),
    });
    expect(clash.ok).toBe(false);
    expect(!clash.ok && clash.conflicts.map((c) => [c.code, c.path])).toEqual([['C001', 'extension:citext']]);
    const dropped = mergeSchemas(pg([{ name: 'citext' }]), pg([{ name: 'citext' }]), pg(), { traits: traitsOf('postgresql') });
    expect(dropped.ok && dropped.merged.extensions).toBeUndefined();
  });

  it('the PGlite shadow loads exactly the extensions the project creates', () => {
    expect(
      extensionsCreatedBy([
        'CREATE EXTENSION IF NOT EXISTS citext;\ncreate extension "uuid-ossp";',
        'CREATE EXTENSION pg_trgm WITH SCHEMA public;',
        'CREATE TABLE t (id int);',
      ]),
    ).toEqual(['citext', 'pg_trgm', 'uuid-ossp']);
  });
});
