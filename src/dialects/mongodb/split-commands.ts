import { FlashError } from '../../errors.js';

/**
 * A MongoDB migration section → its commands: each command is one JSON document (what
 * `db.runCommand` takes), usually one per line as Flash writes them, but a hand-written one may span
 * lines. Between documents only blank space, `--`/`//` comment lines and an optional `;` are allowed;
 * anything else is refused (E_SQL with its line), never skipped.
 */
export function splitMongoCommands(text: string): Array<{ sql: string; line: number }> {
  const out: Array<{ sql: string; line: number }> = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === ';') {
      i++;
    } else if ((c === '-' && text[i + 1] === '-') || (c === '/' && text[i + 1] === '/')) {
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? n : eol;
    } else if (c === '{') {
      const end = documentEnd(text, i, line);
      const sql = text.slice(i, end);
      out.push({ sql, line });
      line += countNewlines(sql);
      i = end;
    } else {
      throw new FlashError(
        'E_SQL',
        `line ${line}: expected a MongoDB command as a JSON document ({ "create": "users" }), found ${JSON.stringify(text.slice(i, i + 20))}.`,
        'Write one JSON command per statement; comment lines start with -- or //.',
        { data: { line } },
      );
    }
  }
  return out;
}

/** Index just after the `}` that closes the document opening at `start` (strings and escapes respected). */
function documentEnd(text: string, start: number, line: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new FlashError(
    'E_SQL',
    `line ${line}: a MongoDB command is not closed (missing "}").`,
    'Check the braces and quotes of that command.',
    {
      data: { line },
    },
  );
}

function countNewlines(s: string): number {
  let k = 0;
  for (const c of s) if (c === '\n') k++;
  return k;
}

/** Parse one command; invalid JSON is E_SQL (the runner adds file and line). */
export function parseCommand(text: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new FlashError('E_SQL', `invalid JSON in MongoDB command: ${(err as Error).message}`, 'Fix the command (one JSON document).');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || Object.keys(doc).length === 0) {
    throw new FlashError('E_SQL', 'a MongoDB command must be a non-empty JSON document.', 'Example: { "create": "users" }');
  }
  return doc as Record<string, unknown>;
}
