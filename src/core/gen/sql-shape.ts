/**
 * What a query's text says about its result that the engine may not: which tables sit on the
 * nullable side of an outer join, which alias names which table, and the expressions of the
 * outermost select (or RETURNING) list. Conservative on purpose: when in doubt a column is nullable.
 */
import { identName, isWord, lexSql, significant, type LexOptions, type Token } from './sql-lexer.js';

const NOT_ALIAS = new Set([
  'on',
  'where',
  'join',
  'left',
  'right',
  'full',
  'inner',
  'cross',
  'natural',
  'outer',
  'group',
  'order',
  'limit',
  'using',
  'set',
  'values',
  'returning',
  'union',
  'except',
  'intersect',
  'having',
  'window',
  'offset',
  'lateral',
  'select',
  'default',
  'for',
  'fetch',
  'straight_join',
  'as',
  'partition',
  'use',
  'force',
  'ignore',
  'with',
]);

/**
 * The IR name of a table a query names `qualifier.name` (qualifier undefined when bare): see
 * core/model/schema.ts tableNameInSql. The default drops the qualifier.
 */
export type TableNaming = (qualifier: string | undefined, name: string) => string;

const localTable: TableNaming = (_qualifier, name) => name;

export interface TableRef {
  /** the table's IR name (see TableNaming) */
  table: string;
  alias: string;
  /** Tables on the optional side of LEFT/RIGHT/FULL JOIN: their columns can be NULL whatever their NOT NULL. */
  nullable: boolean;
}

export interface QueryShape {
  refs: TableRef[];
  /** Statement kind after any WITH clause. */
  kind: 'select' | 'insert' | 'update' | 'delete' | 'other';
  /** INSERT INTO / UPDATE / DELETE FROM target. */
  target?: string;
  /** Outermost select (or RETURNING) list items as text; undefined when it cannot be mapped 1:1 to columns (`*`). */
  items?: string[];
}

export function analyzeQuery(sql: string, lex: LexOptions = {}, naming: TableNaming = localTable): QueryShape {
  const tokens = significant(lexSql(sql, lex));
  const refs = tableRefs(tokens, naming);
  const { kind, start } = statementKind(tokens);
  const targetAt = (i: number) => {
    const ref = tableNameAt(tokens, i);
    return ref && naming(ref.qualifier, ref.name);
  };
  let target: string | undefined;
  if (kind === 'insert' || kind === 'delete') target = targetAt(start + 2);
  if (kind === 'update') target = targetAt(start + 1);
  return { refs, kind, target, items: outputItems(sql, tokens, kind, start) };
}

/** Is the table (by name, case-insensitive) on the nullable side of any outer join in the query? */
export function nullableTable(shape: QueryShape, table: string): boolean {
  const t = table.toLowerCase();
  return shape.refs.some((r) => r.nullable && r.table.toLowerCase() === t);
}

/** The table an alias (or a table name) stands for. */
export function tableForQualifier(shape: QueryShape, qualifier: string): string | undefined {
  const q = qualifier.toLowerCase();
  return shape.refs.find((r) => r.alias.toLowerCase() === q)?.table ?? shape.refs.find((r) => r.table.toLowerCase() === q)?.table;
}

/** Expressions that cannot be NULL whatever their inputs. */
export function knownNotNull(expr: string): boolean {
  const e = expr
    .trim()
    .replace(/\s+(as\s+)?("[^"]*"|`[^`]*`|\w+)$/i, '')
    .trim();
  return (
    /^count\s*\(/i.test(e) ||
    /^(not\s+)?exists\s*\(/i.test(e) ||
    /^-?\d+(\.\d+)?$/.test(e) ||
    /^'([^']|'')*'$/.test(e) ||
    /^(true|false)$/i.test(e)
  );
}

function statementKind(tokens: Token[]): { kind: QueryShape['kind']; start: number } {
  let i = 0;
  if (isWord(tokens[0], 'with')) {
    // skip `WITH [RECURSIVE] name [(cols)] AS [NOT] [MATERIALIZED] ( … ) [, …]`
    let depth = 0;
    for (i = 1; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.text === '(') depth++;
      else if (t.text === ')') depth--;
      else if (depth === 0 && isWord(t, 'select', 'insert', 'update', 'delete') && !isWord(tokens[i - 1], 'as')) break;
    }
  }
  const first = tokens[i];
  const kind = isWord(first, 'select')
    ? 'select'
    : isWord(first, 'insert', 'replace')
      ? 'insert'
      : isWord(first, 'update')
        ? 'update'
        : isWord(first, 'delete')
          ? 'delete'
          : 'other';
  return { kind, start: i };
}

