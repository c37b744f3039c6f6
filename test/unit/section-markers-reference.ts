// The straightforward character-by-character scanner section-markers.ts started as, kept as the
// reference its faster version is checked against (section-markers.test.ts, randomized).
/**
 * Where a migration's `-- +migrate Up` / `-- +migrate Down` markers are. A marker is a `--` comment
 * line, so the same text inside a string, a quoted identifier, a block comment or a dollar-quoted
 * function body is data, not a marker: a column default or a COMMENT ON whose text has a line
 * `-- +migrate Down` must not cut the Up section there.
 */

/** How the engine quotes. The default is PostgreSQL/SQLite (standard strings, E'' escapes, $tag$ bodies). */
export interface QuoteSyntax {
  /** `\'` escapes a quote in '…' and "…" (MySQL/MariaDB); `#` also starts a comment. */
  readonly backslashEscapes?: boolean;
}

export interface SectionMarker {
  kind: 'up' | 'down';
  /** index of the marker line's first character */
  start: number;
  /** index just after the marker line's text (before its newline) */
  end: number;
}

const MARKER = /^--[ \t]*\+migrate[ \t]+(up|down)\b[^\n]*/i;

export function findSectionMarkers(text: string, syntax: QuoteSyntax = {}): SectionMarker[] {
  const markers: SectionMarker[] = [];
  const n = text.length;
  let i = 0;
  let lineStart = true;
  while (i < n) {
    const c = text[i];
    const next = text[i + 1];
    if (lineStart && c === '-' && next === '-') {
      const eol = text.indexOf('\n', i);
      const m = MARKER.exec(text.slice(i, eol === -1 ? n : eol));
      if (m) markers.push({ kind: m[1].toLowerCase() as 'up' | 'down', start: i, end: i + m[0].length });
    }
    if ((c === '-' && next === '-') || (syntax.backslashEscapes && c === '#')) {
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? n : eol;
    } else if (c === '/' && next === '*') {
      i = skipBlockComment(text, i, !syntax.backslashEscapes);
    } else if (c === "'") {
      const eString = !syntax.backslashEscapes && i > 0 && /[eE]/.test(text[i - 1]) && (i < 2 || !isIdentChar(text[i - 2]));
      i = skipQuoted(text, i, "'", Boolean(syntax.backslashEscapes) || eString);
    } else if (c === '"') {
      i = skipQuoted(text, i, '"', Boolean(syntax.backslashEscapes));
    } else if (c === '`') {
      i = skipQuoted(text, i, '`', false);
    } else if (c === '$' && !syntax.backslashEscapes && (i === 0 || !isIdentChar(text[i - 1]))) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
      if (tag) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? n : end + tag[0].length;
      } else {
        i++;
      }
    } else {
      i++;
    }
    // A marker starts its line (comments stop before their newline, so it is seen here).
    lineStart = text[i - 1] === '\n';
  }
  return markers;
}

/** Whether `text` ends inside a string, quoted identifier, block comment or dollar-quoted body. */
export function endsInsideQuote(text: string, syntax: QuoteSyntax = {}): boolean {
  // A sentinel marker after the text is found only if the scanner is back in code by then.
  const probe = `${text}\n-- +migrate Down`;
  return !findSectionMarkers(probe, syntax).some((m) => m.start === text.length + 1);
}

function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_$]/.test(c);
}

/** Index just after the comment; PostgreSQL nests block comments, MySQL does not. */
function skipBlockComment(text: string, start: number, nested: boolean): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    if (text[i] === '/' && text[i + 1] === '*' && (nested || depth === 0)) {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return text.length;
}

/** Index just after a quoted run: a doubled quote escapes it; with backslashEscapes so does `\`. */
function skipQuoted(text: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (backslashEscapes && c === '\\') i += 2;
    else if (c === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return text.length;
}
