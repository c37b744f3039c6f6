import type { Sequence } from '../../core/model/schema.js';
import { q, qn } from './ddl.js';

/** Sequence DDL and PostgreSQL's option defaults (the IR omits options at their default). */

const bounds: Record<string, [bigint, bigint]> = {
  smallint: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

/** Every option with PostgreSQL's default filled in (defaults depend on the type and the sign of the increment). */
export function resolvedSequence(s: Sequence): Required<Omit<Sequence, 'ownedBy' | 'cycle' | 'comment'>> & { cycle: boolean } {
  const type = s.type ?? 'bigint';
  const [typeMin, typeMax] = bounds[type] ?? bounds.bigint;
  const increment = s.increment ?? '1';
  const ascending = BigInt(increment) > 0n;
  const min = s.min ?? (ascending ? '1' : typeMin.toString());
  const max = s.max ?? (ascending ? typeMax.toString() : '-1');
  return {
    name: s.name,
    type,
    increment,
    min,
    max,
    start: s.start ?? (ascending ? min : max),
    cache: s.cache ?? '1',
    cycle: s.cycle === true,
  };
}

/** The IR form of a sequence read from the catalog: options equal to their default are dropped. */
export function withoutDefaults(s: Required<Omit<Sequence, 'ownedBy' | 'cycle' | 'comment'>> & { cycle: boolean }): Sequence {
  const out: Sequence = { name: s.name };
  if (s.type !== 'bigint') out.type = s.type;
  if (s.increment !== '1') out.increment = s.increment;
  const defaults = resolvedSequence(out);
  if (s.min !== defaults.min) out.min = s.min;
  if (s.max !== defaults.max) out.max = s.max;
  const withBounds = resolvedSequence(out);
  if (s.start !== withBounds.start) out.start = s.start;
  if (s.cache !== '1') out.cache = s.cache;
  if (s.cycle) out.cycle = true;
  return out;
}

export function createSequenceSql(s: Sequence): string {
  const parts = [`CREATE SEQUENCE ${qn(s.name)}`];
  if (s.type !== undefined) parts.push(`AS ${s.type}`);
  if (s.increment !== undefined) parts.push(`INCREMENT BY ${s.increment}`);
  if (s.min !== undefined) parts.push(`MINVALUE ${s.min}`);
  if (s.max !== undefined) parts.push(`MAXVALUE ${s.max}`);
  if (s.start !== undefined) parts.push(`START WITH ${s.start}`);
  if (s.cache !== undefined) parts.push(`CACHE ${s.cache}`);
  if (s.cycle) parts.push('CYCLE');
  return parts.join(' ');
}

/** Every option spelled out, so the result does not depend on which defaults the old definition had. Keeps the current value. */
export function alterSequenceSql(to: Sequence): string {
  const r = resolvedSequence(to);
  return `ALTER SEQUENCE ${qn(to.name)} AS ${r.type} INCREMENT BY ${r.increment} MINVALUE ${r.min} MAXVALUE ${r.max} START WITH ${r.start} CACHE ${r.cache} ${r.cycle ? 'CYCLE' : 'NO CYCLE'}`;
}

export function sequenceOwnerSql(sequence: string, owner: Sequence['ownedBy']): string {
  return `ALTER SEQUENCE ${qn(sequence)} OWNED BY ${owner ? `${qn(owner.table)}.${q(owner.column)}` : 'NONE'}`;
}
