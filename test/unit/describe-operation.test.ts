import { describe, expect, it } from 'vitest';
import { describeOperation, formatChangeLine } from '../../src/core/diff/describe-operation.js';
import type { Operation } from '../../src/core/diff/operations.js';
import type { Column } from '../../src/core/model/schema.js';

const col = (name: string, type = 'text', nullable = true): Column => ({ name, type, family: 'text', nullable });
const line = (op: Operation): string => formatChangeLine(describeOperation(op));

describe('describeOperation', () => {
  it('names tables and their parts with the detail flash diff shows', () => {
    expect(
      line({ kind: 'createTable', table: { name: 't', columns: [col('a')], uniques: [], indexes: [], foreignKeys: [], checks: [] } }),
    ).toBe('+ table t  (1 columns)');
    expect(line({ kind: 'renameTable', from: 'a', to: 'b' })).toBe('> table a → b');
    expect(line({ kind: 'addColumn', table: 't', column: col('bio', 'text', false) })).toBe('+ column t.bio  (text not null)');
    expect(line({ kind: 'alterColumn', table: 't', from: col('a'), to: col('a', 'int', false), changes: ['type', 'nullable'] })).toBe(
      '~ column t.a  (type text → int, set not null)',
    );
    const id = col('id', 'integer', false);
    expect(line({ kind: 'alterColumn', table: 't', from: id, to: { ...id, explicitNotNull: true }, changes: ['nullable'] })).toBe(
      '~ column t.id  (write not null)',
    );
    expect(line({ kind: 'alterColumn', table: 't', from: { ...id, explicitNotNull: true }, to: id, changes: ['nullable'] })).toBe(
      '~ column t.id  (leave not null implicit)',
    );
    expect(line({ kind: 'dropPrimaryKey', table: 't', primaryKey: { columns: ['a', 'b'] } })).toBe('- primary key t(a, b)');
    expect(
      line({
        kind: 'createIndex',
        table: 't',
        index: { name: 'ix', elements: [{ column: 'a' }, { expression: 'lower(b)' }], unique: true },
      }),
    ).toBe('+ unique index t.ix  (a, lower(b))');
    expect(line({ kind: 'setTableComment', table: 't', to: 'x' })).toBe('~ table t  (comment)');
  });

  it('names the objects outside tables, including the kinds only one engine has', () => {
    expect(line({ kind: 'addEnumValue', enum: 'mood', value: 'meh' })).toBe("~ enum mood  (+ 'meh')");
    expect(line({ kind: 'setSequenceOwner', sequence: 's', to: { table: 't', column: 'id' } })).toBe('~ sequence s  (owned by t.id)');
    expect(line({ kind: 'dropCollection', collection: { name: 'c', indexes: [] } })).toBe('- collection c');
    expect(line({ kind: 'setTriggers', table: 't', from: [], to: [] })).toBe('~ triggers t  (none)');
    expect(
      line({
        kind: 'createDefinition',
        definition: {
          name: 'function:public.f(integer)',
          kind: 'function',
          object: 'f',
          schema: 'public',
          signature: 'integer',
          definition: '',
        },
      }),
    ).toBe('+ function public.f(integer)');
  });

  it('refuses by name an operation kind it does not know (one from a newer Flash)', () => {
    expect(() => describeOperation({ kind: 'frobnicate' } as unknown as Operation)).toThrow(/Unknown operation kind frobnicate/);
  });
});