function tableNameAt(tokens: Token[], i: number): { qualifier?: string; name: string; next: number } | undefined {
  const t = tokens[i];
  if (!t || (t.kind !== 'word' && t.kind !== 'quoted')) return undefined;
  if (tokens[i + 1]?.text === '.' && tokens[i + 2]) return { qualifier: identName(t), name: identName(tokens[i + 2]), next: i + 3 };
  return { name: identName(t), next: i + 1 };
}

/** FROM / JOIN / UPDATE / INTO table references at every depth, with their aliases and outer-join side. */
function tableRefs(tokens: Token[], naming: TableNaming): TableRef[] {
  const refs: TableRef[] = [];
  // per parenthesis depth: the refs of the FROM clause being read (RIGHT/FULL JOIN make them nullable)
  const clause = new Map<number, TableRef[]>();
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.text === '(') depth++;
    else if (t.text === ')') {
      clause.delete(depth);
      depth--;
    }
    const from = isWord(t, 'from', 'update', 'into') || isWord(t, 'join', 'straight_join');
    if (!from) continue;
    if (isWord(t, 'from', 'update', 'into')) clause.set(depth, []);
    let joinKind = '';
    if (isWord(t, 'join')) {
      for (let k = i - 1; k >= 0 && isWord(tokens[k], 'left', 'right', 'full', 'outer', 'inner', 'cross', 'natural'); k--) {
        if (isWord(tokens[k], 'left', 'right', 'full')) joinKind = tokens[k].text.toLowerCase();
      }
    }
    const current = clause.get(depth) ?? [];
    if (joinKind === 'right' || joinKind === 'full') for (const r of current) r.nullable = true;
    let j = i + 1;
    if (isWord(tokens[j], 'lateral', 'only')) j++;
    const ref = tableNameAt(tokens, j);
    if (!ref || NOT_ALIAS.has(ref.name.toLowerCase()) || tokens[j]?.text === '(') continue;
    // unaliased, columns are qualified by the table's own name (`invoices.note` for billing.invoices)
    let alias = ref.name;
    let k = ref.next;
    if (isWord(tokens[k], 'as')) k++;
    const a = tokens[k];
    if (a && (a.kind === 'quoted' || (a.kind === 'word' && !NOT_ALIAS.has(a.text.toLowerCase())))) alias = identName(a);
    const r: TableRef = { table: naming(ref.qualifier, ref.name), alias, nullable: joinKind === 'left' || joinKind === 'full' };
    refs.push(r);
    current.push(r);
    clause.set(depth, current);
  }
  return refs;
}

/** Top-level items between SELECT and FROM (or after RETURNING), split at depth-0 commas. */
function outputItems(sql: string, tokens: Token[], kind: QueryShape['kind'], start: number): string[] | undefined {
  let begin = kind === 'select' ? start + 1 : -1;
  let depth = 0;
  if (kind !== 'select') {
    for (let i = start; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.text === '(') depth++;
      else if (t.text === ')') depth--;
      else if (depth === 0 && isWord(t, 'returning')) begin = i + 1;
    }
  }
  if (begin < 0) return undefined;
  if (isWord(tokens[begin], 'distinct', 'all')) begin++;
  const items: string[] = [];
  let itemStart = begin;
  depth = 0;
  let i = begin;
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    if (depth < 0) break;
    if (
      depth === 0 &&
      (t.text === ',' || (kind === 'select' && isWord(t, 'from', 'into', 'where', 'group', 'order', 'limit', 'union', 'having', 'window')))
    ) {
      items.push(sql.slice(tokens[itemStart].start, tokens[i - 1].end));
      if (t.text !== ',') break;
      itemStart = i + 1;
    }
  }
  if (i >= tokens.length && itemStart < tokens.length) items.push(sql.slice(tokens[itemStart].start, tokens[tokens.length - 1].end));
  if (items.some((e) => /(^|\.)\s*\*$/.test(e.trim()))) return undefined;
  return items;
}
