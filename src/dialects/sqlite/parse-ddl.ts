import type { ReferentialAction } from '../../core/model/schema.js';
import { identValue, isPunct, isWord, joinTokens, matchParen, splitTopLevel, tokenize, type Token } from './tokenizer.js';

/**
 * What the pragmas do not tell: constraint names, CHECK expressions, AUTOINCREMENT, generated
 * expressions, collations and DEFERRABLE clauses, read back from the CREATE text SQLite stores.
 * Column and table names are compared case-insensitively, as SQLite does.
 */
export interface ParsedColumn {
  name: string;
  collation?: string;
  autoincrement: boolean;
  generated?: { expression: string; stored: boolean };
  primaryKeyName?: string;
}

export interface ParsedForeignKey {
  name?: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  deferrable?: 'immediate' | 'deferred';
}

export interface ParsedTable {
  columns: Map<string, ParsedColumn>;
  primaryKeyName?: string;
  /** UNIQUE constraints (column-level ones have one column) in declaration order */
  uniques: Array<{ name?: string; columns: string[] }>;
  checks: Array<{ name?: string; expression: string; column?: string }>;
  foreignKeys: ParsedForeignKey[];
}

const columnConstraintStart = [
  'CONSTRAINT',
  'PRIMARY',
  'NOT',
  'NULL',
  'UNIQUE',
  'CHECK',
  'DEFAULT',
  'COLLATE',
  'REFERENCES',
  'GENERATED',
  'AS',
];

export function parseCreateTable(sql: string): ParsedTable {
  const tokens = tokenize(sql);
  const result: ParsedTable = { columns: new Map(), uniques: [], checks: [], foreignKeys: [] };
  const open = tokens.findIndex((t) => isPunct(t, '('));
  if (open < 0) return result;
  const close = matchParen(tokens, open);
  for (const [from, to] of splitTopLevel(tokens, open + 1, close)) {
    const first = tokens[from];
    if (isWord(first, 'CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN')) parseTableConstraint(tokens, from, to, result);
    else parseColumn(tokens, from, to, result);
  }
  return result;
}

function parseColumn(tokens: Token[], from: number, to: number, table: ParsedTable): void {
  const name = identValue(tokens[from]);
  const column: ParsedColumn = { name, autoincrement: false };
  let k = from + 1;
  while (k < to && !isWord(tokens[k], ...columnConstraintStart)) k = isPunct(tokens[k], '(') ? matchParen(tokens, k) + 1 : k + 1;
  let constraintName: string | undefined;
  while (k < to) {
    const t = tokens[k];
    if (isWord(t, 'CONSTRAINT')) {
      constraintName = identValue(tokens[k + 1]);
      k += 2;
      continue;
    }
    if (isWord(t, 'PRIMARY')) {
      column.primaryKeyName = constraintName;
      table.primaryKeyName = constraintName;
      k += 2;
      while (k < to && isWord(tokens[k], 'ASC', 'DESC')) k++;
      k = skipConflictClause(tokens, k);
      if (isWord(tokens[k], 'AUTOINCREMENT')) {
        column.autoincrement = true;
        k++;
      }
    } else if (isWord(t, 'NOT', 'NULL')) {
      k = skipConflictClause(tokens, k + (isWord(t, 'NOT') ? 2 : 1));
    } else if (isWord(t, 'UNIQUE')) {
      table.uniques.push({ name: constraintName, columns: [name] });
      k = skipConflictClause(tokens, k + 1);
    } else if (isWord(t, 'CHECK')) {
      const end = matchParen(tokens, k + 1);
      table.checks.push({ name: constraintName, expression: joinTokens(tokens, k + 2, end), column: name });
      k = end + 1;
    } else if (isWord(t, 'DEFAULT')) {
      k++;
      if (isPunct(tokens[k], '(')) k = matchParen(tokens, k) + 1;
      else if (isPunct(tokens[k], '-') || isPunct(tokens[k], '+')) k += 2;
      else k++;
    } else if (isWord(t, 'COLLATE')) {
      column.collation = identValue(tokens[k + 1]).toLowerCase();
      k += 2;
    } else if (isWord(t, 'REFERENCES')) {
      const fk = parseReferences(tokens, k, to, [name]);
      fk.fk.name = constraintName;
      table.foreignKeys.push(fk.fk);
      k = fk.next;
    } else if (isWord(t, 'GENERATED', 'AS')) {
      if (isWord(t, 'GENERATED')) k += 2; // GENERATED ALWAYS
      const open = k + 1; // after AS
      const end = matchParen(tokens, open);
      const expression = joinTokens(tokens, open + 1, end);
      k = end + 1;
      const stored = isWord(tokens[k], 'STORED');
      if (isWord(tokens[k], 'STORED', 'VIRTUAL')) k++;
      column.generated = { expression, stored };
    } else k++;
    if (!isWord(t, 'CONSTRAINT')) constraintName = undefined;
  }
  table.columns.set(name.toLowerCase(), column);
}

