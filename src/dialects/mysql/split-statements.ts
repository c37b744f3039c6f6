/**
 * Splits a MySQL/MariaDB script into statements with the 1-based line each starts on.
 *
 * Understands quotes ('…' and "…" with backslash escapes, `…` identifiers), comments (`-- `, `#`,
 * `/* … *\/`; `/*! … *\/` executable comments are kept as statement text), trigger/routine bodies
 * (`BEGIN … END`, with `CASE … END` inside them), and the mysql client's `DELIMITER` command so that
 * dump-style files work too.
 */
export function splitMysqlStatements(sql: string): Array<{ sql: string; line: number }> {
  return new Splitter(sql).run();
}

const ROUTINE_KINDS = new Set(['trigger', 'procedure', 'function', 'event']);
/** `END IF` / `END LOOP` … close blocks whose openers are not counted. */
const UNCOUNTED_END_SUFFIX = new Set(['if', 'loop', 'while', 'repeat']);

class Splitter {
  private i = 0;
  private line = 1;
  private delimiter = ';';
  private out: Array<{ sql: string; line: number }> = [];
  // current statement
  private start = -1;
  private startLine = 0;
  private words: string[] = [];
  private depth = 0;
  private compound = false;

  constructor(private readonly s: string) {}

  run(): Array<{ sql: string; line: number }> {
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i];
      if (c === '\n') {
        this.line++;
        this.i++;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
        this.i++;
        continue;
      }
      if (this.start < 0 && this.atDelimiterCommand()) continue;
      if (this.isLineComment()) {
        this.skipTo('\n');
        continue;
      }
      if (c === '/' && s[this.i + 1] === '*') {
        const executable = s[this.i + 2] === '!' || (s[this.i + 2] === 'M' && s[this.i + 3] === '!');
        if (executable) this.begin();
        this.skipBlockComment();
        continue;
      }
      if (this.delimiter !== ';' ? s.startsWith(this.delimiter, this.i) : c === ';' && this.depth <= 0) {
        this.finish(this.i);
        this.i += this.delimiter.length;
        continue;
      }
      this.begin();
      if (c === "'" || c === '"' || c === '`') {
        this.skipQuoted(c);
        continue;
      }
      if (isWordStart(c)) {
        this.word();
        continue;
      }
      this.i++;
    }
    this.finish(s.length);
    return this.out;
  }

  private begin(): void {
    if (this.start >= 0) return;
    this.start = this.i;
    this.startLine = this.line;
    this.words = [];
    this.depth = 0;
    this.compound = false;
  }

  private finish(end: number): void {
    if (this.start < 0) return;
    const text = this.s.slice(this.start, end).trim();
    if (text) this.out.push({ sql: text, line: this.startLine });
    this.start = -1;
  }

  private atDelimiterCommand(): boolean {
    const m = /^delimiter[ \t]+(\S+)[^\n]*/i.exec(this.s.slice(this.i, this.i + 200));
    if (!m) return false;
    this.delimiter = m[1]!;
    this.i += m[0].length;
    return true;
  }

  private isLineComment(): boolean {
    const s = this.s;
    const c = s[this.i];
    if (c === '#') return true;
    if (c !== '-' || s[this.i + 1] !== '-') return false;
    const next = s[this.i + 2];
    return next === undefined || next === ' ' || next === '\t' || next === '\n' || next === '\r';
  }

  private skipTo(ch: string): void {
    const at = this.s.indexOf(ch, this.i);
    this.i = at < 0 ? this.s.length : at;
  }

  private skipBlockComment(): void {
    const end = this.s.indexOf('*/', this.i + 2);
    const stop = end < 0 ? this.s.length : end + 2;
    this.countLines(this.i, stop);
    this.i = stop;
  }

  private skipQuoted(q: string): void {
    const s = this.s;
    let j = this.i + 1;
    while (j < s.length) {
      const c = s[j];
      if (c === '\\' && q !== '`') {
        j += 2;
        continue;
      }
      if (c === q) {
        if (s[j + 1] === q) {
          j += 2;
          continue;
        }
        j++;
        break;
      }
      j++;
    }
    this.countLines(this.i, Math.min(j, s.length));
    this.i = Math.min(j, s.length);
  }

  private countLines(from: number, to: number): void {
    for (let k = from; k < to; k++) if (this.s.charCodeAt(k) === 10) this.line++;
  }

  private word(): void {
    const s = this.s;
    let j = this.i + 1;
    while (j < s.length && isWordPart(s[j])) j++;
    const qualified = this.i > 0 && s[this.i - 1] === '.';
    const w = s.slice(this.i, j).toLowerCase();
    this.i = j;
    if (qualified) return;
    if (this.words.length < 12) {
      this.words.push(w);
      this.detectCompound(w);
    }
    if (!this.compound) return;
    if (w === 'begin' || w === 'case') this.depth++;
    else if (w === 'end') {
      const next = this.peekWord();
      if (!UNCOUNTED_END_SUFFIX.has(next)) this.depth--;
      // `END CASE` / `END IF` …: the suffix closes, it must not be read as a new opener.
      if (next === 'case' || UNCOUNTED_END_SUFFIX.has(next)) this.skipWord();
    }
  }

  /** Counting BEGIN/END only inside routine and trigger definitions keeps top-level `BEGIN;` a plain statement. */
  private detectCompound(w: string): void {
    if (this.compound) return;
    const first = this.words[0];
    if (first === 'create' && ROUTINE_KINDS.has(w)) this.compound = true;
    if (first === 'begin' && this.words.length === 1 && this.peekWord() === 'not') this.compound = true;
  }

  private skipWord(): void {
    const m = /^\s*[A-Za-z_$][A-Za-z0-9_$]*/.exec(this.s.slice(this.i, this.i + 100));
    if (!m) return;
    this.countLines(this.i, this.i + m[0].length);
    this.i += m[0].length;
  }

  private peekWord(): string {
    const m = /^\s*([A-Za-z_$][A-Za-z0-9_$]*)/.exec(this.s.slice(this.i, this.i + 100));
    return m ? m[1].toLowerCase() : '';
  }
}

function isWordStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$' || c > '\x7f';
}

function isWordPart(c: string): boolean {
  return isWordStart(c) || (c >= '0' && c <= '9');
}
