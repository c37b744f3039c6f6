import path from 'node:path';
import { FlashError } from '../../errors.js';
import { emptySchema, type Schema } from '../../core/model/schema.js';
import { snapshotId } from '../../core/snapshot/hash.js';
import { LOCK_FILE, parseLock, serializeLock, verifyChain, type LockEntry } from '../../core/plan/lock-file.js';
import { migrationChecksum, parseMigrationFile, setChainHashes, type MigrationFile } from '../../core/plan/migration-file.js';
import { atomicWrite } from '../../store/atomic-write.js';
import { readDirIfExists, readText, readTextIfExists } from '../../store/read-if-exists.js';
import { materialize, runScript, withShadow } from './shadow.js';
import { migrationUse } from './migration-use.js';
import type { ProjectContext } from './project-context.js';

/** One migration of the chain as found on disk, with the lock line that seals it. */
export interface ChainMigration {
  name: string;
  file: string;
  text: string;
  parsed: MigrationFile;
  /** checksum of the file as it is now */
  checksum: string;
  lock: LockEntry;
  /** the file no longer matches the checksum recorded in flash.lock */
  modified: boolean;
}

export interface Chain {
  migrations: ChainMigration[];
  /** hash of the empty schema: the first `from` */
  emptyHash: string;
  /** expected schema of this commit: last `to`, or the empty schema's hash */
  expected: string;
  /** migration files on disk that flash.lock does not list yet (Flash ORM files, copied files) */
  unsealed: string[];
  /** what sealing did, for the command to print */
  notes: string[];
}

export function lockPath(pc: ProjectContext): string {
  return path.join(pc.project.migrationsDir, LOCK_FILE);
}

export function emptyHashOf(pc: ProjectContext): string {
  return snapshotId(emptySchema(pc.provider));
}

/**
 * Read db/migrations/*.sql and flash.lock and check that the chain holds together. With `seal`,
 * files the lock does not know yet get their from/to hashes computed by replaying them on a shadow
 * database (Flash ORM projects), and an edited last migration (the `--create-only` workflow) is
 * re-sealed the same way while it is neither committed nor applied; without it, nothing is written.
 */
export async function loadChain(pc: ProjectContext, options: { seal?: boolean; allowChanged?: boolean } = {}): Promise<Chain> {
  const dir = pc.project.migrationsDir;
  const files = await migrationFileNames(dir);
  const lockRel = path.relative(pc.project.dir, lockPath(pc));
  const lockText = await readTextIfExists(lockPath(pc), { display: lockRel });
  const lockEntries: LockEntry[] = lockText === undefined ? [] : parseLock(lockText, lockRel);
  const emptyHash = emptyHashOf(pc);
  const onDisk = new Set(files);
  const migrations: ChainMigration[] = [];
  for (const lock of lockEntries) {
    if (!onDisk.has(lock.name)) {
      throw new FlashError(
        'E_CHAIN',
        `flash.lock lists ${lock.name} but ${lock.name}.sql is missing from ${path.relative(pc.project.dir, dir) || dir}.`,
        'Restore the file from git, or remove its line with `flash merge`/by regenerating the lock.',
        { data: { migration: lock.name } },
      );
    }
    migrations.push(await readMigration(pc, lock));
  }
  const problems = verifyChain(lockEntries, emptyHash);
  if (problems.length) {
    const p = problems[0];
    throw new FlashError(
      'E_CHAIN',
      `The migration chain is broken at ${p.name}: it starts from ${p.actualFrom.slice(0, 12)} but the previous migration ends at ${p.expectedFrom.slice(0, 12)}.`,
      'Run `flash merge` to re-chain migrations after a merge, or restore flash.lock from git.',
      { data: { problems } },
    );
  }
  const known = new Set(lockEntries.map((e) => e.name));
  const unsealed = files.filter((f) => !known.has(f));
  const chain: Chain = { migrations, emptyHash, expected: lockEntries.at(-1)?.to ?? emptyHash, unsealed, notes: [] };
  if (!options.seal) return chain;
  const last = migrations.at(-1);
  const reseal = last?.modified ? await mayReseal(pc, last, chain, options.allowChanged) : false;
  const resealFrom = reseal ? migrations.length - 1 : migrations.length;
  if (resealFrom === migrations.length && unsealed.length === 0) return chain;
  const sealed = await sealChain(pc, chain, resealFrom);
  sealed.notes.unshift(...chain.notes);
  return sealed;
}