function parseTableConstraint(tokens: Token[], from: number, to: number, table: ParsedTable): void {
  let k = from;
  let name: string | undefined;
  if (isWord(tokens[k], 'CONSTRAINT')) {
    name = identValue(tokens[k + 1]);
    k += 2;
  }
  const t = tokens[k];
  if (isWord(t, 'PRIMARY')) {
    table.primaryKeyName = name;
  } else if (isWord(t, 'UNIQUE')) {
    const open = k + 1;
    table.uniques.push({ name, columns: columnList(tokens, open, matchParen(tokens, open)) });
  } else if (isWord(t, 'CHECK')) {
    const end = matchParen(tokens, k + 1);
    table.checks.push({ name, expression: joinTokens(tokens, k + 2, end) });
  } else if (isWord(t, 'FOREIGN')) {
    const open = k + 2;
    const end = matchParen(tokens, open);
    const parsed = parseReferences(tokens, end + 1, to, columnList(tokens, open, end));
    parsed.fk.name = name;
    table.foreignKeys.push(parsed.fk);
  }
}

/** Names in a parenthesized list of indexed columns (`a COLLATE x DESC` yields `a`). */
function columnList(tokens: Token[], open: number, close: number): string[] {
  return splitTopLevel(tokens, open + 1, close).map(([s]) => identValue(tokens[s]));
}

function parseReferences(tokens: Token[], k: number, to: number, columns: string[]): { fk: ParsedForeignKey; next: number } {
  const fk: ParsedForeignKey = { columns, referencedTable: identValue(tokens[k + 1]), referencedColumns: [] };
  k += 2;
  if (isPunct(tokens[k], '(')) {
    const end = matchParen(tokens, k);
    fk.referencedColumns = columnList(tokens, k, end);
    k = end + 1;
  }
  while (k < to) {
    const t = tokens[k];
    if (isWord(t, 'ON')) {
      const which = tokens[k + 1].text.toUpperCase();
      const [action, used] = referentialAction(tokens, k + 2);
      if (which === 'DELETE') fk.onDelete = action;
      else if (which === 'UPDATE') fk.onUpdate = action;
      k += 2 + used;
    } else if (isWord(t, 'MATCH')) {
      k += 2;
    } else if (isWord(t, 'NOT') && isWord(tokens[k + 1], 'DEFERRABLE')) {
      k += 2;
      if (isWord(tokens[k], 'INITIALLY')) k += 2;
    } else if (isWord(t, 'DEFERRABLE')) {
      fk.deferrable = 'immediate';
      k++;
      if (isWord(tokens[k], 'INITIALLY')) {
        if (isWord(tokens[k + 1], 'DEFERRED')) fk.deferrable = 'deferred';
        k += 2;
      }
    } else break;
  }
  return { fk, next: k };
}

function referentialAction(tokens: Token[], k: number): [ReferentialAction, number] {
  const a = tokens[k]?.text.toUpperCase();
  const b = tokens[k + 1]?.text.toUpperCase();
  if (a === 'SET' && b === 'NULL') return ['set null', 2];
  if (a === 'SET' && b === 'DEFAULT') return ['set default', 2];
  if (a === 'NO' && b === 'ACTION') return ['no action', 2];
  if (a === 'CASCADE') return ['cascade', 1];
  return ['restrict', 1];
}

function skipConflictClause(tokens: Token[], k: number): number {
  return isWord(tokens[k], 'ON') && isWord(tokens[k + 1], 'CONFLICT') ? k + 3 : k;
}

export interface ParsedIndex {
  elements: Array<{ column?: string; expression?: string; descending?: boolean }>;
  where?: string;
}

/** `CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (elements) [WHERE expr]` */
export function parseCreateIndex(sql: string): ParsedIndex {
  const tokens = tokenize(sql);
  const open = tokens.findIndex((t) => isPunct(t, '('));
  const close = matchParen(tokens, open);
  const elements = splitTopLevel(tokens, open + 1, close).map(([s, e]) => {
    let end = e;
    let descending = false;
    if (isWord(tokens[end - 1], 'ASC', 'DESC')) {
      descending = isWord(tokens[end - 1], 'DESC');
      end--;
    }
    const t = tokens[s];
    const element: ParsedIndex['elements'][number] =
      end === s + 1 && (t.kind === 'word' || t.kind === 'quoted') ? { column: identValue(t) } : { expression: joinTokens(tokens, s, end) };
    if (descending) element.descending = true;
    return element;
  });
  const result: ParsedIndex = { elements };
  if (isWord(tokens[close + 1], 'WHERE')) result.where = joinTokens(tokens, close + 2);
  return result;
}

/** The view body: everything after the top-level `AS` (a column list, if any, stays in front of it). */
export function parseCreateView(sql: string): string {
  const tokens = tokenize(sql);
  let k = tokens.findIndex((t) => isWord(t, 'VIEW')) + 1;
  if (isWord(tokens[k], 'IF')) k += 3;
  k++; // name
  if (isPunct(tokens[k], '.')) k += 2;
  if (isPunct(tokens[k], '(')) {
    const close = matchParen(tokens, k);
    return `${joinTokens(tokens, k, close + 1)} AS ${joinTokens(tokens, close + 2)}`;
  }
  return joinTokens(tokens, k + 1);
}
