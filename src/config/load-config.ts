import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError, isFlashError } from '../errors.js';
import { CONFIG_FILE, PROVIDERS, TOML_CONFIG_FILE, type FlashConfig } from './config.js';
import { parseDotenv } from './dotenv.js';
import { databaseEntries, selectDatabase } from './databases.js';

export interface Project {
  dir: string;
  configFile: string;
  config: FlashConfig;
  schemaDir: string;
  migrationsDir: string;
  queriesDir: string;
  storeDir: string;
  /** `[[databases]]` projects: the database this command runs on, and all their names */
  database?: { name: string; all: string[] };
}

/** Options of loadProject; `db` defaults to FLASH_DB, which the CLI's `--db` sets. */
export interface LoadOptions {
  db?: string;
}

/**
 * Every database of the project in `dir`: one Project per `[[databases]]` entry (in the order the
 * config lists them), or the single database. `--db` (FLASH_DB) narrows it to that one unless `all`. For commands
 * that span databases: a git branch, a checkout, a merge, a check cover them all.
 */
export async function loadProjects(dir: string, options: { all?: boolean } = {}): Promise<Project[]> {
  // '' selects no database: loadProject then answers for a single database, or E_MULTI_DB with the names.
  const db = options.all ? '' : (process.env.FLASH_DB ?? '');
  if (db) return [await loadProject(dir, { db })];
  try {
    return [await loadProject(dir, { db: '' })];
  } catch (err) {
    const names = isFlashError(err) && err.code === 'E_MULTI_DB' ? (err.data?.databases as string[] | undefined) : undefined;
    if (!names) throw err;
    return Promise.all(names.map((name) => loadProject(dir, { db: name })));
  }
}

