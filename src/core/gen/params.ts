/**
 * Query parameters: `$1` (PostgreSQL), `?` (MySQL, SQLite), `@name` and `sqlc.arg(name)` /
 * `sqlc.narg(name)` on every engine, `sqlc.slice(name)` for IN lists. The query text is rewritten
 * into the engine's own placeholders; each parameter keeps the column it is compared with or
 * inserted into, which names positional parameters and types them on engines whose prepared
 * statements do not (MySQL, SQLite).
 */
import { identName, isWord, lexSql, significant, type LexOptions, type Token } from './sql-lexer.js';

/** `dollar`: `$1…$n`, one per parameter (PostgreSQL). `question`: `?` per occurrence (MySQL, SQLite). */
export type PlaceholderStyle = 'dollar' | 'question';

export interface ParamContext {
  /** Table or alias qualifying the column, when written (`u.email`) or implied (INSERT INTO t). */
  qualifier?: string;
  column: string;
  /** `insert`: the value of that column in INSERT … VALUES; `assign`: UPDATE … SET column = param; `compare`: `column <op> param`; `limit`: LIMIT/OFFSET. */
  kind: 'insert' | 'assign' | 'compare' | 'limit';
}

export interface QueryParam {
  /** As written (`email`) or derived from the context (`email`, `limit`), else `p<n>`; unique. */
  name: string;
  /** true for `$1` / `?`: the name was derived. */
  positional: boolean;
  /** `sqlc.slice(x)`: a list; PostgreSQL binds it as one array (`= ANY($n)`), others expand `?, ?, …`. */
  slice: boolean;
  /** `sqlc.narg(x)`: the caller may pass null even where the engine infers a NOT NULL column. */
  nullable: boolean;
  context?: ParamContext;
}

export interface ParameterizedSql {
  /** Engine SQL; a slice is one `?` here (what the engine prepares and describes). */
  sql: string;
  /** `question` style: the SQL split at each slice placeholder (parts.length = slices + 1). */
  parts: string[];
  params: QueryParam[];
  /** `question` style: for each placeholder in text order, the index in `params` it binds. `dollar`: [0…n-1]. */
  order: number[];
}

export class ParamError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

interface Occurrence {
  /** token index range [from, to) in the full token list, replaced by the placeholder */
  from: number;
  to: number;
  key: string;
  explicitName?: string;
  positionalIndex?: number;
  slice: boolean;
  nullable: boolean;
  /** PostgreSQL slice: the `[NOT] IN (` … `)` tokens around it are rewritten too */
  inList?: { from: number; to: number; negated: boolean };
}

export function parameterize(sql: string, style: PlaceholderStyle, lex: LexOptions = {}): ParameterizedSql {
  const tokens = lexSql(sql, lex);
  const occurrences = findOccurrences(tokens, style);
  // Positional parameters keep their numbers; named ones get the numbers after them, in order of first use.
  const maxPositional = Math.max(0, ...occurrences.map((o) => o.positionalIndex ?? 0));
  const params: QueryParam[] = [];
  const indexByKey = new Map<string, number>();
  for (let n = 1; n <= maxPositional; n++) {
    indexByKey.set(`$${n}`, n - 1);
    params.push({ name: '', positional: true, slice: false, nullable: false });
  }
  for (const o of occurrences) {
    if (o.positionalIndex !== undefined) {
      const p = params[o.positionalIndex - 1];
      p.context ??= contextOf(tokens, o.from);
      continue;
    }
    let index = indexByKey.get(o.key);
    if (index === undefined) {
      index = params.length;
      indexByKey.set(o.key, index);
      params.push({ name: o.explicitName!, positional: false, slice: o.slice, nullable: o.nullable, context: contextOf(tokens, o.from) });
    }
    const p = params[index];
    if (p.slice !== o.slice)
      throw new ParamError(`parameter ${o.explicitName} is used both as sqlc.slice and as a single value`, tokens[o.from].start);
    p.nullable ||= o.nullable;
  }
  for (let n = 0; n < maxPositional; n++) {
    if (!occurrences.some((o) => o.positionalIndex === n + 1))
      throw new ParamError(`parameter $${n + 1} is never used (the query uses $${maxPositional})`, 0);
  }
  nameParams(params);

  let out = '';
  const parts: string[] = [];
  const order: number[] = [];
  let cursor = 0;
  for (const o of occurrences) {
    const index = indexByKey.get(o.positionalIndex !== undefined ? `$${o.positionalIndex}` : o.key)!;
    const replaceFrom = o.inList ? o.inList.from : o.from;
    const replaceTo = o.inList ? o.inList.to : o.to;
    out += sql.slice(cursor, tokens[replaceFrom].start);
    if (style === 'dollar') {
      const ph = `$${index + 1}`;
      out += o.inList ? `${o.inList.negated ? '<> ALL' : '= ANY'}(${ph})` : ph;
    } else {
      // a slice's placeholders are written at run time, between two parts
      if (o.slice) {
        parts.push(out);
        out = '';
      } else out += '?';
      order.push(index);
    }
    cursor = tokens[replaceTo - 1].end;
  }
  out += sql.slice(cursor);
  parts.push(out);
  const full = style === 'dollar' ? out : parts.join('?');
  return { sql: full, parts: style === 'dollar' ? [full] : parts, params, order: style === 'dollar' ? params.map((_, i) => i) : order };
}

