import { FlashError } from '../../errors.js';
import { localName, schemaOfName, tableNameInSql } from '../model/schema.js';

/** A column as the studio's schema form describes it. */
export interface ColumnSpec {
  name: string;
  /** the engine's type as written in SQL: `integer`, `varchar(100)`, `numeric(10,2)`, `text[]` */
  type: string;
  nullable?: boolean;
  primaryKey?: boolean;
  /** a SQL expression, written as is */
  default?: string;
}

/** One change the studio's schema form makes to the `db/schema` SQL files. */
export type SchemaEdit =
  | { kind: 'table'; table: string; columns: ColumnSpec[] }
  | { kind: 'column'; table: string; column: ColumnSpec }
  | { kind: 'index'; table: string; name: string; columns: string[]; unique?: boolean };

export interface SchemaFileText {
  file: string;
  text: string;
}

/** The file an edit changes: its text before (empty for a new file) and after. */
export interface SchemaFileChange {
  file: string;
  created: boolean;
  before: string;
  after: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const TYPE = /^[A-Za-z][A-Za-z0-9_ ]*(\(\s*\d+(\s*,\s*\d+)?\s*\))?( [A-Za-z ]+)?(\[\])?$/;
const CONSTRAINT = /^(CONSTRAINT|PRIMARY\s+KEY|FOREIGN\s+KEY|UNIQUE|CHECK|EXCLUDE|INDEX|KEY|FULLTEXT|SPATIAL|LIKE)\b/i;

/**
 * Apply `edit` to the text of the schema files (pure): a new table gets its own file `newFile`, a
 * column goes after the last column of the table's CREATE TABLE, an index right after that statement.
 * `ident` writes a name as the engine reads it. What cannot be placed is refused by name. With
 * `schemaQualifiedNames` (PostgreSQL) a table outside `public` is named `schema.table`, like the IR
 * names it, and a CREATE TABLE in the files is matched by schema and name.
 */
export function editSchemaText(
  files: SchemaFileText[],
  edit: SchemaEdit,
  options: { ident: (name: string) => string; newFile: (table: string) => string; schemaQualifiedNames?: boolean },
): SchemaFileChange {
  const qualified = options.schemaQualifiedNames === true;
  const dotted = qualified && edit.table.includes('.');
  if (dotted) {
    checkName('table', schemaOfName(edit.table), edit.table);
    checkName('table', localName(edit.table), edit.table);
  } else checkName('table', edit.table);
  const found = findTable(files, edit.table, qualified);
  const { ident } = options;
  const tableIdent = (name: string) => (dotted ? `${ident(schemaOfName(name))}.${ident(localName(name))}` : ident(name));
  if (edit.kind === 'table') {
    if (found)
      throw new FlashError('E_USAGE', `Table ${edit.table} is already defined in ${found.file.file}.`, 'Add columns to it instead.');
    if (edit.columns.length === 0) throw new FlashError('E_USAGE', `Table ${edit.table} needs at least one column.`, 'Add a column.');
    const file = options.newFile(edit.table);
    if (files.some((f) => f.file === file))
      throw new FlashError('E_USAGE', `${file} already exists.`, 'Choose another table name, or edit that file.');
    const key = edit.columns.filter((c) => c.primaryKey).map((c) => ident(c.name));
    const lines = [
      ...edit.columns.map((c) => columnSql(c, ident, key.length === 1)),
      ...(key.length > 1 ? [`PRIMARY KEY (${key.join(', ')})`] : []),
    ];
    return {
      file,
      created: true,
      before: '',
      after: `CREATE TABLE ${tableIdent(edit.table)} (\n${lines.map((l) => `  ${l}`).join(',\n')}\n);\n`,
    };
  }
  if (!found)
    throw new FlashError(
      'E_UNKNOWN_TABLE',
      `No CREATE TABLE ${edit.table} in the schema files.`,
      'Add the table first, or edit the file that defines it by hand.',
    );
  const { text, masked, open, close } = found;
  const file = found.file.file;
  if (edit.kind === 'column') {
    const elements = splitTopLevel(masked, open + 1, close);
    const columns = elements.filter((e) => !CONSTRAINT.test(masked.slice(e.start, e.end).trim()));
    if (columns.some((e) => firstWord(text.slice(e.start, e.end)).toLowerCase() === edit.column.name.toLowerCase()))
      throw new FlashError('E_USAGE', `Table ${edit.table} already has a column ${edit.column.name}.`, 'Choose another name.');
    const last = columns.at(-1) ?? elements.at(-1);
    const at = last ? last.end : open + 1;
    const multiline = text.slice(open, close).includes('\n');
    const indent = last ? /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', last.start - 1) + 1))![0] : '';
    const sql = columnSql(edit.column, ident, false);
    const insert = `${last ? ',' : ''}${multiline ? `\n${indent || '  '}` : last ? ' ' : ''}${sql}`;
    // right after the last column's text (a comment that followed it on its line now follows the new column)
    return { file, created: false, before: text, after: text.slice(0, at) + insert + text.slice(at) };
  }
  checkName('index', edit.name);
  if (edit.columns.length === 0) throw new FlashError('E_USAGE', `Index ${edit.name} needs at least one column.`, 'Pick its columns.');
  for (const c of edit.columns) checkName('column', c);
  const semicolon = masked.indexOf(';', close);
  const statementEnd = semicolon < 0 ? close + 1 : semicolon + 1;
  const lineEnd = text.indexOf('\n', statementEnd);
  const at = lineEnd < 0 ? text.length : lineEnd;
  const sql = `CREATE ${edit.unique ? 'UNIQUE ' : ''}INDEX ${ident(edit.name)} ON ${tableIdent(edit.table)} (${edit.columns.map(ident).join(', ')});`;
  return { file, created: false, before: text, after: `${text.slice(0, at)}\n${sql}${text.slice(at)}` };
}

function columnSql(c: ColumnSpec, ident: (n: string) => string, inlineKey: boolean): string {
  checkName('column', c.name);
  const type = c.type.trim();
  if (!TYPE.test(type))
    throw new FlashError(
      'E_USAGE',
      `"${c.type}" is not a column type the form can write.`,
      'Write a type like integer, varchar(100), numeric(10,2) or text[].',
    );
  const parts = [ident(c.name), type];
  if (c.primaryKey && inlineKey) parts.push('PRIMARY KEY');
  if (c.nullable === false && !(c.primaryKey && inlineKey)) parts.push('NOT NULL');
  if (c.default !== undefined && c.default.trim() !== '') {
    const d = c.default.trim();
    if (/;|--|\/\*/.test(d))
      throw new FlashError('E_USAGE', `The default of ${c.name} holds ; or a comment.`, 'Write a single expression.');
    parts.push(`DEFAULT ${d}`);
  }
  return parts.join(' ');
}

function checkName(what: string, name: string, whole = name): void {
  if (!NAME.test(name))
    throw new FlashError(
      'E_USAGE',
      `"${whole}" is not a ${what} name the form can write.`,
      'Use letters, digits and _ (not starting with a digit), at most 63.',
    );
}

function firstWord(s: string): string {
  return /^\s*[`"]?([^\s`"]+)/.exec(s)?.[1] ?? '';
}

/** The text with comments blanked and string literals filled with `_` (same length), so keywords and parentheses can be found by position. */
export function maskSql(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const two = text.slice(i, i + 2);
    let end = i + 1;
    if (two === '--') end = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (two === '/*') end = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 2;
    else if (c === "'") {
      end = i + 1;
      while (end < text.length && !(text[end] === "'" && text[end + 1] !== "'")) end += text[end] === "'" ? 2 : 1;
      end++;
    } else {
      out += c;
      i++;
      continue;
    }
    // comments become blanks; a string literal stays text (so an element ending in one keeps its end) but holds no keyword
    out += text.slice(i, end).replace(/[^\n]/g, c === "'" ? '_' : ' ');
    i = end;
  }
  return out;
}

function findTable(files: SchemaFileText[], table: string, schemaQualifiedNames: boolean) {
  for (const file of files) {
    const masked = maskSql(file.text);
    const re =
      /\bCREATE\s+(?:(?:GLOBAL\s+|LOCAL\s+)?(?:TEMP|TEMPORARY|UNLOGGED)\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:([`"]?)(\w+)\1\.)?([`"]?)(\w+)\3\s*\(/gi;
    for (let m = re.exec(masked); m; m = re.exec(masked)) {
      // an unquoted name folds to one case: compared without it
      const [, schemaQuote, schema, nameQuote, name] = m;
      const fold = (s: string, quoted: string) => (quoted ? s : s.toLowerCase());
      const written = tableNameInSql(
        schemaQualifiedNames,
        schema === undefined ? undefined : fold(schema, schemaQuote),
        fold(name, nameQuote),
      );
      const wanted = nameQuote || schemaQuote ? table : table.toLowerCase();
      if (written !== wanted) continue;
      const open = m.index + m[0].length - 1;
      const close = matchingParen(masked, open);
      if (close < 0) continue;
      return { file, text: file.text, masked, open, close };
    }
  }
  return undefined;
}

function matchingParen(masked: string, open: number): number {
  let depth = 0;
  for (let i = open; i < masked.length; i++) {
    if (masked[i] === '(') depth++;
    else if (masked[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** The comma-separated elements between `from` and `to` at parenthesis depth 0, as [start, end) without surrounding blanks. */
function splitTopLevel(masked: string, from: number, to: number): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let depth = 0;
  let start = from;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(masked[s])) s++;
    while (e > s && /\s/.test(masked[e - 1])) e--;
    if (e > s) out.push({ start: s, end: e });
  };
  for (let i = from; i < to; i++) {
    if (masked[i] === '(') depth++;
    else if (masked[i] === ')') depth--;
    else if (masked[i] === ',' && depth === 0) {
      push(i);
      start = i + 1;
    }
  }
  push(to);
  return out;
}
