import { describe, expect, it } from 'vitest';
import { applyOperations } from '../../src/core/diff/apply-operations.js';
import { diffSchemas } from '../../src/core/diff/diff.js';
import { mergeSchemas } from '../../src/core/merge/merge-schemas.js';
import { emptySchema, emptyTable, type Schema, type Sequence } from '../../src/core/model/schema.js';
import { snapshotOf } from '../../src/core/snapshot/hash.js';
import { renderPostgres } from '../../src/dialects/postgres/render.js';
import { resolvedSequence, withoutDefaults } from '../../src/dialects/postgres/render-sequences.js';
import { traitsOf } from '../helpers/engine-traits.js';

function pg(sequences: Sequence[] = [], withTable = false): Schema {
  const s = emptySchema('postgresql');
  if (sequences.length) s.sequences = sequences;
  if (withTable)
    s.tables.push({
      ...emptyTable('tickets'),
      columns: [{ name: 'id', type: 'integer', family: 'integer', nullable: false, default: "nextval('ticket_seq'::regclass)" }],
    });
  return s;
}
const sqlOf = (from: Schema, to: Schema) =>
  renderPostgres(diffSchemas(from, to, { traits: traitsOf('postgresql') }), { from, to }).map((s) => s.sql);
const owned: Sequence = { name: 'ticket_seq', type: 'integer', ownedBy: { table: 'tickets', column: 'id' } };

describe('PostgreSQL sequences in the IR', () => {
  it('options at their default are omitted, whatever the type and direction', () => {
    expect(withoutDefaults(resolvedSequence({ name: 's' }))).toEqual({ name: 's' });
    expect(withoutDefaults(resolvedSequence({ name: 's', type: 'smallint', increment: '-1' }))).toEqual({
      name: 's',
      type: 'smallint',
      increment: '-1',
    });
    expect(resolvedSequence({ name: 's', type: 'smallint', increment: '-1' })).toMatchObject({ min: '-32768', max: '-1', start: '-1' });
    expect(withoutDefaults({ ...resolvedSequence({ name: 's' }), start: '1000', cache: '20', cycle: true })).toEqual({
      name: 's',
      start: '1000',
      cache: '20',
      cycle: true,
    });
    expect(snapshotOf(pg()).content).not.toContain('sequences');
  });

  it('created before the table whose default uses it, owned once the table exists; released before the table is dropped', () => {
    expect(sqlOf(pg(), pg([owned], true))).toEqual([
      'CREATE SEQUENCE ticket_seq AS integer',
      "CREATE TABLE tickets (\n  id integer DEFAULT nextval('ticket_seq'::regclass) NOT NULL\n)",
      'ALTER SEQUENCE ticket_seq OWNED BY tickets.id',
    ]);
    expect(sqlOf(pg([owned], true), pg())).toEqual([
      'ALTER SEQUENCE ticket_seq OWNED BY NONE',
      'DROP TABLE tickets',
      'DROP SEQUENCE IF EXISTS ticket_seq',
    ]);
    for (const [from, to] of [
      [pg(), pg([owned], true)],
      [pg([owned], true), pg()],
      [pg([owned], true), pg([{ ...owned, cache: '10' }], true)],
    ] as const) {
      expect(snapshotOf(applyOperations(from, diffSchemas(from, to, { traits: traitsOf('postgresql') }))).id).toBe(snapshotOf(to).id);
    }
  });

  it('merge: a sequence is a leaf', () => {
    const base = pg([{ name: 'a' }, { name: 'b' }]);
    const clean = mergeSchemas(base, pg([{ name: 'a', start: '10' }, { name: 'b' }]), pg([{ name: 'a' }, { name: 'b', cache: '5' }]), {
      traits: traitsOf(base.provider),
    });
    expect(clean.ok && clean.merged.sequences).toEqual([
      { name: 'a', start: '10' },
      { name: 'b', cache: '5' },
    ]);
    const clash = mergeSchemas(base, pg([{ name: 'a', start: '10' }, { name: 'b' }]), pg([{ name: 'a', start: '20' }, { name: 'b' }]), {
      traits: traitsOf(base.provider),
    });
    expect(!clash.ok && clash.conflicts.map((c) => [c.code, c.path])).toEqual([['C002', 'sequence:a']]);
  });
});
