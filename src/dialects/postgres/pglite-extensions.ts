import { FlashError } from '../../errors.js';

type PGliteExtensions = NonNullable<import('@electric-sql/pglite').PGliteOptions['extensions']>;

/** `CREATE EXTENSION [IF NOT EXISTS] name` anywhere in the SQL a shadow will run (a comment only costs a needless load). */
const createExtension = /\bcreate\s+extension\s+(?:if\s+not\s+exists\s+)?(?:"([^"]+)"|([\w-]+))/gi;

export function extensionsCreatedBy(sql: readonly string[]): string[] {
  const names = new Set<string>();
  for (const text of sql) for (const m of text.matchAll(createExtension)) names.add((m[1] ?? m[2]).toLowerCase());
  return [...names].sort();
}

/**
 * PGlite ships many contrib extensions (pg_trgm, citext, hstore, ltree, uuid-ossp, …) as modules
 * that must be handed to it when it starts; `CREATE EXTENSION` then works as on a server. plpgsql is
 * built in. An extension PGlite does not ship is refused by name with the `shadow_url` line that runs
 * the shadow on a real server instead.
 */
export async function pgliteExtensions(names: readonly string[]): Promise<PGliteExtensions> {
  const out: PGliteExtensions = {};
  for (const name of names) {
    if (name === 'plpgsql') continue;
    const module = name.replace(/-/g, '_');
    let loaded: Record<string, unknown>;
    try {
      loaded = (await import(`@electric-sql/pglite/contrib/${module}`)) as Record<string, unknown>;
    } catch (err) {
      if (
        (err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND' &&
        (err as NodeJS.ErrnoException).code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED'
      )
        throw err;
      throw new FlashError(
        'E_SHADOW_UNSUPPORTED',
        `The embedded PGlite shadow has no extension "${name}".`,
        'Run the shadow on a PostgreSQL server that has it: add "shadow_url": "postgres://user@host:5432/postgres" to the "database" section of flash.config.json (shadow_url = "…" under [database] in flash.toml).',
        { data: { extension: name } },
      );
    }
    const extension = loaded[module];
    if (!extension)
      throw new FlashError(
        'E_INTERNAL',
        `PGlite's contrib module ${module} exports no extension named ${module}.`,
        'Report this with your PGlite version.',
      );
    out[module] = extension as PGliteExtensions[string];
  }
  return out;
}
