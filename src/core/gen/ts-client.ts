/**
 * The TypeScript client: `index.js` (ESM, no dependency but the driver, which the caller passes in)
 * and `index.d.ts`. One function per query, `(db, params) → rows`, where `db` is anything with the
 * driver's query method: a pool, a client, or a transaction's client.
 *
 * Speed is the raw driver's: PostgreSQL statements are named (prepared once per connection), MySQL
 * goes through `execute()` (mysql2 caches the prepared statement), SQLite statements are prepared
 * once per Database and kept. Rows are the driver's own objects; only columns the driver cannot
 * represent exactly (MySQL/SQLite booleans, JSON stored as text, PostgreSQL enum arrays) are converted.
 */
import { createHash } from 'node:crypto';
import type { ResolvedQuery, ResultColumn, ResolvedParam } from './model.js';
import { camelCase, pascalCase, tsKey } from './names.js';
import { GENERATED_HEADER, type GeneratedFile } from './generated-file.js';
import { enumAliasName, tsType, type TsDriver } from './ts-types.js';
import { checkQuery } from './check-query.js';

export function generateTypeScript(queries: ResolvedQuery[], driver: TsDriver): GeneratedFile[] {
  for (const q of queries) checkQuery(q, driver);
  const enums = collectEnums(queries);
  const js: string[] = [`// ${GENERATED_HEADER}`, ...jsPrelude(driver, queries)];
  const dts: string[] = [`// ${GENERATED_HEADER}`, ...dtsPrelude(driver)];
  for (const [name, values] of enums) dts.push('', `export type ${name} = ${values.map((v) => JSON.stringify(v)).join(' | ')};`);
  for (const q of queries) {
    js.push('', ...jsFunction(q, driver));
    dts.push('', ...dtsFunction(q, driver));
  }
  return [
    { path: 'index.js', content: js.join('\n') + '\n' },
    { path: 'index.d.ts', content: dts.join('\n') + '\n' },
    // its own package scope: index.js is ESM whatever the enclosing package.json says
    {
      path: 'package.json',
      content:
        JSON.stringify({ private: true, type: 'module', main: './index.js', types: './index.d.ts', sideEffects: false }, null, 2) + '\n',
    },
  ];
}

