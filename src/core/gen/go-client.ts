/**
 * The Go client, shaped like sqlc's: `db.go` (DBTX, `New`, `Queries`, helpers), `models.go` (enum
 * types) and one `<file>.sql.go` per query file with a row struct, a params struct (two or more
 * parameters) and a `Queries` method per query. `database/sql` and the standard library only: the
 * caller registers the driver. Written gofmt-formatted (fields aligned as gofmt aligns them).
 *
 * Driver notes the README repeats: MySQL DSNs need `parseTime=true` for DATE/DATETIME columns;
 * `:one` returns sql.ErrNoRows when nothing matches, as database/sql does.
 */
import path from 'node:path';
import type { ResolvedParam, ResolvedQuery } from './model.js';
import { camelCase, goName } from './names.js';
import { GENERATED_HEADER, type GeneratedFile } from './generated-file.js';
import { checkQuery } from './check-query.js';
import { goEnumName, goType, type GoDriver, type GoType } from './go-types.js';
import { GO_DBTX, GO_JSON, GO_PG_ARRAY, GO_SLOTS } from './go-runtime.js';

const GO_KEYWORDS = new Set(
  (
    'break case chan const continue default defer else fallthrough for func go goto if import interface map package range return ' +
    'select struct switch type var ctx q arg row rows err i items query args result'
  ).split(' '),
);

class GoFile {
  readonly imports = new Set<string>();
  readonly lines: string[] = [];

  render(pkg: string): string {
    const head = [`// ${GENERATED_HEADER}`, '', `package ${pkg}`];
    if (this.imports.size) head.push('', 'import (', ...[...this.imports].sort().map((i) => `\t"${i}"`), ')');
    return [...head, ...this.lines].join('\n') + '\n';
  }
}

/** gofmt aligns the second column of consecutive struct fields / const specs. */
function aligned(rows: Array<[string, string]>, indent = '\t'): string[] {
  const width = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `${indent}${a.padEnd(width)} ${b}`);
}