function findOccurrences(tokens: Token[], style: PlaceholderStyle): Occurrence[] {
  const out: Occurrence[] = [];
  let questionCount = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'param') {
      if (t.text === '?') {
        if (style === 'dollar') continue; // PostgreSQL's jsonb `?` operator
        out.push({ from: i, to: i + 1, key: '', positionalIndex: ++questionCount, slice: false, nullable: false });
      } else if (t.text.startsWith('$')) {
        out.push({ from: i, to: i + 1, key: '', positionalIndex: Number(t.text.slice(1)), slice: false, nullable: false });
      } else {
        const name = t.text.slice(1);
        out.push({ from: i, to: i + 1, key: name, explicitName: name, slice: false, nullable: false });
      }
      continue;
    }
    if (isWord(t, 'sqlc') && tokens[i + 1]?.text === '.' && tokens[i + 3]?.text === '(') {
      const fn = tokens[i + 2].text.toLowerCase();
      if (!['arg', 'narg', 'slice'].includes(fn)) throw new ParamError(`unknown macro sqlc.${tokens[i + 2].text}`, t.start);
      let j = i + 4;
      while (tokens[j]?.kind === 'space') j++;
      const nameTok = tokens[j];
      let k = j + 1;
      while (tokens[k]?.kind === 'space') k++;
      if (!nameTok || !['word', 'quoted', 'string'].includes(nameTok.kind) || tokens[k]?.text !== ')')
        throw new ParamError(`sqlc.${fn}(…) takes one name`, t.start);
      const name = nameTok.kind === 'string' ? nameTok.text.slice(1, -1) : identName(nameTok);
      const occ: Occurrence = { from: i, to: k + 1, key: name, explicitName: name, slice: fn === 'slice', nullable: fn === 'narg' };
      if (occ.slice) {
        const list = enclosingInList(tokens, i, k + 1);
        if (!list) throw new ParamError(`sqlc.slice(${name}) must be the whole list of an IN (…)`, t.start);
        if (style === 'dollar') occ.inList = list;
      }
      out.push(occ);
      i = k;
    }
  }
  return out;
}

/** `x [NOT] IN ( sqlc.slice(ids) )`: the token range from IN (or NOT) to `)`. */
function enclosingInList(tokens: Token[], from: number, to: number): { from: number; to: number; negated: boolean } | undefined {
  let open = from - 1;
  while (tokens[open]?.kind === 'space' || tokens[open]?.kind === 'comment') open--;
  if (tokens[open]?.text !== '(') return undefined;
  let close = to;
  while (tokens[close]?.kind === 'space' || tokens[close]?.kind === 'comment') close++;
  if (tokens[close]?.text !== ')') return undefined;
  let kw = open - 1;
  while (tokens[kw]?.kind === 'space') kw--;
  if (!isWord(tokens[kw], 'in')) return undefined;
  let neg = kw - 1;
  while (tokens[neg]?.kind === 'space') neg--;
  const negated = isWord(tokens[neg], 'not');
  return { from: negated ? neg : kw, to: close + 1, negated };
}

const COMPARISON = new Set(['=', '<', '>', '<=', '>=', '<>', '!=', 'like', 'ilike', 'in', 'any', 'between']);

/** What the parameter at token `at` is compared with or inserted into, looking at the tokens before it. */
function contextOf(tokens: Token[], at: number): ParamContext | undefined {
  const sig = significantBefore(tokens, at);
  const prev = (k: number) => sig[sig.length - k];
  const limit = prev(1);
  if (isWord(limit, 'limit', 'offset')) return { column: limit.text.toLowerCase(), kind: 'limit' };
  // IN (?, …) / = ANY(?) / BETWEEN ? AND ?
  let k = 1;
  if (prev(k)?.text === '(') k++;
  if (isWord(prev(k), 'any', 'all')) k++;
  if (
    isWord(prev(k), 'and') &&
    sig
      .slice(0, sig.length - k)
      .reverse()
      .findIndex((t) => isWord(t, 'between')) === 1
  )
    k += 2;
  const op = compoundOperator(sig, k);
  if (op && COMPARISON.has(op.text)) {
    if (op.text === 'in' && isWord(prev(op.next), 'not')) op.next++;
    return columnRef(sig, op.next, op.text === '=' && inSetClause(sig) ? 'assign' : 'compare');
  }
  return insertContext(tokens, at);
}

