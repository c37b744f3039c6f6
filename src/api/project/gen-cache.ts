/**
 * `.flash/local/gen/<key>.json`: the described queries of one query file, keyed by the sha256 of
 * the file, the db/schema files, the shadow engine and the Flash build. An unchanged file is not
 * prepared again; anything unreadable is a miss. FLASH_NO_CACHE=1 bypasses it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { sha256 } from '../../core/snapshot/hash.js';
import type { ResolvedQuery } from '../../core/gen/model.js';
import { atomicWrite } from '../../store/atomic-write.js';
import { packageVersion } from '../../version.js';
import type { ProjectContext } from './project-context.js';

/** Bump when describing or resolving changes what a query file turns into (2: tables and enums outside public by their schema-qualified IR name). */
const GEN_CACHE_FORMAT = 2;
/** Entries kept (one per query file version): several branches' worth of query files stay warm. */
const KEEP = 256;

export function genCacheKey(pc: ProjectContext, schemaHash: string, shadow: string, file: string, text: string): string {
  return sha256(
    JSON.stringify({
      format: GEN_CACHE_FORMAT,
      flash: packageVersion(),
      provider: pc.provider,
      shadow,
      schemaHash,
      file,
      text: sha256(text),
    }),
  );
}

function entry(pc: ProjectContext, key: string): string {
  return path.join(pc.project.dir, '.flash', 'local', 'gen', `${key}.json`);
}

export async function readGenCache(pc: ProjectContext, key: string): Promise<ResolvedQuery[] | undefined> {
  try {
    const parsed = JSON.parse(await fs.readFile(entry(pc, key), 'utf8')) as { key?: string; queries?: ResolvedQuery[] };
    return parsed.key === key && Array.isArray(parsed.queries) ? parsed.queries : undefined;
  } catch {
    return undefined;
  }
}

export async function writeGenCache(pc: ProjectContext, key: string, queries: ResolvedQuery[]): Promise<void> {
  await atomicWrite(entry(pc, key), JSON.stringify({ key, queries }));
  await prune(path.dirname(entry(pc, key)));
}

/** Drop the oldest entries beyond KEEP (Flash's own local cache; a missing entry is only a miss). */
async function prune(dir: string): Promise<void> {
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.json'));
  if (names.length <= KEEP) return;
  const aged = await Promise.all(
    names.map(async (n) => {
      // gone since readdir (another process pruned it): oldest, so removed again with force; nothing else is "gone"
      const stat = await fs.stat(path.join(dir, n)).catch((err: unknown) => {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { mtimeMs: 0 };
        throw err;
      });
      return { n, t: stat.mtimeMs };
    }),
  );
  aged.sort((a, b) => b.t - a.t);
  await Promise.all(aged.slice(KEEP).map(({ n }) => fs.rm(path.join(dir, n), { force: true })));
}
