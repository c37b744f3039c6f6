import type { Faker } from '@faker-js/faker';
import { FlashError } from '../../errors.js';
import type { SeedValue } from './column-value.js';
import type { SeedColumn, TableSeedPlan } from './seed-plan.js';

export type SeedRow = Record<string, SeedValue>;

/**
 * What the database already holds, read by the caller before generating a table's rows: the key
 * tuples each foreign key may point at (in a stable order, so `--seed` is reproducible), the
 * existing values of each unique key, and the current maximum of sequence columns.
 */
export interface TableSeedState {
  parentKeys: Map<string, unknown[][]>;
  uniqueSeen: Map<string, Set<string>>;
  nextSequence: Map<string, number>;
}

/** Share of nullable columns (and nullable foreign keys) left NULL, so code paths for NULL get exercised. */
const NULL_SHARE = 0.1;
const MAX_ATTEMPTS = 200;

export function generateRows(plan: TableSeedPlan, f: Faker, state: TableSeedState, count = plan.count): SeedRow[] {
  const pools = oneToOnePools(plan, f, state);
  const rows: SeedRow[] = [];
  for (let i = 0; i < count; i++) rows.push(generateRow(plan, f, state, pools));
  return rows;
}

function generateRow(plan: TableSeedPlan, f: Faker, state: TableSeedState, pools: Map<string, unknown[][]>): SeedRow {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const row: SeedRow = {};
    for (const c of plan.columns) row[c.name] = c.nullable && f.number.float() < NULL_SHARE ? null : c.make(f);
    for (const s of plan.sequenceColumns) row[s] = state.nextSequence.get(s) ?? 1;
    for (const sfk of plan.foreignKeys) {
      const { fk } = sfk;
      const pool = pools.get(fk.name);
      const keys = pool ?? state.parentKeys.get(fk.name) ?? [];
      let tuple: unknown[] | undefined;
      if (!sfk.deferred && keys.length > 0 && !(sfk.nullable && f.number.float() < NULL_SHARE)) {
        tuple = pool ? pool[pool.length - 1] : f.helpers.arrayElement(keys);
      }
      if (!tuple && !sfk.nullable) {
        throw new FlashError(
          'E_SEED_NO_PARENT',
          `${plan.table}.${fk.columns.join(', ')} must reference a row of ${fk.referencedTable}, which has ${pool ? 'no unused rows left (one-to-one key)' : 'no rows'}.`,
          `Seed ${fk.referencedTable} too (drop --table or add it), or give it rows in db/seeds/.`,
        );
      }
      fk.columns.forEach((c, i) => (row[c] = tuple ? (tuple[i] as SeedValue) : null));
    }
    if (attempt >= 5) distinguishText(plan, row, state, attempt);
    const clash = plan.uniqueKeys.find((u) => {
      const k = tupleKey(row, u.columns);
      return k !== undefined && state.uniqueSeen.get(u.name)?.has(k);
    });
    if (clash) continue;
    for (const u of plan.uniqueKeys) {
      const k = tupleKey(row, u.columns);
      if (k !== undefined) uniqueSet(state, u.name).add(k);
    }
    for (const s of plan.sequenceColumns) state.nextSequence.set(s, (row[s] as number) + 1);
    for (const sfk of plan.foreignKeys) if (pools.has(sfk.fk.name) && row[sfk.fk.columns[0]] !== null) pools.get(sfk.fk.name)!.pop();
    return row;
  }
  const key = plan.uniqueKeys.find((u) => u.columns.length > 0)!;
  throw new FlashError(
    'E_SEED_UNIQUE',
    `flash seed could not find a new value for unique key ${key.name} (${key.columns.join(', ')}) of ${plan.table} after ${MAX_ATTEMPTS} attempts: its allowed values are used up.`,
    `Seed fewer rows (--count), or widen the range its type or CHECK allows.`,
  );
}

/** One-to-one foreign keys draw parents from a shuffled pool of keys not yet used. */
function oneToOnePools(plan: TableSeedPlan, f: Faker, state: TableSeedState): Map<string, unknown[][]> {
  const pools = new Map<string, unknown[][]>();
  for (const sfk of plan.foreignKeys) {
    if (!sfk.oneToOne || sfk.deferred) continue;
    const seen = [...state.uniqueSeen.values()];
    const unused = (state.parentKeys.get(sfk.fk.name) ?? []).filter(
      (t) => !seen.some((s) => s.has(JSON.stringify(t.map(normalizeKeyPart)))),
    );
    pools.set(sfk.fk.name, f.helpers.shuffle(unused));
  }
  return pools;
}

/** After a few clashes, unique text gets a numeric suffix (before the @ of an email), within its length. */
function distinguishText(plan: TableSeedPlan, row: SeedRow, state: TableSeedState, attempt: number): void {
  const columns = new Map<string, SeedColumn>(plan.columns.map((c) => [c.name, c]));
  for (const u of plan.uniqueKeys) {
    for (const name of u.columns) {
      const c = columns.get(name);
      const v = row[name];
      if (!c || typeof v !== 'string' || /^-?\d+(\.\d+)?$/.test(v)) continue;
      const n = `${(state.uniqueSeen.get(u.name)?.size ?? 0) + attempt}`;
      const at = v.indexOf('@');
      const next = at > 0 ? `${v.slice(0, at)}.${n}${v.slice(at)}` : `${v}-${n}`;
      row[name] =
        c.maxLength !== undefined && next.length > c.maxLength
          ? `${v.slice(0, Math.max(0, c.maxLength - n.length - 1))}-${n}`.slice(-c.maxLength)
          : next;
    }
  }
}

function uniqueSet(state: TableSeedState, name: string): Set<string> {
  let s = state.uniqueSeen.get(name);
  if (!s) state.uniqueSeen.set(name, (s = new Set()));
  return s;
}

/** The identity of a unique key's values; undefined when one is NULL (NULLs never clash). */
export function tupleKey(row: Record<string, unknown>, columns: string[]): string | undefined {
  const parts = columns.map((c) => row[c]);
  if (parts.some((p) => p === null || p === undefined)) return undefined;
  return JSON.stringify(parts.map(normalizeKeyPart));
}

/**
 * Values read back from a driver and values generated here must compare equal: numbers and numeric
 * strings alike, text case-insensitively (MySQL's default collations and CITEXT compare that way),
 * bytes as hex.
 */
export function normalizeKeyPart(v: unknown): string {
  if (Buffer.isBuffer(v)) return `x${v.toString('hex')}`;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return String(Number(v));
  return String(v).toLowerCase().trimEnd();
}
