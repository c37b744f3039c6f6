/**
 * A small SQL lexer for query files: enough to find parameters, the select list, FROM/JOIN clauses
 * and INSERT column lists without being fooled by strings, quoted identifiers, comments or dollar
 * quotes. It does not parse SQL; the engine does that when the query is prepared.
 */

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'param' | 'punct' | 'comment' | 'space';

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
}

/** `backslashEscapes`: MySQL strings treat `\` as an escape; `doubleQuoteStrings`: MySQL `"…"` is a string. */
export interface LexOptions {
  backslashEscapes?: boolean;
  doubleQuoteStrings?: boolean;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;

export function lexSql(sql: string, opts: LexOptions = {}): Token[] {
  const tokens: Token[] = [];
  const n = sql.length;
  let i = 0;
  const push = (kind: TokenKind, end: number) => {
    tokens.push({ kind, text: sql.slice(i, end), start: i, end });
    i = end;
  };
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (/\s/.test(c)) {
      let j = i + 1;
      while (j < n && /\s/.test(sql[j])) j++;
      push('space', j);
    } else if (c === '-' && next === '-') {
      const eol = sql.indexOf('\n', i);
      push('comment', eol === -1 ? n : eol);
    } else if (c === '#' && opts.backslashEscapes) {
      const eol = sql.indexOf('\n', i);
      push('comment', eol === -1 ? n : eol);
    } else if (c === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      push('comment', close === -1 ? n : close + 2);
    } else if (c === "'") {
      const escapes = opts.backslashEscapes || (i > 0 && /[eE]/.test(sql[i - 1]) && tokens.at(-1)?.text.length === 1);
      push('string', skipQuoted(sql, i, "'", Boolean(escapes)));
    } else if (c === '"') {
      push(
        opts.doubleQuoteStrings ? 'string' : 'quoted',
        skipQuoted(sql, i, '"', Boolean(opts.doubleQuoteStrings && opts.backslashEscapes)),
      );
    } else if (c === '`' || c === '[') {
      const close = sql.indexOf(c === '`' ? '`' : ']', i + 1);
      push('quoted', close === -1 ? n : close + 1);
    } else if (c === '$' && next !== undefined && /[0-9]/.test(next)) {
      let j = i + 1;
      while (j < n && /[0-9]/.test(sql[j])) j++;
      push('param', j);
    } else if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        push('string', close === -1 ? n : close + tag[0].length);
      } else push('punct', i + 1);
    } else if (c === '?') {
      push('param', i + 1);
    } else if (c === '@' && next !== undefined && WORD_START.test(next) && !isOperatorContext(tokens)) {
      let j = i + 1;
      while (j < n && WORD_CHAR.test(sql[j]) && sql[j] !== '$') j++;
      push('param', j);
    } else if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < n && WORD_CHAR.test(sql[j])) j++;
      push('word', j);
    } else if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
      let j = i + 1;
      while (j < n && /[0-9.eE]/.test(sql[j])) j++;
      push('number', j);
    } else if (c === ':' && next === ':') {
      push('punct', i + 2);
    } else {
      push('punct', i + 1);
    }
  }
  return tokens;
}

/** `@` right after a value (`a @> b`, `x @ y`) is an operator, not a named parameter. */
function isOperatorContext(tokens: Token[]): boolean {
  for (let k = tokens.length - 1; k >= 0; k--) {
    const t = tokens[k];
    if (t.kind === 'space' || t.kind === 'comment') continue;
    return t.kind === 'punct' && t.text === '@';
  }
  return false;
}

function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}

/** Tokens without whitespace and comments. */
export function significant(tokens: Token[]): Token[] {
  return tokens.filter((t) => t.kind !== 'space' && t.kind !== 'comment');
}

export function isWord(t: Token | undefined, ...words: string[]): boolean {
  return t !== undefined && t.kind === 'word' && words.includes(t.text.toLowerCase());
}

/** The identifier a word or quoted token names (quotes removed, doubled quotes undone). */
export function identName(t: Token): string {
  if (t.kind !== 'quoted') return t.text;
  const q = t.text[0];
  const close = q === '[' ? ']' : q;
  return t.text
    .slice(1, -1)
    .split(close + close)
    .join(close);
}