/** A Go string literal: a raw string when the text allows it (no backquote, no CR), else quoted. */
function goString(s: string): string {
  return /[`\r]/.test(s) ? JSON.stringify(s) : `\`${s}\``;
}

function uniqueNames(names: string[], spell: (n: string) => string): string[] {
  const used = new Set<string>();
  return names.map((n) => {
    let id = spell(n);
    for (let k = 2; used.has(id); k++) id = `${spell(n)}${k}`;
    used.add(id);
    return id;
  });
}

interface Needs {
  json: boolean;
  pgArray: boolean;
  slots: boolean;
}

export function generateGo(queries: ResolvedQuery[], pkg: string, driver: GoDriver): GeneratedFile[] {
  for (const q of queries) checkQuery(q, driver);
  const needs: Needs = { json: false, pgArray: false, slots: false };
  const byFile = new Map<string, ResolvedQuery[]>();
  for (const q of queries) byFile.set(q.file, [...(byFile.get(q.file) ?? []), q]);
  const files: GeneratedFile[] = [];
  const stems = new Set<string>();
  for (const [file, qs] of [...byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    let stem = path.posix
      .basename(file.split('\\').join('/'))
      .replace(/\.sql$/i, '')
      .replace(/[^A-Za-z0-9_]/g, '_');
    while (stems.has(stem)) stem += '_';
    stems.add(stem);
    const out = new GoFile();
    out.imports.add('context');
    for (const q of qs) out.lines.push('', ...goQuery(q, driver, out, needs));
    files.push({ path: `${stem}.sql.go`, content: out.render(pkg) });
  }
  const models = goModels(queries);
  if (models) files.push({ path: 'models.go', content: models.render(pkg) });
  files.push({ path: 'db.go', content: goDb(needs).render(pkg) });
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

function goDb(needs: Needs): GoFile {
  const f = new GoFile();
  f.imports.add('context');
  f.imports.add('database/sql');
  f.lines.push('', GO_DBTX);
  if (needs.slots) {
    f.imports.add('strings');
    f.lines.push('', GO_SLOTS);
  }
  if (needs.json) {
    for (const i of ['database/sql/driver', 'encoding/json', 'fmt']) f.imports.add(i);
    f.lines.push('', GO_JSON);
  }
  if (needs.pgArray) {
    for (const i of ['database/sql/driver', 'fmt', 'strconv', 'strings']) f.imports.add(i);
    f.lines.push('', GO_PG_ARRAY);
  }
  return f;
}

function goModels(queries: ResolvedQuery[]): GoFile | undefined {
  const enums = new Map<string, string[]>();
  for (const q of queries)
    for (const t of [...q.params.map((p) => p.type), ...q.columns.map((c) => c.type)]) {
      const name = goEnumName(t);
      if (name && !enums.has(name)) enums.set(name, t.enumValues ?? []);
    }
  if (!enums.size) return undefined;
  const f = new GoFile();
  f.imports.add('database/sql/driver');
  f.imports.add('fmt');
  for (const [name, values] of [...enums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const consts = uniqueNames(values, (v) => `${name}${goName(v)}`);
    f.lines.push(
      '',
      `// ${name} is the enum's type; the constants are its labels in order.`,
      `type ${name} string`,
      '',
      'const (',
      ...aligned(consts.map((c, i) => [c, `${name} = ${JSON.stringify(values[i])}`])),
      ')',
      '',
      `// Null${name} is a ${name} that may be SQL NULL.`,
      `type Null${name} struct {`,
      ...aligned([
        [name, name],
        ['Valid', 'bool'],
      ]),
      '}',
      '',
      '// Scan implements sql.Scanner.',
      `func (n *Null${name}) Scan(src interface{}) error {`,
      '\tswitch v := src.(type) {',
      '\tcase nil:',
      `\t\tn.${name}, n.Valid = "", false`,
      '\tcase []byte:',
      `\t\tn.${name}, n.Valid = ${name}(v), true`,
      '\tcase string:',
      `\t\tn.${name}, n.Valid = ${name}(v), true`,
      '\tdefault:',
      `\t\treturn fmt.Errorf("flash: cannot scan %T into Null${name}", src)`,
      '\t}',
      '\treturn nil',
      '}',
      '',
      '// Value implements driver.Valuer.',
      `func (n Null${name}) Value() (driver.Value, error) {`,
      '\tif !n.Valid {',
      '\t\treturn nil, nil',
      '\t}',
      `\treturn string(n.${name}), nil`,
      '}',
    );
  }
  return f;
}

function paramGoType(p: ResolvedParam, driver: GoDriver): GoType {
  if (!p.slice) return goType(p.type, driver, p.acceptsNull);
  // PostgreSQL binds a slice as one array (`= ANY($n)`); the others expand it into `?, ?, …`
  if (driver === 'pg') return goType({ ...p.type, array: true }, driver, false);
  const elem = goType({ ...p.type, array: false }, driver, false);
  return { ...elem, type: `[]${elem.type}` };
}

function goQuery(q: ResolvedQuery, driver: GoDriver, out: GoFile, needs: Needs): string[] {
  const method = goName(q.name);
  const constName = camelCase(q.name);
  const lines: string[] = [];
  const sliced = driver !== 'pg' && q.text.parts.length > 1;
  if (sliced) {
    needs.slots = true;
    lines.push(`var ${constName}Parts = []string{`, ...q.text.parts.map((p) => `\t${JSON.stringify(p)},`), '}', '');
  } else {
    lines.push(`const ${constName} = ${goString(q.text.sql)}`, '');
  }

  // parameters: one → an argument, several → a Params struct (sqlc's shape)
  const ptypes = q.params.map((p) => paramGoType(p, driver));
  for (const t of ptypes) {
    for (const i of t.imports) out.imports.add(i);
    if (t.type === 'NullJSON' || t.type === 'json.RawMessage') needs.json = true;
    if (t.value?.('x').startsWith('pgArray')) needs.pgArray = true;
  }
  const single = q.params.length === 1;
  const fieldNames = uniqueNames(
    q.params.map((p) => p.name),
    (n) => goName(n),
  );
  const argNames = single ? [localName(q.params[0].name)] : [];
  const argExpr = (i: number) => (single ? argNames[0] : `arg.${fieldNames[i]}`);
  if (q.params.length > 1) {
    lines.push(`type ${method}Params struct {`, ...aligned(q.params.map((_, i) => [fieldNames[i], ptypes[i].type])), '}', '');
  }

  // result row
  const returnsRows = q.command === 'one' || q.command === 'many';
  const ctypes = q.columns.map((c) => goType(c.type, driver, c.nullable));
  const columnFields = uniqueNames(
    q.columns.map((c) => c.name),
    (n) => goName(n),
  );
  if (returnsRows || (q.command === 'execlastid' && driver === 'pg')) {
    for (const t of ctypes) {
      for (const i of t.imports) out.imports.add(i);
      if (t.type === 'NullJSON' || t.type === 'json.RawMessage') needs.json = true;
      if (t.scan?.('x').startsWith('pgArray')) needs.pgArray = true;
    }
  }
  if (returnsRows)
    lines.push(`type ${method}Row struct {`, ...aligned(q.columns.map((_, i) => [columnFields[i], ctypes[i].type])), '}', '');

  const valueOf = (i: number) => {
    const t = ptypes[i];
    if (t.value) return t.value(argExpr(i));
    if (t.type === 'json.RawMessage') return `string(${argExpr(i)})`;
    return argExpr(i);
  };
  const scanList = (target: string) =>
    q.columns.map((_, i) => ctypes[i].scan?.(`${target}.${columnFields[i]}`) ?? `&${target}.${columnFields[i]}`).join(', ');

  // the statement and its arguments
  const body: string[] = [];
  let sqlRef = constName;
  let argList: string;
  if (sliced) {
    const sliceIdx = q.text.order.filter((o) => q.params[o].slice);
    body.push(
      `\tquery := ${q.text.parts.map((_, i) => (i === 0 ? `${constName}Parts[0]` : `slots(len(${argExpr(sliceIdx[i - 1])})) + ${constName}Parts[${i}]`)).join(' + ')}`,
      '\targs := []interface{}{}',
    );
    for (const o of q.text.order) {
      if (q.params[o].slice) body.push(`\tfor _, v := range ${argExpr(o)} {`, '\t\targs = append(args, v)', '\t}');
      else body.push(`\targs = append(args, ${valueOf(o)})`);
    }
    sqlRef = 'query';
    argList = ', args...';
  } else {
    const order = driver === 'pg' ? q.params.map((_, i) => i) : q.text.order;
    argList = order.map((i) => `, ${valueOf(i)}`).join('');
  }

  const doc = [...q.doc, `${q.file}:${q.line}`];
  lines.push(`// ${method}: ${doc.join(' ')}`);
  const params = q.params.length === 0 ? '' : single ? `, ${argNames[0]} ${ptypes[0].type}` : `, arg ${method}Params`;
  const sig = `func (q *Queries) ${method}(ctx context.Context${params})`;
  switch (q.command) {
    case 'one':
      lines.push(
        `${sig} (${method}Row, error) {`,
        ...body,
        `\trow := q.db.QueryRowContext(ctx, ${sqlRef}${argList})`,
        `\tvar i ${method}Row`,
        `\terr := row.Scan(${scanList('i')})`,
        '\treturn i, err',
        '}',
      );
      break;
    case 'many':
      lines.push(
        `${sig} ([]${method}Row, error) {`,
        ...body,
        `\trows, err := q.db.QueryContext(ctx, ${sqlRef}${argList})`,
        '\tif err != nil {',
        '\t\treturn nil, err',
        '\t}',
        '\tdefer rows.Close()',
        `\titems := []${method}Row{}`,
        '\tfor rows.Next() {',
        `\t\tvar i ${method}Row`,
        `\t\tif err := rows.Scan(${scanList('i')}); err != nil {`,
        '\t\t\treturn nil, err',
        '\t\t}',
        '\t\titems = append(items, i)',
        '\t}',
        '\tif err := rows.Close(); err != nil {',
        '\t\treturn nil, err',
        '\t}',
        '\tif err := rows.Err(); err != nil {',
        '\t\treturn nil, err',
        '\t}',
        '\treturn items, nil',
        '}',
      );
      break;
    case 'exec':
      lines.push(`${sig} error {`, ...body, `\t_, err := q.db.ExecContext(ctx, ${sqlRef}${argList})`, '\treturn err', '}');
      break;
    case 'execrows':
    case 'execlastid':
      if (q.command === 'execlastid' && driver === 'pg') {
        const t = ctypes[0];
        lines.push(
          `${sig} (${t.type}, error) {`,
          ...body,
          `\trow := q.db.QueryRowContext(ctx, ${sqlRef}${argList})`,
          `\tvar id ${t.type}`,
          `\terr := row.Scan(${t.scan?.('id') ?? '&id'})`,
          '\treturn id, err',
          '}',
        );
        break;
      }
      lines.push(
        `${sig} (int64, error) {`,
        ...body,
        `\tresult, err := q.db.ExecContext(ctx, ${sqlRef}${argList})`,
        '\tif err != nil {',
        '\t\treturn 0, err',
        '\t}',
        `\treturn result.${q.command === 'execrows' ? 'RowsAffected' : 'LastInsertId'}()`,
        '}',
      );
      break;
    case 'execresult':
      out.imports.add('database/sql');
      lines.push(`${sig} (sql.Result, error) {`, ...body, `\treturn q.db.ExecContext(ctx, ${sqlRef}${argList})`, '}');
      break;
  }
  return lines;
}

function localName(name: string): string {
  const g = goName(name);
  // lower the leading initialism as Go does (`ID` → `id`, `URLPath` → `urlPath`)
  const m = /^[A-Z]+(?=[A-Z][a-z]|$)/.exec(g);
  const id = m ? m[0].toLowerCase() + g.slice(m[0].length) : g[0].toLowerCase() + g.slice(1);
  return GO_KEYWORDS.has(id) ? `${id}_` : id;
}
