import { promises as fs } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import path from 'node:path';
import type { Schema } from '../../core/model/schema.js';
import { sha256, snapshotOf } from '../../core/snapshot/hash.js';
import { atomicWrite } from '../../store/atomic-write.js';
import { packageVersion } from '../../version.js';
import { ensureLocalDirIgnored } from './gitignore.js';
import { optionalLiveUrl, type ProjectContext } from './project-context.js';

/** Bump when introspection or normalization changes what a given db/schema turns into. */
// 2: a cached schema has passed the unmodelled-object check (entries from before it may hide such objects).
// 3: functions, procedures, triggers, policies and row-level security are introspected (Schema.definitions).
// 3: PostgreSQL domains, composite types and standalone sequences are part of the IR.
// 4: both of the above (merged).
// 5: PostgreSQL keeps a `CURRENT_TIMESTAMP` default as written (it was recorded as `now()`).
const CACHE_FORMAT = 5;
/** Entries kept; each is one normalized schema, so a few switches between branches stay warm. */
const KEEP = 16;

export interface DesiredScript {
  file: string;
  sql: string;
}

/**
 * The desired schema is a pure function of the db/schema files, the engine that runs them and the
 * Flash build that introspects the result, so it is cached under `.flash/local/desired/<key>` (local,
 * git-ignored, gzipped), keyed by the sha256 of exactly those inputs. A no-change `flash migrate`, `diff` or
 * `check` then needs no shadow database at all. Each entry holds its snapshot id and canonical JSON,
 * and is verified on read like a store object; anything unreadable is a miss, never an error.
 * FLASH_NO_CACHE=1 bypasses it.
 */
export function desiredCacheKey(pc: ProjectContext, scripts: DesiredScript[], shadowTarget: string): string {
  const files = scripts.map(({ file, sql }) => [path.relative(pc.project.dir, file).split(path.sep).join('/'), sha256(sql)]);
  return sha256(JSON.stringify({ format: CACHE_FORMAT, flash: packageVersion(), provider: pc.provider, shadow: shadowTarget, files }));
}

/** Which engine the shadow runs on, without credentials or database name: a server's host and port. */
export async function shadowTarget(pc: ProjectContext): Promise<string> {
  const shadowUrl = typeof pc.project.config.database.shadow_url === 'string' ? pc.project.config.database.shadow_url : undefined;
  const embedded = pc.dialect.embeddedShadowId?.(shadowUrl);
  if (embedded !== undefined) return embedded;
  // Only a server shadow without shadow_url (MySQL's temp database) depends on the live URL.
  const url = shadowUrl ?? (await optionalLiveUrl(pc));
  if (!url) return `${pc.provider}:unknown`;
  try {
    const u = new URL(url);
    return `${pc.provider}:${u.hostname}:${u.port}`;
  } catch {
    return `${pc.provider}:unparsable`;
  }
}

export function cacheDisabled(env: NodeJS.ProcessEnv): boolean {
  return env.FLASH_NO_CACHE === '1' || env.FLASH_NO_CACHE === 'true';
}

function cacheDir(pc: ProjectContext): string {
  return path.join(pc.project.dir, '.flash', 'local', 'desired');
}

export async function readDesiredCache(pc: ProjectContext, key: string): Promise<Schema | undefined> {
  let text: string;
  try {
    text = gunzipSync(await fs.readFile(path.join(cacheDir(pc), key))).toString('utf8');
  } catch {
    return undefined;
  }
  const newline = text.indexOf('\n');
  const id = text.slice(0, newline);
  const content = text.slice(newline + 1);
  if (newline < 0 || sha256(content) !== id) return undefined;
  try {
    return JSON.parse(content) as Schema;
  } catch {
    return undefined;
  }
}

export async function writeDesiredCache(pc: ProjectContext, key: string, schema: Schema): Promise<void> {
  const snap = snapshotOf(schema);
  try {
    // gzip: schema JSON shrinks ~10×, and 16 entries of a 1,000-table schema would otherwise be ~50 MB.
    await ensureLocalDirIgnored(pc.project.dir);
    await atomicWrite(path.join(cacheDir(pc), key), gzipSync(`${snap.id}\n${snap.content}`, { level: 1 }));
    await prune(cacheDir(pc));
  } catch {
    /* a cache that cannot be written only costs the next run a shadow */
  }
}

async function prune(dir: string): Promise<void> {
  const names = (await fs.readdir(dir)).filter((n) => /^[0-9a-f]{64}$/.test(n));
  if (names.length <= KEEP) return;
  const dated = await Promise.all(names.map(async (n) => ({ n, t: (await fs.stat(path.join(dir, n))).mtimeMs })));
  dated.sort((a, b) => b.t - a.t);
  await Promise.all(dated.slice(KEEP).map(({ n }) => fs.rm(path.join(dir, n), { force: true })));
}
