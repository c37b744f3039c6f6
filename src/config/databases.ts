import { FlashError } from '../errors.js';

/**
 * Flash ORM's multi-database layout: `[[databases]]` in flash.toml, `"databases": [...]` in
 * flash.config.json. Each entry has a name, provider and URL variable, and optionally its own
 * schema/migrations/queries paths (default `db/<name>/schema`, `db/<name>/migrations`,
 * `db/<name>/queries/`) and shadow URL. Each database has its own store under `.flash/databases/<name>`
 * and so its own chain; a command runs on one of them, chosen with `--db <name>` (FLASH_DB).
 */
export interface DatabaseEntry {
  name: string;
  provider: unknown;
  url_env?: unknown;
  schema_dir?: unknown;
  migrations_path?: unknown;
  queries?: unknown;
  shadow_url?: unknown;
  [key: string]: unknown;
}

/** The `databases` list of a raw config, or undefined for a single-database config. */
export function databaseEntries(raw: Record<string, unknown>, file: string): DatabaseEntry[] | undefined {
  const list = raw.databases;
  if (list === undefined) return undefined;
  const hint = file.endsWith('.toml')
    ? 'Each database is a [[databases]] table with name = "…", provider = "…", url_env = "…".'
    : 'Each database is an object in "databases": [{ "name": "…", "provider": "…", "url_env": "…" }].';
  if (!Array.isArray(list) || list.length === 0)
    throw new FlashError('E_CONFIG_INVALID', `"databases" in ${file} must be a non-empty list.`, hint);
  const seen = new Set<string>();
  for (const entry of list as unknown[]) {
    const name = (entry as DatabaseEntry | null)?.name;
    if (!entry || typeof entry !== 'object' || typeof name !== 'string' || !/^[A-Za-z0-9_-]+$/.test(name)) {
      throw new FlashError('E_CONFIG_INVALID', `Every database in ${file} needs a name made of letters, digits, "_" or "-".`, hint);
    }
    if (seen.has(name))
      throw new FlashError('E_CONFIG_INVALID', `Two databases in ${file} are named "${name}".`, 'Give each database its own name.');
    seen.add(name);
  }
  return list as DatabaseEntry[];
}

/** The entry `--db` names; refuses when none or an unknown one is named, listing the databases. */
export function selectDatabase(entries: DatabaseEntry[], selected: string | undefined, file: string): DatabaseEntry {
  const names = entries.map((e) => e.name);
  if (selected === undefined || selected === '') {
    throw new FlashError(
      'E_MULTI_DB',
      `${file} declares ${names.length} databases (${names.join(', ')}); this command runs on one at a time.`,
      `Pass --db <name>, e.g. \`--db ${names[0]}\`.`,
      {
        data: { databases: names },
      },
    );
  }
  const entry = entries.find((e) => e.name === selected);
  if (!entry)
    throw new FlashError('E_USAGE', `There is no database named "${selected}" in ${file}.`, `Use one of: ${names.join(', ')}.`, {
      data: { databases: names },
    });
  return entry;
}