/** Locate and validate the project config in `dir` (no upward search: `--cwd` says where). */
export async function loadProject(dir: string, options: LoadOptions = {}): Promise<Project> {
  const jsonFile = path.join(dir, CONFIG_FILE);
  const tomlFile = path.join(dir, TOML_CONFIG_FILE);
  let raw: unknown;
  let configFile: string;
  const jsonText = await readOptional(jsonFile);
  if (jsonText !== undefined) {
    configFile = jsonFile;
    raw = parseJson(jsonText, CONFIG_FILE);
  } else {
    const tomlText = await readOptional(tomlFile);
    if (tomlText === undefined) {
      throw new FlashError(
        'E_NO_CONFIG',
        `No ${CONFIG_FILE} in ${dir}.`,
        'Run `flash init --postgresql|--mysql|--sqlite|--mongodb` to create one, or pass --cwd <project dir>.',
      );
    }
    configFile = tomlFile;
    const { parse } = await import('smol-toml');
    try {
      raw = parse(tomlText);
    } catch (err) {
      throw new FlashError(
        'E_CONFIG_TOML',
        `${TOML_CONFIG_FILE} is not valid TOML: ${(err as Error).message.split('\n')[0]}`,
        `Fix ${TOML_CONFIG_FILE} or replace it with ${CONFIG_FILE}.`,
      );
    }
  }
  const file = path.basename(configFile);
  const entries = raw && typeof raw === 'object' && !Array.isArray(raw) ? databaseEntries(raw as Record<string, unknown>, file) : undefined;
  const db = options.db ?? process.env.FLASH_DB;
  if (entries) {
    const entry = selectDatabase(entries, db, file);
    const { name, schema_dir, migrations_path, queries, ...database } = entry;
    const base = `db/${name}`;
    const config = validateConfig(
      {
        ...(raw as object),
        databases: undefined,
        schema_dir: schema_dir ?? `${base}/schema`,
        migrations_path: migrations_path ?? `${base}/migrations`,
        queries: queries ?? `${base}/queries/`,
        database,
      },
      file,
    );
    return {
      dir,
      configFile,
      config,
      schemaDir: path.resolve(dir, config.schema_dir),
      migrationsDir: path.resolve(dir, config.migrations_path),
      queriesDir: path.resolve(dir, config.queries),
      storeDir: path.join(dir, '.flash', 'databases', name),
      database: { name, all: entries.map((e) => e.name) },
    };
  }
  if (db)
    throw new FlashError(
      'E_USAGE',
      `--db ${db}: ${file} declares a single database.`,
      'Leave out --db, or declare several databases with [[databases]] (flash.toml) or "databases" (flash.config.json).',
    );
  const config = validateConfig(raw, file);
  return {
    dir,
    configFile,
    config,
    schemaDir: path.resolve(dir, config.schema_dir),
    migrationsDir: path.resolve(dir, config.migrations_path),
    queriesDir: path.resolve(dir, config.queries),
    storeDir: path.join(dir, '.flash'),
  };
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const pos = Number(message.match(/position (\d+)/)?.[1] ?? NaN);
    let where = '';
    if (Number.isFinite(pos)) {
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      const column = pos - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${column}`;
    } else {
      const lc = message.match(/line (\d+) column (\d+)/);
      if (lc) where = ` at line ${lc[1]}, column ${lc[2]}`;
    }
    throw new FlashError(
      'E_CONFIG_JSON',
      `${file} is not valid JSON${where}: ${message.replace(/ in JSON at position \d+.*$/, '')}.`,
      `Fix the syntax in ${file}.`,
    );
  }
}

export function validateConfig(raw: unknown, file = CONFIG_FILE): FlashConfig {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new FlashError('E_CONFIG_INVALID', `${file} must contain an object.`, 'See `flash init` for an example.');
  }
  const obj = raw as Record<string, unknown>;
  const database = obj.database as Record<string, unknown> | undefined;
  if (!database || typeof database !== 'object') {
    const hint = file.endsWith('.toml')
      ? 'Add a [database] table with provider = "postgresql" and url_env = "DATABASE_URL", or several [[databases]] with a name each.'
      : 'Add "database": { "provider": "postgresql", "url_env": "DATABASE_URL" }, or "databases": [{ "name": "…", … }].';
    throw new FlashError('E_CONFIG_INVALID', `${file} has no "database" section.`, hint);
  }
  const provider = database.provider;
  if (typeof provider !== 'string' || !PROVIDERS.includes(provider as never)) {
    throw new FlashError(
      'E_UNKNOWN_PROVIDER',
      `Unknown database provider ${JSON.stringify(provider)} in ${file}.`,
      `Use one of: ${PROVIDERS.join(', ')}.`,
    );
  }
  const urlEnv = database.url_env ?? 'DATABASE_URL';
  if (typeof urlEnv !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(urlEnv)) {
    throw new FlashError(
      'E_CONFIG_INVALID',
      `"database.url_env" in ${file} must be an environment variable name.`,
      'For example "DATABASE_URL".',
    );
  }
  if (database.production !== undefined && typeof database.production !== 'boolean') {
    throw new FlashError(
      'E_CONFIG_INVALID',
      `"database.production" in ${file} must be true or false.`,
      'Write "production": true (JSON) or production = true (TOML).',
    );
  }
  const str = (key: string, fallback: string): string => {
    const v = obj[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || !v)
      throw new FlashError(
        'E_CONFIG_INVALID',
        `"${key}" in ${file} must be a non-empty string.`,
        `Remove it to use the default "${fallback}".`,
      );
    return v;
  };
  return {
    ...obj,
    version: typeof obj.version === 'number' || typeof obj.version === 'string' ? String(obj.version) : '2',
    schema_dir: str('schema_dir', 'db/schema'),
    queries: str('queries', 'db/queries/'),
    migrations_path: str('migrations_path', 'db/migrations'),
    export_path: str('export_path', 'db/export'),
    database: { ...database, provider: provider as FlashConfig['database']['provider'], url_env: urlEnv },
  };
}

/** The database URL: process env first, then the project's `.env`. */
export async function resolveDatabaseUrl(project: Project, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const name = project.config.database.url_env;
  const fromEnv = env[name];
  if (fromEnv) return fromEnv;
  const dotenv = await readOptional(path.join(project.dir, '.env'));
  const fromFile = dotenv ? parseDotenv(dotenv)[name] : undefined;
  if (fromFile) return fromFile;
  throw new FlashError(
    'E_NO_URL',
    `The database URL variable ${name} is not set.`,
    `Set ${name} in your environment or in ${path.join(project.dir, '.env')}.`,
  );
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
