/**
 * Read db/queries/*.sql and have the engine describe every query, on a shadow database built from
 * db/schema. Results are cached per query file (see gen-cache.ts), so only changed files are prepared.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FlashError } from '../../errors.js';
import type { QuerySupport } from '../../dialects/dialect.js';
import { parseQueryFile, queryError, type QueryDef } from '../../core/gen/query-file.js';
import { ParamError, parameterize, type ParameterizedSql } from '../../core/gen/params.js';
import { resolveQuery } from '../../core/gen/resolve-query.js';
import type { ResolvedQuery } from '../../core/gen/model.js';
import { tableNameInSql } from '../../core/model/schema.js';
import { applySchemaScripts, schemaFiles } from './desired-schema.js';
import { displayPath, engineMessage, withShadow } from './shadow.js';
import type { ProjectContext } from './project-context.js';
import { genCacheKey, readGenCache, writeGenCache } from './gen-cache.js';
import { cacheDisabled, shadowTarget } from './desired-cache.js';
import { sha256 } from '../../core/snapshot/hash.js';
import { readDirIfExists } from '../../store/read-if-exists.js';

interface QueryFile {
  file: string;
  display: string;
  text: string;
  queries: Array<{ def: QueryDef; sql: ParameterizedSql }>;
}

export interface DescribedQueries {
  queries: ResolvedQuery[];
  files: number;
  /** Query files answered from the cache (not prepared again). */
  cachedFiles: number;
}

export async function queryFiles(dir: string): Promise<string[]> {
  const names = (await readDirIfExists(dir)) ?? [];
  return names
    .filter((n) => n.toLowerCase().endsWith('.sql'))
    .sort()
    .map((n) => path.join(dir, n));
}

export async function describeQueries(pc: ProjectContext, support: QuerySupport): Promise<DescribedQueries> {
  const files = await Promise.all((await queryFiles(pc.project.queriesDir)).map((file) => readQueryFile(pc, file, support)));
  checkUniqueNames(files);
  const schemaScripts = await Promise.all(
    (await schemaFiles(pc.project.schemaDir)).map(async (file) => ({ file, sql: await fs.readFile(file, 'utf8') })),
  );
  const useCache = !cacheDisabled(pc.env);
  const schemaHash = sha256(JSON.stringify(schemaScripts.map((s) => [displayPath(pc, s.file), s.sql])));
  const target = useCache ? await shadowTarget(pc) : '';
  const results = new Map<QueryFile, ResolvedQuery[]>();
  const keys = new Map<QueryFile, string>();
  for (const f of files) {
    if (!useCache) continue;
    const key = genCacheKey(pc, schemaHash, target, f.display, f.text);
    keys.set(f, key);
    const hit = await readGenCache(pc, key);
    if (hit) results.set(f, hit);
  }
  const missing = files.filter((f) => !results.has(f));
  if (missing.length) {
    // `billing.invoices` in a query is the IR's `billing.invoices` on PostgreSQL, `public.users` its `users`
    const qualified = pc.dialect.traits.sql?.schemaQualifiedNames === true;
    const naming = (qualifier: string | undefined, name: string) => tableNameInSql(qualified, qualifier, name);
    await withShadow(pc, async (conn) => {
      await applySchemaScripts(pc, conn, schemaScripts);
      const schema = await pc.dialect.introspect(conn);
      for (const f of missing) {
        const resolved: ResolvedQuery[] = [];
        for (const { def, sql } of f.queries) {
          let described;
          try {
            described = await support.describe(conn, sql.sql, schema);
          } catch (err) {
            if (err instanceof FlashError && err.code !== 'E_SQL') throw err;
            throw engineError(def, sql, err);
          }
          resolved.push(resolveQuery(def, sql, described, schema, support.lex, naming));
        }
        results.set(f, resolved);
      }
    });
    for (const f of missing) {
      const key = keys.get(f);
      if (key) await writeGenCache(pc, key, results.get(f)!);
    }
  }
  return { queries: files.flatMap((f) => results.get(f)!), files: files.length, cachedFiles: files.length - missing.length };
}

async function readQueryFile(pc: ProjectContext, file: string, support: QuerySupport): Promise<QueryFile> {
  const text = await fs.readFile(file, 'utf8');
  const display = displayPath(pc, file);
  const queries = parseQueryFile(text, display).map((def) => {
    try {
      return { def, sql: parameterize(def.sql, support.placeholders, support.lex) };
    } catch (err) {
      if (!(err instanceof ParamError)) throw err;
      throw queryError(
        display,
        def.sqlLine + lineOf(def.sql, err.offset) - 1,
        `query ${def.name}: ${err.message}`,
        'See the parameter syntax in the README (flash gen).',
      );
    }
  });
  return { file, display, text, queries };
}

/** Function names are global to the generated client, so query names must be unique across files. */
function checkUniqueNames(files: QueryFile[]): void {
  const seen = new Map<string, QueryDef>();
  for (const f of files) {
    for (const { def } of f.queries) {
      const other = seen.get(def.name.toLowerCase());
      if (other)
        throw queryError(
          def.file,
          def.line,
          `query ${def.name} is also defined at ${other.file}:${other.line}`,
          'Query names must be unique across db/queries.',
        );
      seen.set(def.name.toLowerCase(), def);
    }
  }
}

/** The engine refused the query: E_QUERY at the line the engine points at (else the annotation). */
function engineError(def: QueryDef, sql: ParameterizedSql, err: unknown): FlashError {
  const data = (err as FlashError).data ?? {};
  const position = Number(data.position);
  const line = Number.isFinite(position) && position > 0 ? def.sqlLine + lineOf(sql.sql, position - 1) - 1 : def.line;
  return queryError(
    def.file,
    line,
    `query ${def.name}: ${engineMessage(err)}`,
    `Fix the query at ${def.file}:${line}; it must prepare against db/schema.`,
    err,
  );
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, Math.max(0, offset)).split('\n').length;
}
