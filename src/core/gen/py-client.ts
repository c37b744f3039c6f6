/**
 * The Python client: one module (`__init__.py`, plus `py.typed`) with a dataclass per row, a
 * `Literal` alias per enum and one synchronous function per query, `(conn, *, params…) → rows`.
 * The connection is the driver's own: psycopg 3 (PostgreSQL), PyMySQL (MySQL/MariaDB) or sqlite3,
 * so the functions run inside the caller's transactions. It passes `mypy --strict`.
 *
 * Statements go to the driver as written in db/queries (psycopg prepares a statement it sees
 * repeatedly; sqlite3 caches prepared statements per connection). Only values the driver cannot
 * represent exactly are converted: MySQL/SQLite booleans and JSON text, SQLite decimals, PostgreSQL
 * enum arrays.
 */
import type { ResolvedQuery, ResolvedParam, ResultColumn } from './model.js';
import { pascalCase, snakeCase } from './names.js';
import { GENERATED_HEADER, type GeneratedFile } from './generated-file.js';
import { checkQuery } from './check-query.js';
import { lexSql, type LexOptions } from './sql-lexer.js';
import { enumPyAlias, pyIdent, pyString, pyType, type PyDriver } from './py-types.js';

export function generatePython(queries: ResolvedQuery[], driver: PyDriver, lex: LexOptions): GeneratedFile[] {
  for (const q of queries) checkQuery(q, driver);
  const body: string[] = [...prelude(driver, queries)];
  for (const [alias, values] of collectEnums(queries)) body.push('', `${alias} = Literal[${values.map(pyString).join(', ')}]`);
  for (const q of queries) body.push('', '', ...pyQuery(q, driver, lex));
  const text = body.join('\n');
  const modules = ['dataclasses', 'datetime', 'decimal', 'json', 'sqlite3', 'uuid'].filter((m) => new RegExp(`\\b${m}\\.`).test(text));
  const typing = ['Any', 'Dict', 'List', 'Literal', 'Optional', 'Protocol', 'Sequence', 'Union'].filter((n) =>
    new RegExp(`\\b${n}\\b`).test(text),
  );
  const head = [
    `# ${GENERATED_HEADER}`,
    `"""Typed queries from db/queries for ${driverName(driver)}."""`,
    'from __future__ import annotations',
    '',
    ...modules.map((m) => `import ${m}`),
    ...(typing.length ? [`from typing import ${typing.join(', ')}`] : []),
  ];
  if (driver === 'pg') head.push('', 'import psycopg', 'from psycopg.rows import tuple_row');
  return [
    { path: '__init__.py', content: [...head, ...body].join('\n') + '\n' },
    // PEP 561: the package carries its own types
    { path: 'py.typed', content: '' },
  ];
}

function driverName(driver: PyDriver): string {
  return driver === 'pg' ? 'psycopg 3' : driver === 'mysql2' ? 'PyMySQL' : 'sqlite3';
}

