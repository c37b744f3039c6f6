/**
 * `db/queries/*.sql`: sqlc-style named queries, as Flash ORM and sqlc write them.
 *
 *   -- name: GetUserByEmail :one
 *   SELECT * FROM users WHERE email = @email;
 *
 * Everything up to the next `-- name:` line belongs to the query; comment lines directly after the
 * annotation are its doc comment. A malformed annotation is refused (E_QUERY), never skipped.
 */
import { FlashError } from '../../errors.js';

/** `:execresult` is Flash ORM's spelling of sqlc's `:execresult` (the driver's result object). */
export const QUERY_COMMANDS = ['one', 'many', 'exec', 'execrows', 'execlastid', 'execresult'] as const;
export type QueryCommand = (typeof QUERY_COMMANDS)[number];

export interface QueryDef {
  name: string;
  command: QueryCommand;
  /** Path as shown to the user (project-relative). */
  file: string;
  /** 1-based line of the `-- name:` annotation. */
  line: number;
  /** 1-based line where `sql` starts. */
  sqlLine: number;
  /** The statement, without the trailing `;` and surrounding blank lines. */
  sql: string;
  /** Comment lines between the annotation and the statement. */
  doc: string[];
}

const ANNOTATION = /^\s*--\s*name\s*:\s*(\S*)\s*(\S*)\s*(.*)$/;
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export function parseQueryFile(text: string, file: string): QueryDef[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const queries: QueryDef[] = [];
  let current: { name: string; command: QueryCommand; line: number; body: Array<{ text: string; line: number }> } | undefined;
  const finish = () => {
    if (!current) return;
    queries.push(buildQuery(current, file));
    current = undefined;
  };
  lines.forEach((text, index) => {
    const line = index + 1;
    const m = ANNOTATION.exec(text);
    if (!m) {
      if (current) current.body.push({ text, line });
      else if (text.trim() && !/^\s*--/.test(text)) {
        throw queryError(
          file,
          line,
          'SQL before the first `-- name:` annotation',
          'Start every query with `-- name: QueryName :one` (or :many, :exec, :execrows, :execlastid, :execresult).',
        );
      }
      return;
    }
    finish();
    const [, name, command, rest] = m as unknown as [string, string, string, string];
    if (!NAME.test(name))
      throw queryError(
        file,
        line,
        `invalid query name "${name}"`,
        'Query names start with a letter and contain letters, digits and _ (e.g. GetUserByEmail).',
      );
    const cmd = command.replace(/^:/, '');
    if (!command.startsWith(':') || !(QUERY_COMMANDS as readonly string[]).includes(cmd)) {
      throw queryError(
        file,
        line,
        `query ${name}: unknown or missing command "${command}"`,
        `Use one of ${QUERY_COMMANDS.map((c) => ':' + c).join(', ')}.`,
      );
    }
    if (rest.trim())
      throw queryError(
        file,
        line,
        `query ${name}: unexpected text "${rest.trim()}" after the command`,
        'The annotation is `-- name: QueryName :command` and nothing else.',
      );
    if (queries.some((q) => q.name === name))
      throw queryError(file, line, `query ${name} is defined twice in this file`, 'Give each query a unique name.');
    current = { name, command: cmd as QueryCommand, line, body: [] };
  });
  finish();
  return queries;
}

function buildQuery(
  q: { name: string; command: QueryCommand; line: number; body: Array<{ text: string; line: number }> },
  file: string,
): QueryDef {
  const doc: string[] = [];
  let i = 0;
  while (i < q.body.length && (/^\s*--/.test(q.body[i].text) || !q.body[i].text.trim())) {
    const t = q.body[i].text.trim();
    if (t) doc.push(t.replace(/^--\s?/, ''));
    i++;
  }
  let end = q.body.length;
  while (end > i && (!q.body[end - 1].text.trim() || /^\s*--/.test(q.body[end - 1].text))) end--;
  const body = q.body.slice(i, end);
  const sql = body
    .map((l) => l.text)
    .join('\n')
    .replace(/;\s*$/, '')
    .trimEnd();
  if (!sql.trim()) throw queryError(file, q.line, `query ${q.name} has no SQL`, 'Write the statement on the lines after the annotation.');
  if (/;\s*\S/.test(stripTrailingComments(sql)) && hasSecondStatement(sql)) {
    throw queryError(
      file,
      q.line,
      `query ${q.name} contains more than one statement`,
      'A named query is one statement; give each statement its own `-- name:` annotation.',
    );
  }
  return { name: q.name, command: q.command, file, line: q.line, sqlLine: body[0].line, sql, doc };
}

function stripTrailingComments(sql: string): string {
  return sql.replace(/--[^\n]*$/gm, '');
}

/** A `;` outside quotes and comments followed by more code. */
function hasSecondStatement(sql: string): boolean {
  const code = sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\/|\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g, ' ');
  return /;\s*\S/.test(code);
}

export function queryError(file: string, line: number, message: string, hint: string, cause?: unknown): FlashError {
  return new FlashError('E_QUERY', `${file}:${line}: ${message}`, hint, { data: { file, line }, cause });
}
