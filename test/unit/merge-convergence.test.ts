import { describe, expect, it } from 'vitest';
import { mergeHistories } from '../../src/core/merge/merge-history.js';
import { emptySchema, emptyTable, type Schema } from '../../src/core/model/schema.js';
import { parseLock, serializeLock, type LockEntry } from '../../src/core/plan/lock-file.js';
import { snapshotOf } from '../../src/core/snapshot/hash.js';
import { traitsOf } from '../helpers/engine-traits.js';

/** Convergence marks (docs/MERGE.md): the same change on both branches is contained, not conflicting. */
describe('history merge: convergence marks', () => {
  const h = (c: string) => c.repeat(64).slice(0, 64);
  const table = (name: string, cols: string[]): Schema['tables'][0] => ({
    ...emptyTable(name),
    columns: cols.map((c) => ({ name: c, type: 'text', family: 'text' as const, nullable: true })),
  });
  const schema = (...tables: Schema['tables']) => ({ ...emptySchema('sqlite'), tables });
  const empty = emptySchema('sqlite');
  const all = new Map<string, Schema>();
  const id = (s: Schema) => {
    const snap = snapshotOf(s);
    all.set(snap.id, snap.schema);
    return snap.id;
  };
  const e = (name: string, from: Schema, to: Schema): LockEntry => ({ name, checksum: h('c'), from: id(from), to: id(to) });
  const base = schema(table('notes', ['id', 'body']));
  const withTag = schema(table('notes', ['id', 'body', 'tag']));
  const baseLock = [e('1_init', empty, base)];
  const run = (ours: LockEntry[], theirs: LockEntry[]) => {
    const r = mergeHistories(
      {
        base: baseLock,
        ours: [...baseLock, ...ours],
        theirs: [...baseLock, ...theirs],
        schemaOf: (x) => all.get(x)!,
        emptyHash: id(empty),
      },
      traitsOf('sqlite'),
    );
    if (!r.ok) throw new Error(`expected a clean merge: ${JSON.stringify(r.conflicts)}`);
    return r;
  };

  it('the same column added on both sides marks each migration satisfied by the other; theirs re-chains to a no-op edge', () => {
    const r = run([e('2_tag', base, withTag)], [e('3_tag', base, withTag)]);
    expect(r.entries.map((x) => [x.name, x.satisfiedBy])).toEqual([
      ['1_init', undefined],
      ['2_tag', '3_tag'],
      ['3_tag', '2_tag'],
    ]);
    expect(r.entries[2].from).toBe(r.entries[2].to);
    expect(r.mergedId).toBe(id(withTag));
  });

  it('theirs doing more than ours: ours is contained in theirs, theirs is not contained and keeps running', () => {
    const more = schema(table('notes', ['id', 'body', 'tag', 'color']));
    const r = run([e('2_tag', base, withTag)], [e('3_tag', base, withTag), e('4_color', withTag, more)]);
    expect(r.entries.map((x) => [x.name, x.satisfiedBy])).toEqual([
      ['1_init', undefined],
      ['2_tag', '3_tag'],
      ['3_tag', '2_tag'],
      ['4_color', undefined],
    ]);
  });

  it('different changes carry no marks', () => {
    const bio = schema(table('notes', ['id', 'body', 'bio']));
    const r = run([e('2_tag', base, withTag)], [e('3_bio', base, bio)]);
    expect(r.entries.every((x) => x.satisfiedBy === undefined)).toBe(true);
  });

  it('a data-only migration (from = to) is never marked', () => {
    const r = run([e('2_tag', base, withTag)], [e('3_tag', base, withTag), e('4_backfill', withTag, withTag)]);
    expect(r.entries.find((x) => x.name === '4_backfill')!.satisfiedBy).toBeUndefined();
  });

  it('the mark survives the lock file round trip and older four-token lines still parse', () => {
    const r = run([e('2_tag', base, withTag)], [e('3_tag', base, withTag)]);
    const text = serializeLock(r.entries);
    expect(text).toContain('satisfied-by=3_tag');
    expect(parseLock(text)).toEqual(r.entries);
    expect(() => parseLock(text.replace('satisfied-by=3_tag', 'bogus'))).toThrow(/malformed/);
  });
  it("a migration that undoes its own branch's earlier one is not contained in the other branch (no false C007)", () => {
    // Ours adds a table and drops it again: after the drop ours is back at base, which every state of
    // theirs "contains"; but the drop starts from a schema with the table, which theirs never had.
    const withT1 = schema(table('notes', ['id', 'body']), table('t1', ['id']));
    const bio = schema(table('notes', ['id', 'body', 'bio']));
    const r = run([e('2_t1', base, withT1), e('3_drop_t1', withT1, base)], [e('4_bio', base, bio)]);
    expect(r.entries.every((x) => x.satisfiedBy === undefined)).toBe(true);
    expect(r.mergedId).toBe(id(bio));
  });
});
