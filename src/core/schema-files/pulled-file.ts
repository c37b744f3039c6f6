import { sha256 } from '../snapshot/hash.js';

/**
 * How Flash knows a `db/schema` file is its own output: `flash pull` writes it with a first line
 * `-- flash:pulled <sha256 of everything after that line>`. A file whose first line is that tag with
 * the right hash is exactly what Flash wrote, and pull may rewrite or remove it freely. Any edit (a
 * comment, a reformatted statement) breaks the hash, and the file is the user's again: pull then
 * changes it only with `--yes`. The tag travels with the file, so a teammate's clone knows it too.
 */
const TAG = '-- flash:pulled ';

export function renderPulledFile(body: string): string {
  const rest = body.endsWith('\n') ? body : body + '\n';
  return `${TAG}${sha256(rest)}\n${rest}`;
}

export function isPulledOutput(text: string): boolean {
  if (!text.startsWith(TAG)) return false;
  const newline = text.indexOf('\n');
  if (newline < 0) return false;
  return text.slice(TAG.length, newline).trim() === sha256(text.slice(newline + 1));
}
