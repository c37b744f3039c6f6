/**
 * Statement-level three-way merge of one `db/schema/*.sql` file (pure).
 *
 * git merges schema files line by line, so two branches that each append a table to the same
 * `schema.sql` conflict at the end of the file although the schemas merge cleanly. Here a file is a
 * sequence of chunks — one statement with the comments and blank lines before it — keyed by the object
 * the statement defines (`table:users`, `index:users_email`, …; any other statement by its text). Each
 * key is merged on its own: one side changed it → that side; both the same → it; both differently →
 * reported in `bothChanged` (Flash regenerates such a statement from the merged schema). Order: ours'
 * chunks, then each chunk only theirs has after the chunk that precedes it in theirs.
 */

export interface Chunk {
  key: string;
  /** the chunk as written: leading comments and blank lines, the statement, its `;` and the rest of that line */
  text: string;
  /** the statement's SQL with whitespace collapsed: two chunks that differ only in comments have the same code */
  code: string;
  /** the comments and blank lines before the statement (kept when Flash rewrites the statement) */
  lead: string;
}

export interface SplitFile {
  chunks: Chunk[];
  /** text after the last statement (trailing comments) */
  tail: string;
}

export type Splitter = (sql: string) => Array<{ sql: string; line: number }>;

const DEFINES =
  /^create\s+(?:or\s+replace\s+)?(?:unique\s+)?(?:temp(?:orary)?\s+|unlogged\s+)?(materialized\s+view|table|index|view|type|sequence|function|procedure|trigger|extension|schema|domain)\s+(?:concurrently\s+)?(?:if\s+not\s+exists\s+)?([`"\w.$]+)/i;

export function splitSchemaFile(text: string, split: Splitter): SplitFile {
  const chunks: Chunk[] = [];
  const seen = new Map<string, number>();
  let cursor = 0;
  for (const statement of split(text)) {
    const at = text.indexOf(statement.sql, cursor);
    if (at < 0) throw new Error(`statement not found in its file: ${statement.sql.slice(0, 40)}`);
    let end = at + statement.sql.length;
    const semicolon = text.indexOf(';', end);
    if (semicolon >= 0 && text.slice(end, semicolon).trim() === '') end = semicolon + 1;
    const newline = text.indexOf('\n', end);
    end = newline < 0 ? text.length : newline + 1;
    const code = statement.sql.replace(/\s+/g, ' ').trim();
    let key = keyOf(code);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > 1) key = `${key}#${n}`;
    chunks.push({ key, text: text.slice(cursor, end), code, lead: text.slice(cursor, at) });
    cursor = end;
  }
  return { chunks, tail: text.slice(cursor) };
}

function keyOf(code: string): string {
  const m = DEFINES.exec(code);
  if (m && m[2].toLowerCase() !== 'on') return `${m[1].toLowerCase().replace(/\s+/g, ' ')}:${m[2].replace(/[`"]/g, '').toLowerCase()}`;
  return `statement:${code.toLowerCase()}`;
}

export interface TextMergeResult {
  /** merged chunks in order; a chunk in `bothChanged` holds ours' text as a placeholder */
  chunks: Chunk[];
  tail: string;
  /** keys both sides changed differently (or one changed and the other removed) */
  bothChanged: Array<{ key: string; base?: Chunk; ours?: Chunk; theirs?: Chunk }>;
}

export function mergeSchemaText(base: SplitFile, ours: SplitFile, theirs: SplitFile): TextMergeResult {
  const b = new Map(base.chunks.map((c) => [c.key, c]));
  const o = new Map(ours.chunks.map((c) => [c.key, c]));
  const t = new Map(theirs.chunks.map((c) => [c.key, c]));
  const bothChanged: TextMergeResult['bothChanged'] = [];
  const pick = (key: string): Chunk | undefined => {
    const [bc, oc, tc] = [b.get(key), o.get(key), t.get(key)];
    if (same(oc, tc)) return oc;
    if (same(bc, oc)) return tc;
    if (same(bc, tc)) return oc;
    // Only the comments differ: keep ours' text, the statement is the same.
    if (oc && tc && oc.code === tc.code) return oc;
    bothChanged.push({ key, base: bc, ours: oc, theirs: tc });
    return oc ?? tc;
  };
  const out: Chunk[] = [];
  for (const c of ours.chunks) {
    const merged = pick(c.key);
    if (merged) out.push(merged);
  }
  // Theirs-only chunks (new, or deleted by ours but changed by theirs) go after their predecessor in theirs.
  let after = -1;
  for (const c of theirs.chunks) {
    const placed = out.findIndex((x) => x.key === c.key);
    if (placed >= 0) {
      after = placed;
      continue;
    }
    if (o.has(c.key)) continue;
    const merged = pick(c.key);
    if (!merged) continue;
    // Both sides added at the same place (both appended, typically): ours' additions come first.
    while (after + 1 < out.length && !t.has(out[after + 1].key) && !b.has(out[after + 1].key)) after++;
    out.splice(after + 1, 0, merged);
    after += 1;
  }
  return { chunks: out, tail: mergeTail(base.tail, ours.tail, theirs.tail), bothChanged };
}

function same(a: Chunk | undefined, b: Chunk | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.text === b.text;
}

function mergeTail(base: string, ours: string, theirs: string): string {
  if (ours === theirs || theirs === base) return ours;
  if (ours === base) return theirs;
  const have = new Set(ours.split('\n'));
  const extra = theirs.split('\n').filter((l) => l.trim() && !have.has(l));
  return extra.length ? `${ours}${ours.endsWith('\n') || !ours ? '' : '\n'}${extra.join('\n')}\n` : ours;
}

export function joinChunks(chunks: Chunk[], tail: string): string {
  let text = '';
  for (const c of chunks) text += text && !text.endsWith('\n') ? `\n${c.text}` : c.text;
  return text + (tail && text && !text.endsWith('\n') ? '\n' : '') + tail;
}
