import { quoteLiteral } from './quote.js';

/**
 * Storage parameters (`reloptions`) of tables and materialized views: `WITH (…)` on creation,
 * `ALTER … SET (…)` for parameters new or changed and `RESET (…)` for parameters gone, in place
 * (neither rewrites the relation). Names in order, so the same options always render the same.
 */

type Storage = Readonly<Record<string, string>> | undefined;

function value(v: string): string {
  return /^[A-Za-z0-9_.+-]+$/.test(v) ? v : quoteLiteral(v);
}

function assignments(storage: Readonly<Record<string, string>>, names: readonly string[]): string {
  return names.map((k) => `${k} = ${value(storage[k])}`).join(', ');
}

/** ` WITH (fillfactor = 70, …)`, or empty when no parameter is set. */
export function withStorageSql(storage: Storage): string {
  const names = Object.keys(storage ?? {}).sort();
  return names.length ? ` WITH (${assignments(storage ?? {}, names)})` : '';
}

/** `ALTER TABLE t SET (…)` / `RESET (…)` (or `ALTER MATERIALIZED VIEW`) turning `from` into `to`. */
export function alterStorageSql(relation: string, from: Storage, to: Storage): string[] {
  const before = from ?? {};
  const after = to ?? {};
  const set = Object.keys(after)
    .filter((k) => before[k] !== after[k])
    .sort();
  const reset = Object.keys(before)
    .filter((k) => !(k in after))
    .sort();
  const sql: string[] = [];
  if (set.length) sql.push(`${relation} SET (${assignments(after, set)})`);
  if (reset.length) sql.push(`${relation} RESET (${reset.join(', ')})`);
  return sql;
}
