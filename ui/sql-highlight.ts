/** Token classes the SQL viewer colours. */
export type SqlTokenKind = 'keyword' | 'string' | 'comment' | 'number' | 'plain';

export interface SqlToken {
  kind: SqlTokenKind;
  text: string;
}

const KEYWORDS = new Set(
  `add all alter and as asc autoincrement begin between by cascade case check collate column commit constraint create current_timestamp
  database default deferrable deferred delete desc distinct drop else end enum exists false first for foreign from generated identity if
  immediate in index initially inner insert into is join key left like limit materialized modify not null on or order primary references
  rename replace restrict returning rollback select set table temporary then to transaction trigger true type union unique unsigned update
  using values view when where with without rowid strict after before always stored virtual auto_increment engine charset`.split(/\s+/),
);

/**
 * Split SQL into coloured tokens: keywords, quoted strings (standard '' escaping), line and block
 * comments, numbers. Identifiers in double quotes or backticks stay plain. Not a parser: it only has
 * to be right about where strings and comments start and end, so that nothing inside them is
 * highlighted as a keyword.
 */
export function tokenizeSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  const push = (kind: SqlTokenKind, text: string) => {
    const last = tokens.at(-1);
    if (last && last.kind === kind) last.text += text;
    else tokens.push({ kind, text });
  };
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    const rest = sql.startsWith('--', i) ? '--' : sql.startsWith('/*', i) ? '/*' : '';
    if (rest === '--') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      push('comment', sql.slice(i, stop));
      i = stop;
    } else if (rest === '/*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      push('comment', sql.slice(i, stop));
      i = stop;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      const stop = quotedEnd(sql, i, ch);
      push(ch === "'" ? 'string' : 'plain', sql.slice(i, stop));
      i = stop;
    } else if (/[A-Za-z_]/.test(ch)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j])) j++;
      const word = sql.slice(i, j);
      push(KEYWORDS.has(word.toLowerCase()) ? 'keyword' : 'plain', word);
      i = j;
    } else if (/[0-9]/.test(ch)) {
      let j = i + 1;
      while (j < sql.length && /[0-9.]/.test(sql[j])) j++;
      push('number', sql.slice(i, j));
      i = j;
    } else {
      push('plain', ch);
      i++;
    }
  }
  return tokens;
}

/** Index just past the closing quote; a doubled quote is an escaped one. Unterminated → end of text. */
function quotedEnd(sql: string, start: number, quote: string): number {
  let j = start + 1;
  while (j < sql.length) {
    if (sql[j] === quote) {
      if (sql[j + 1] === quote) j += 2;
      else return j + 1;
    } else j++;
  }
  return sql.length;
}

/** Tokens regrouped per line (a block comment or string spanning lines is split at the newlines). */
export function highlightSqlLines(sql: string): SqlToken[][] {
  const lines: SqlToken[][] = [[]];
  for (const token of tokenizeSql(sql)) {
    const parts = token.text.split('\n');
    parts.forEach((part, n) => {
      if (n > 0) lines.push([]);
      if (part) lines.at(-1)!.push({ kind: token.kind, text: part });
    });
  }
  return lines;
}
