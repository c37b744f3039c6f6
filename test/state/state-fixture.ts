import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadDialect } from '../../src/dialects/registry.js';
import { MYSQL_URL, PG_URL, uniqueDbName, withDatabase } from '../helpers/db-urls.js';
import { query } from '../git/branch-scenario.js';
import { flashOk, flashRepo } from '../git/git-fixture.js';

export type Engine = 'sqlite' | 'postgresql' | 'mysql';

/** Each engine with a fresh configured URL (SQLite: the project's own dev.db). */
export const ENGINES: Array<[Engine, () => string | undefined]> = [
  ['sqlite', () => undefined],
  ['postgresql', () => withDatabase(PG_URL, uniqueDbName())],
  ['mysql', () => withDatabase(MYSQL_URL, uniqueDbName())],
];

/** A git repo with Flash initialised and its hooks installed; server databases are created and listed for cleanup. */
export async function hookedRepo(engine: Engine, configured: string | undefined, cleanup: string[]): Promise<string> {
  const dir = await flashRepo(engine, configured);
  if (configured) {
    cleanup.push(configured);
    await (await loadDialect(engine)).databases.create(configured);
  }
  await flashOk(dir, ['hooks', 'install']);
  return dir;
}

/** `.env`'s managed line. */
export function published(dir: string): { url: string; branch: string } | undefined {
  const m = readFileSync(path.join(dir, '.env'), 'utf8').match(/^DATABASE_URL=(\S+) # managed by flash \(branch: (.+)\)$/m);
  return m ? { url: m[1], branch: m[2] } : undefined;
}

export async function sql(engine: Engine, dir: string, url: string, text: string): Promise<Array<Record<string, unknown>>> {
  return query(await loadDialect(engine), dir, url, text);
}

/** Table names of a database (no Flash tracking table). */
export async function tables(engine: Engine, dir: string, url: string): Promise<string[]> {
  const dialect = await loadDialect(engine);
  const abs = url.startsWith('file:') ? path.resolve(dir, url.slice('file:'.length)) : url;
  const conn = await dialect.connect(abs);
  try {
    return (await dialect.introspect(conn)).tables.map((t) => t.name).sort();
  } finally {
    await conn.close();
  }
}

export async function dropAll(engine: Engine, urls: string[]): Promise<void> {
  if (engine === 'sqlite') return;
  const dialect = await loadDialect(engine);
  for (const url of new Set(urls)) await dialect.databases.drop(url).catch(() => undefined);
}