function collectEnums(queries: ResolvedQuery[]): Map<string, string[]> {
  const enums = new Map<string, string[]>();
  for (const q of queries) {
    for (const t of [...q.params.map((p) => p.type), ...q.columns.map((c) => c.type)]) {
      const alias = enumPyAlias(t);
      if (alias && !enums.has(alias)) enums.set(alias, t.enumValues ?? []);
    }
  }
  return new Map([...enums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function prelude(driver: PyDriver, queries: ResolvedQuery[]): string[] {
  const lines = [
    '',
    'JsonValue = Union[None, bool, int, float, str, List["JsonValue"], Dict[str, "JsonValue"]]',
    '',
    '',
    '@dataclasses.dataclass',
    'class ExecResult:',
    '    """What a statement did: rows it changed and, where the engine has one, the last inserted id."""',
    '',
    '    rowcount: int',
    driver === 'pg' ? '    statusmessage: Optional[str]' : '    lastrowid: Optional[int]',
  ];
  if (driver === 'pg') lines.push('', '', 'Connection = psycopg.Connection[Any]');
  else if (driver === 'better-sqlite3') lines.push('', '', 'Connection = sqlite3.Connection');
  else
    lines.push(
      '',
      '',
      'class Cursor(Protocol):',
      '    """The part of a PyMySQL cursor (the default, tuple-returning class) the queries use."""',
      '',
      '    rowcount: int',
      '    lastrowid: int',
      '',
      '    def execute(self, query: str, args: Any = ...) -> int: ...',
      '',
      '    def fetchone(self) -> Any: ...',
      '',
      '    def fetchall(self) -> Any: ...',
      '',
      '    def close(self) -> None: ...',
      '',
      '',
      'class Connection(Protocol):',
      '    """A PyMySQL connection; queries run in its current transaction."""',
      '',
      '    def cursor(self) -> Cursor: ...',
    );
  if (queries.some((q) => q.text.parts.length > 1)) {
    const slot = driver === 'mysql2' ? '%s' : '?';
    lines.push(
      '',
      '',
      'def _slots(n: int) -> str:',
      '    # IN (sqlc.slice(…)): one placeholder per element; an empty list matches nothing',
      `    return "NULL" if n == 0 else ", ".join(["${slot}"] * n)`,
    );
  }
  if (driver === 'pg' && queries.some((q) => q.columns.some((c) => c.type.array && c.type.base === 'enum'))) {
    lines.push(
      '',
      '',
      'def _pg_array(v: Any) -> Any:',
      '    # psycopg has no loader for arrays of user-defined types: \'{a,"b c"}\' -> ["a", "b c"] (labels are never NULL)',
      '    if not isinstance(v, str):',
      '        return v',
      '    out: List[str] = []',
      '    i, n = 1, len(v) - 1',
      '    while i < n:',
      "        if v[i] == '\"':",
      '            j, chunk = i + 1, []',
      "            while v[j] != '\"':",
      '                if v[j] == "\\\\":',
      '                    j += 1',
      '                chunk.append(v[j])',
      '                j += 1',
      '            out.append("".join(chunk))',
      '            i = j + 2',
      '        else:',
      '            j = v.find(",", i)',
      '            j = n if j == -1 else j',
      '            out.append(v[i:j])',
      '            i = j + 1',
      '    return out',
    );
  }
  return lines;
}

/** Unique Python identifiers for a list of names (snake_case, keywords and duplicates suffixed). */
function identifiers(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((n) => {
    let id = pyIdent(snakeCase(n));
    for (let k = 2; used.has(id); k++) id = `${pyIdent(snakeCase(n))}_${k}`;
    used.add(id);
    return id;
  });
}

/**
 * The statement in the driver's paramstyle: psycopg `%(name)s` (each name bound once, as `$n`),
 * PyMySQL `%s`; a literal `%` doubles when the driver formats the query. sqlite3 takes `?` as is.
 */
function driverSql(sql: string, driver: PyDriver, lex: LexOptions, names: string[], hasParams: boolean): string {
  if (driver === 'better-sqlite3') return sql;
  return lexSql(sql, lex)
    .map((t) => {
      if (t.kind === 'param' && driver === 'pg' && t.text.startsWith('$')) return `%(${names[Number(t.text.slice(1)) - 1]})s`;
      if (t.kind === 'param' && driver === 'mysql2' && t.text === '?') return '%s';
      return hasParams ? t.text.replace(/%/g, '%%') : t.text;
    })
    .join('');
}

function paramExpr(p: ResolvedParam, id: string, driver: PyDriver): string {
  const nullable = (expr: string) => (p.acceptsNull ? `None if ${id} is None else ${expr}` : expr);
  if (p.type.base === 'json') return nullable(`json.dumps(${id})`);
  if (driver === 'pg' && (p.slice || p.type.array)) return nullable(`list(${id})`);
  if (driver === 'better-sqlite3' && p.type.base === 'decimal') return nullable(`str(${id})`);
  return id;
}

function columnExpr(c: ResultColumn, i: number, driver: PyDriver): string | undefined {
  const v = `row[${i}]`;
  const nullable = (expr: string) => (c.nullable ? `None if ${v} is None else ${expr}` : expr);
  if (driver === 'pg') return c.type.array && c.type.base === 'enum' ? `_pg_array(${v})` : undefined;
  if (c.type.array) return undefined;
  if (c.type.base === 'json') return nullable(`json.loads(${v})`);
  if (c.type.base === 'bool') return nullable(`bool(${v})`);
  if (driver === 'better-sqlite3' && c.type.base === 'decimal') return nullable(`decimal.Decimal(str(${v}))`);
  return undefined;
}

function pyQuery(q: ResolvedQuery, driver: PyDriver, lex: LexOptions): string[] {
  const fn = pyIdent(snakeCase(q.name));
  const type = pascalCase(q.name);
  const constName = snakeCase(q.name).toUpperCase();
  const ids = identifiers(q.params.map((p) => p.name));
  const hasParams = q.params.length > 0;
  const lines: string[] = [];
  const sliced = driver !== 'pg' && q.text.parts.length > 1;
  if (sliced) {
    lines.push(`${constName} = (`, ...q.text.parts.map((p) => `    ${pyString(driverSql(p, driver, lex, ids, true))},`), ')');
  } else {
    lines.push(`${constName} = ${pyString(driverSql(q.text.sql, driver, lex, ids, hasParams))}`);
  }
  const returnsRows = q.command === 'one' || q.command === 'many';
  if (returnsRows) {
    const fields = identifiers(q.columns.map((c) => c.name));
    lines.push('', '', '@dataclasses.dataclass', `class ${type}Row:`);
    q.columns.forEach((c, i) => {
      const t = pyType(c.type, driver, 'result');
      lines.push(`    ${fields[i]}: ${c.nullable && t !== 'object' ? `Optional[${t}]` : t}`);
    });
  }
  const args = q.params.map((p, i) => {
    const t = pyType(p.slice ? { ...p.type, array: false } : p.type, driver, 'param');
    const full = p.slice ? `Sequence[${t}]` : t;
    return `${ids[i]}: ${p.acceptsNull ? `Optional[${full}]` : full}`;
  });
  const ret = returnType(q, driver, type);
  lines.push('', '', `def ${fn}(conn: Connection${args.length ? `, *, ${args.join(', ')}` : ''}) -> ${ret}:`);
  lines.push(`    """${[...q.doc, `${q.file}:${q.line}`].join(' ').replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"')}"""`);

  // the statement and its values
  let sqlExpr = constName;
  if (sliced) {
    const sliceIds = q.text.order.filter((o) => q.params[o].slice).map((o) => ids[o]);
    sqlExpr = q.text.parts
      .map((_, i) => (i === 0 ? `${constName}[0]` : `_slots(len(${sliceIds[i - 1]})) + ${constName}[${i}]`))
      .join(' + ');
  }
  let values = 'None';
  if (driver === 'pg' && hasParams)
    values = `{${q.params.map((p, i) => `${pyString(ids[i])}: ${paramExpr(p, ids[i], driver)}`).join(', ')}}`;
  else if (driver !== 'pg' && hasParams) {
    const items = q.text.order.map((i) =>
      q.params[i].slice ? `*${paramExpr(q.params[i], ids[i], driver)}` : paramExpr(q.params[i], ids[i], driver),
    );
    values = `(${items.join(', ')}${items.length === 1 ? ',' : ''})`;
  }
  const execute = hasParams ? `${sqlExpr}, ${values}` : sqlExpr;

  const rowExpr = (row: string) => {
    const converted = q.columns.map((c, i) => columnExpr(c, i, driver));
    if (converted.every((c) => c === undefined)) return `${type}Row(*${row})`;
    return `${type}Row(${converted.map((c, i) => (c ?? `row[${i}]`).replace(/\brow\[/g, `${row}[`)).join(', ')})`;
  };
  const result = resultLines(q, driver, rowExpr);
  if (driver === 'better-sqlite3') {
    lines.push(result.length ? `    cur = conn.execute(${execute})` : `    conn.execute(${execute})`, ...result.map((l) => `    ${l}`));
  } else if (driver === 'pg') {
    lines.push(
      `    with conn.cursor(row_factory=tuple_row) as cur:`,
      `        cur.execute(${execute})`,
      ...result.map((l) => `        ${l}`),
    );
  } else {
    lines.push(
      '    cur = conn.cursor()',
      '    try:',
      `        cur.execute(${execute})`,
      ...result.map((l) => `        ${l}`),
      '    finally:',
      '        cur.close()',
    );
  }
  return lines;
}

function returnType(q: ResolvedQuery, driver: PyDriver, type: string): string {
  switch (q.command) {
    case 'one':
      return `Optional[${type}Row]`;
    case 'many':
      return `List[${type}Row]`;
    case 'exec':
      return 'None';
    case 'execrows':
      return 'int';
    case 'execlastid':
      return driver === 'pg' ? pyType(q.columns[0].type, driver, 'result') : 'int';
    case 'execresult':
      return 'ExecResult';
  }
}

function resultLines(q: ResolvedQuery, driver: PyDriver, rowExpr: (row: string) => string): string[] {
  switch (q.command) {
    case 'one':
      return ['row = cur.fetchone()', 'return None if row is None else ' + rowExpr('row')];
    case 'many':
      return [`return [${rowExpr('r')} for r in cur.fetchall()]`];
    case 'exec':
      return [];
    case 'execrows':
      return ['return cur.rowcount'];
    case 'execlastid':
      if (driver === 'pg') {
        const t = pyType(q.columns[0].type, driver, 'result');
        return [
          'row = cur.fetchone()',
          'if row is None:',
          `    raise LookupError(${pyString(`${q.name}: the statement returned no row (RETURNING gives the id only when a row is inserted)`)})`,
          `ret: ${t} = row[0]`,
          'return ret',
        ];
      }
      return [
        'if cur.lastrowid is None:',
        `    raise LookupError(${pyString(`${q.name}: the driver reports no last-insert id`)})`,
        'return cur.lastrowid',
      ];
    case 'execresult':
      return [driver === 'pg' ? 'return ExecResult(cur.rowcount, cur.statusmessage)' : 'return ExecResult(cur.rowcount, cur.lastrowid)'];
  }
}
