import { FlashError } from '../../errors.js';
import { sha256 } from '../snapshot/hash.js';

/** One edge of the migration chain, in apply order. */
export interface LockEntry {
  name: string;
  checksum: string;
  from: string;
  to: string;
  /**
   * Merge convergence (docs/MERGE.md): this migration's schema effect is already contained in
   * migration `satisfiedBy` of the other branch. A database where that one is applied records this
   * one as applied without running it. Written as a fifth token `satisfied-by=<name>`.
   */
  satisfiedBy?: string;
}

const SATISFIED_BY = 'satisfied-by=';

export const LOCK_FILE = 'flash.lock';
const HEADER = '# flash.lock v1';

/**
 * `db/migrations/flash.lock`: a header holding a hash over all entry lines, then one line per migration
 * `name checksum from to`. The header changes whenever any line does, so two branches that both
 * append conflict in git's text merge, and the Flash merge driver resolves them semantically.
 */
export function serializeLock(entries: LockEntry[]): string {
  const lines = entries.map((e) => `${e.name} ${e.checksum} ${e.from} ${e.to}${e.satisfiedBy ? ` ${SATISFIED_BY}${e.satisfiedBy}` : ''}`);
  const body = lines.join('\n');
  return `${HEADER} ${sha256(body)}\n${body}${lines.length ? '\n' : ''}`;
}

export function parseLock(text: string, file = LOCK_FILE): LockEntry[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const header = lines.shift() ?? '';
  if (!header.startsWith(HEADER)) {
    throw new FlashError(
      'E_LOCK_FILE',
      `${file} does not start with "${HEADER}".`,
      'If it has git conflict markers, run `flash merge` or `flash hooks install` (merge driver); otherwise restore it from git.',
    );
  }
  const entries: LockEntry[] = [];
  const bodyLines: string[] = [];
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const parts = line.split(/\s+/);
    const mark =
      parts.length === 5 && parts[4].startsWith(SATISFIED_BY) && parts[4].length > SATISFIED_BY.length
        ? parts[4].slice(SATISFIED_BY.length)
        : undefined;
    if ((parts.length !== 4 && !mark) || parts.slice(1, 4).some((p) => !/^[0-9a-f]{64}$/.test(p))) {
      throw new FlashError(
        'E_LOCK_FILE',
        `${file} line ${i + 2} is malformed: "${line.slice(0, 80)}".`,
        'Each line is: name checksum from-hash to-hash [satisfied-by=<name>]. Restore the file from git or run `flash merge`.',
      );
    }
    bodyLines.push(parts.join(' '));
    entries.push({ name: parts[0], checksum: parts[1], from: parts[2], to: parts[3], ...(mark ? { satisfiedBy: mark } : {}) });
  }
  const expected = header.slice(HEADER.length).trim();
  if (expected && expected !== sha256(bodyLines.join('\n'))) {
    throw new FlashError(
      'E_LOCK_FILE',
      `${file} header hash does not match its lines (edited by hand or merged as text).`,
      'Restore it from git; after a merge, run `flash merge` to rebuild it.',
    );
  }
  return entries;
}

/** Expected schema of the commit: `to` of the last entry, or undefined for an empty chain. */
export function expectedHash(entries: LockEntry[]): string | undefined {
  return entries.at(-1)?.to;
}

/** Each entry's `from` must be the previous `to` (the first starts at the empty schema). */
export function verifyChain(
  entries: LockEntry[],
  emptyHash: string,
): Array<{ index: number; name: string; expectedFrom: string; actualFrom: string }> {
  const problems = [];
  let prev = emptyHash;
  for (const [index, e] of entries.entries()) {
    if (e.from !== prev) problems.push({ index, name: e.name, expectedFrom: prev, actualFrom: e.from });
    prev = e.to;
  }
  return problems;
}