function collectEnums(queries: ResolvedQuery[]): Map<string, string[]> {
  const enums = new Map<string, string[]>();
  for (const q of queries) {
    for (const t of [...q.params.map((p) => p.type), ...q.columns.map((c) => c.type)]) {
      const alias = enumAliasName(t);
      if (alias && !enums.has(alias)) enums.set(alias, t.enumValues ?? []);
    }
  }
  return new Map([...enums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function dtsPrelude(driver: TsDriver): string[] {
  const lines = ['', 'export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };'];
  if (driver === 'pg') {
    lines.push(
      '',
      '/** What pg returns for `interval` (postgres-interval). */',
      'export interface PostgresInterval { years?: number; months?: number; days?: number; hours?: number; minutes?: number; seconds?: number; milliseconds?: number }',
      '',
      '/** A pg Pool, Client or PoolClient (inside a transaction). */',
      'export interface Queryable {',
      '  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: any[]; rowCount: number | null; command: string }>;',
      '}',
      '',
      'export interface ExecResult { command: string; rowCount: number | null }',
    );
  } else if (driver === 'mysql2') {
    lines.push(
      '',
      '/** A mysql2/promise Pool, PoolConnection or Connection (inside a transaction). */',
      'export interface Queryable {',
      '  execute(options: { sql: string; values: unknown[]; supportBigNumbers: boolean; bigNumberStrings: boolean }): Promise<[any, unknown]>;',
      '}',
      '',
      'export interface ExecResult { affectedRows: number; insertId: number; warningStatus: number }',
    );
  } else {
    lines.push(
      '',
      '/** A better-sqlite3 Database (its transactions run on the same object). */',
      'export interface Queryable {',
      '  prepare(sql: string): { get(...values: unknown[]): unknown; all(...values: unknown[]): unknown[]; run(...values: unknown[]): { changes: number; lastInsertRowid: number | bigint } };',
      '}',
      '',
      'export interface ExecResult { changes: number; lastInsertRowid: number | bigint }',
    );
  }
  return lines;
}

function jsPrelude(driver: TsDriver, queries: ResolvedQuery[]): string[] {
  const lines: string[] = [];
  const any = (pred: (q: ResolvedQuery) => boolean) => queries.some(pred);
  if (any((q) => q.params.some((p) => p.type.base === 'json'))) {
    lines.push('', 'const json = (v) => (v === null || v === undefined ? null : JSON.stringify(v));');
  }
  if (driver !== 'pg' && any((q) => q.columns.some((c) => c.type.base === 'json'))) {
    lines.push('', "const parseJson = (v) => (typeof v === 'string' ? JSON.parse(v) : v);");
  }
  if (driver !== 'pg' && any((q) => q.columns.some((c) => c.type.base === 'bool'))) {
    lines.push('', 'const bool = (v) => (v === null ? null : Boolean(v));');
  }
  if (driver === 'better-sqlite3' && any((q) => q.params.some((p) => p.type.base === 'bool'))) {
    lines.push('', 'const bit = (v) => (v === null || v === undefined ? null : v ? 1 : 0);');
  }
  if (driver === 'pg' && any((q) => q.columns.some((c) => c.type.array && c.type.base === 'enum'))) {
    lines.push(
      '',
      "// pg has no parser for arrays of user-defined types: `{a,\"b c\"}` → ['a', 'b c'] (labels have no NULL)",
      'const enumArray = (v) => {',
      "  if (typeof v !== 'string') return v;",
      '  const out = [];',
      '  const re = /"((?:[^"\\\\]|\\\\.)*)"|([^,{}]+)/g;',
      "  for (let m; (m = re.exec(v.slice(1, -1))); ) out.push(m[1] !== undefined ? m[1].replace(/\\\\(.)/g, '$1') : m[2]);",
      '  return out;',
      '};',
    );
  }
  if (any((q) => q.text.parts.length > 1)) {
    lines.push(
      '',
      '// IN (sqlc.slice(…)): one placeholder per element; an empty list matches nothing',
      "const slots = (n) => (n === 0 ? 'NULL' : '?' + ',?'.repeat(n - 1));",
    );
  }
  if (driver === 'better-sqlite3') {
    lines.push(
      '',
      '// Statements are prepared once per Database and reused. Reading statements use safeIntegers:',
      '// every INTEGER arrives as a BigInt, so a value beyond 2^53 is never rounded silently.',
      'const statements = new WeakMap();',
      'function prepare(db, sql, safe) {',
      '  let cache = statements.get(db);',
      '  if (!cache) statements.set(db, (cache = new Map()));',
      '  let stmt = cache.get(sql);',
      '  if (!stmt) {',
      '    stmt = db.prepare(sql);',
      '    if (safe) stmt.safeIntegers(true);',
      '    cache.set(sql, stmt);',
      '  }',
      '  return stmt;',
      '}',
      'const int = (v, column) => {',
      "  if (typeof v !== 'bigint') return v;",
      '  if (v > 9007199254740991n || v < -9007199254740991n) throw new RangeError(`column ${column}: ${v} does not fit a JS number; declare the column BIGINT to read it as a string`);',
      '  return Number(v);',
      '};',
      "const str = (v) => (typeof v === 'bigint' ? String(v) : v);",
    );
  }
  return lines;
}

function paramValue(p: ResolvedParam, driver: TsDriver): string {
  const v = /^[A-Za-z_$][\w$]*$/.test(p.name) ? `params.${p.name}` : `params[${JSON.stringify(p.name)}]`;
  if (p.type.base === 'json') return `json(${v})`;
  if (p.type.base === 'bool' && driver === 'better-sqlite3') return p.slice ? `...${v}.map(bit)` : `bit(${v})`;
  return p.slice && driver !== 'pg' ? `...${v}` : v;
}

function jsFunction(q: ResolvedQuery, driver: TsDriver): string[] {
  const fn = camelCase(q.name);
  const constName = `${fn}Sql`;
  const lines: string[] = [];
  const sliceParts = q.text.parts.length > 1;
  if (sliceParts) lines.push(`const ${constName} = ${JSON.stringify(q.text.parts)};`);
  else lines.push(`const ${constName} = ${JSON.stringify(q.text.sql)};`);
  if (driver === 'pg')
    lines.push(`const ${fn}Name = ${JSON.stringify('flash_' + createHash('sha256').update(q.text.sql).digest('hex').slice(0, 16))};`);
  const convert = rowConversion(q.columns, driver);
  if (convert) lines.push(`const ${fn}Row = (r) => {`, ...convert.map((l) => `  ${l}`), '  return r;', '};');
  const args = q.params.length ? 'db, params' : 'db';
  const values = `[${q.text.order.map((i) => paramValue(q.params[i], driver)).join(', ')}]`;
  const sqlExpr = sliceParts
    ? q.text.parts
        .map((part, i) =>
          i === 0
            ? `${constName}[0]`
            : `slots(params.${q.params[q.text.order.filter((o) => q.params[o].slice)[i - 1]].name}.length) + ${constName}[${i}]`,
        )
        .join(' + ')
    : constName;
  const mapRows = (rows: string) => (convert ? `${rows}.map(${fn}Row)` : rows);
  const mapRow = (row: string) => (convert ? `${row} === undefined ? null : ${fn}Row(${row})` : `${row} ?? null`);
  if (driver === 'pg') {
    lines.push(
      `export async function ${fn}(${args}) {`,
      `  const result = await db.query({ name: ${fn}Name, text: ${constName}, values: ${values} });`,
    );
    lines.push(
      ...commandReturn(
        q,
        'result.rows',
        (r) => `${r}[0]`,
        mapRows,
        mapRow,
        'result.rowCount ?? 0',
        `result.rows[0]?.[${JSON.stringify(q.columns[0]?.name ?? '')}]`,
        'result',
      ),
    );
  } else if (driver === 'mysql2') {
    lines.push(
      `export async function ${fn}(${args}) {`,
      `  const [result] = await db.execute({ sql: ${sqlExpr}, values: ${values}, supportBigNumbers: true, bigNumberStrings: true });`,
    );
    lines.push(...commandReturn(q, 'result', (r) => `${r}[0]`, mapRows, mapRow, 'result.affectedRows', 'result.insertId', 'result'));
  } else {
    const call = (method: string) => `prepare(db, ${sqlExpr}${method === 'run' ? '' : ', true'}).${method}(${values.slice(1, -1)})`;
    lines.push(`export function ${fn}(${args}) {`);
    if (q.command === 'one') lines.push(`  const row = ${call('get')};`, `  return ${mapRow('row')};`);
    else if (q.command === 'many') lines.push(`  return ${mapRows(call('all'))};`);
    else if (q.command === 'exec') lines.push(`  ${call('run')};`);
    else if (q.command === 'execrows') lines.push(`  return ${call('run')}.changes;`);
    else if (q.command === 'execlastid') lines.push(`  return Number(${call('run')}.lastInsertRowid);`);
    else lines.push(`  return ${call('run')};`);
  }
  lines.push('}');
  return lines;
}

function commandReturn(
  q: ResolvedQuery,
  rows: string,
  first: (rows: string) => string,
  mapRows: (rows: string) => string,
  mapRow: (row: string) => string,
  affected: string,
  lastId: string,
  result: string,
): string[] {
  switch (q.command) {
    case 'one':
      return [`  return ${mapRow(first(rows))};`];
    case 'many':
      return [`  return ${mapRows(rows)};`];
    case 'exec':
      return [];
    case 'execrows':
      return [`  return ${affected};`];
    case 'execlastid':
      return [`  return ${lastId};`];
    case 'execresult':
      return [`  return ${result};`];
  }
}

function rowConversion(columns: ResultColumn[], driver: TsDriver): string[] | undefined {
  const lines: string[] = [];
  for (const c of columns) {
    const key = tsKey(c.name).startsWith('"') ? `r[${tsKey(c.name)}]` : `r.${c.name}`;
    if (driver === 'pg' && c.type.array && c.type.base === 'enum') lines.push(`${key} = enumArray(${key});`);
    if (driver !== 'pg' && c.type.base === 'json') lines.push(`${key} = parseJson(${key});`);
    else if (driver !== 'pg' && c.type.base === 'bool') lines.push(`${key} = bool(${key});`);
    else if (driver === 'better-sqlite3' && c.type.base === 'bigint') lines.push(`${key} = str(${key});`);
    else if (driver === 'better-sqlite3') lines.push(`${key} = int(${key}, ${JSON.stringify(c.name)});`);
  }
  return lines.length ? lines : undefined;
}

function dtsFunction(q: ResolvedQuery, driver: TsDriver): string[] {
  const fn = camelCase(q.name);
  const type = pascalCase(q.name);
  const lines: string[] = [];
  if (q.params.length) {
    lines.push(`export interface ${type}Params {`);
    for (const p of q.params) {
      // a slice is typed as its element (PostgreSQL describes `= ANY($n)` as the array type)
      const t = tsType(p.slice ? { ...p.type, array: false } : p.type, driver, 'param', enumAliasName(p.type));
      const full = p.slice ? `ReadonlyArray<${t}>` : t;
      lines.push(`  ${tsKey(p.name)}: ${full}${p.acceptsNull ? ' | null' : ''};`);
    }
    lines.push('}');
  }
  const returnsRows = q.command === 'one' || q.command === 'many';
  if (returnsRows) {
    lines.push(`export interface ${type}Row {`);
    for (const c of q.columns) {
      const t = tsType(c.type, driver, 'result', enumAliasName(c.type));
      lines.push(`  ${tsKey(c.name)}: ${t}${c.nullable && t !== 'unknown' ? ' | null' : ''};`);
    }
    lines.push('}');
  }
  const ret =
    q.command === 'one'
      ? `${type}Row | null`
      : q.command === 'many'
        ? `${type}Row[]`
        : q.command === 'exec'
          ? 'void'
          : q.command === 'execrows'
            ? 'number'
            : q.command === 'execlastid'
              ? driver === 'pg'
                ? tsType(q.columns[0].type, driver, 'result')
                : 'number'
              : 'ExecResult';
  const doc = [...q.doc, `${q.file}:${q.line}`];
  lines.push('/**', ...doc.map((d) => ` * ${d.replace(/\*\//g, '* /')}`), ' */');
  const args = q.params.length ? `db: Queryable, params: ${type}Params` : 'db: Queryable';
  lines.push(`export declare function ${fn}(${args}): ${driver === 'better-sqlite3' ? ret : `Promise<${ret}>`};`);
  return lines;
}
