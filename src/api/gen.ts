/**
 * `flash gen`: typed clients from db/queries/*.sql for each enabled `gen.<language>` target.
 * Everything is computed before anything is written, so a query the engine refuses (E_QUERY)
 * leaves the previous output untouched. `check` writes nothing and reports stale files.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../errors.js';
import { genTargets, type GenLanguage, type GenTarget } from '../config/gen-config.js';
import type { ResolvedQuery } from '../core/gen/model.js';
import type { GeneratedFile } from '../core/gen/generated-file.js';
import { generateTypeScript } from '../core/gen/ts-client.js';
import { generatePython } from '../core/gen/py-client.js';
import { generateGo } from '../core/gen/go-client.js';
import { assertDistinctEnumAliases } from '../core/gen/enum-aliases.js';
import type { QuerySupport } from '../dialects/dialect.js';
import { atomicWrite } from '../store/atomic-write.js';
import { describeQueries } from './project/gen-queries.js';
import { displayPath } from './project/shadow.js';
import type { ProjectContext } from './project/project-context.js';

export interface GenOptions {
  /** Compare with the files on disk instead of writing; stale files are reported. */
  check?: boolean;
}

export interface GenFileReport {
  language: GenLanguage;
  path: string;
  state: 'written' | 'unchanged' | 'stale';
}

export interface GenReport {
  queries: number;
  queryFiles: number;
  cachedFiles: number;
  files: GenFileReport[];
  /** --check: true when every generated file matches the disk. */
  upToDate: boolean;
}

export async function gen(pc: ProjectContext, options: GenOptions = {}): Promise<GenReport> {
  const support = pc.dialect.queries;
  if (!support)
    throw new FlashError(
      'E_UNSUPPORTED',
      `flash gen does not support ${pc.provider} projects.`,
      'Typed clients are generated for PostgreSQL, MySQL/MariaDB and SQLite.',
    );
  const targets = genTargets(pc.project.config, pc.project.dir);
  if (targets.length === 0) {
    throw new FlashError(
      'E_CONFIG_INVALID',
      'No code generation target is enabled in the config.',
      'Add e.g. "gen": { "js": { "enabled": true, "out": "flash_gen" } } to flash.config.json (or [gen.js] to flash.toml).',
    );
  }
  const described = await describeQueries(pc, support);
  assertDistinctEnumAliases(described.queries);
  const outputs = targets.map((target) => ({ target, files: generate(target, described.queries, support) }));
  const files: GenFileReport[] = [];
  for (const { target, files: generated } of outputs) {
    for (const f of generated) {
      const file = path.join(target.outDir, f.path);
      const same = (await readOptional(file)) === f.content;
      const state = same ? 'unchanged' : options.check ? 'stale' : 'written';
      if (state === 'written') await atomicWrite(file, f.content);
      files.push({ language: target.language, path: displayPath(pc, file), state });
    }
  }
  return {
    queries: described.queries.length,
    queryFiles: described.files,
    cachedFiles: described.cachedFiles,
    files,
    upToDate: files.every((f) => f.state !== 'stale'),
  };
}

function generate(target: GenTarget, queries: ResolvedQuery[], support: QuerySupport): GeneratedFile[] {
  switch (target.language) {
    case 'js':
      return generateTypeScript(queries, support.driver);
    case 'python':
      return generatePython(queries, support.driver, support.lex);
    case 'go':
      return generateGo(queries, target.packageName, support.driver);
  }
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