/**
 * An edited last migration is re-sealed (the `--create-only` workflow) only while it is still private:
 * not committed in git and not applied in the dev database. Otherwise the edit rewrites history
 * others may have: E_CHECKSUM_MISMATCH, as `apply` and `check` say — or, with `allowChanged`, the lock
 * line is kept as it is. A dev database that cannot be reached is said, not guessed.
 */
async function mayReseal(pc: ProjectContext, last: ChainMigration, chain: Chain, allowChanged = false): Promise<boolean> {
  const use = await migrationUse(pc, last.name, last.file);
  if (use.applied === undefined)
    chain.notes.push(
      `could not check whether ${last.name} is applied in the dev database (${use.unreachable}); re-sealing it as an unapplied migration`,
    );
  if (!use.committed && !use.applied) return true;
  if (allowChanged) return false;
  const where = [use.committed ? 'committed in git' : '', use.applied ? 'applied to the dev database' : ''].filter(Boolean).join(' and ');
  throw new FlashError(
    'E_CHECKSUM_MISMATCH',
    `Migration ${last.name} changed on disk after it was ${where} (checksum ${last.checksum.slice(0, 12)} ≠ ${last.lock.checksum.slice(0, 12)} in flash.lock); Flash re-seals only an uncommitted, unapplied migration.`,
    `Restore it (\`git checkout -- ${path.relative(pc.project.dir, last.file)}\`) and put further changes in a new migration${use.applied && !use.committed ? ', or revert it first with `flash down`' : ''}.`,
    { data: { migration: last.name, committed: use.committed, applied: use.applied } },
  );
}

/** Recompute from/to of migrations[resealFrom…] and of every unsealed file by replaying them on a shadow. */
async function sealChain(pc: ProjectContext, chain: Chain, resealFrom: number): Promise<Chain> {
  const keep = chain.migrations.slice(0, resealFrom);
  const redo = [...chain.migrations.slice(resealFrom).map((m) => m.name), ...chain.unsealed];
  const start = keep.at(-1)?.lock.to ?? chain.emptyHash;
  const startSchema: Schema = start === chain.emptyHash ? emptySchema(pc.provider) : await pc.store.get(start);
  const dir = pc.project.migrationsDir;
  const sealed: LockEntry[] = keep.map((m) => m.lock);
  const notes: string[] = [];
  await withShadow(pc, async (conn) => {
    await materialize(pc, conn, startSchema);
    let from = start;
    for (const name of redo) {
      const file = path.join(dir, `${name}.sql`);
      const text = await readText(file);
      const parsed = parseMigrationFile(name, text, pc.dialect.capabilities.quoteSyntax);
      await runScript(pc, conn, parsed.up, file, parsed.upLine);
      const to = await pc.store.put(await pc.dialect.introspect(conn));
      if (parsed.from !== from || parsed.to !== to) await atomicWrite(file, setChainHashes(text, from, to));
      sealed.push({ name, checksum: migrationChecksum(text), from, to });
      notes.push(`sealed ${name}: ${from.slice(0, 12)} → ${to.slice(0, 12)}`);
      from = to;
    }
  });
  await writeLock(pc, sealed);
  const migrations = await Promise.all(sealed.map((e) => readMigration(pc, e)));
  return { migrations, emptyHash: chain.emptyHash, expected: sealed.at(-1)?.to ?? chain.emptyHash, unsealed: [], notes };
}

export async function writeLock(pc: ProjectContext, entries: LockEntry[]): Promise<void> {
  await atomicWrite(lockPath(pc), serializeLock(entries));
}

async function readMigration(pc: ProjectContext, lock: LockEntry): Promise<ChainMigration> {
  const file = path.join(pc.project.migrationsDir, `${lock.name}.sql`);
  const text = await readText(file);
  const checksum = migrationChecksum(text);
  return {
    name: lock.name,
    file,
    text,
    parsed: parseMigrationFile(lock.name, text, pc.dialect.capabilities.quoteSyntax),
    checksum,
    lock,
    modified: checksum !== lock.checksum,
  };
}

async function migrationFileNames(dir: string): Promise<string[]> {
  const names = (await readDirIfExists(dir)) ?? [];
  return names
    .filter((n) => /^\d+_.*\.sql$/i.test(n))
    .map((n) => n.slice(0, -4))
    .sort();
}

/** The schema at a hash of the chain: the empty schema for the first `from`, else the stored snapshot. */
export async function schemaAt(pc: ProjectContext, chain: Pick<Chain, 'emptyHash'>, hash: string): Promise<Schema> {
  return hash === chain.emptyHash ? emptySchema(pc.provider) : pc.store.get(hash);
}
