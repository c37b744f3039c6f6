import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Statement } from '../../core/diff/operations.js';
import type { LockEntry } from '../../core/plan/lock-file.js';
import { migrationChecksum, migrationTimestamp, renderMigrationFile } from '../../core/plan/migration-file.js';
import { atomicWrite } from '../../store/atomic-write.js';
import { writeLock } from './chain.js';
import type { ProjectContext } from './project-context.js';

export interface NewMigration {
  /** Human title (the file's header); `slug` is the name's tail after the timestamp. */
  title: string;
  slug: string;
  /** A fixed name instead of `<timestamp>_<slug>` (the first pull's baseline). */
  name?: string;
  from: string;
  to: string;
  up: string;
  down: string;
  now?: Date;
}

/** A migration rendered and named, not yet written: `resolve` verifies it before anything is written. */
export interface PreparedMigration {
  name: string;
  file: string;
  text: string;
  /** The chain with this migration's lock line appended. */
  lock: LockEntry[];
}

/**
 * Name and render the next migration of a chain. The one naming rule for `migrate`, `pull` and
 * `resolve`: `<UTC timestamp>_<slug>`, the timestamp strictly greater than the chain's last one (one
 * second past it when the clock has not moved on, or is behind), always a real time of day.
 */
export function prepareMigration(pc: ProjectContext, chain: LockEntry[], m: NewMigration): PreparedMigration {
  const now = m.now ?? new Date();
  const name = m.name ?? `${nextTimestamp(chain, now)}_${m.slug}`;
  const text = renderMigrationFile(
    {
      name,
      title: m.title,
      created: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      from: m.from,
      to: m.to,
      up: m.up,
      down: m.down,
    },
    pc.dialect.capabilities.quoteSyntax,
  );
  return {
    name,
    file: path.join(pc.project.migrationsDir, `${name}.sql`),
    text,
    lock: [...chain, { name, checksum: migrationChecksum(text), from: m.from, to: m.to }],
  };
}

/** Write a prepared migration: its file, then the lock with its line (the lock last: it is what makes the migration part of the chain). */
export async function writePreparedMigration(pc: ProjectContext, prepared: PreparedMigration): Promise<void> {
  await fs.mkdir(pc.project.migrationsDir, { recursive: true });
  await atomicWrite(prepared.file, prepared.text);
  await writeLock(pc, prepared.lock);
}

/** prepareMigration + writePreparedMigration. */
export async function appendMigration(pc: ProjectContext, chain: LockEntry[], m: NewMigration): Promise<PreparedMigration> {
  const prepared = prepareMigration(pc, chain, m);
  await writePreparedMigration(pc, prepared);
  return prepared;
}

/** `now` as a migration timestamp, or one second past the chain's last timestamp when that is not earlier. */
export function nextTimestamp(chain: LockEntry[], now: Date): string {
  return timestampAfter(chain.at(-1)?.name.match(/^(\d{14})_/)?.[1], now);
}

/** `now` as a migration timestamp, or one second past `last` (a 14-digit timestamp) when that is not earlier. */
export function timestampAfter(last: string | undefined, now: Date): string {
  const ts = migrationTimestamp(now);
  if (!last || ts > last) return ts;
  const t = (from: number, to: number) => Number(last.slice(from, to));
  return migrationTimestamp(new Date(Date.UTC(t(0, 4), t(4, 6) - 1, t(6, 8), t(8, 10), t(10, 12), t(12, 14)) + 1000));
}

/** Statements as a migration section: one per line, each ended by the dialect's terminator (`;` unless it says otherwise). */
export function sqlText(statements: Statement[], terminator = ';'): string {
  return statements.map((s) => terminate(s.sql, terminator)).join('\n');
}

function terminate(sql: string, terminator: string): string {
  const t = sql.trim();
  return !terminator || t.endsWith(terminator) ? t : t + terminator;
}
