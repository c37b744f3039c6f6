import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../errors.js';
import { providerTraits } from '../config/provider-traits.js';
import { CONFIG_FILE, TOML_CONFIG_FILE, defaultConfig, defaultUrl } from '../config/config.js';
import type { Provider } from '../core/model/schema.js';
import { SnapshotStore } from '../store/store.js';
import { readTextIfExists, statIfExists } from '../store/read-if-exists.js';
import { loadDialect } from '../dialects/registry.js';
import { LOCAL_DIR_IGNORE, appendMissingLines } from './project/gitignore.js';

export interface InitResult {
  provider: Provider;
  created: string[];
  gitRepo: boolean;
  envLine?: string;
  /** where the desired schema is written, e.g. `db/schema/*.sql` or `db/schema/*.json` */
  schemaFiles: string;
}

// .env holds each developer's dev URL (Flash rewrites one managed line of it when switching branches).
const GITIGNORE_LINES = [LOCAL_DIR_IGNORE, '.flash/MERGE_CONFLICTS.json', '.env'];

/**
 * Create a Flash project in `dir`. Checks everything that could refuse before writing anything, so a
 * refusal leaves the directory exactly as it was. Takes the directory: there is no project to open yet.
 */
export async function initProject(dir: string, provider: Provider): Promise<InitResult> {
  for (const file of [CONFIG_FILE, TOML_CONFIG_FILE]) {
    if (await exists(path.join(dir, file))) {
      throw new FlashError(
        'E_CONFIG_EXISTS',
        `${file} already exists in ${dir}; nothing was changed.`,
        'Edit the existing config, or remove it first to start over.',
      );
    }
  }
  const stat = await statIfExists(dir);
  if (!stat?.isDirectory()) throw new FlashError('E_USAGE', `${dir} is not a directory.`, 'Create it first or pass another --cwd.');

  const config = defaultConfig(provider);
  const created: string[] = [];
  const mkdir = async (rel: string) => {
    const full = path.join(dir, rel);
    if (!(await exists(full))) {
      await fs.mkdir(full, { recursive: true });
      created.push(rel + '/');
    }
  };
  const schemaDir = String(config.schema_dir);
  await mkdir(schemaDir);
  await mkdir(String(config.migrations_path));
  await mkdir(String(config.queries).replace(/\/$/, ''));
  await SnapshotStore.forProject(dir).init();
  created.push('.flash/');
  await fs.mkdir(path.join(dir, '.flash', 'local'), { recursive: true });
  // keep empty dirs in git
  for (const rel of ['.flash/objects/.gitkeep', '.flash/refs/.gitkeep']) {
    if (!(await exists(path.join(dir, rel)))) await fs.writeFile(path.join(dir, rel), '');
  }
  // Declarative schemas (MongoDB's JSON) get an example file: the format is Flash's own, not the engine's.
  const declared = (await loadDialect(provider)).declarativeSchema;
  if (declared) {
    const example = path.join(schemaDir, declared.example.file);
    if (!(await exists(path.join(dir, example)))) {
      await fs.writeFile(path.join(dir, example), declared.example.text);
      created.push(example);
    }
  }
  const lockFile = path.join(dir, String(config.migrations_path), 'flash.lock');
  if (!(await exists(lockFile))) {
    const { serializeLock } = await import('../core/plan/lock-file.js');
    await fs.writeFile(lockFile, serializeLock([]));
    created.push(path.join(String(config.migrations_path), 'flash.lock'));
  }

  // A committed SQLite dev database would be swapped by git on every checkout.
  const ignore = providerTraits(provider).fileDatabases ? [...GITIGNORE_LINES, 'dev.db', 'dev.db-*'] : GITIGNORE_LINES;
  if (await appendMissingLines(path.join(dir, '.gitignore'), ignore)) created.push('.gitignore (entries)');

  let envLine: string | undefined;
  const envFile = path.join(dir, '.env');
  // Appended to, never replaced: an .env that exists but cannot be read stops init (E_UNREADABLE).
  const envText = (await readTextIfExists(envFile)) ?? '';
  if (!new RegExp(`^\\s*(export\\s+)?${config.database.url_env}\\s*=`, 'm').test(envText)) {
    envLine = `${config.database.url_env}=${defaultUrl(provider, path.basename(path.resolve(dir)))}`;
    await fs.writeFile(envFile, envText + (envText && !envText.endsWith('\n') ? '\n' : '') + envLine + '\n');
    created.push('.env');
  }
  // Written last: its presence is what marks an initialized project.
  await fs.writeFile(path.join(dir, CONFIG_FILE), JSON.stringify(config, null, 2) + '\n', { flag: 'wx' });
  created.unshift(CONFIG_FILE);
  const schemaFiles = `${schemaDir}/*${declared?.extension ?? '.sql'}`;
  return { provider, created, gitRepo: await exists(path.join(dir, '.git')), envLine, schemaFiles };
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