/** `<=`, `>=`, `<>`, `!=` come out of the lexer as two punctuation tokens. */
function compoundOperator(sig: Token[], k: number): { text: string; next: number } | undefined {
  const a = sig[sig.length - k];
  if (!a) return undefined;
  const b = sig[sig.length - k - 1];
  if (a.kind === 'punct' && b?.kind === 'punct' && b.end === a.start && ['<=', '>=', '<>', '!='].includes(b.text + a.text))
    return { text: b.text + a.text, next: k + 2 };
  if (a.kind === 'punct' || a.kind === 'word') return { text: a.text.toLowerCase(), next: k + 1 };
  return undefined;
}

/** Is the end of `sig` inside an UPDATE's SET list (after SET, before WHERE, at depth 0)? */
function inSetClause(sig: Token[]): boolean {
  let depth = 0;
  for (let k = sig.length - 1; k >= 0; k--) {
    const t = sig[k];
    if (t.text === ')') depth++;
    else if (t.text === '(') depth--;
    if (depth > 0) continue;
    if (depth < 0) return false;
    if (isWord(t, 'where', 'from', 'returning', 'select', 'on', 'having')) return false;
    if (isWord(t, 'set')) return true;
  }
  return false;
}

function columnRef(sig: Token[], k: number, kind: ParamContext['kind']): ParamContext | undefined {
  const col = sig[sig.length - k];
  if (!col || (col.kind !== 'word' && col.kind !== 'quoted')) return undefined;
  const dot = sig[sig.length - k - 1];
  const qual = sig[sig.length - k - 2];
  if (dot?.text === '.' && qual && (qual.kind === 'word' || qual.kind === 'quoted'))
    return { qualifier: identName(qual), column: identName(col), kind };
  return { column: identName(col), kind };
}

function significantBefore(tokens: Token[], at: number): Token[] {
  return significant(tokens.slice(0, at));
}

/** `INSERT INTO t (a, b) VALUES (x, ?)`: the parameter that is a whole VALUES item is column b of t. */
function insertContext(tokens: Token[], at: number): ParamContext | undefined {
  const sig = significant(tokens);
  const pos = sig.indexOf(tokens[at]);
  const insert = sig.findIndex((t, i) => isWord(t, 'insert') && isWord(sig[i + 1], 'into'));
  if (insert < 0 || pos < insert) return undefined;
  let i = insert + 2;
  let table = identName(sig[i]);
  if (sig[i + 1]?.text === '.') {
    i += 2;
    table = identName(sig[i]);
  }
  i++;
  if (sig[i]?.text !== '(') return undefined;
  const columns: string[] = [];
  for (i++; i < sig.length && sig[i].text !== ')'; i++) if (sig[i].text !== ',') columns.push(identName(sig[i]));
  i++;
  if (!isWord(sig[i], 'values')) return undefined;
  // walk the VALUES tuples: the item index of the parameter within its tuple
  let depth = 0;
  let item = 0;
  let itemTokens = 0;
  for (i++; i < sig.length; i++) {
    const t = sig[i];
    if (t.text === '(') {
      depth++;
      if (depth === 1) {
        item = 0;
        itemTokens = 0;
        continue;
      }
    } else if (t.text === ')') {
      depth--;
      if (depth === 0) continue;
    } else if (t.text === ',' && depth === 1) {
      item++;
      itemTokens = 0;
      continue;
    }
    if (depth === 0) {
      if (t.text === ',') continue;
      break;
    }
    itemTokens++;
    if (i === pos) {
      const next = sig[i + 1]?.text;
      const whole = itemTokens === 1 && (next === ',' || next === ')' || next === '::');
      return whole && columns[item] ? { qualifier: table, column: columns[item], kind: 'insert' } : undefined;
    }
  }
  return undefined;
}

/** Positional parameters are named after their context (`email`, `email_2`), else `p<n>`; names stay unique. */
function nameParams(params: QueryParam[]): void {
  const used = new Set(params.filter((p) => !p.positional).map((p) => p.name));
  params.forEach((p, i) => {
    if (!p.positional) return;
    const base = p.context ? p.context.column : `p${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    p.name = name;
  });
}
